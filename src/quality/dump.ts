// Replay files for the failures of a quality run: for each missed incident or false alert, the
// reference data, the truck's registration and every input of its trip (ticks included), so the
// case can be run alone with `sealwatch replay FILE` and looked at input by input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimItem } from '../sim/types.ts';
import { qualityFleet, type QualityOptions } from './run.ts';

export interface DumpCase {
  simTripId: string;
  /** Names the file: e.g. "false-departed_unconfirmed". */
  label: string;
}

/** Writes one JSON Lines file per case into `dir`; returns their paths. */
export function dumpCases(opts: QualityOptions, cases: readonly DumpCase[], dir: string): string[] {
  if (cases.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  const fleet = qualityFleet(opts);
  const setup: SimItem[] = [];
  const ticks: SimItem[] = [];
  const byTruck = new Map<number, SimItem[]>();
  const wanted = new Set(cases.map((c) => c.simTripId));
  const truckOf = (id: string) => fleet.trucks.find((t) => id.startsWith(`${t.plate}-`))?.no;
  const trucks = new Set([...wanted].map(truckOf).filter((n): n is number => n !== undefined));
  for (const item of fleet.stream()) {
    const t = item.input.type;
    if (t === 'facility' || t === 'route') setup.push(item);
    else if (t === 'tick') ticks.push(item);
    else if (item.truck !== undefined && trucks.has(item.truck)) {
      const list = byTruck.get(item.truck) ?? [];
      list.push(item);
      byTruck.set(item.truck, list);
    }
  }
  const paths: string[] = [];
  for (const c of cases) {
    const trip = fleet.trips.find((t) => t.simTripId === c.simTripId);
    if (!trip) continue;
    const from = trip.startMs;
    const to = trip.endMs + 10 * 60_000;
    const mine = (byTruck.get(trip.truckNo) ?? []).filter((i) => i.atMs === fleet.opts.startMs || (i.atMs >= from && i.atMs <= to));
    const window = ticks.filter((i) => i.atMs >= from && i.atMs <= to);
    const lines = [...setup, ...[...mine, ...window].sort((a, b) => a.atMs - b.atMs)].map((i) => JSON.stringify(i.input));
    const path = join(dir, `${c.label}-${c.simTripId}.jsonl`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    paths.push(path);
  }
  return paths;
}
