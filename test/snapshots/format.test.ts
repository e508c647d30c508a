// The snapshot codec: what round-trips, and what is refused rather than misread (another format
// version without a migration, another layout, a corrupted or truncated snapshot).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoMs } from '../../src/engine/index.ts';
import { EngineOwner } from '../../src/monitor/engine-owner.ts';
import { LiveEngine } from '../../src/monitor/engine-port.ts';
import { ReferenceIndex } from '../../src/monitor/reference-index.ts';
import { snapshotClasses } from '../../src/snapshots/classes.ts';
import {
  decodeSnapshot, encodeSnapshot, FORMAT_VERSION, pack, readHeader, restoreInto, SnapshotRefused,
} from '../../src/snapshots/format.ts';
import { ClassRegistry, flatten, unflatten, type FlatGraph } from '../../src/snapshots/graph.ts';
import { deserialize, serialize } from 'node:v8';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { EngineInput } from '../../src/core/types.ts';
import { journey, telemetryInputs, tripFixture, tripInputs, worldInputs } from '../monitor/scenario.ts';

const T0 = Date.parse('2026-03-02T08:00:00Z');

/** An owner that applied a trip's registration and half its journey, as a rebuild would. */
function busyOwner(): EngineOwner {
  const owner = new EngineOwner(new LiveEngine(), new ReferenceIndex(), () => {});
  const t = tripFixture(1);
  const timed = (list: EngineInput[], at: number) => list.map((i) => ({ ...i, at: new Date(at).toISOString() }) as EngineInput);
  const inputs = [...timed([...worldInputs(), ...tripInputs(t)], T0), ...telemetryInputs(journey(t, T0 + 60_000, { tamperAtKm: 3 }).slice(0, 6))];
  inputs.forEach((input, i) => {
    const at = input.type === 'telemetry' ? (input.data as { ts: string }).ts : input.at;
    const withAt = { ...input, at } as EngineInput;
    owner.refs.observe(withAt);
    owner.handle({ seq: i + 1, key: null, input: withAt });
  });
  return owner;
}

const refused = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof SnapshotRefused && pattern.test(err.message));

describe('snapshot codec', () => {
  it('round-trips the owner and engine state, and a restored owner goes on like the original', () => {
    const owner = busyOwner();
    const buf = encodeSnapshot(owner);
    const decoded = decodeSnapshot(buf);
    assert.equal(decoded.version, FORMAT_VERSION);
    assert.equal(decoded.coversSeq, owner.lastAppliedSeq);
    const copy = new EngineOwner(new LiveEngine(), new ReferenceIndex(), () => {});
    restoreInto(copy, decoded.state);
    const { registry } = snapshotClasses();
    const graph = (o: EngineOwner) => flatten({ e: (o.engine as LiveEngine).state, d: o.derived(), r: o.refs }, registry);
    assert.deepStrictEqual(graph(copy), graph(owner));
    assert.ok(copy.engine.listTrips().some((t) => t.openAlerts.length > 0), 'the tamper alert is open');
    // Both go on alike: the next fix (and the records it makes) are the same.
    const t = tripFixture(1);
    const next = telemetryInputs(journey(t, T0 + 60_000).slice(6, 8));
    const records = (o: EngineOwner) => {
      const out: unknown[] = [];
      const o2 = o as unknown as { emit: (r: unknown[]) => void };
      o2.emit = (r) => out.push(...r);
      next.forEach((input, i) => {
        const at = (input.data as { ts: string }).ts;
        o.handle({ seq: 100 + i, key: null, input: { ...input, at } as EngineInput });
      });
      return out;
    };
    assert.deepStrictEqual(records(copy), records(owner));
    assert.ok(parseIsoMs(decoded.takenAt) > 0);
  });

  it('refuses a corrupted, truncated or foreign snapshot', () => {
    const buf = encodeSnapshot(busyOwner());
    const flipped = Buffer.from(buf);
    flipped[Math.floor(buf.length / 2)] ^= 0x40;
    refused(() => decodeSnapshot(flipped), /checksum mismatch/);
    refused(() => decodeSnapshot(buf.subarray(0, buf.length - 10)), /checksum mismatch/);
    refused(() => decodeSnapshot(Buffer.from('not a snapshot at all, just some bytes here')), /no SWSNAP mark/);
  });

  it('refuses a body that fails to inflate even with a valid checksum', () => {
    const { header } = readHeader(encodeSnapshot(busyOwner()));
    refused(() => decodeSnapshot(pack(header, Buffer.from('garbage body'))), /body cannot be read/);
  });

  it('refuses another format version without a migration, and another layout', () => {
    const { header, body } = readHeader(encodeSnapshot(busyOwner()));
    refused(() => decodeSnapshot(pack({ ...header, version: FORMAT_VERSION + 1 }, body)), /newer than this build/);
    refused(() => decodeSnapshot(pack({ ...header, version: FORMAT_VERSION - 1 }, body)), /cannot be migrated/);
    refused(() => decodeSnapshot(pack({ ...header, layout: 'ffffffffffffffff' }, body)), /engine state layout/);
  });

  it('migrates an older format version by its migration function, and reads it as the current one', () => {
    const owner = busyOwner();
    const { header, body } = readHeader(encodeSnapshot(owner));
    // An "older" snapshot: the reference index's fleet map under a former name.
    const graph = deserialize(inflateRawSync(body)) as FlatGraph;
    const rename = (g: FlatGraph, from: string, to: string) => {
      for (const s of g.shapes) if (s[0] === 'ReferenceIndex') s[s.indexOf(from)] = to;
      return g;
    };
    const old = pack({ ...header, version: FORMAT_VERSION - 1, layout: 'older' }, deflateRawSync(serialize(rename(graph, 'fleetByPlate', 'fleets'))));
    refused(() => decodeSnapshot(old), /cannot be migrated/);
    const migrated = decodeSnapshot(old, { [FORMAT_VERSION - 1]: (g) => rename(g, 'fleets', 'fleetByPlate') });
    assert.equal(migrated.version, FORMAT_VERSION);
    assert.equal(migrated.state.refs.fleetOf('KNA6001'), owner.refs.fleetOf('KNA6001'));
    assert.ok(owner.refs.fleetOf('KNA6001'));
    refused(() => decodeSnapshot(old, { [FORMAT_VERSION - 1]: () => { throw new Error('no'); } }), /migrating the snapshot/);
  });

  it('takes a snapshot only right after a stored input, not after a tick', () => {
    const owner = busyOwner();
    const at = new Date(T0 + 3_600_000).toISOString();
    owner.handle({ seq: null, key: null, input: { at, type: 'tick', data: {} } });
    assert.throws(() => encodeSnapshot(owner), /right after a stored input/);
  });
});

