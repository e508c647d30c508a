// `sealwatch clearances import FILE --url URL [--key KEY]`: sends the clearance system's CSV export
// to a running SealWatch (POST /api/v1/clearances/import) and prints one JSON line per CSV line
// with its result. Exit 0 when every line was stored, 1 when some were refused, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cliApiKey } from '../config.ts';

export const CLEARANCES_HELP = `usage: sealwatch clearances import FILE --url URL [--key KEY]
  FILE        CSV with a header: declarationNo, kind, containerNos, status, releaseCode, statusAt, importerUbn
  --url URL   the platform's address, e.g. http://localhost:8080
  --key KEY   a customs API key (default: the SEALWATCH_API_KEY environment variable)`;

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CommandIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

export async function runClearancesCommand(argv: string[], io: CommandIo = consoleIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { url: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    io.out(CLEARANCES_HELP);
    return 0;
  }
  const [sub, file] = positionals;
  const key = values.key ?? cliApiKey();
  if (sub !== 'import' || !file || !values.url || !key) {
    io.err(CLEARANCES_HELP);
    return 2;
  }
  const res = await fetch(`${values.url.replace(/\/$/, '')}/api/v1/clearances/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv; charset=utf-8' },
    body: readFileSync(file, 'utf8'),
  });
  const body = (await res.json()) as { lines?: { ok: boolean }[]; detail?: string; errors?: unknown[] };
  if (res.status !== 207 || !body.lines) {
    io.err(`${file}: ${res.status} ${body.detail ?? ''} ${body.errors ? JSON.stringify(body.errors) : ''}`.trim());
    return 1;
  }
  for (const line of body.lines) io.out(JSON.stringify(line));
  return body.lines.every((l) => l.ok) ? 0 : 1;
}
