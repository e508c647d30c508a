// The console's pure parts, without a browser: the offline basemap cut, replay interpolation,
// queue order, overview figures, search classification, server answers mapped to the app's shapes,
// and translations complete in both languages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASEMAP_BBOX, buildBasemap, clipRing } from '../../web/build/basemap.ts';
import { compareAlerts, matches, DEFAULT_FILTER } from '../../web/src/alerts/sort.ts';
import { normalizeAlert, normalizeTrip } from '../../web/src/api/normalize.ts';
import { formatDateTime, formatDuration, startOfTaipeiDay } from '../../web/shared/time.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zhTW } from '../../web/src/i18n/zh-TW.ts';
import { containerNoIn } from '../../web/src/search/container-no.ts';
import { positionAt, timedTrack, travelledUntil } from '../../web/src/trips/replay.ts';
import { positionAtPath } from '../../web/src/reference/geojson.ts';
import { localName } from '../../web/src/format/names.ts';
import { parseHash, hrefFor } from '../../web/src/router.ts';
import { mayManage } from '../../web/src/users/manage.ts';
import { mayGrant } from '../../src/api/routes/users.ts';
import { ROLES, type Role } from '../../src/auth/roles.ts';
import type { AlertEvent, AlertResource, CommandView, NoteView, TripDetail } from '../../web/shared/api-types.ts';

/** An alert as GET /alerts answers it, open and unhandled unless told otherwise. */
function alertAnswer(over: Partial<AlertResource> & { history?: AlertEvent[] }): AlertResource & { history?: AlertEvent[] } {
  return {
    alertId: 'A', alertType: 'overdue', severity: 'medium', tripId: null, plate: 'KNA6001', cnNos: [], lat: null, lon: null, detail: {},
    openedAt: '2025-03-05T06:00:00Z', clearedAt: null, active: true, status: 'open', acknowledgedBy: null, acknowledgedAt: null, assignedTo: null,
    resolution: null, resolutionNote: null, resolvedBy: null, resolvedAt: null, ...over,
  };
}

/** A trip as GET /trips/{id} answers it. */
function tripAnswer(over: Partial<TripDetail>): TripDetail {
  return {
    tripId: 'TR-1', cnNos: ['CN1'], plate: 'KNA6001', state: 'in_transit', origin: 'BK006', destination: 'BY010', routeCode: 'R1', containerNos: [],
    seals: [], lastPosition: null, departedAt: null, arrivedAt: null, openAlerts: [], createdAt: '2025-03-05T05:50:00Z', updatedAt: '2025-03-05T06:00:00Z',
    transportNotes: [], alerts: [], commands: [], timeline: [], ...over,
  };
}

function noteView(note: Partial<NoteView['note']> & { cnNo: string }): NoteView {
  return {
    cnNo: note.cnNo, version: 1, status: 'live', confirmation: null, createdAt: '2025-03-05T05:00:00Z', updatedAt: '2025-03-05T05:00:00Z',
    note: { function: '9', senderUbn: '12345675', origin: 'BK006', destination: 'BY010', containers: [], plate: 'KNA6001', driverId: 'A123456789', transportCategory: 1, requiresConfirmation: false, ...note },
  };
}

function unlockCommand(deviceId: string, status: string, attempts: number): CommandView {
  return { commandId: `C-${deviceId}`, deviceId, command: 'unlock', status, channel: 'mqtt', attempts, at: '2025-03-05T06:00:00Z', sentAt: null, acknowledgedAt: null, error: null };
}

