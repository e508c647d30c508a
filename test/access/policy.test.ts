// The access policy, rule by rule: each row (a caller, a record, the expected answer) is answered by
// the rule's predicate on the record's facts, by its SQL side on the same record stored in a real
// database, and (where there is one) by the loader that reads the facts for a single record. All
// three must give the expected answer, so a predicate and its SQL cannot drift apart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  alertsWhere,
  answersFor,
  answersForWhere,
  applicationsWhere,
  canSeeContainer,
  canSeeMonitored,
  canSeeNote,
  containersWhere,
  mayReadApplication,
  mayReadContainer,
  mayReadMonitored,
  mayReadNote,
  mayKeepContact,
  mayReadOwned,
  notesWhere,
  ownedWhere,
  refer,
  tripsWhere,
  type CodedFacility,
  type DriverFacts,
  type MonitoredRecord,
  type NoteRecord,
} from '../../src/access/policy.ts';
import { systemActor } from '../../src/audit/trail.ts';
import type { Principal, Role } from '../../src/auth/roles.ts';
import type { Db } from '../../src/store/db.ts';
import { testDb, type TestDb } from '../helpers/db.ts';

// Companies: customs, two yards that are also fleets, a third yard, a trader, a fleet that sends
// notes but is not registered as a trader, and two judicial offices.
const C = { customs: '00000001', a: '10000001', b: '10000002', c: '10000003', trader: '20000001', notTrader: '20000002', ju: '90000001', jv: '90000002' };

function who(roles: Role[], companyUbn: string, extra: Partial<Principal> = {}): Principal {
  return { kind: 'user', id: extra.id ?? `u-${roles.join('+')}-${companyUbn}`, name: 'x', companyUbn, roles, storageCodes: [], ...extra };
}

const P = {
  customs: who(['customs_officer'], C.customs),
  yardA: who(['yard_operator'], C.a, { id: 'u-yard-a' }),
  yardB: who(['yard_operator'], C.b, { id: 'u-yard-b' }),
  // Holds a code of its own yard (SA), of a facility with no recorded operator (SN) and, recorded
  // before the rule, one of yard B's (SB): that one must open nothing.
  rpA: who(['responsible_person'], C.a, { id: 'u-rp-a', storageCodes: ['SA', 'SN', 'SB'] }),
  rpA2: who(['responsible_person'], C.a, { id: 'u-rp-a2', storageCodes: ['SA'] }),
  rpC: who(['responsible_person'], C.c, { id: 'u-rp-c', storageCodes: ['SB', 'SN'] }),
  drv1: who(['driver'], C.a, { id: 'u-drv1' }),
  drv2: who(['driver'], C.a, { id: 'u-drv2' }),
  drvFleet: who(['driver', 'fleet_operator'], C.a, { id: 'u-drv1' }),
  trader: who(['trader'], C.trader),
  notTrader: who(['trader'], C.notTrader),
  ju: who(['judicial'], C.ju),
  jv: who(['judicial'], C.jv),
  yardAtJu: who(['yard_operator'], C.ju),
};
type Who = keyof typeof P;

// What the driver rule knows of the two drivers (as the database holds it below): drv1 has an open
// log-in on P1 and national ID D1 on its account; drv2 no open log-in and no ID on its account, its
// last log-in gave D2.
const DRIVERS: Record<string, DriverFacts> = {
  'u-drv1': { loginPlates: ['P1'], nationalId: 'D1' },
  'u-drv2': { loginPlates: [], nationalId: 'D2' },
};
const driverOf = (p: Principal) => (p.roles.every((r) => r === 'driver') ? (DRIVERS[p.id] ?? null) : null);

const FACILITIES: Record<string, CodedFacility> = {
  FA: { operator_ubn: C.a, storage_codes: ['SA'] },
  FB: { operator_ubn: C.b, storage_codes: ['SB'] },
  FN: { operator_ubn: null, storage_codes: ['SN'] },
};

