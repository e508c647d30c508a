// npm run quality: alert quality of the monitoring engine on simulated trips (JSON on stdout).
//   --trips N (default 1000)  --per-type N (default 20)  --seed S  --interval S
//   --data DIR (facilities.json, routes.json; default data/sample)  --strict (exit 1 unless all targets pass)
//   --dump DIR: a replay file per missed incident and false alert (at most --dump-max, default 20)
//   --noise-sigma M, --outlier-rate R, --gaps-per-hour N: the noise model (defaults: src/sim/noise.ts)
import { parseArgs } from 'node:util';
import { dumpCases } from '../src/quality/dump.ts';
import { runQuality, type QualityOptions } from '../src/quality/run.ts';
import { loadWorld } from '../src/sim/world.ts';

const { values } = parseArgs({
  options: {
    trips: { type: 'string', default: '1000' },
    'per-type': { type: 'string', default: '20' },
    seed: { type: 'string', default: 'quality-1' },
    interval: { type: 'string', default: '10' },
    data: { type: 'string', default: 'data/sample' },
    strict: { type: 'boolean', default: false },
    dump: { type: 'string' },
    'noise-sigma': { type: 'string' },
    'outlier-rate': { type: 'string' },
    'gaps-per-hour': { type: 'string' },
    'dump-max': { type: 'string', default: '20' },
  },
});

const opts: QualityOptions = {
  world: loadWorld(values.data),
  seed: values.seed!,
  trips: Number(values.trips),
  perType: Number(values['per-type']),
  intervalS: Number(values.interval),
  noise: {
    ...(values['noise-sigma'] !== undefined ? { sigmaM: Number(values['noise-sigma']) } : {}),
    ...(values['outlier-rate'] !== undefined ? { outlierRate: Number(values['outlier-rate']) } : {}),
    ...(values['gaps-per-hour'] !== undefined ? { gapsPerHour: Number(values['gaps-per-hour']) } : {}),
  },
};
const { report, result } = runQuality(opts);
console.log(JSON.stringify(report, null, 2));
if (values.dump) {
  const cases = [
    ...result.missed.map((i) => ({ simTripId: i.simTripId, label: `missed-${i.alertType}` })),
    ...result.falseAlerts.filter((f) => f.simTripId).map((f) => ({ simTripId: f.simTripId!, label: `false-${f.alert.alert.alertType}` })),
  ]
    .filter((c, i, all) => all.findIndex((o) => o.simTripId === c.simTripId && o.label === c.label) === i)
    .slice(0, Number(values['dump-max']));
  for (const path of dumpCases(opts, cases, values.dump)) console.error(`wrote ${path}`);
}
process.exitCode = values.strict && !report.pass ? 1 : 0;
