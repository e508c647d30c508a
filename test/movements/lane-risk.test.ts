// The parties' risk in a lane's answer: what each caller hears of it, and the short-lived look-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lanePartyRisk } from '../../src/access/policy.ts';
import type { Principal } from '../../src/auth/roles.ts';
import { LANE_RISK_TTL_MS, laneRisk } from '../../src/movements/lane-risk.ts';
import type { PartiesRisk, PartyRisk } from '../../src/risk/parties.ts';
import type { Queryable } from '../../src/store/db.ts';

const principal = (roles: Principal['roles']): Principal => ({ kind: 'key', id: 'k', name: 'lane', companyUbn: '04595252', roles, storageCodes: [] });
const party = (kind: PartyRisk['kind'], id: string, level: PartyRisk['level']): PartyRisk => ({
  kind, id, level, score: 0, watchlist: [], factors: level === 'none' ? [] : [{ code: 'alerts:seal_tamper', weight: 3, en: 'seal tampering', zhTW: '封條異常' }],
});
const risk: PartiesRisk = { level: 'medium', parties: [party('driver', 'A123456789', 'low'), party('vehicle', 'KNA6001', 'medium'), party('company', '12345675', 'none')] };

test("customs hears every party's level and factors; an operator's lane only the parties under watch, not why", () => {
  const officer = lanePartyRisk(principal(['customs_officer']), risk);
  assert.equal(officer.level, 'medium');
  assert.deepEqual(officer.parties.map((p) => [p.kind, p.level, p.factors?.length]), [['driver', 'low', 1], ['vehicle', 'medium', 1], ['company', 'none', 0]]);
  assert.deepEqual(lanePartyRisk(principal(['yard_operator']), risk), { level: 'medium', parties: [{ kind: 'vehicle', id: 'KNA6001', level: 'medium' }] });
  // A low level alone is not told to the company's lane at all.
  const low: PartiesRisk = { level: 'low', parties: [party('driver', 'A123456789', 'low')] };
  assert.deepEqual(lanePartyRisk(principal(['yard_operator']), low), { level: 'none', parties: [] });
});

/** A database that knows one fleet and counts what it is asked. */
function countingDb(): Queryable & { asked: number } {
  const db = {
    asked: 0,
    async query(sql: string) {
      db.asked++;
      if (/count\(\*\)/.test(sql)) return [{ n: 0 }];
      if (/select fleet_ubn from vehicles/.test(sql)) return [{ fleet_ubn: '12345675' }];
      if (/select distinct driver_id from transport_notes/.test(sql)) return [{ driver_id: 'A123456789' }];
      return [];
    },
  };
  return db as never;
}

test('a passage\'s parties are the drivers of its CNs, the vehicle and its fleet, looked up once for a short while', async () => {
  const db = countingDb();
  const first = await laneRisk(db, 'KNA6001', ['CN25000001'], 1_000_000);
  assert.deepEqual(first.parties.map((p) => [p.kind, p.id]), [['driver', 'A123456789'], ['vehicle', 'KNA6001'], ['company', '12345675']]);
  const asked = db.asked;
  assert.equal(await laneRisk(db, 'KNA6001', ['CN25000001'], 1_000_000 + LANE_RISK_TTL_MS - 1), first);
  assert.equal(db.asked, asked, 'kept');
  await laneRisk(db, 'KNA6001', [], 1_000_000 + 1);
  assert.ok(db.asked > asked, 'another set of parties is another look-up');
  const before = db.asked;
  await laneRisk(db, 'KNA6001', ['CN25000001'], 1_000_000 + LANE_RISK_TTL_MS);
  assert.ok(db.asked > before, 'looked up again once it is old');
});

test('a failed look-up is not kept', async () => {
  let fail = true;
  const db = {
    async query(sql: string) {
      if (fail) throw new Error('connection lost');
      return /count\(\*\)/.test(sql) ? [{ n: 0 }] : [];
    },
  } as Queryable;
  await assert.rejects(laneRisk(db, 'KNA6002', [], 5_000_000));
  fail = false;
  assert.equal((await laneRisk(db, 'KNA6002', [], 5_000_001)).level, 'none');
});
