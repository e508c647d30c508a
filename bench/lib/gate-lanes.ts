// The lanes of `npm run bench:gate`: a child process (lanes are other machines) posting gate events
// at a steady rate through POST /api/v1/gate-events over keep-alive connections, open loop, each
// timed from request sent to decision received. Started by bench/gate.ts with one message
// ({base, key, rate, seconds, warmup, containers}); answers with one message (the timings).
import { Agent, request } from 'node:http';
import { containerCheckDigit } from '../../src/core/ids/index.ts';

export interface LaneJob {
  base: string;
  key: string;
  rate: number;
  seconds: number;
  /** Seconds of events sent first and not measured. */
  warmup: number;
  containers: number;
}

export interface LaneResult {
  latencies: number[];
  holds: number;
  errors: number;
  /** From the first measured event sent to the last answer received. */
  elapsedS: number;
}

export function containerNo(i: number): string {
  const stem = `BNCU${String(100000 + i).padStart(6, '0')}`;
  return stem + containerCheckDigit(stem);
}

/** The n-th gate event: out of the terminal or into the yard, one or two containers, read by OCR. */
export function gateEventBody(n: number, containers: number) {
  const i = (n * 7919) % containers;
  const out = n % 2 === 0;
  return {
    facility: out ? 'BNKT1' : 'BNKCY1', lane: `L${n % 6}`, direction: out ? 'out' : 'in', plate: `BNK${String(1000 + (n % 5000))}`,
    containerNos: n % 3 === 0 ? [containerNo(i), containerNo((i + 1) % containers)] : [containerNo(i)], source: 'ocr',
    capturedAt: new Date().toISOString(), confidence: { plate: 0.97, containers: n % 3 === 0 ? [0.96, 0.95] : [0.96] },
  };
}

export async function runLanes(job: LaneJob): Promise<LaneResult> {
  const url = new URL(`${job.base}/gate-events`);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', agent, headers: { authorization: `Bearer ${job.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const latencies: number[] = [];
  let holds = 0;
  let errors = 0;
  const warm = Math.round(job.rate * job.warmup);
  const total = warm + job.rate * job.seconds;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let measuredFrom = start;
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / job.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const measured = n >= warm;
    if (n === warm) measuredFrom = performance.now();
    const body = JSON.stringify(gateEventBody(n, job.containers));
    const t0 = performance.now();
    pending.push(
      post(body).then(
        (r) => {
          if (!measured) return;
          const decision = r.status === 202 ? (JSON.parse(r.text) as { decision?: string }).decision : undefined;
          if (!decision) errors++;
          else {
            latencies.push(performance.now() - t0);
            if (decision === 'hold') holds++;
          }
        },
        () => void (measured && errors++),
      ),
    );
  }
  await Promise.all(pending);
  const elapsedS = (performance.now() - measuredFrom) / 1000;
  agent.destroy();
  return { latencies, holds, errors, elapsedS };
}

// As a child process: one job in, its result out.
if (process.send) {
  process.once('message', (job: LaneJob) => {
    void runLanes(job).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (err: unknown) => process.send!({ error: String(err) }, () => process.exit(1)),
    );
  });
}
