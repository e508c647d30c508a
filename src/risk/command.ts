// `sealwatch risk train --out MODEL CSV...` learns a declaration risk model from labelled
// declarations (the columns of data/customs-declarations/, label `Fraud`); `sealwatch risk score
// --model MODEL CSV` prints `declarationId,score,reasons` to stdout (CONTRACT section 10).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDeclarationsCsv, type Declaration } from './declarations.ts';
import { modelFromJson, scoreDeclarations, trainRiskModel } from './model.ts';

export const RISK_USAGE = `usage:
  sealwatch risk train --out MODEL CSV...         learn from labelled declarations (column Fraud)
  sealwatch risk score --model MODEL CSV [--lang en|zh-TW] [--reasons N]
                                                  print declarationId,score,reasons (CSV) to stdout`;

export interface RiskIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: RiskIo = { out: (t) => process.stdout.write(t), err: (t) => console.error(t) };

/** A CSV field, quoted when it must be. */
export const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function options(args: string[], known: string[]): { files: string[]; opts: Record<string, string>; problem?: string } {
  const files: string[] = [];
  const opts: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      if (!known.includes(k)) return { files, opts, problem: `unknown option --${k}` };
      const v = inline ?? args[++i];
      if (v === undefined) return { files, opts, problem: `--${k} needs a value` };
      opts[k] = v;
    } else files.push(a);
  }
  return { files, opts };
}

function readAll(files: string[]): Declaration[] {
  return files.flatMap((f) => {
    try {
      return parseDeclarationsCsv(readFileSync(f, 'utf8'));
    } catch (err) {
      throw new Error(`${f}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

export async function runRiskCommand(argv: string[], io: RiskIo = processIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'train') {
    const { files, opts, problem } = options(rest, ['out']);
    if (problem || !opts.out || files.length === 0) {
      io.err(problem ? `${problem}\n${RISK_USAGE}` : RISK_USAGE);
      return 2;
    }
    const model = trainRiskModel(readAll(files));
    writeFileSync(opts.out, JSON.stringify(model.json));
    const t = model.json.trainedOn;
    io.err(`learned from ${t.declarations} declarations (${t.frauds} frauds, ${t.from} to ${t.to}): ${model.json.gbdt.trees.length} trees written to ${opts.out}`);
    return 0;
  }
  if (sub === 'score') {
    const { files, opts, problem } = options(rest, ['model', 'lang', 'reasons']);
    const lang = opts.lang ?? 'en';
    const max = opts.reasons === undefined ? 3 : Number(opts.reasons);
    if (problem || !opts.model || files.length !== 1 || !['en', 'zh-TW'].includes(lang) || !Number.isInteger(max) || max < 0 || max > 20) {
      io.err(problem ? `${problem}\n${RISK_USAGE}` : RISK_USAGE);
      return 2;
    }
    const model = modelFromJson(JSON.parse(readFileSync(opts.model, 'utf8')));
    const scores = scoreDeclarations(model, readAll(files), max);
    const lines = ['declarationId,score,reasons'];
    for (const s of scores) {
      const reasons = s.reasons.map((r) => (lang === 'en' ? r.en : r.zhTW).replace(/;/g, ',')).join('; ');
      lines.push(`${csvField(s.declarationId)},${s.score.toFixed(6)},${csvField(reasons)}`);
    }
    io.out(lines.join('\n') + '\n');
    return 0;
  }
  io.err(RISK_USAGE);
  return sub === undefined || sub === '--help' ? 0 : 2;
}