describe('offline basemap', () => {
  it("keeps Taiwan's coastline and nothing outside the box", () => {
    const land = buildBasemap();
    const names = land.features.map((f) => f.properties.name);
    assert.ok(names.includes('Taiwan'), names.join(','));
    const [w, s, e, n] = BASEMAP_BBOX;
    for (const f of land.features) for (const poly of f.geometry.coordinates) for (const ring of poly) for (const [x, y] of ring) assert.ok(x >= w && x <= e && y >= s && y <= n);
    assert.ok(JSON.stringify(land).length < 200_000, 'small enough to bundle');
  });
  it('clips a ring to the box and closes it', () => {
    const ring = clipRing([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [2, 2, 8, 8])!;
    assert.deepEqual(ring[0], ring[ring.length - 1]);
    for (const [x, y] of ring) assert.ok(x >= 2 && x <= 8 && y >= 2 && y <= 8);
    assert.equal(clipRing([[20, 20], [21, 20], [21, 21]], [0, 0, 1, 1]), null);
  });
});

describe('track replay', () => {
  const track = [
    { ts: '2025-03-05T06:00:00Z', lat: 22.0, lon: 120.0 },
    { ts: '2025-03-05T06:00:10Z', lat: 22.0, lon: 120.1 },
    { ts: '2025-03-05T06:00:20Z', lat: 22.1, lon: 120.1 },
  ];
  const tt = timedTrack(track);
  it('interpolates between fixes', () => {
    const p = positionAt(tt, Date.parse('2025-03-05T06:00:05Z'))!;
    assert.ok(Math.abs(p[0] - 120.05) < 1e-9 && p[1] === 22.0);
    assert.deepEqual(positionAt(tt, Date.parse('2025-03-05T07:00:00Z')), [120.1, 22.1]);
  });
  it('draws the driven part up to the head', () => {
    assert.equal(travelledUntil(tt, Date.parse('2025-03-05T05:00:00Z')).length, 0);
    const done = travelledUntil(tt, Date.parse('2025-03-05T06:00:15Z'));
    assert.equal(done.length, 3);
    assert.ok(Math.abs(done[2][1] - 22.05) < 1e-9);
  });
});

describe('alert queue', () => {
  const base = normalizeAlert(alertAnswer({}));
  it('puts the most severe first, unacknowledged before acknowledged within a severity, then the newest', () => {
    const critical = { ...base, id: 'B', severity: 'critical' as const };
    const newer = { ...base, id: 'C', openedAt: '2025-03-05T06:05:00Z' };
    const acked = { ...base, id: 'D', severity: 'critical' as const, status: 'acknowledged' as const };
    const ackedSame = { ...base, id: 'E', status: 'acknowledged' as const, openedAt: '2025-03-05T07:00:00Z' };
    assert.deepEqual([acked, ackedSame, base, newer, critical].sort(compareAlerts).map((a) => a.id), ['B', 'D', 'C', 'A', 'E']);
  });
  it('keeps an acknowledged critical above open low alerts and resolved alerts last', () => {
    const acked = { ...base, id: 'K', severity: 'critical' as const, status: 'acknowledged' as const, openedAt: '2025-03-01T00:00:00Z' };
    const low = { ...base, id: 'L', severity: 'low' as const, openedAt: '2025-03-09T00:00:00Z' };
    const resolved = { ...base, id: 'R', severity: 'critical' as const, status: 'resolved' as const };
    assert.deepEqual([low, resolved, acked].sort(compareAlerts).map((a) => a.id), ['K', 'L', 'R']);
  });
  it('filters by plate text, ignoring dashes', () => {
    assert.ok(matches(base, { ...DEFAULT_FILTER, text: 'kna-6001' }));
    assert.ok(!matches(base, { ...DEFAULT_FILTER, text: 'KLA' }));
    assert.ok(!matches({ ...base, status: 'resolved' }, DEFAULT_FILTER));
  });
  it('reads notes and handling from an alert with its history', () => {
    const a = normalizeAlert(alertAnswer({
      alertId: 'X', alertType: 'seal_tamper', severity: 'critical', plate: 'KNA6002', cnNos: ['CN1'], status: 'acknowledged',
      acknowledgedBy: 'user:usr_1', acknowledgedAt: '2025-03-05T06:01:00Z', assignedTo: 'usr_2',
      history: [{ at: '2025-03-05T06:02:00Z', kind: 'note', actor: 'user:usr_1', data: { note: '已聯絡司機' } }],
    }));
    assert.equal(a.status, 'acknowledged');
    assert.equal(a.assignee, 'usr_2');
    assert.deepEqual(a.notes, [{ at: '2025-03-05T06:02:00Z', by: 'user:usr_1', text: '已聯絡司機' }]);
  });
});

describe('trips from the API', () => {
  it('takes containers, driver and declaration from the transport notes, states from the timeline', () => {
    const t = normalizeTrip(tripAnswer({
      containerNos: ['CSQU3054383'],
      seals: [{ id: 'S1', state: 'locked', link: 'ok', battery: 90, lastTs: null }], lastPosition: { lat: 22.6, lon: 120.3, ts: '2025-03-05T06:00:00Z', speedKmh: 40 },
      transportNotes: [noteView({ cnNo: 'CN1', driverId: 'A123456789', declarationNo: 'BE14', containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: ['S1'] }] })],
      timeline: [
        { at: '2025-03-05T05:50:00Z', kind: 'state', state: 'planned', previousState: null },
        { at: '2025-03-05T05:59:00Z', kind: 'alert_opened', alertId: 'A', alertType: 'overdue', severity: 'medium' },
      ],
    }));
    assert.equal(t.id, 'TR-1');
    assert.equal(t.driverId, 'A123456789');
    assert.deepEqual(t.declarationNos, ['BE14']);
    assert.deepEqual(t.containers[0].sealNos, ['S1']);
    assert.equal(t.history.length, 1);
    assert.equal(t.lastPosition?.lat, 22.6);
  });

  it('puts each seal\'s latest unlock command beside it', () => {
    const seal = { link: 'ok' as const, battery: 80, lastTs: null };
    const t = normalizeTrip(tripAnswer({
      tripId: 'TR-2', state: 'arrived', seals: [{ id: 'S1', state: 'locked', ...seal }, { id: 'S2', state: 'unlocked', ...seal }],
      commands: [unlockCommand('S1', 'expired', 20), unlockCommand('S2', 'acknowledged', 1)],
    }));
    assert.deepEqual(t.seals.map((s) => [s.id, s.unlock?.status, s.unlock?.attempts]), [['S1', 'expired', 20], ['S2', 'acknowledged', 1]]);
  });
});

