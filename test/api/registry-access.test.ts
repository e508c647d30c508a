// The registry's authorisation matrix: every role against every resource's list, single read
// (own company's and another's) and create, as designed in src/registry/access.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Role } from '../../src/auth/roles.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { TERMINAL, UBN, YARD, facility, route } from '../registry/fixtures.ts';

const V1 = '/api/v1';

/** Each role's company: the fleet roles belong to fleet A, whose records are "own". */
const COMPANY: Record<Role, string> = {
  customs_admin: CUSTOMS_UBN,
  customs_officer: CUSTOMS_UBN,
  yard_operator: UBN.yard,
  responsible_person: UBN.yard,
  fleet_operator: UBN.fleetA,
  driver: UBN.fleetA,
  trader: UBN.trader,
  supplier: UBN.supplier,
  judicial: UBN.judicial,
};

type Expect = { list: number; own: number; other: number; create: number };
type Resource = 'facilities' | 'routes' | 'vehicles' | 'drivers' | 'devices';

// Reference data: everybody reads, only a customs admin writes; "own"/"other" mean nothing there.
const ref = (create: number): Expect => ({ list: 200, own: 200, other: 200, create });
// Vehicles and drivers: customs all; yards any single one; the fleet its own; the rest their own company's.
const fleet = (own: number, other: number, create: number): Expect => ({ list: 200, own, other, create });

const MATRIX: Record<Role, Record<Resource, Expect>> = {
  customs_admin: { facilities: ref(201), routes: ref(201), vehicles: fleet(200, 200, 201), drivers: fleet(200, 200, 201), devices: fleet(200, 200, 201) },
  customs_officer: { facilities: ref(403), routes: ref(403), vehicles: fleet(200, 200, 403), drivers: fleet(200, 200, 403), devices: fleet(200, 200, 403) },
  yard_operator: { facilities: ref(403), routes: ref(403), vehicles: fleet(200, 200, 403), drivers: fleet(200, 200, 403), devices: { list: 403, own: 403, other: 403, create: 403 } },
  responsible_person: { facilities: ref(403), routes: ref(403), vehicles: fleet(200, 200, 403), drivers: fleet(200, 200, 403), devices: { list: 403, own: 403, other: 403, create: 403 } },
  fleet_operator: { facilities: ref(403), routes: ref(403), vehicles: fleet(200, 404, 201), drivers: fleet(200, 404, 201), devices: fleet(200, 404, 201) },
  driver: { facilities: ref(403), routes: ref(403), vehicles: fleet(200, 404, 403), drivers: fleet(200, 404, 403), devices: { list: 403, own: 403, other: 403, create: 403 } },
  trader: { facilities: ref(403), routes: ref(403), vehicles: fleet(404, 404, 403), drivers: fleet(404, 404, 403), devices: { list: 403, own: 403, other: 403, create: 403 } },
  supplier: { facilities: ref(403), routes: ref(403), vehicles: fleet(404, 404, 403), drivers: fleet(404, 404, 403), devices: fleet(200, 404, 201) },
  judicial: { facilities: ref(403), routes: ref(403), vehicles: fleet(404, 404, 403), drivers: fleet(404, 404, 403), devices: { list: 403, own: 403, other: 403, create: 403 } },
};

/** A record of fleet A ("own" for the fleet roles) and one of fleet B ("other"), per resource. */
const IDS: Record<Resource, { own: string; other: string }> = {
  facilities: { own: 'BK006', other: 'BY010' },
  routes: { own: 'RT-A', other: 'RT-B' },
  vehicles: { own: 'KNA6001', other: 'KLA6002' },
  drivers: { own: 'A123456789', other: 'B223456782' },
  devices: { own: 'OBU-A', other: 'OBU-B' },
};

/** A supplier's own devices are those it owns, not fleet A's. */
const ownId = (role: Role, resource: Resource) => (role === 'supplier' && resource === 'devices' ? 'SEAL-S' : IDS[resource].own);

/** A new, valid body to create, distinct per caller so that each POST is a fresh record. */
function newBody(resource: Resource, n: number): unknown {
  switch (resource) {
    case 'facilities':
      return facility(`HR${String(n).padStart(3, '0')}`, 'rest_area', 120.2 + n * 0.01, 23.2);
    case 'routes':
      return route(`RT-N${n}`, { checkpoints: [] });
    case 'vehicles':
      return { plate: `KNB${6000 + n}`, kind: 'trailer', category: 3 };
    case 'drivers':
      return { nationalId: ['F131313136', 'E212121217'][n % 2], name: `Driver ${n}` };
    case 'devices':
      return { id: `DEV-${n}`, kind: 'seal' };
  }
}