describe('snapshot graph', () => {
  class Point {
    x = 0;
    get double(): number {
      return this.x * 2;
    }
  }
  const registry = new ClassRegistry().add({ name: 'Point', proto: Point.prototype });

  it('keeps classes, shared records, cycles, Maps, Sets, typed arrays on one buffer and odd numbers', () => {
    const p = new Point();
    p.x = 21;
    const buf = new ArrayBuffer(32);
    const cyc: Record<string, unknown> = { name: 'c' };
    cyc.self = cyc;
    const root = {
      a: p, b: p, m: new Map<unknown, unknown>([['k', p], [2, new Set([1, 'x'])]]), f: new Float64Array(buf, 0, 2), u: new Uint8Array(buf, 16, 4),
      n: [NaN, -0, Infinity, -Infinity, undefined, null], d: new Date(5), cyc,
    };
    root.f[1] = 1.5;
    root.u[0] = 7;
    const back = unflatten(deserialize(serialize(flatten(root, registry))) as FlatGraph, registry) as typeof root;
    assert.ok(back.a instanceof Point);
    assert.equal(back.a.double, 42);
    assert.equal(back.a, back.b);
    assert.equal(back.m.get('k'), back.a);
    assert.deepEqual([...(back.m.get(2) as Set<unknown>)], [1, 'x']);
    assert.equal(back.f.buffer, back.u.buffer);
    assert.equal(back.f[1], 1.5);
    assert.equal(back.u[0], 7);
    assert.ok(Number.isNaN(back.n[0]) && Object.is(back.n[1], -0) && back.n[2] === Infinity && back.n[3] === -Infinity);
    assert.deepEqual(back.n.slice(4), [undefined, null]);
    assert.equal(back.d.getTime(), 5);
    assert.equal(back.cyc.self, back.cyc);
  });

  it('refuses what it could not read back: unknown classes, functions, BigInts', () => {
    class Unknown {
      v = 1;
    }
    assert.throws(() => flatten({ x: new Unknown() }, registry), /Unknown at root\.x: its class is not registered/);
    assert.throws(() => flatten({ f: () => 1 }, registry), /function at root\.f/);
    assert.throws(() => flatten({ b: 1n }, registry), /bigint at root\.b/);
    const g = flatten({ p: new Point() }, registry);
    assert.throws(() => unflatten(g, new ClassRegistry()), /class Point, which this version does not know/);
  });
});
