// npm run bench:ocr: container number (and plate) reading on a labelled set of door pictures drawn
// from a seed (bench/lib/door-images.ts). Exact reads with the check digit correcting and choosing,
// against the baselines of the same run on the same images: the first version's reading as is, and
// mapped by position (O/0, I/1...) without the check digit; time per image.
//   --count N (default 200)  --seed S (default 1)  --workers N (default 1)  --misses: list the misses
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { OcrReader } from '../src/ocr/reader.ts';
import { doorImage, type DoorImage } from './lib/door-images.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '1' },
    misses: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const workers = Number(values.workers);

const reader = new OcrReader({ workers });
const t0 = performance.now();
await reader.read(doorImage(seed, -1).bytes); // the workers start: not an image's time
const startMs = performance.now() - t0;

interface Outcome {
  image: DoorImage;
  containerNo: string | null;
  asRead: string | null;
  byPosition: string | null;
  plate?: string;
  confidence: number;
  passes: number;
  ms: number;
}
const outcomes: Outcome[] = [];
let next = 0;
const runStart = performance.now();
await Promise.all(
  Array.from({ length: workers }, async () => {
    while (next < count) {
      const image = doorImage(seed, next++);
      const t = performance.now();
      const r = await reader.read(image.bytes);
      outcomes.push({ image, ...r, ms: performance.now() - t });
    }
  }),
);
const wallMs = performance.now() - runStart;
await reader.close();

const rate = (n: number, of: number) => (of ? Math.round((n / of) * 10000) / 100 : null);
const exact = outcomes.filter((o) => o.containerNo === o.image.containerNo).length;
const wrong = outcomes.filter((o) => o.containerNo !== null && o.containerNo !== o.image.containerNo).length;
// A lane acting on readings of 0.8 and above: how many it takes, how many of those are wrong.
const confident = outcomes.filter((o) => o.containerNo !== null && o.confidence >= 0.8);
const confidentWrong = confident.filter((o) => o.containerNo !== o.image.containerNo).length;
const exactAsRead = outcomes.filter((o) => o.asRead === o.image.containerNo).length;
const exactByPosition = outcomes.filter((o) => o.byPosition === o.image.containerNo).length;
const withPlate = outcomes.filter((o) => o.image.plate);
const platesExact = withPlate.filter((o) => o.plate === o.image.plate).length;
const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
const pct = (p: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))]);
const by = (key: keyof DoorImage['params']) => {
  const groups: Record<string, { n: number; exact: number }> = {};
  for (const o of outcomes) {
    const k = String(o.image.params[key]);
    groups[k] ??= { n: 0, exact: 0 };
    groups[k].n++;
    if (o.containerNo === o.image.containerNo) groups[k].exact++;
  }
  return Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, { n: g.n, exactPct: rate(g.exact, g.n) }]));
};

const report = {
  bench: 'ocr',
  images: count,
  seed,
  workers,
  containerNo: {
    exactPct: rate(exact, count),
    // Without the check digit: the first version's text as read, and mapped by position only.
    exactAsReadPct: rate(exactAsRead, count),
    exactByPositionPct: rate(exactByPosition, count),
    ratioToAsRead: exactAsRead ? Math.round((exact / exactAsRead) * 1000) / 1000 : null,
    ratioToByPosition: exactByPosition ? Math.round((exact / exactByPosition) * 1000) / 1000 : null,
    wrongPct: rate(wrong, count),
    noReadingPct: rate(outcomes.filter((o) => o.containerNo === null).length, count),
    confidence80: { takenPct: rate(confident.length, count), wrongOfTakenPct: rate(confidentWrong, confident.length) },
    target: { exactPct: 98, met: (rate(exact, count) ?? 0) >= 98 },
  },
  plate: { images: withPlate.length, exactPct: rate(platesExact, withPlate.length) },
  timeMs: {
    perImageMean: Math.round(ms.reduce((s, v) => s + v, 0) / Math.max(1, ms.length)),
    p50: pct(50),
    p95: pct(95),
    max: Math.round(ms[ms.length - 1] ?? 0),
    wallPerImage: Math.round(wallMs / Math.max(1, count)),
    workersStart: Math.round(startMs),
    // Times depend on the machine's other load: read them with it.
    loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
    cores: cpus().length,
  },
  passesMean: Math.round((outcomes.reduce((s, o) => s + o.passes, 0) / Math.max(1, count)) * 100) / 100,
  exactBy: { font: by('font'), paint: by('paint'), layout: by('layout'), blurPx: by('blurPx') },
  ...(values.misses
    ? {
        misses: outcomes
          .filter((o) => o.containerNo !== o.image.containerNo || (o.image.plate && o.plate !== o.image.plate))
          .map((o) => ({ name: o.image.name, truth: o.image.containerNo, read: o.containerNo, asRead: o.asRead, byPosition: o.byPosition, plate: [o.image.plate, o.plate], confidence: o.confidence, params: o.image.params })),
      }
    : {}),
};
console.log(JSON.stringify(report, null, 2));