describe('registry authorisation matrix', () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();
  before(async () => {
    t = await testApp();
    const admin = t.adminKey;
    const fleetA = await t.userFor(UBN.fleetA, ['fleet_operator']);
    const fleetB = await t.userFor(UBN.fleetB, ['fleet_operator']);
    const supplier = await t.userFor(UBN.supplier, ['supplier']);
    const setup: [string, string, string, unknown][] = [
      [admin, 'POST', '/facilities', TERMINAL],
      [admin, 'POST', '/facilities', YARD],
      [admin, 'POST', '/routes', route('RT-A', { checkpoints: [] })],
      [admin, 'POST', '/routes', route('RT-B', { checkpoints: [] })],
      [fleetA, 'POST', '/vehicles', { plate: 'KNA6001', kind: 'tractor', category: 1 }],
      [fleetB, 'POST', '/vehicles', { plate: 'KLA6002', kind: 'truck', category: 2 }],
      [fleetA, 'POST', '/drivers', { nationalId: 'A123456789', name: 'Chen', plates: ['KNA6001'] }],
      [fleetB, 'POST', '/drivers', { nationalId: 'B223456782', name: 'Lin', plates: ['KLA6002'] }],
      [fleetA, 'POST', '/devices', { id: 'OBU-A', kind: 'obu', plate: 'KNA6001' }],
      [fleetB, 'POST', '/devices', { id: 'OBU-B', kind: 'obu', plate: 'KLA6002' }],
      [supplier, 'POST', '/devices', { id: 'SEAL-S', kind: 'seal', model: 'demo stock' }],
    ];
    for (const [token, method, url, body] of setup) {
      const r = await t.request(method, `${V1}${url}`, token, body);
      assert.equal(r.statusCode, 201, `${method} ${url}: ${r.body}`);
    }
    for (const role of Object.keys(MATRIX) as Role[]) tokens.set(role, await t.userFor(COMPANY[role], [role]));
  });
  after(() => t.close());

  let n = 0;
  for (const role of Object.keys(MATRIX) as Role[]) {
    for (const resource of Object.keys(MATRIX[role]) as Resource[]) {
      const expect = MATRIX[role][resource];
      it(`${role} × ${resource}: list ${expect.list}, own ${expect.own}, other ${expect.other}, create ${expect.create}`, async () => {
        const token = tokens.get(role)!;
        const actual: Expect = {
          list: (await t.request('GET', `${V1}/${resource}`, token)).statusCode,
          own: (await t.request('GET', `${V1}/${resource}/${ownId(role, resource)}`, token)).statusCode,
          other: (await t.request('GET', `${V1}/${resource}/${IDS[resource].other}`, token)).statusCode,
          create: 0,
        };
        const created = await t.request('POST', `${V1}/${resource}`, token, newBody(resource, n++));
        actual.create = created.statusCode;
        assert.deepEqual(actual, expect, created.statusCode >= 400 ? created.body : undefined);
        if (created.statusCode === 201 && (resource === 'drivers' || resource === 'vehicles' || resource === 'devices')) {
          // Clean up so the next creator's body is fresh too.
          const id = resource === 'drivers' ? created.json().nationalId : resource === 'vehicles' ? created.json().plate : created.json().id;
          assert.equal((await t.request('DELETE', `${V1}/${resource}/${id}`, token)).statusCode, 204);
        }
      });
    }
  }

  it('lists only what the caller may see: customs all, a fleet or yard its own company\'s', async () => {
    const plates = async (role: Role) => (await t.request('GET', `${V1}/vehicles`, tokens.get(role)!)).json().map((v: any) => v.plate);
    assert.deepEqual(await plates('customs_officer'), ['KLA6002', 'KNA6001']);
    assert.deepEqual(await plates('fleet_operator'), ['KNA6001']);
    assert.deepEqual(await plates('yard_operator'), []);
    const devices = async (role: Role) => (await t.request('GET', `${V1}/devices`, tokens.get(role)!)).json().map((d: any) => d.id);
    assert.deepEqual(await devices('customs_officer'), ['OBU-A', 'OBU-B', 'SEAL-S']);
    assert.deepEqual(await devices('fleet_operator'), ['OBU-A']);
    assert.deepEqual(await devices('supplier'), ['SEAL-S']);
  });

  it('answers 403 to roles that may not write, before looking at the record', async () => {
    for (const role of ['customs_officer', 'driver', 'trader', 'judicial', 'yard_operator'] as Role[]) {
      const token = tokens.get(role)!;
      assert.equal((await t.request('PUT', `${V1}/vehicles/KNA6001`, token, { plate: 'KNA6001', kind: 'tractor', category: 1 })).statusCode, 403, role);
      assert.equal((await t.request('DELETE', `${V1}/drivers/A123456789`, token)).statusCode, 403, role);
      assert.equal((await t.request('DELETE', `${V1}/facilities/BK006`, token)).statusCode, 403, role);
    }
    assert.equal((await t.request('GET', `${V1}/vehicles`)).statusCode, 401);
  });
});