// Transport notes: sender, origin, destination, plate, driver, containers.
const NOTES: Record<string, { sender: string; origin: string; destination: string; plate: string; driver: string; containers: string[] }> = {
  N1: { sender: C.a, origin: 'FA', destination: 'FB', plate: 'P1', driver: 'D1', containers: ['CA1'] },
  N2: { sender: C.trader, origin: 'FN', destination: 'FB', plate: 'P2', driver: 'D9', containers: ['CT2'] },
  N3: { sender: C.notTrader, origin: 'FB', destination: 'FA', plate: 'P2', driver: 'D8', containers: ['CX3'] },
  N4: { sender: C.trader, origin: 'FN', destination: 'FB', plate: 'P4', driver: 'D7', containers: ['CT4'] },
  N5: { sender: C.notTrader, origin: 'FB', destination: 'FB', plate: 'P4', driver: 'D7', containers: ['CX5'] },
  N6: { sender: C.b, origin: 'FB', destination: 'FB', plate: 'P5', driver: 'D2', containers: [] },
  N7: { sender: C.b, origin: 'FB', destination: 'FB', plate: 'P7', driver: 'D1', containers: [] },
};

// Trips: plate, CNs, visible_to (as the monitor fills it).
const TRIPS: Record<string, { plate: string; cnNos: string[]; visibleTo: string[] }> = {
  T1: { plate: 'P1', cnNos: ['N1'], visibleTo: [C.a, C.b] },
  T2: { plate: 'P2', cnNos: ['N2', 'N3'], visibleTo: [C.b, C.notTrader, C.trader] },
  T3: { plate: 'P3', cnNos: [], visibleTo: [C.b] },
  // Its audience was computed before the trader's note reached the monitor.
  T4: { plate: 'P4', cnNos: ['N4', 'N5'], visibleTo: [C.b] },
  T5: { plate: 'P5', cnNos: ['N6'], visibleTo: [C.a] },
  T6: { plate: 'P1', cnNos: [], visibleTo: [C.b] },
  T7: { plate: 'P7', cnNos: ['N7'], visibleTo: [C.a] },
};

const ALERTS: Record<string, { tripId: string | null; plate: string; cnNos: string[]; visibleTo: string[] }> = {
  AL1: { tripId: 'T1', plate: 'P1', cnNos: ['N1'], visibleTo: [C.a, C.b] },
  AL2: { tripId: 'T3', plate: 'P3', cnNos: [], visibleTo: [C.b] },
  AL3: { tripId: null, plate: 'P2', cnNos: [], visibleTo: [] },
  AL4: { tripId: 'T5', plate: 'P5', cnNos: ['N6'], visibleTo: [C.a] },
};

const REFERRALS: { kind: 'trip' | 'alert' | 'transport_note'; id: string; to: string }[] = [
  { kind: 'trip', id: 'T3', to: C.ju },
  { kind: 'alert', id: 'AL3', to: C.ju },
  { kind: 'transport_note', id: 'N3', to: C.ju },
];
const referred = (kind: string, ...ids: (string | null)[]) => REFERRALS.filter((r) => r.kind === kind && ids.includes(r.id)).map((r) => r.to);

function tripRecord(id: string): MonitoredRecord {
  const t = TRIPS[id];
  return { visibleTo: t.visibleTo, plate: t.plate, noteDriverIds: t.cnNos.map((n) => NOTES[n].driver), referredTo: referred('trip', id) };
}

function alertRecord(id: string): MonitoredRecord {
  const a = ALERTS[id];
  return {
    visibleTo: a.visibleTo,
    plate: a.plate,
    noteDriverIds: a.cnNos.map((n) => NOTES[n].driver),
    referredTo: [...referred('alert', id), ...referred('trip', a.tripId)],
  };
}

function noteRecord(id: string): NoteRecord {
  const n = NOTES[id];
  return { senderUbn: n.sender, origin: FACILITIES[n.origin], destination: FACILITIES[n.destination], referredTo: referred('transport_note', id) };
}