describe('times', () => {
  it('shows Taipei time with ROC dates in Chinese', () => {
    assert.equal(formatDateTime('2025-03-05T06:03:07Z', 'zh-TW'), '114/03/05 14:03:07');
    assert.equal(formatDateTime('2025-03-05T06:03:07Z', 'en'), '2025-03-05 14:03:07');
    assert.equal(formatDuration(185), '3:05');
    assert.equal(startOfTaipeiDay(new Date('2025-03-05T17:00:00Z')).toISOString(), '2025-03-05T16:00:00.000Z');
  });
});

describe('facility names', () => {
  it('shows the part of a bilingual name in the officer\'s language', () => {
    const n = '高雄港第六貨櫃中心 (Kaohsiung Port Container Terminal 6)';
    assert.equal(localName(n, 'zh-TW'), '高雄港第六貨櫃中心');
    assert.equal(localName(n, 'en'), 'Kaohsiung Port Container Terminal 6');
    assert.equal(localName('前鎮儀檢站', 'en'), '前鎮儀檢站');
  });
});

describe('search', () => {
  it('recognises a container number as officers write it, and nothing else', () => {
    assert.equal(containerNoIn('csqu 305438-3'), 'CSQU3054383');
    assert.equal(containerNoIn('ZEPU0037255'), 'ZEPU0037255');
    assert.equal(containerNoIn('CSQU3054384'), null, 'wrong check digit');
    for (const other of ['A123456789', 'KNA-6001', 'CN114030500']) assert.equal(containerNoIn(other), null, other);
  });
});

describe('validation errors on the map', () => {
  it('finds the vertex a geometry error names', () => {
    const area = { type: 'Polygon' as const, coordinates: [[[120, 22], [121, 22], [121, 23], [120, 22]]] };
    assert.deepEqual(positionAtPath(area, '/body/area/coordinates/0/2', 'area'), [121, 23]);
    assert.equal(positionAtPath(area, '/body/name', 'area'), null);
  });
});

describe('translations', () => {
  it('has every key in English, none left empty', () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(zhTW).sort());
    for (const [k, v] of Object.entries(en)) assert.ok(v.trim(), k);
  });
});

describe('accounts page', () => {
  it('offers to manage exactly the accounts the server lets the manager manage', () => {
    const targets: Role[][] = [...ROLES.map((r) => [r]), ['yard_operator', 'responsible_person'], ['fleet_operator', 'driver'], ['yard_operator', 'driver']];
    for (const mine of [['customs_admin'], ['yard_operator'], ['fleet_operator'], ['yard_operator', 'fleet_operator'], ['trader']] as Role[][]) {
      const me = { id: 'usr_me', roles: mine, companyUbn: '04595252' };
      const principal = { kind: 'user' as const, id: me.id, name: 'me', companyUbn: me.companyUbn, roles: mine, storageCodes: [] };
      for (const roles of targets) {
        for (const companyUbn of ['04595252', '12345675']) {
          assert.equal(mayManage(me, { roles, companyUbn }), mayGrant(principal, companyUbn, roles), `${mine} on ${roles} of ${companyUbn}`);
        }
      }
    }
  });
  it('has its own address', () => {
    assert.deepEqual(parseHash('#/users'), { name: 'users' });
    assert.equal(hrefFor({ name: 'users' }), '#/users');
  });
  it('gives each management page its own address, there and back', () => {
    for (const [hash, name] of [['#/api-keys', 'apiKeys'], ['#/devices', 'devices'], ['#/webhooks', 'webhooks'], ['#/audit', 'audit']] as const) {
      assert.deepEqual(parseHash(hash), { name });
      assert.equal(hrefFor({ name }), hash);
    }
  });
});
