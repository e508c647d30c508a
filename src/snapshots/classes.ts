// The classes a snapshot may hold, and the fingerprint of their layout.
//
// The engine's records are listed by hand; the rules' state classes are found by asking every rule
// of the table for a fresh state, so a new rule needs nothing here. Anything else met in the state
// stops the snapshot with an error naming it (see graph.ts): a test then shows what to add.
//
// The fingerprint is a hash of each class's fields (of a freshly made instance, in order) and of
// the rule table's order (a rule's state lives at its slot). A snapshot written by a build whose
// fingerprint differs is refused, even when FORMAT_VERSION was not bumped: fields added, removed
// or renamed, or rules reordered, are caught without anyone remembering to bump it. A change of a
// field's meaning under the same name is not: that is what FORMAT_VERSION is for.
import { createHash } from 'node:crypto';
import Flatbush from 'flatbush';
import { resolveParams } from '../core/alert-params.ts';
import { FacilityIndex } from '../core/geo/facility-index.ts';
import { PreparedRoute, RouteMatch } from '../core/geo/route-index.ts';
import { DEVICE_RULES, SEAL_RULES, TRIP_RULES } from '../core/rules/index.ts';
import { MovementState } from '../engine/container-moves.ts';
import { CnRec, DeviceRec, DroppedFixes, EngineState, SealRec, TripRec } from '../engine/state.ts';
import { WakeHeap } from '../engine/timers.ts';
import { ReferenceIndex } from '../monitor/reference-index.ts';
import { ClassRegistry } from './graph.ts';
import type { TransportNote } from '../core/types.ts';

/** One fresh instance of each class written field by field, to read its layout from. */
function samples(): Record<string, object> {
  const st = new EngineState({});
  const dev = new DeviceRec('d');
  const trip = new TripRec('t', 'p', 'o', 'd', 0, resolveParams({}));
  return {
    EngineState: st,
    DeviceRec: dev,
    TripRec: trip,
    SealRec: new SealRec('s', dev, trip),
    CnRec: new CnRec({ cnNo: 'c' } as TransportNote),
    DroppedFixes: new DroppedFixes(),
    EngineRuleHost: st.host,
    WakeHeap: new WakeHeap(),
    RouteMatch: new RouteMatch(),
    FacilityIndex: new FacilityIndex([]),
    PreparedRoute: new PreparedRoute('r', { type: 'LineString', coordinates: [[0, 0], [0.01, 0.01]] }),
    MovementState: new MovementState(),
    ReferenceIndex: new ReferenceIndex(),
  };
}

/** Each rule's fresh state, named by the table it is in and its slot there. */
function ruleSamples(): [string, unknown][] {
  const out: [string, unknown][] = [];
  const tables = { trip: TRIP_RULES, device: DEVICE_RULES, seal: SEAL_RULES } as const;
  for (const [table, rules] of Object.entries(tables)) {
    rules.forEach((r, slot) => out.push([`${table}:${slot}:${r.alertType}`, r.newState()]));
  }
  return out;
}

function build(): { registry: ClassRegistry; fingerprint: string } {
  const registry = new ClassRegistry();
  const layout: unknown[] = [];
  for (const [name, sample] of Object.entries(samples())) {
    registry.add({ name, proto: Object.getPrototypeOf(sample) as object });
    layout.push([name, Object.keys(sample)]);
  }
  for (const [where, state] of ruleSamples()) {
    if (state !== null && typeof state === 'object') {
      const proto = Object.getPrototypeOf(state) as object;
      // Named by the class, qualified by where it was first met (two rules may share a class).
      if (proto !== Object.prototype) registry.add({ name: `rule:${(state as object).constructor.name}`, proto });
      layout.push([where, (state as object).constructor.name, Object.keys(state)]);
    } else {
      layout.push([where, state === null ? 'null' : typeof state]);
    }
  }
  // Spatial trees are written as their own buffer format (flatbush's `from` reads it back).
  registry.add({
    name: 'Flatbush',
    proto: Flatbush.prototype,
    encode: (v) => (v as Flatbush).data,
    decode: (raw) => {
      if (!(raw instanceof ArrayBuffer)) throw new Error('snapshot holds a spatial index that is not a buffer');
      return Flatbush.from(raw);
    },
  });
  layout.push(['Flatbush', 'data']);
  const fingerprint = createHash('sha256').update(JSON.stringify(layout)).digest('hex').slice(0, 16);
  return { registry, fingerprint };
}

let built: ReturnType<typeof build> | null = null;

/** The registry of snapshot classes and this build's layout fingerprint (made once, on first use). */
export function snapshotClasses(): { registry: ClassRegistry; fingerprint: string } {
  built ??= build();
  return built;
}
