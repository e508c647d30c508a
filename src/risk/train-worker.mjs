// The worker thread a risk model is trained in (train-job.ts): it loads the TypeScript sources
// through tsx, as bin/sealwatch.js does, runs the job and hands back the result.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
try {
  const { runTrainJob } = await import('./train-job.ts');
  parentPort.postMessage({ ok: true, result: runTrainJob(workerData) });
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
