// `sealwatch replay FILE [--params FILE]`: the engine over a JSON Lines file, outputs on stdout.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { checkParams } from '../core/alert-params.ts';
import type { AlertParams } from '../core/types.ts';
import { ReplayInputError, replayLines } from './replay.ts';

export const REPLAY_USAGE = `usage: sealwatch replay FILE [--params FILE]
  FILE     JSON Lines of engine inputs {"at","type","data"} in time order ("-" reads stdin)
  --params JSON file of alert parameters overriding the defaults (e.g. {"corridorWidthM": 300})
Writes one output a line {"at","type","data"} to stdout; exits 0, or non-zero naming the bad line.`;

export interface ReplayIo {
  /** Writes a chunk of output; resolves when it may be written again (backpressure). */
  write(chunk: string): Promise<void>;
  error(message: string): void;
  stdin(): Readable;
}

const processIo: ReplayIo = {
  write: (chunk) =>
    new Promise((resolve, reject) => {
      if (process.stdout.write(chunk)) resolve();
      else {
        process.stdout.once('drain', resolve);
        process.stdout.once('error', reject);
      }
    }),
  error: (message) => console.error(message),
  stdin: () => process.stdin,
};

function parseArgs(argv: string[]): { file?: string; params?: string; help?: boolean; problem?: string } {
  const args = argv[0] === 'replay' ? argv.slice(1) : argv;
  const out: { file?: string; params?: string; help?: boolean; problem?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--params') {
      if (i + 1 >= args.length) out.problem = '--params needs a FILE';
      else out.params = args[++i];
    } else if (a.startsWith('--params=')) out.params = a.slice('--params='.length);
    else if (a.startsWith('--') && a !== '--') out.problem = `unknown option ${a}`;
    else if (out.file === undefined) out.file = a;
    else out.problem = `unexpected argument ${a}`;
  }
  return out;
}

async function loadParams(file: string, io: ReplayIo): Promise<Partial<AlertParams> | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    io.error(`replay: cannot read params file ${file}: ${(e as Error).message}`);
    return null;
  }
  const problems = checkParams(value);
  if (problems.length) {
    io.error(problems.map((p) => `replay: params file ${file}: ${p.path || '(root)'}: ${p.message}`).join('\n'));
    return null;
  }
  return value as Partial<AlertParams>;
}

export async function runReplayCommand(argv: string[], io: ReplayIo = processIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    await io.write(`${REPLAY_USAGE}\n`);
    return 0;
  }
  if (args.problem || args.file === undefined) {
    io.error(`replay: ${args.problem ?? 'missing FILE'}\n${REPLAY_USAGE}`);
    return 2;
  }
  const params = args.params === undefined ? {} : await loadParams(args.params, io);
  if (params === null) return 2;
  const file = args.file;
  const input = file === '-' ? io.stdin() : createReadStream(file, { encoding: 'utf8' });
  // A missing file surfaces as a stream error; turn it into a message rather than a crash.
  let openError: Error | null = null;
  input.once('error', (e: Error) => {
    openError = e;
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let buffer = '';
  try {
    for await (const line of replayLines(lines, params)) {
      buffer += line + '\n';
      if (buffer.length >= 65536) {
        await io.write(buffer);
        buffer = '';
      }
    }
    if (buffer) await io.write(buffer);
  } catch (e) {
    if (buffer) await io.write(buffer);
    if (e instanceof ReplayInputError) {
      io.error(`replay: ${file}: ${e.message}`);
      return 1;
    }
    const err = openError ?? (e as Error);
    io.error(`replay: cannot read ${file}: ${err.message}`);
    return 1;
  } finally {
    lines.close();
    if ('destroy' in input && input !== process.stdin) input.destroy();
  }
  if (openError) {
    io.error(`replay: cannot read ${file}: ${(openError as Error).message}`);
    return 1;
  }
  return 0;
}
