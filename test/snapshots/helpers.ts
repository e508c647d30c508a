// Shared by the snapshot tests: a realistic input stream (the simulator's fleet: trips with truck
// e-seals, passive seals read at points, injected incidents), the input log filled directly, and
// the monitor's whole derived state in a comparable form.
import assert from 'node:assert/strict';
import { inspect, isDeepStrictEqual } from 'node:util';
import type { EngineInput } from '../../src/core/types.ts';
import { movementsOf } from '../../src/engine/container-moves.ts';
import type { EngineState } from '../../src/engine/state.ts';
import { appendInputs } from '../../src/monitor/input-log.ts';
import { LiveEngine } from '../../src/monitor/engine-port.ts';
import type { Monitor } from '../../src/monitor/monitor.ts';
import { Fleet } from '../../src/sim/fleet.ts';
import { loadWorld } from '../../src/sim/world.ts';
import type { SnapshotConfig } from '../../src/snapshots/config.ts';
import { snapshotClasses } from '../../src/snapshots/classes.ts';
import { flatten, type FlatGraph } from '../../src/snapshots/graph.ts';
import type { Queryable } from '../../src/store/db.ts';

export const START_MS = Date.parse('2026-03-02T00:00:00+08:00');

/** Stored inputs of a fleet's run (no ticks: the log never holds them), in time order. */
export function fleetInputs(trucks = 24, seed = 'snapshots'): EngineInput[] {
  const fleet = new Fleet({
    world: loadWorld('data/sample'), seed, trucks, tripsPerTruck: 2, startMs: START_MS, tickS: 0,
    includeReference: true, includeRegistration: true, incidentsPerHour: 40, passiveShare: 0.3, mixedShare: 0.3,
  });
  return [...fleet.stream()].filter((i) => i.input.type !== 'tick').map((i) => i.input);
}

export async function appendAll(q: Queryable, inputs: readonly EngineInput[]): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < inputs.length; i += 5000) {
    seqs.push(...(await appendInputs(q, inputs.slice(i, i + 5000).map((input) => ({ input, key: null })))));
  }
  return seqs;
}

export function engineState(m: Monitor): EngineState {
  if (!(m.engine instanceof LiveEngine)) throw new Error('not the live engine');
  return m.engine.state;
}

/**
 * Everything a replay computes, flattened (so Maps, Sets, typed arrays, shared records and NaN all
 * compare exactly), without the counters of the owner's stats that depend on what was already
 * stored.
 */
export function derivedGraph(m: Monitor): FlatGraph {
  const engine = engineState(m);
  const { stats: _stats, ...owner } = m.owner.derived();
  return flatten({ engine, movements: movementsOf(engine), owner, refs: m.refs }, snapshotClasses().registry);
}

/**
 * The two graphs are the same, node by node (assert's own diff of two graphs this size would take
 * minutes): the first node that differs is named, with where it hangs.
 */
export function assertSameGraph(actual: FlatGraph, expected: FlatGraph): void {
  assert.deepStrictEqual(actual.shapes, expected.shapes, 'the same kinds of records');
  const n = Math.min(actual.nodes.length, expected.nodes.length);
  for (let i = 0; i < n; i++) {
    if (!isDeepStrictEqual(actual.nodes[i], expected.nodes[i])) {
      const show = (x: unknown) => inspect(x, { depth: 2, maxArrayLength: 20, breakLength: 200 }).slice(0, 1500);
      const shape = (g: FlatGraph) => (g.nodes[i][0] === 0 ? g.shapes[g.nodes[i][1] as number].join(',') : '');
      assert.fail(`node ${i} differs (${shape(expected)}):\n  actual   ${show(actual.nodes[i])}\n  expected ${show(expected.nodes[i])}`);
    }
  }
  assert.equal(actual.nodes.length, expected.nodes.length, 'the same number of nodes');
}

export const snapshotsOff: SnapshotConfig = { everyInputs: 0, everyMs: 0, keep: 3, retention: 'keep', archiveDir: '' };
