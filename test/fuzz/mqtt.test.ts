// Property: whatever an MQTT telemetry payload holds (random bytes, mutated JSON, hostile values
// in each field), the ingest path neither throws nor stores anything it should not: invalid reports
// are refused with a reason, text that cannot be stored never reaches the store, and valid reports
// in the same stream are still accepted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { TelemetrySink } from '../../src/platform.ts';
import type { EngineInput, Telemetry } from '../../src/core/types.ts';
import { unstorableText } from '../../src/core/text.ts';
import { TelemetryIngest } from '../../src/gateways/mqtt/ingest.ts';
import { parseTelemetryPayload } from '../../src/gateways/mqtt/payload.ts';
import { fuzzRuns, hostileValue } from './arbitraries.ts';

const RUNS = fuzzRuns(1000);
const DEVICE = 'OBU-FUZZ-1';
const tally = { payloads: 0, accepted: 0, refused: 0 };

const validReport: fc.Arbitrary<Telemetry> = fc
  .tuple(
    fc.record(
      {
        deviceId: fc.constant(DEVICE),
        // Within the last day: reports far from their arrival are refused.
        ts: fc.integer({ min: 0, max: 86_400_000 }).map((ago) => new Date(Date.now() - ago).toISOString()),
        speedKmh: fc.double({ min: 0, max: 140, noNaN: true }),
        heading: fc.integer({ min: 0, max: 359 }),
        battery: fc.integer({ min: 0, max: 100 }),
        seals: fc.array(fc.record({ id: fc.stringMatching(/^SEAL-[0-9]{1,6}$/), state: fc.constantFrom('locked' as const, 'unlocked' as const) }), { maxLength: 3 }),
      },
      { requiredKeys: ['deviceId', 'ts'] },
    ),
    // lat and lon come together or not at all.
    fc.option(fc.record({ lat: fc.double({ min: 21.8, max: 25.4, noNaN: true }), lon: fc.double({ min: 119.9, max: 122.1, noNaN: true }) }), { nil: undefined }),
  )
  .map(([r, position]) => ({ ...r, ...position }));

const FIELDS = ['deviceId', 'ts', 'lat', 'lon', 'speedKmh', 'heading', 'hdop', 'battery', 'rfidCard', 'state', 'seals'];

/** A valid report with one field, or one seal's field, made hostile. */
const hostileReport = fc
  .tuple(validReport, fc.constantFrom(...FIELDS, 'seals/0/id', 'seals/0/state', 'seals/0/battery'), hostileValue)
  .map(([r, field, v]) => {
    const o: any = structuredClone(r);
    if (field.startsWith('seals/0/')) {
      o.seals = [{ id: 'SEAL-1', state: 'locked', [field.slice(8)]: v }];
    } else o[field] = v;
    return o;
  });

/** The text of a payload with bytes flipped, cut or inserted. */
const mutatedText = fc
  .tuple(fc.array(validReport, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')), { minLength: 1, maxLength: 4 }))
  .map(([reports, edits]) => {
    let b = Buffer.from(JSON.stringify(reports));
    for (const [at, byte, op] of edits) {
      const i = at % Math.max(1, b.length);
      if (op === 'set') b[i] = byte;
      else if (op === 'cut') b = b.subarray(0, i);
      else b = Buffer.concat([b.subarray(0, i), Buffer.of(byte), b.subarray(i)]);
    }
    return b;
  });

const payload: fc.Arbitrary<Buffer | string> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  mutatedText,
  hostileValue.map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.array(fc.oneof(hostileReport, validReport), { minLength: 1, maxLength: 4 }).map((a) => JSON.stringify(a)),
  hostileReport.map((r) => JSON.stringify(r)),
);

class RecordingSink implements TelemetrySink {
  inputs: EngineInput[] = [];
  async submit(inputs: EngineInput[]) {
    this.inputs.push(...inputs);
  }
}

/** Every string in a stored report can be stored as text. */
function assertStorable(t: Telemetry) {
  for (const s of [t.deviceId, t.ts, t.rfidCard, ...(t.seals ?? []).map((x) => x.id)]) {
    if (s !== undefined) assert.equal(unstorableText(s), undefined, `stored ${JSON.stringify(s)}`);
  }
}

describe('MQTT payload fuzzing', () => {
  it('refuses hostile payloads cleanly and stores only storable reports', async () => {
    const warnings: string[] = [];
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const sink = new RecordingSink();
        const ingest = new TelemetryIngest(() => sink, (level, msg) => warnings.push(`${level} ${msg}`));
        await ingest.handle(DEVICE, p);
        tally.payloads++;
        assert.equal(ingest.stats.storeFailures, 0);
        assert.equal(sink.inputs.length, ingest.stats.reports);
        if (sink.inputs.length) tally.accepted++;
        else tally.refused++;
        for (const input of sink.inputs) {
          assert.equal(input.type, 'telemetry');
          assertStorable(input.data as Telemetry);
        }
      }),
      { numRuns: RUNS },
    );
    assert.ok(!warnings.some((w) => w.startsWith('error')), 'nothing failed to store');
  });

  it('still accepts every valid report, alone or beside hostile ones', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validReport, { minLength: 1, maxLength: 3 }), fc.array(hostileReport, { maxLength: 2 }), async (good, bad) => {
        const sink = new RecordingSink();
        const ingest = new TelemetryIngest(() => sink, () => {});
        await ingest.handle(DEVICE, JSON.stringify([...good, ...bad]));
        const stored = sink.inputs.map((i) => i.data as Telemetry);
        // Each valid report is stored as sent (a hostile one may happen to be valid too).
        for (const r of good) assert.ok(stored.some((s) => isDeepStrictEqual(s, JSON.parse(JSON.stringify(r)))), `lost ${JSON.stringify(r)}`);
        const parsed = parseTelemetryPayload(DEVICE, JSON.stringify(good));
        assert.deepEqual(parsed.problems, []);
      }),
      { numRuns: Math.max(50, Math.round(RUNS / 5)) },
    );
  });

  it('refuses a report whose ids hold a NUL or an unpaired surrogate, naming the field', () => {
    const ts = new Date().toISOString();
    const r = parseTelemetryPayload(DEVICE, JSON.stringify([{ ts, rfidCard: 'CARD\u0000' }, { ts, seals: [{ id: 'S\ud800', state: 'locked' }] }, { ts }]));
    assert.equal(r.reports.length, 1);
    assert.deepEqual(r.problems, ['/0/rfidCard: must not contain NUL characters', '/1/seals/0/id: must not contain unpaired surrogates (not valid Unicode)']);
  });

  it('reports its figures', () => {
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify({ mqtt: tally }));
  });
});