async function seed(db: Db): Promise<void> {
  const companyRoles: Record<string, string[]> = {
    [C.customs]: ['customs'], [C.a]: ['yard', 'fleet'], [C.b]: ['yard', 'fleet'], [C.c]: ['yard'],
    [C.trader]: ['trader'], [C.notTrader]: ['fleet'], [C.ju]: ['judicial'], [C.jv]: ['judicial'],
  };
  for (const [ubn, roles] of Object.entries(companyRoles)) {
    await db.query('insert into companies (ubn, name, roles) values ($1, $1, $2) on conflict (ubn) do nothing', [ubn, roles]);
  }
  for (const [code, f] of Object.entries(FACILITIES)) {
    await db.query(`insert into facilities (code, name, kind, operator_ubn, storage_codes, body) values ($1, $1, 'yard', $2, $3, '{}')`, [code, f.operator_ubn, f.storage_codes]);
  }
  for (const p of Object.values(P)) {
    const nationalId = p.id === 'u-drv1' ? 'D1' : null;
    await db.query(
      `insert into users (id, username, name, company_ubn, roles, national_id, storage_codes, password_hash)
       values ($1, $1, $1, $2, $3, $4, $5, 'x') on conflict (id) do nothing`,
      [p.id, p.companyUbn, p.roles, nationalId, p.storageCodes],
    );
  }
  await db.query(`insert into driver_logins (id, user_id, national_id, plate, source, started_at) values ('l1', 'u-drv1', 'D1', 'P1', 'app', now())`);
  await db.query(`insert into driver_logins (id, user_id, national_id, plate, source, started_at, ended_at) values ('l2', 'u-drv2', 'D2', 'P9', 'app', now() - interval '2 hours', now() - interval '1 hour')`);
  for (const [cnNo, n] of Object.entries(NOTES)) {
    await db.query(
      `insert into transport_notes (cn_no, version, status, sender_ubn, origin, destination, plate, driver_id, requires_confirmation, body)
       values ($1, 1, 'live', $2, $3, $4, $5, $6, false, '{}')`,
      [cnNo, n.sender, n.origin, n.destination, n.plate, n.driver],
    );
    for (const [i, c] of n.containers.entries()) {
      await db.query(`insert into transport_note_containers (cn_no, position, container_no, seal_type) values ($1, $2, $3, 'truck_eseal')`, [cnNo, i, c]);
    }
  }
  for (const [id, t] of Object.entries(TRIPS)) {
    const containers = t.cnNos.flatMap((n) => NOTES[n].containers);
    await db.query(
      `insert into trips (trip_id, plate, cn_nos, container_nos, state, visible_to, created_at, updated_at) values ($1, $2, $3, $4, 'in_transit', $5, now(), now())`,
      [id, t.plate, t.cnNos, containers, t.visibleTo],
    );
  }
  for (const [id, a] of Object.entries(ALERTS)) {
    await db.query(
      `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, cn_nos, opened_at, visible_to) values ($1, 'route_deviation', 'high', 2, $2, $3, $4, now(), $5)`,
      [id, a.tripId, a.plate, a.cnNos, a.visibleTo],
    );
  }
  for (const r of REFERRALS) await refer(db, P.customs, systemActor('test'), { kind: r.kind, resourceId: r.id, judicialUbn: r.to });
  await db.query(`insert into offline_unseal_applications (id, user_id, company_ubn, status) values ('app1', 'u-rp-a', $1, 'pending')`, [C.a]);
}

/** Whether the SQL side lets the row `key = id` of `table` through for this caller. */
async function sqlSees(db: Db, table: string, key: string, id: string, where: (alias: string, params: unknown[]) => string | null): Promise<boolean> {
  const params: unknown[] = [id];
  const cond = where('x', params);
  const rows = await db.query(`select 1 from ${table} x where x.${key} = $1 ${cond ? `and ${cond}` : ''}`, params);
  return rows.length > 0;
}

let t: TestDb;
before(async () => {
  t = await testDb();
  await seed(t.db);
});
after(() => t.close());

/** Every caller not named in `sees` must be refused. */
function table<K extends string>(keys: readonly K[], sees: Partial<Record<Who, K[]>>): [Who, K, boolean][] {
  return (Object.keys(P) as Who[]).flatMap((w) => keys.map((k): [Who, K, boolean] => [w, k, w === 'customs' || (sees[w] ?? []).includes(k)]));
}

