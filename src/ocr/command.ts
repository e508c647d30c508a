// `sealwatch ocr IMAGE...`: one JSON line per image on stdout, in the order given:
// {"file", "containerNo", "confidence", "plate"?}, `file` exactly as given, `containerNo` null when
// no reading satisfies its check digit. A file that cannot be read still gets its line, with an
// `error`, and the command then exits 1.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DomainError } from '../core/errors.ts';
import { OcrReader } from './reader.ts';

export const OCR_USAGE = `usage: sealwatch ocr [--workers N] IMAGE...
  IMAGE      a JPEG, PNG, WebP, GIF or BMP picture of a container door, a lane camera's frame
  --workers  recogniser instances reading in parallel (default 1; about 50 MB each)
Prints one JSON line per image: {"file","containerNo","confidence","plate"?}; containerNo is an
ISO 6346 number whose check digit holds, or null.`;

export interface OcrLine {
  file: string;
  containerNo: string | null;
  confidence: number;
  plate?: string;
  error?: string;
}

/** Reads the files in order with one reader; each line is written as soon as it and those before it are done. */
export async function ocrFiles(files: readonly string[], write: (line: OcrLine) => void, workers = 1): Promise<number> {
  const reader = new OcrReader({ workers });
  let failed = 0;
  try {
    const results = files.map(async (file): Promise<OcrLine> => {
      try {
        const r = await reader.read(await readFile(file), file);
        return { file, containerNo: r.containerNo, confidence: r.confidence, ...(r.plate ? { plate: r.plate } : {}) };
      } catch (err) {
        failed++;
        const message = err instanceof DomainError && err.errors?.length ? `${err.errors[0].message}` : (err as Error).message;
        return { file, containerNo: null, confidence: 0, error: message };
      }
    });
    for (const r of results) write(await r);
  } finally {
    await reader.close();
  }
  return failed ? 1 : 0;
}

export async function runOcrCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${OCR_USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(OCR_USAGE);
    return 0;
  }
  const workers = parsed.values.workers === undefined ? 1 : Number(parsed.values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) {
    console.error(`--workers must be a whole number from 1 to 8\n${OCR_USAGE}`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    console.error(OCR_USAGE);
    return 2;
  }
  return ocrFiles(parsed.positionals, (line) => process.stdout.write(`${JSON.stringify(line)}\n`), workers);
}
