// One training run, as the platform runs it off the main thread (train-worker.mjs): the settings'
// measure on the latest 15 % of the declarations, then the model learned from all of them.
// Training takes seconds of CPU; on the main thread it would hold up telemetry and alerts.
import { Worker } from 'node:worker_threads';
import type { Declaration } from './declarations.ts';
import { holdoutMetrics } from './holdout.ts';
import { trainRiskModel, type RiskModelJson, type TrainOptions } from './model.ts';

export interface TrainJob {
  declarations: Declaration[];
  options: TrainOptions;
}

export interface TrainResult {
  holdout: ReturnType<typeof holdoutMetrics>;
  json: RiskModelJson;
  trainingS: number;
}

export function runTrainJob(job: TrainJob): TrainResult {
  const t0 = performance.now();
  const holdout = holdoutMetrics(job.declarations, job.options);
  const json = trainRiskModel(job.declarations, job.options).json;
  return { holdout, json, trainingS: Math.round((performance.now() - t0) / 10) / 100 };
}

/** Runs the job in a worker thread; the main thread keeps serving. */
export function trainOffThread(job: TrainJob): Promise<TrainResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./train-worker.mjs', import.meta.url), { workerData: job });
    let done = false;
    worker.once('message', (m: { ok: true; result: TrainResult } | { ok: false; error: string }) => {
      done = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.once('error', (e) => {
      done = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`the training worker stopped (exit code ${code})`));
    });
  });
}