describe('access policy', () => {
  it('company records: customs all, others their own company', async () => {
    const rows = table([C.a, C.b, C.ju], { yardA: [C.a], rpA: [C.a], rpA2: [C.a], drv1: [C.a], drv2: [C.a], drvFleet: [C.a], yardB: [C.b], ju: [C.ju], yardAtJu: [C.ju] });
    for (const [w, ubn, expected] of rows) {
      assert.equal(mayReadOwned(P[w], ubn), expected, `predicate: ${w} company ${ubn}`);
      assert.equal(await sqlSees(t.db, 'companies', 'ubn', ubn, (a, ps) => ownedWhere(P[w], a, ps, 'ubn')), expected, `SQL: ${w} company ${ubn}`);
    }
  });

  it("a company's contact: a customs admin any, its own people who run it, not its drivers nor customs officers", () => {
    const admin = who(['customs_admin'], C.customs);
    const keeps: [Principal, string, boolean][] = [
      [admin, C.a, true], [admin, C.trader, true], [P.customs, C.a, false],
      [P.yardA, C.a, true], [P.yardA, C.b, false], [P.rpA, C.a, true], [P.trader, C.trader, true], [P.trader, C.a, false],
      [who(['fleet_operator'], C.a), C.a, true], [who(['supplier'], C.c), C.c, true], [who(['supplier'], C.c), C.a, false],
      [P.drv1, C.a, false], [P.drvFleet, C.a, true], [P.ju, C.ju, false],
    ];
    for (const [p, ubn, expected] of keeps) assert.equal(mayKeepContact(p, ubn), expected, `${p.roles.join('+')} of ${p.companyUbn}, company ${ubn}`);
  });

  it('facilities a responsible person answers for: its company\'s, or under a code that counts', async () => {
    const rows = table(['FA', 'FB', 'FN'] as const, { yardA: ['FA'], rpA: ['FA', 'FN'], rpA2: ['FA'], drv1: ['FA'], drv2: ['FA'], drvFleet: ['FA'], yardB: ['FB'], rpC: ['FN'] });
    for (const [w, code, expected] of rows) {
      if (w === 'customs') continue; // customs needs no facility of its own: the rules using this one let it through first
      assert.equal(answersFor(P[w], FACILITIES[code]), expected, `predicate: ${w} at ${code}`);
      assert.equal(await sqlSees(t.db, 'facilities', 'code', code, (a, ps) => answersForWhere(P[w], a, ps)), expected, `SQL: ${w} at ${code}`);
    }
  });

  it('trips: visible_to, narrowed for a driver, widened by referrals for the judiciary', async () => {
    const rows = table(Object.keys(TRIPS), {
      yardA: ['T1', 'T5', 'T7'], rpA: ['T1', 'T5', 'T7'], rpA2: ['T1', 'T5', 'T7'], drvFleet: ['T1', 'T5', 'T7'],
      yardB: ['T1', 'T2', 'T3', 'T4', 'T6'],
      // A driver: its open log-in's truck (T1; T6 has the plate but is not its company's) and the
      // notes naming it (drv1 by its account's ID on T7, drv2 by its last log-in's ID on T5).
      drv1: ['T1', 'T7'], drv2: ['T5'],
      trader: ['T2'], notTrader: ['T2'],
      ju: ['T3'],
    });
    for (const [w, id, expected] of rows) {
      const p = P[w];
      assert.equal(mayReadMonitored(p, tripRecord(id), driverOf(p)), expected, `predicate: ${w} trip ${id}`);
      assert.equal(await sqlSees(t.db, 'trips', 'trip_id', id, (a, ps) => tripsWhere(p, a, ps)), expected, `SQL: ${w} trip ${id}`);
      const [row] = await t.db.query('select * from trips where trip_id = $1', [id]);
      assert.equal(await canSeeMonitored(t.db, p, row), expected, `loaded: ${w} trip ${id}`);
    }
  });

  it('alerts: like their trips; referred alone or through their trip', async () => {
    const rows = table(Object.keys(ALERTS), {
      yardA: ['AL1', 'AL4'], rpA: ['AL1', 'AL4'], rpA2: ['AL1', 'AL4'], drvFleet: ['AL1', 'AL4'], yardB: ['AL1', 'AL2'],
      drv1: ['AL1'], drv2: ['AL4'],
      ju: ['AL2', 'AL3'],
    });
    for (const [w, id, expected] of rows) {
      const p = P[w];
      assert.equal(mayReadMonitored(p, alertRecord(id), driverOf(p)), expected, `predicate: ${w} alert ${id}`);
      assert.equal(await sqlSees(t.db, 'alerts', 'alert_id', id, (a, ps) => alertsWhere(p, a, ps)), expected, `SQL: ${w} alert ${id}`);
      const [row] = await t.db.query('select * from alerts where alert_id = $1', [id]);
      assert.equal(await canSeeMonitored(t.db, p, row), expected, `loaded: ${w} alert ${id}`);
    }
  });

  it('containers: like their trip, and a trader those carried under its own notes', async () => {
    const containers = ['T1/CA1', 'T2/CT2', 'T2/CX3', 'T4/CT4', 'T4/CX5'] as const;
    const rows = table(containers, {
      yardA: ['T1/CA1'], rpA: ['T1/CA1'], rpA2: ['T1/CA1'], drvFleet: ['T1/CA1'], drv1: ['T1/CA1'],
      yardB: ['T1/CA1', 'T2/CT2', 'T2/CX3', 'T4/CT4', 'T4/CX5'],
      // T2 names the trader: it sees all its containers. T4 does not: only the container of its own
      // note. A sender not registered as a trader gets nothing from the trader rule.
      trader: ['T2/CT2', 'T2/CX3', 'T4/CT4'],
      notTrader: ['T2/CT2', 'T2/CX3'],
    });
    for (const [w, key, expected] of rows) {
      const p = P[w];
      const [tripId, containerNo] = key.split('/');
      const traderSenders = TRIPS[tripId].cnNos
        .filter((n) => NOTES[n].containers.includes(containerNo) && NOTES[n].sender === C.trader)
        .map((n) => NOTES[n].sender);
      assert.equal(mayReadContainer(p, { trip: tripRecord(tripId), traderSenders }, driverOf(p)), expected, `predicate: ${w} ${key}`);
      const params: unknown[] = [tripId];
      const cond = containersWhere(p, 't', containerNo, params);
      const sql = (await t.db.query(`select 1 from trips t where t.trip_id = $1 ${cond ? `and ${cond}` : ''}`, params)).length > 0;
      assert.equal(sql, expected, `SQL: ${w} ${key}`);
      const [row] = await t.db.query('select * from trips where trip_id = $1', [tripId]);
      assert.equal(await canSeeContainer(t.db, p, row, containerNo), expected, `loaded: ${w} ${key}`);
    }
  });

  it('transport notes: sender, facility operators, storage codes that count, referrals', async () => {
    const rows = table(Object.keys(NOTES), {
      // Company A sent N1 and operates N3's destination, whatever the person's role.
      yardA: ['N1', 'N3'], rpA2: ['N1', 'N3'], drv1: ['N1', 'N3'], drv2: ['N1', 'N3'], drvFleet: ['N1', 'N3'],
      // rpA's code SN opens the notes from FN; its stale code SB opens nothing at yard B.
      rpA: ['N1', 'N2', 'N3', 'N4'],
      rpC: ['N2', 'N4'],
      yardB: ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7'],
      trader: ['N2', 'N4'], notTrader: ['N3', 'N5'],
      ju: ['N3'],
    });
    for (const [w, cnNo, expected] of rows) {
      const p = P[w];
      const n = NOTES[cnNo];
      assert.equal(mayReadNote(p, noteRecord(cnNo)), expected, `predicate: ${w} note ${cnNo}`);
      assert.equal(await sqlSees(t.db, 'transport_notes', 'cn_no', cnNo, (a, ps) => notesWhere(p, a, ps)), expected, `SQL: ${w} note ${cnNo}`);
      const parties = { cnNo, senderUbn: n.sender, origin: n.origin, destination: n.destination };
      assert.equal(await canSeeNote(t.db, p, parties), expected, `loaded: ${w} note ${cnNo}`);
    }
  });

  it('offline-unseal applications: customs, the applicant, the yard operators of its company', async () => {
    for (const [w, expected] of [['customs', true], ['rpA', true], ['yardA', true], ['rpA2', false], ['yardB', false], ['drvFleet', false]] as [Who, boolean][]) {
      assert.equal(mayReadApplication(P[w], { userId: 'u-rp-a', companyUbn: C.a }), expected, `predicate: ${w}`);
      assert.equal(await sqlSees(t.db, 'offline_unseal_applications', 'id', 'app1', (a, ps) => applicationsWhere(P[w], a, ps)), expected, `SQL: ${w}`);
    }
  });

  it('referrals: only customs refers, only to a judicial company, once per record and company', async () => {
    await assert.rejects(refer(t.db, P.yardB, systemActor('test'), { kind: 'trip', resourceId: 'T1', judicialUbn: C.ju }), { kind: 'forbidden' });
    await assert.rejects(refer(t.db, P.customs, systemActor('test'), { kind: 'trip', resourceId: 'T1', judicialUbn: C.b }), { kind: 'invalid' });
    await assert.rejects(refer(t.db, P.customs, systemActor('test'), { kind: 'trip', resourceId: 'nope', judicialUbn: C.ju }), { kind: 'not_found' });
    const again = await refer(t.db, P.customs, systemActor('test'), { kind: 'trip', resourceId: 'T3', judicialUbn: C.ju });
    assert.equal(again.referredBy, P.customs.id);
    const [{ n }] = await t.db.query(`select count(*)::int as n from audit_log where action = 'refer' and resource = 'trip' and resource_id = 'T3'`);
    assert.equal(n, 1, 'referring again records nothing new');
  });
});

