// The passive-seal parts of both apps without a browser: a seal number taken out of what a code or
// tag holds and matched against the note, an NFC tag's records, the trip answer's reads and
// point-to-point summary, the map's point-to-point features, and every new alert type labelled
// in both languages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALERT_TYPES } from '../../src/core/types.ts';
import { codeOfTag } from '../../web/field/src/passive/nfc.ts';
import { checkTyped, matchExpected, sealNoFromCode } from '../../web/field/src/passive/seal-code.ts';
import { passiveEn, passiveZhTW } from '../../web/field/src/passive/strings.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zhTW } from '../../web/src/i18n/zh-TW.ts';
import { passiveOf } from '../../web/src/trips/passive.ts';
import { pointToPointData } from '../../web/src/trips/pointToPointLayer.ts';

describe('seal numbers from codes, tags and typing', () => {
  it('takes the number out of a bare code, a URL or a prefixed code, and checks it', () => {
    assert.equal(sealNoFromCode(' eps-000123 '), 'EPS-000123');
    assert.equal(sealNoFromCode('https://seals.example/s/EPS-000123'), 'EPS-000123');
    assert.equal(sealNoFromCode('https://seals.example/verify?seal=eps-9'), 'EPS-9');
    assert.equal(sealNoFromCode('SEAL:EPS-77'), 'EPS-77');
    assert.equal(sealNoFromCode('EPS 77'), null);
    assert.equal(sealNoFromCode(''), null);
  });
  it('matches a read against the note’s numbers, normalised', () => {
    assert.equal(matchExpected('EPS-1', ['eps-1', 'EPS-2']), 'eps-1');
    assert.equal(matchExpected('EPS-3', ['EPS-1', 'EPS-2']), null);
    assert.equal(checkTyped('eps-1'), 'EPS-1');
    assert.equal(checkTyped('eps#1'), null);
  });
  it('reads an NFC tag’s text record, else its serial number', () => {
    const text = new TextEncoder().encode('EPS-000123');
    assert.equal(codeOfTag([{ recordType: 'text', encoding: 'utf-8', data: new DataView(text.buffer) }], '04:a2:1b'), 'EPS-000123');
    assert.equal(codeOfTag([{ recordType: 'mime' }], '04:a2:1b'), '04A21B');
    assert.equal(codeOfTag([], null), null);
  });
  it('has every field string in English too', () => {
    assert.deepEqual(Object.keys(passiveEn).sort(), Object.keys(passiveZhTW).sort());
  });
});

describe('passive trip in the console', () => {
  const raw = {
    tripId: 'TR-1',
    sealReads: [
      { readId: 'r2', sealNo: 'S1', event: 'checked', facility: 'CP', lat: null, lon: null, readAt: '2026-12-07T01:00:00Z', reader: 'handheld', late: false },
      { readId: 'r1', sealNo: 'S1', event: 'applied', facility: 'O', lat: 22.6, lon: 120.3, readAt: '2026-12-07T00:00:00Z', reader: 'phone_nfc', photoUrl: '/api/v1/photos/p1', late: true },
    ],
    pointToPoint: {
      seals: [{ sealNo: 'S1', containerNo: 'C1', sealType: 'eseal', applied: true, removed: false, lastRead: { event: 'checked', facility: 'CP', readAt: '2026-12-07T01:00:00Z' } }],
      lastSeen: { facility: 'CP', lat: null, lon: null, at: '2026-12-07T01:00:00Z', source: 'read' },
      next: { facility: 'D', kind: 'destination', name: 'Yard', lat: 22.6, lon: 120.5, dueBy: '2026-12-07T02:00:00Z' },
    },
  };
  it('takes the reads (oldest first) and the point-to-point summary from the trip answer', () => {
    const p = passiveOf(raw);
    assert.deepEqual(p.reads.map((r) => r.readId), ['r1', 'r2']);
    assert.equal(p.reads[0].photoUrl, '/api/v1/photos/p1');
    assert.equal(p.reads[0].late, true);
    assert.equal(p.p2p?.next?.dueBy, '2026-12-07T02:00:00Z');
    assert.equal(p.p2p?.lastSeen?.facility, 'CP');
    assert.deepEqual(passiveOf({ tripId: 'TR-2' }), { reads: [], p2p: null });
  });
  it('places reads and places without coordinates at their facility’s centre, with a line from the last to the next', () => {
    const square = { type: 'Polygon' as const, coordinates: [[[120.39, 22.59], [120.41, 22.59], [120.41, 22.61], [120.39, 22.61], [120.39, 22.59]]] };
    const d = pointToPointData(passiveOf(raw), [{ code: 'CP', name: 'Checkpoint', kind: 'checkpoint', area: square } as any]);
    assert.deepEqual(d.points.features.map((f) => f.properties?.role), ['read', 'read', 'last', 'next']);
    const line = d.line.features[0].geometry as { coordinates: number[][] };
    assert.deepEqual(line.coordinates.map((c) => c.map((x) => Math.round(x * 100) / 100)), [[120.4, 22.6], [120.5, 22.6]]);
  });
  it('labels every alert type, the passive ones included, in both languages', () => {
    for (const type of ['departed_unsealed', 'seal_mismatch', 'seal_read_elsewhere', 'seal_tamper']) {
      assert.ok((ALERT_TYPES as readonly string[]).includes(type), type);
      assert.ok((zhTW as Record<string, string>)[`alertType.${type}`], `zh-TW ${type}`);
      assert.ok((en as Record<string, string>)[`alertType.${type}`], `en ${type}`);
      assert.ok((zhTW as Record<string, string>)[`alertAction.${type}`], `action ${type}`);
    }
  });
});
