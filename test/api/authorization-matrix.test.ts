// The authorisation matrix of the whole REST API: every operation of the OpenAPI document against
// every role, without credentials, on the caller's own company's object and on another company's.
// The expectations are the table below, one row per operation: which roles may use it, and whether
// it is company-scoped (another company's object answers 404, as if it did not exist). A route
// added to the API without a row here fails the test, and so does a row whose route is gone.
//
// Outcome classes: "ok" is anything that shows the caller got through (2xx, or a 4xx about the
// request itself: 400, 409, 415, 422); 401 without credentials; 403 for a role not allowed; 404 for
// another company's object. Company A is the callers' own; company B is "other". Customs callers
// belong to neither and see both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, type Role } from '../../src/auth/roles.ts';
import { newId, newSecret, sha256 } from '../../src/auth/secrets.ts';
import { validateNationalId } from '../../src/core/ids/index.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { tripFixture } from '../monitor/scenario.ts';
import { square } from '../registry/fixtures.ts';

const V1 = '/api/v1';
const A = '12345681';
const B = '12345704';
const ALL: readonly Role[] = ROLES;
const CUSTOMS: readonly Role[] = ['customs_admin', 'customs_officer'];
const ADMIN: readonly Role[] = ['customs_admin'];
/** Who manages people's accounts (the roles they may hand out, in their own company). */
const MANAGERS: readonly Role[] = ['customs_admin', 'yard_operator', 'fleet_operator'];
const CASE_READERS: readonly Role[] = ['customs_admin', 'customs_officer', 'judicial'];
/** The trade's people: they file portal applications and read their company's. */
const PORTAL_APPLICANTS: readonly Role[] = ['yard_operator', 'responsible_person', 'fleet_operator', 'driver', 'trader', 'supplier'];
const PORTAL_READERS: readonly Role[] = [...CUSTOMS, ...PORTAL_APPLICANTS];
/** Who keeps a company's contact current: a customs admin, and the company's people who run it (not its drivers). */
const CONTACT_KEEPERS: readonly Role[] = ['customs_admin', 'yard_operator', 'responsible_person', 'fleet_operator', 'trader', 'supplier'];

/** The objects of company A ("own") and B ("other"), by what the path names. */
const OBJ = {
  facility: { own: 'FA1', other: 'FB1' },
  route: { own: 'RT-A', other: 'RT-B' },
  vehicle: { own: 'KNA6001', other: 'KNA6002' },
  driver: { own: 'A123456789', other: 'B223456782' },
  obu: { own: 'OBU-A', other: 'OBU-B' },
  seal: { own: 'SEAL-A', other: 'SEAL-B' },
  cn: { own: 'CNA00000001', other: 'CNB00000001' },
  container: { own: tripFixture(1).containers[0], other: tripFixture(2).containers[0] },
  trip: { own: 'trip-a', other: 'trip-b' },
  alert: { own: 'alert-a', other: 'alert-b' },
  photo: { own: 'photo-a', other: 'photo-b' },
  announcement: { own: 'ann-a', other: 'ann-b' },
  portalApplication: { own: 'app-a', other: 'app-b' },
  declaration: { own: 'DA13100001', other: 'DB13100001' },
  passage: { own: 'gp-a', other: 'gp-b' },
  alertType: { own: 'overdue', other: 'low_battery' },
} as const;

type Side = 'own' | 'other';
/** Filled in by the set-up: ids made by the API (users, keys, webhooks, applications). */
const made: Record<string, Record<Side, string>> = {};
const id = (kind: string, side: Side) => (OBJ as Record<string, Record<Side, string>>)[kind]?.[side] ?? made[kind][side];

interface Row {
  /** "METHOD /path" as in the OpenAPI document. */
  op: string;
  /** Roles that get through; 'public' for an operation without a caller's credentials. */
  roles: readonly Role[] | 'public';
  /** Company-scoped: the object (path) of the other company is 404 for all but customs (and `seeOther`). */
  scoped?: boolean;
  /** Roles that, by design, also reach the other company's object (documented in `why`). */
  seeOther?: readonly Role[];
  /** Path parameters: which kind of object each names. */
  params?: Record<string, string>;
  /** The body to send, for one side; undefined: none. */
  body?: (side: Side, role: Role) => unknown;
  /** Each caller gets an object of its own to act on (a DELETE): made by `fresh`. */
  fresh?: (side: Side, role: Role) => Promise<string>;
  /** A public operation's answer to anyone (default ok). */
  publicOutcome?: Outcome;
  /** An answer that shows the caller got through although its status is 404 (the object is there, a part of it is not). */
  through?: (status: number, body: string) => boolean;
  /** Runs after every other row (it ends the caller's session). */
  last?: boolean;
  why?: string;
}

let t: TestApp;
const adminOk = async (method: string, url: string, body?: unknown) => {
  const r = await t.request(method, `${V1}${url}`, t.adminKey, body);
  assert.ok(r.statusCode < 300, `${method} ${url} → ${r.statusCode} ${r.body}`);
  return r.json();
};
let freshN = 0;
const companyOf = (side: Side) => (side === 'own' ? A : B);
const facilityBody = (code: string, operatorUbn: string, lon: number, storageCode: string) => ({
  code, name: `Facility ${code}`, kind: 'container_yard', area: square(lon, 22.6), operatorUbn, storageCodes: [storageCode],
});
const routeBody = (code: string, origin: string, destination: string) => ({
  code, origin, destination, path: { type: 'LineString', coordinates: [[120.3, 22.6], [120.5, 22.6]] }, maxDurationMin: 60,
});
const noteBody = (side: Side) => {
  const s = side === 'own' ? 'A' : 'B';
  return {
    cnNo: OBJ.cn[side], function: '9', senderUbn: companyOf(side), origin: `F${s}1`, destination: `F${s}2`, routeCode: `RT-${s}`,
    containers: [{ no: OBJ.container[side], sealType: 'truck_eseal', sealNos: [OBJ.seal[side]] }],
    plate: OBJ.vehicle[side], driverId: OBJ.driver[side], transportCategory: 1, releaseCode: '1', requiresConfirmation: true,
  };
};

/** The current representation of a registry record: a PUT of it changes nothing. */
const current = (path: (side: Side) => string) => async (side: Side) => (await t.request('GET', `${V1}${path(side)}`, t.adminKey)).json();

/** Risk analysis objects that need not exist: a 404 naming them shows the caller got through. */
made.riskDeclaration = { own: 'D-NONE', other: 'D-NONE' };
made.riskModel = { own: '999999', other: '999999' };
made.riskAspect = { own: 'importer', other: 'importer' };
const notFoundOf = (what: string) => (status: number, body: string) => status === 404 && body.includes(what);

// One row per operation of the API. Keep it in the document's order.
const ROWS: Row[] = [
  { op: 'POST /api/v1/auth/login', roles: 'public', publicOutcome: 401, body: (_side, role) => ({ username: `nobody.${role}`, password: 'wrong password' }),
    why: 'answers 401 for bad credentials, whoever asks (an unknown account per caller: five failures on one account are throttled)' },
  { op: 'POST /api/v1/auth/logout', roles: ALL, last: true },
  { op: 'GET /api/v1/auth/me', roles: ALL },
  {
    op: 'POST /api/v1/auth/password', roles: ALL, body: () => ({ currentPassword: 'not the password', newPassword: 'a new long password' }),
    why: 'a person changes their own password (a wrong current one is 422: got through); an API key has none (403)',
    through: (status, body) => status === 403 && body.includes('API key'),
  },
  { op: 'POST /api/v1/companies', roles: ADMIN, body: () => ({}) },
  { op: 'GET /api/v1/companies', roles: ALL },
  { op: 'GET /api/v1/companies/{ubn}', roles: ALL, scoped: true, params: { ubn: 'company' } },
  {
    op: 'PUT /api/v1/companies/{ubn}', roles: ADMIN, params: { ubn: 'company' },
    // The company as it is (it has no contact yet): a PUT of it changes nothing.
    body: async (side) => {
      const c = await current((s) => `/companies/${made.company[s]}`)(side);
      return { ubn: c.ubn, name: c.name, roles: c.roles };
    },
  },
  // No contact: the company has none yet, so the PUT changes nothing.
  { op: 'PUT /api/v1/companies/{ubn}/contact', roles: CONTACT_KEEPERS, scoped: true, params: { ubn: 'company' }, body: () => ({}) },
  { op: 'POST /api/v1/users', roles: ['customs_admin', 'yard_operator', 'fleet_operator'], body: () => ({}) },
  { op: 'GET /api/v1/users', roles: ALL, why: 'everyone lists the people of their own company' },
  { op: 'GET /api/v1/users/{id}', roles: ALL, scoped: true, params: { id: 'user' } },
  ...(['disable', 'enable', 'password'] as const).map((action): Row => ({
    op: `POST /api/v1/users/{id}/${action}`, roles: MANAGERS, scoped: true, params: { id: 'user' }, fresh: freshUser,
    body: action === 'password' ? () => ({ password: 'a new long password' }) : undefined,
    why: 'whoever may create an account of those roles for that company manages it',
  })),
  { op: 'DELETE /api/v1/users/{id}/sessions', roles: MANAGERS, scoped: true, params: { id: 'user' }, fresh: freshUser },
  {
    op: 'PUT /api/v1/users/{id}/access', roles: MANAGERS, scoped: true, params: { id: 'user' }, fresh: freshUser,
    body: (_side, role) => ({ roles: role === 'yard_operator' ? ['responsible_person'] : role === 'fleet_operator' ? ['fleet_operator'] : ['trader'] }),
    why: 'whoever may give those roles in that company sets them (the roles the fresh account already has)',
  },
  { op: 'POST /api/v1/api-keys', roles: ['customs_admin', 'yard_operator', 'fleet_operator'], body: () => ({}) },
  { op: 'GET /api/v1/api-keys', roles: ['customs_admin', 'yard_operator', 'fleet_operator'] },
  { op: 'DELETE /api/v1/api-keys/{id}', roles: ['customs_admin', 'yard_operator', 'fleet_operator'], scoped: true, params: { id: 'key' }, fresh: async (side) => freshKey(side) },
  { op: 'GET /api/v1/audit', roles: ALL, why: 'customs reads every entry; anyone else only the entries of its own company’s people and keys' },
  { op: 'POST /api/v1/facilities', roles: ADMIN, body: () => ({}) },
  { op: 'GET /api/v1/facilities', roles: ALL },
  { op: 'GET /api/v1/facilities/{code}', roles: ALL, params: { code: 'facility' }, why: 'reference data: every caller reads every facility' },
  { op: 'PUT /api/v1/facilities/{code}', roles: ADMIN, params: { code: 'facility' }, body: current((s) => `/facilities/${OBJ.facility[s]}`) },
  { op: 'DELETE /api/v1/facilities/{code}', roles: ADMIN, params: { code: 'facility' }, fresh: async () => freshFacility() },
  { op: 'POST /api/v1/routes', roles: ADMIN, body: () => ({}) },
  { op: 'GET /api/v1/routes', roles: ALL },
  { op: 'GET /api/v1/routes/{code}', roles: ALL, params: { code: 'route' }, why: 'reference data' },
  { op: 'PUT /api/v1/routes/{code}', roles: ADMIN, params: { code: 'route' }, body: current((s) => `/routes/${OBJ.route[s]}`) },
  { op: 'DELETE /api/v1/routes/{code}', roles: ADMIN, params: { code: 'route' }, fresh: async () => freshRoute() },
  { op: 'POST /api/v1/vehicles', roles: ['customs_admin', 'fleet_operator'], body: () => ({}) },
  { op: 'GET /api/v1/vehicles', roles: ALL },
  {
    op: 'GET /api/v1/vehicles/{plate}', roles: ALL, scoped: true, seeOther: ['yard_operator', 'responsible_person'], params: { plate: 'vehicle' },
    why: 'a yard checks any vehicle named on a CN at its gate (src/access/registry.ts)',
  },
  { op: 'PUT /api/v1/vehicles/{plate}', roles: ['customs_admin', 'fleet_operator'], scoped: true, params: { plate: 'vehicle' }, body: current((s) => `/vehicles/${OBJ.vehicle[s]}`) },
  { op: 'DELETE /api/v1/vehicles/{plate}', roles: ['customs_admin', 'fleet_operator'], scoped: true, params: { plate: 'vehicle' }, fresh: async (side) => freshVehicle(side) },
  { op: 'POST /api/v1/drivers', roles: ['customs_admin', 'fleet_operator'], body: () => ({}) },
  { op: 'GET /api/v1/drivers', roles: ALL },
  {
    op: 'GET /api/v1/drivers/{nationalId}', roles: ALL, scoped: true, seeOther: ['yard_operator', 'responsible_person'], params: { nationalId: 'driver' },
    why: 'a yard checks any driver named on a CN at its gate (src/access/registry.ts)',
  },
  { op: 'PUT /api/v1/drivers/{nationalId}', roles: ['customs_admin', 'fleet_operator'], scoped: true, params: { nationalId: 'driver' }, body: current((s) => `/drivers/${OBJ.driver[s]}`) },
  { op: 'DELETE /api/v1/drivers/{nationalId}', roles: ['customs_admin', 'fleet_operator'], scoped: true, params: { nationalId: 'driver' }, fresh: async (side) => freshDriver(side) },
  { op: 'POST /api/v1/devices', roles: ['customs_admin', 'fleet_operator', 'supplier'], body: () => ({}) },
  { op: 'GET /api/v1/devices', roles: ['customs_admin', 'customs_officer', 'fleet_operator', 'supplier'] },
  { op: 'GET /api/v1/devices/health', roles: ['customs_admin', 'customs_officer', 'fleet_operator', 'supplier'], why: 'the devices the caller may read (its own company, customs all)' },
  { op: 'GET /api/v1/devices/{id}', roles: ['customs_admin', 'customs_officer', 'fleet_operator', 'supplier'], scoped: true, params: { id: 'obu' } },
  { op: 'PUT /api/v1/devices/{id}', roles: ['customs_admin', 'fleet_operator', 'supplier'], scoped: true, params: { id: 'obu' }, body: current((s) => `/devices/${OBJ.obu[s]}`) },
  { op: 'DELETE /api/v1/devices/{id}', roles: ['customs_admin', 'fleet_operator', 'supplier'], scoped: true, params: { id: 'obu' }, fresh: async (side) => freshDevice(side) },
  { op: 'POST /api/v1/devices/{id}/secret', roles: ['customs_admin', 'fleet_operator', 'supplier'], scoped: true, params: { id: 'obu' } },
  { op: 'GET /api/v1/responsible-persons', roles: ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'] },
  {
    op: 'PUT /api/v1/responsible-persons/{userId}/storage-codes', roles: ['customs_admin', 'yard_operator'], scoped: true, params: { userId: 'rp' },
    body: (side) => ({ storageCodes: [side === 'own' ? 'SA1' : 'SB1'] }),
  },
  { op: 'POST /api/v1/transport-notes', roles: ['customs_admin', 'customs_officer', 'yard_operator'], body: () => ({}), why: 'customs may file a CN on a yard’s behalf' },
  { op: 'GET /api/v1/transport-notes', roles: ALL },
  {
    op: 'GET /api/v1/transport-notes/{cnNo}', roles: ALL, scoped: true, params: { cnNo: 'cn' },
    why: 'questionable, kept: a person of the sending company (a driver too, when its fleet also sends CNs) reads the company’s CNs (src/transport-notes/access.ts)',
  },
  { op: 'POST /api/v1/transport-notes/{cnNo}/confirmation', roles: ['customs_admin', 'customs_officer', 'responsible_person'], scoped: true, params: { cnNo: 'cn' }, body: () => ({ note: 'door checked' }) },
  { op: 'POST /api/v1/transport-notes/upload', roles: ['customs_admin', 'customs_officer', 'yard_operator'], body: () => ({}) },
  { op: 'GET /api/v1/transport-notes/upload/layouts', roles: ALL },
  { op: 'POST /api/v1/webhooks', roles: ['customs_admin', 'customs_officer', 'yard_operator'], body: () => ({}), why: 'customs officers set up deliveries for yards (src/api/routes/webhooks.ts MANAGERS)' },
  { op: 'GET /api/v1/webhooks', roles: ['customs_admin', 'customs_officer', 'yard_operator'] },
  { op: 'GET /api/v1/webhooks/{id}', roles: ['customs_admin', 'customs_officer', 'yard_operator'], scoped: true, params: { id: 'webhook' } },
  { op: 'DELETE /api/v1/webhooks/{id}', roles: ['customs_admin', 'customs_officer', 'yard_operator'], scoped: true, params: { id: 'webhook' }, fresh: async (side) => freshWebhook(side) },
  { op: 'GET /api/v1/webhooks/{id}/deliveries', roles: ['customs_admin', 'customs_officer', 'yard_operator'], scoped: true, params: { id: 'webhook' } },
  { op: 'POST /api/v1/webhooks/{id}/test', roles: ['customs_admin', 'customs_officer', 'yard_operator'], scoped: true, params: { id: 'webhook' } },
  { op: 'POST /api/v1/telemetry', roles: [], body: () => ({}), why: 'devices send with their own credentials (Basic) or through a gateway key scoped to them (telemetry-credentials.test.ts); no session or ordinary key' },
  { op: 'GET /api/v1/trips', roles: ALL },
  { op: 'GET /api/v1/trips/{id}', roles: ALL, scoped: true, params: { id: 'trip' } },
  { op: 'GET /api/v1/trips/{id}/track', roles: ALL, scoped: true, params: { id: 'trip' } },
  { op: 'GET /api/v1/vehicles/{plate}/positions', roles: ALL, params: { plate: 'vehicle' }, why: 'a list filtered by the trip rule: another company\'s vehicle answers no positions (vehicle-history.test.ts)' },
  { op: 'GET /api/v1/alerts', roles: ALL },
  { op: 'GET /api/v1/alerts/{id}', roles: ALL, scoped: true, params: { id: 'alert' } },
  { op: 'POST /api/v1/alerts/{id}/ack', roles: CUSTOMS, params: { id: 'alert' }, body: () => ({}) },
  { op: 'POST /api/v1/alerts/{id}/assign', roles: CUSTOMS, params: { id: 'alert' }, body: () => ({}) },
  { op: 'POST /api/v1/alerts/{id}/notes', roles: CUSTOMS, params: { id: 'alert' }, body: () => ({}) },
  { op: 'POST /api/v1/alerts/{id}/resolve', roles: CUSTOMS, params: { id: 'alert' }, body: () => ({}) },
  { op: 'GET /api/v1/alerts/{id}/context', roles: CUSTOMS, params: { id: 'alert' }, why: 'phones and contacts: for the customs officer handling the alert' },
  { op: 'POST /api/v1/alerts/ack', roles: CUSTOMS, body: () => ({}) },
  { op: 'GET /api/v1/alert-procedures', roles: CUSTOMS },
  { op: 'GET /api/v1/alert-procedures/{alertType}', roles: CUSTOMS, params: { alertType: 'alertType' } },
  { op: 'PUT /api/v1/alert-procedures/{alertType}', roles: ADMIN, params: { alertType: 'alertType' }, body: () => ({}) },
  { op: 'DELETE /api/v1/alert-procedures/{alertType}', roles: ADMIN, params: { alertType: 'alertType' } },
  { op: 'GET /api/v1/containers/{containerNo}', roles: ALL, scoped: true, params: { containerNo: 'container' } },
  { op: 'POST /api/v1/gate-events', roles: ['customs_admin', 'customs_officer', 'yard_operator'], body: () => ({}) },
  { op: 'POST /api/v1/ocr', roles: ['customs_admin', 'customs_officer', 'yard_operator'], body: () => ({}), why: 'a JSON body is answered 415: the picture goes as image/* or multipart' },
  { op: 'POST /api/v1/seals/{sealId}/unseal', roles: ['customs_admin', 'customs_officer', 'responsible_person'], scoped: true, params: { sealId: 'seal' }, body: () => ({ reason: 'inspection' }) },
  { op: 'POST /api/v1/offline-unseal/applications', roles: ['responsible_person'], body: () => ({}) },
  { op: 'GET /api/v1/offline-unseal/applications', roles: ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'] },
  { op: 'GET /api/v1/offline-unseal/applications/{id}', roles: ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'], scoped: true, params: { id: 'application' } },
  { op: 'POST /api/v1/offline-unseal/applications/{id}/approve', roles: CUSTOMS, params: { id: 'application' }, body: () => ({}) },
  { op: 'POST /api/v1/offline-unseal/applications/{id}/reject', roles: CUSTOMS, params: { id: 'application' }, body: () => ({}) },
  { op: 'POST /api/v1/offline-unseal/applications/{id}/revoke', roles: CUSTOMS, params: { id: 'application' }, body: () => ({}) },
  { op: 'GET /api/v1/offline-unseal/permission', roles: ['customs_admin', 'customs_officer', 'responsible_person'] },
  { op: 'POST /api/v1/seals/{sealId}/offline-unseal-tokens', roles: ['customs_admin', 'customs_officer', 'responsible_person'], scoped: true, params: { sealId: 'seal' } },
  { op: 'POST /api/v1/offline-unseal/records', roles: ['customs_admin', 'customs_officer', 'responsible_person'], body: () => ({}) },
  { op: 'GET /api/v1/seals/{sealId}/offline-unseal-records', roles: ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'], params: { sealId: 'seal' }, why: 'a list filtered to the caller’s company: another company’s seal lists nothing (200, empty)' },
  { op: 'GET /api/v1/keys/unseal', roles: 'public', why: 'the public key seals and phones verify offline-unseal tokens with' },
  { op: 'GET /api/v1/keys/unseal/all', roles: 'public', why: 'the public keys, current and retired' },
  { op: 'POST /api/v1/field/driver/session', roles: ['driver'], body: (side) => ({ nationalId: OBJ.driver[side], plate: OBJ.vehicle[side] }), why: 'body-named: another fleet’s driver is 422, like an unknown one' },
  { op: 'DELETE /api/v1/field/driver/session', roles: ['driver'] },
  { op: 'GET /api/v1/field/driver/task', roles: ['driver'] },
  { op: 'POST /api/v1/field/driver/seals/pair', roles: ['driver'], body: (side) => ({ sealId: OBJ.seal[side], obuId: OBJ.obu[side] }) },
  { op: 'GET /api/v1/field/pending-confirmations', roles: ['customs_admin', 'customs_officer', 'responsible_person'] },
  { op: 'POST /api/v1/field/confirmations', roles: ['customs_admin', 'customs_officer', 'responsible_person'], body: () => ({}) },
  { op: 'GET /api/v1/field/seals', roles: ['customs_admin', 'customs_officer', 'responsible_person'] },
  { op: 'GET /api/v1/field/seals/{sealId}', roles: ['customs_admin', 'customs_officer', 'responsible_person'], scoped: true, params: { sealId: 'seal' } },
  {
    op: 'GET /api/v1/photos/{id}', roles: ALL, scoped: true, params: { id: 'photo' },
    through: (status, body) => status === 404 && body.includes('The file of photo'), why: 'the test stores no file: "no file" shows the caller got through',
  },
  { op: 'GET /api/v1/photos/{id}/meta', roles: ALL, scoped: true, params: { id: 'photo' } },
  { op: 'GET /api/v1/photos', roles: ALL },
  { op: 'GET /api/v1/settings/alert-params', roles: CUSTOMS },
  { op: 'PUT /api/v1/settings/alert-params', roles: ADMIN, body: () => ({}) },
  { op: 'GET /api/v1/search', roles: ALL },
  { op: 'GET /api/v1/stats/overview', roles: CUSTOMS },
  { op: 'GET /api/v1/quarantine', roles: ADMIN },
  { op: 'GET /api/v1/notifications/push/key', roles: ALL },
  { op: 'GET /api/v1/notifications/preferences', roles: ALL, why: "a person's own; API keys have none (test/notifications/api.test.ts)" },
  { op: 'PUT /api/v1/notifications/preferences', roles: ALL, body: () => ({ rules: [] }) },
  { op: 'GET /api/v1/notifications/push/subscriptions', roles: ALL },
  { op: 'POST /api/v1/notifications/push/subscriptions', roles: ALL, body: () => ({}) },
  {
    op: 'DELETE /api/v1/notifications/push/subscriptions/{id}', roles: ALL, params: { id: 'pushSubscription' }, fresh: async (_side, role) => freshPushSubscription(role),
    why: "each person removes only their own browsers: another person's is 404 to anyone, customs included (test/notifications/api.test.ts)",
  },
  { op: 'POST /api/v1/risk/declarations', roles: CUSTOMS, body: () => ({}), why: 'risk analysis is customs’ own work' },
  { op: 'GET /api/v1/risk/declarations', roles: CUSTOMS },
  { op: 'POST /api/v1/risk/history', roles: ADMIN, body: () => ({}) },
  { op: 'GET /api/v1/risk/declarations/{id}', roles: CUSTOMS, params: { id: 'riskDeclaration' }, through: notFoundOf('Declaration') },
  { op: 'POST /api/v1/risk/declarations/{id}/outcome', roles: CUSTOMS, params: { id: 'riskDeclaration' }, body: () => ({}) },
  { op: 'GET /api/v1/risk/distribution', roles: CUSTOMS },
  { op: 'GET /api/v1/risk/aspects/{aspect}', roles: CUSTOMS, params: { aspect: 'riskAspect' } },
  { op: 'POST /api/v1/risk/selection', roles: CUSTOMS, body: () => ({}) },
  { op: 'GET /api/v1/risk/drift', roles: CUSTOMS },
  { op: 'GET /api/v1/risk/models', roles: CUSTOMS },
  { op: 'POST /api/v1/risk/models', roles: ADMIN, body: () => ({}), why: 'no outcomes here to learn from: 409 shows the caller got through' },
  { op: 'POST /api/v1/risk/models/{id}/use', roles: ADMIN, params: { id: 'riskModel' }, through: notFoundOf('Risk model') },
  { op: 'GET /api/v1/risk/watchlist', roles: CUSTOMS },
  { op: 'POST /api/v1/risk/watchlist', roles: CUSTOMS, body: () => ({}) },
  { op: 'DELETE /api/v1/risk/watchlist/{id}', roles: CUSTOMS, params: { id: 'riskModel' }, through: notFoundOf('Watchlist entry') },
  { op: 'POST /api/v1/risk/party-events', roles: CUSTOMS, body: () => ({}) },
  { op: 'GET /api/v1/risk/parties', roles: CUSTOMS },
  { op: 'GET /api/v1/risk/trips/{tripId}', roles: CUSTOMS, params: { tripId: 'trip' } },
  { op: 'GET /api/v1/reports/{report}', roles: CUSTOMS, params: { report: 'report' }, why: 'reports span every company' },
  { op: 'POST /api/v1/reports/jobs', roles: CUSTOMS, body: () => ({}) },
  { op: 'GET /api/v1/reports/jobs/{id}', roles: CUSTOMS, params: { id: 'reportJob' } },
  { op: 'GET /api/v1/reports/jobs/{id}/result', roles: CUSTOMS, params: { id: 'reportJob' } },
  { op: 'GET /api/v1/reports/schedules', roles: CUSTOMS },
  { op: 'POST /api/v1/reports/schedules', roles: ADMIN, body: () => ({}) },
  { op: 'DELETE /api/v1/reports/schedules/{id}', roles: ADMIN, params: { id: 'schedule' }, fresh: async () => freshSchedule() },
  { op: 'GET /api/v1/cases', roles: CASE_READERS, why: 'a judicial company lists the cases referred to it (src/access/cases.ts)' },
  { op: 'POST /api/v1/cases', roles: CUSTOMS, body: () => ({}) },
  { op: 'GET /api/v1/cases/{id}', roles: CASE_READERS, scoped: true, params: { id: 'case' }, why: 'own: referred to company A; other: referred to B' },
  ...(['notes', 'alerts', 'referrals', 'outcome'] as const).map((sub): Row => ({ op: `POST /api/v1/cases/{id}/${sub}`, roles: CUSTOMS, params: { id: 'case' }, body: () => ({}) })),
  { op: 'POST /api/v1/cases/{id}/close', roles: CUSTOMS, params: { id: 'case' }, fresh: async () => freshCase() },
  { op: 'GET /api/v1/cases/{id}/evidence', roles: CASE_READERS, scoped: true, params: { id: 'case' } },
  { op: 'POST /api/v1/evidence/verify', roles: CASE_READERS, why: 'anyone who may hold a package checks it (a non-ZIP body is answered "not a ZIP file")' },
  { op: 'GET /api/v1/tickets', roles: ALL },
  { op: 'POST /api/v1/tickets', roles: ALL, body: () => ({}) },
  { op: 'GET /api/v1/tickets/{id}', roles: ALL, scoped: true, params: { id: 'ticket' } },
  { op: 'PATCH /api/v1/tickets/{id}', roles: ALL, scoped: true, params: { id: 'ticket' }, body: () => ({ comment: 'any news?' }), why: 'the reporter’s company comments; status and assignee are the desk’s (desk-and-rollout.test.ts)' },
  { op: 'GET /api/v1/settings/truck-eseal-rollout', roles: CUSTOMS },
  { op: 'PUT /api/v1/settings/truck-eseal-rollout', roles: ADMIN, body: () => ({}) },
  { op: 'POST /api/v1/clearances', roles: CUSTOMS, body: () => ({}), why: 'the customs clearance system sends clearances' },
  { op: 'POST /api/v1/clearances/import', roles: CUSTOMS, body: () => ({}) },
  {
    op: 'GET /api/v1/declarations/{declarationNo}', roles: ALL, scoped: true, params: { declarationNo: 'declaration' },
    why: 'customs, and the company named as the importer on the clearance (src/access/movements.ts)',
  },
  { op: 'GET /api/v1/portal/announcements', roles: 'public', why: 'the portal’s public home: what customs publishes' },
  { op: 'GET /api/v1/portal/announcements/{id}/file', roles: 'public', params: { id: 'announcement' }, why: 'downloads customs publishes' },
  { op: 'POST /api/v1/portal/announcements', roles: ADMIN, body: () => ({}) },
  { op: 'DELETE /api/v1/portal/announcements/{id}', roles: ADMIN, params: { id: 'announcement' }, fresh: async () => freshAnnouncement() },
  { op: 'GET /api/v1/portal/certified-devices', roles: 'public', why: 'the published list of certified device models' },
  { op: 'GET /api/v1/portal/approved-fleets', roles: 'public', why: 'the published list of fleets meeting the requirements' },
  { op: 'POST /api/v1/portal/applications', roles: PORTAL_APPLICANTS, body: () => ({}), why: 'the trade files for its own company (src/access/portal.ts)' },
  { op: 'GET /api/v1/portal/applications', roles: PORTAL_READERS },
  { op: 'GET /api/v1/portal/applications/{id}', roles: PORTAL_READERS, scoped: true, params: { id: 'portalApplication' } },
  { op: 'POST /api/v1/portal/applications/{id}/decision', roles: CUSTOMS, params: { id: 'portalApplication' }, body: () => ({ decision: 'in_review' }), why: 'the second decision is 409: got through' },
  { op: 'GET /api/v1/portal/subscriptions', roles: ['trader'] },
  { op: 'POST /api/v1/portal/subscriptions', roles: ['trader'], body: () => ({ declarationNo: 'AA1234567890' }) },
  {
    op: 'DELETE /api/v1/portal/subscriptions/{declarationNo}', roles: ['trader'], params: { declarationNo: 'declaration' },
    through: (status, body) => status === 404 && body.includes('Subscription'), why: 'a person’s own subscriptions only: one they do not hold is 404 “subscription”',
  },
  {
    op: 'GET /api/v1/portal/declarations/{declarationNo}/containers/{containerNo}', roles: ALL, scoped: true, params: { declarationNo: 'declaration', containerNo: 'container' },
    why: 'the declaration query’s rule (src/access/movements.ts): customs and the importer',
  },
  { op: 'GET /api/v1/portal/device-health', roles: ['customs_admin', 'customs_officer', 'fleet_operator', 'supplier'] },
  { op: 'POST /api/v1/transport-notes/validate', roles: ['customs_admin', 'customs_officer', 'yard_operator'], body: () => ({}) },
  { op: 'GET /api/v1/portal/transport-notes', roles: ALL, why: 'a list filtered by the note policy' },
  { op: 'GET /api/v1/transport-notes/{cnNo}/pdf', roles: ALL, scoped: true, params: { cnNo: 'cn' }, why: 'whoever reads the note prints it' },
  { op: 'POST /api/v1/yard-events', roles: ['customs_admin', 'customs_officer', 'yard_operator'], body: () => ({}), why: 'terminal operating systems report for the facilities their company operates' },
  { op: 'POST /api/v1/gate-events/images', roles: ['customs_admin', 'customs_officer', 'yard_operator'], body: () => ({}) },
  { op: 'GET /api/v1/lanes', roles: CUSTOMS },
  { op: 'GET /api/v1/gate-passages/{id}', roles: CUSTOMS, params: { id: 'passage' } },
  { op: 'POST /api/v1/gate-passages/{id}/release', roles: CUSTOMS, params: { id: 'passage' }, body: () => ({ reason: 'checked' }) },
  { op: 'POST /api/v1/gate-passages/{id}/refuse', roles: CUSTOMS, params: { id: 'passage' }, body: () => ({ reason: 'checked' }) },
  { op: 'GET /api/v1/traffic', roles: ALL, why: 'port traffic status: counts per facility and lane, no plates or containers' },
  { op: 'GET /api/v1/containers/{containerNo}/history', roles: CUSTOMS, params: { containerNo: 'container' } },
  { op: 'GET /api/v1/movements/exceptions', roles: CUSTOMS },
  { op: 'GET /healthz', roles: 'public', why: 'a liveness probe carries no credentials and learns only that the process answers' },
  { op: 'GET /readyz', roles: 'public', publicOutcome: 503, why: 'a readiness probe carries no credentials; 503 here, where no engine runs' },
  { op: 'GET /metrics', roles: ADMIN },
  { op: 'GET /api/v1/field/passive/tasks', roles: ['customs_admin', 'customs_officer', 'responsible_person', 'yard_operator'], why: 'a list filtered to the facilities the caller answers for' },
  { op: 'POST /api/v1/seal-reads', roles: ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'], body: () => ({}), why: 'who reads seals at the places they answer for (src/access/seal-reads.ts); a driver does not attest to its own seals' },
  { op: 'POST /api/v1/seal-reads/photos', roles: ['customs_admin', 'customs_officer', 'yard_operator', 'responsible_person'] },
  { op: 'GET /api/v1/seals/{sealNo}/reads', roles: ALL, scoped: true, params: { sealNo: 'seal' }, why: 'the reads its company took, or taken under a CN the caller sees' },
  { op: 'GET /api/v1/seals/{sealNo}/display', roles: ALL, scoped: true, params: { sealNo: 'seal' }, why: 'whoever sees the seal’s CN' },
  { op: 'GET /api/v1/stream', roles: ALL, why: 'a WebSocket upgrade, outside app.inject: test/stream and test/api/scoping.test.ts' },
];

async function freshKey(side: Side): Promise<string> {
  const key = newSecret('swk');
  const keyId = newId('key');
  await t.tdb.db.query(`insert into api_keys (id, company_ubn, name, prefix, key_hash, roles) values ($1,$2,'fresh',$3,$4,$5)`, [
    keyId, companyOf(side), key.slice(0, 8), sha256(key), ['trader'],
  ]);
  return keyId;
}
/** An account the caller may manage, were it of the caller's company: of a role the caller hands out. */
async function freshUser(side: Side, caller: Role): Promise<string> {
  const userId = newId('usr');
  const roles = caller === 'yard_operator' ? ['responsible_person'] : caller === 'fleet_operator' ? ['fleet_operator'] : ['trader'];
  await t.tdb.db.query(`insert into users (id, username, name, company_ubn, roles, storage_codes, password_hash) values ($1,$2,'Fresh',$3,$4,'{}','x')`, [
    userId, userId, companyOf(side), roles,
  ]);
  return userId;
}
async function freshFacility(): Promise<string> {
  const code = `FX${++freshN}`;
  await adminOk('POST', '/facilities', facilityBody(code, A, 121 + freshN / 100, `SX${freshN}`));
  return code;
}
async function freshRoute(): Promise<string> {
  const code = `RT-X${++freshN}`;
  await adminOk('POST', '/routes', routeBody(code, 'FA1', 'FA2'));
  return code;
}
async function freshVehicle(side: Side): Promise<string> {
  const plate = `KNB${7000 + ++freshN}`;
  await adminOk('POST', '/vehicles', { plate, kind: 'tractor', category: 1, fleetUbn: companyOf(side) });
  return plate;
}
/** A valid national ID for each fresh driver: the check digit found by trying each. */
function nationalIdFor(n: number): string {
  const stem = `C1${String(2000000 + n).slice(-7)}`.slice(0, 9);
  for (let d = 0; d <= 9; d++) if (validateNationalId(`${stem}${d}`).ok) return `${stem}${d}`;
  throw new Error(`no check digit for ${stem}`);
}
async function freshDriver(side: Side): Promise<string> {
  const nationalId = nationalIdFor(++freshN);
  await adminOk('POST', '/drivers', { nationalId, name: 'Fresh', fleetUbn: companyOf(side) });
  return nationalId;
}
async function freshDevice(side: Side): Promise<string> {
  const deviceId = `DEV-X${++freshN}`;
  await adminOk('POST', '/devices', { id: deviceId, kind: 'seal', ownerUbn: companyOf(side) });
  return deviceId;
}
async function freshSchedule(): Promise<string> {
  const scheduleId = newId('rsch');
  await t.tdb.db.query(`insert into report_schedules (id, name, report, filters, format, cadence, recipients, next_run_at, created_by)
    values ($1, 'fresh', 'trips', '{}', 'csv', 'daily', '{ops@customs.example}', now() + interval '1 day', 'test')`, [scheduleId]);
  return scheduleId;
}
async function freshCase(): Promise<string> {
  const caseId = newId('case');
  await t.tdb.db.query(`insert into cases (id, title, status, created_by) values ($1, 'fresh', 'open', 'test')`, [caseId]);
  return caseId;
}
async function freshAnnouncement(): Promise<string> {
  const annId = newId('ann');
  await t.tdb.db.query(`insert into portal_announcements (id, kind, title, published_by) values ($1, 'news', 'Fresh', 'test')`, [annId]);
  return annId;
}
async function freshWebhook(side: Side): Promise<string> {
  const webhookId = newId('wh');
  await t.tdb.db.query(`insert into webhook_subscriptions (id, company_ubn, url, events, secret, created_by) values ($1,$2,$3,$4,'s','test')`, [
    webhookId, companyOf(side), 'https://yard.example/hook', ['transportNote.incoming'],
  ]);
  return webhookId;
}

/** A browser subscribed by the matrix's caller of this role. */
async function freshPushSubscription(role: Role): Promise<string> {
  const subId = newId('psub');
  await t.tdb.db.query(
    `insert into push_subscriptions (id, user_id, endpoint, p256dh, auth) select $1, id, $2, 'k', 'a' from users where username = $3`,
    [subId, `https://push.example/${subId}`, `matrix.${role}`],
  );
  return subId;
}

/** Company A's and B's world: facilities, routes, vehicles, drivers, devices, CNs, trips, alerts, photos, people, keys, webhooks. */
async function setUp(tokens: Map<Role, string>): Promise<void> {
  for (const [s, ubn] of [['A', A], ['B', B]] as const) {
    await t.keyFor(ubn, ['trader'], { companyRoles: ['yard', 'fleet', 'trader', 'supplier'] });
    const lon = s === 'A' ? 120.3 : 120.5;
    await adminOk('POST', '/facilities', facilityBody(`F${s}1`, ubn, lon, `S${s}1`));
    await adminOk('POST', '/facilities', facilityBody(`F${s}2`, ubn, lon + 0.1, `S${s}2`));
    await adminOk('POST', '/routes', routeBody(`RT-${s}`, `F${s}1`, `F${s}2`));
  }
  for (const side of ['own', 'other'] as const) {
    const ubn = companyOf(side);
    await adminOk('POST', '/vehicles', { plate: OBJ.vehicle[side], kind: 'tractor', category: 1, fleetUbn: ubn });
    await adminOk('POST', '/drivers', { nationalId: OBJ.driver[side], name: 'Driver', fleetUbn: ubn, plates: [OBJ.vehicle[side]] });
    await adminOk('POST', '/devices', { id: OBJ.obu[side], kind: 'obu', plate: OBJ.vehicle[side], ownerUbn: ubn });
    await adminOk('POST', '/devices', { id: OBJ.seal[side], kind: 'seal', ownerUbn: ubn });
    await adminOk('POST', '/transport-notes', noteBody(side));
    const visibleTo = [ubn];
    await t.tdb.db.query(
      `insert into trips (trip_id, plate, cn_nos, container_nos, seal_ids, state, origin, destination, visible_to, created_at, updated_at)
       values ($1,$2,$3,$4,$5,'in_transit',$6,$7,$8, now(), now())`,
      [OBJ.trip[side], OBJ.vehicle[side], [OBJ.cn[side]], [OBJ.container[side]], [OBJ.seal[side]], noteBody(side).origin, noteBody(side).destination, visibleTo],
    );
    await t.tdb.db.query(
      `insert into alerts (alert_id, trip_id, plate, cn_nos, alert_type, severity, severity_rank, opened_at, visible_to)
       values ($1,$2,$3,$4,'overdue','high',1, now(), $5)`,
      [OBJ.alert[side], OBJ.trip[side], OBJ.vehicle[side], [OBJ.cn[side]], visibleTo],
    );
    await t.tdb.db.query(
      `insert into photos (id, sha256, content_type, size_bytes, store, storage_key, cn_no, container_no, uploaded_by, company_ubn)
       values ($1, $2, 'image/png', 1, 'fs', $1, $3, $4, 'test', $5)`,
      [OBJ.photo[side], '0'.repeat(64), OBJ.cn[side], OBJ.container[side], ubn],
    );
    await t.tdb.db.query(
      `insert into seal_reads (read_id, seal_no, event, facility, reader, read_at, cn_no, recorded_by, company_ubn)
       values ($1, $2, 'applied', $3, 'phone_nfc', now(), $4, 'test', $5)`,
      [`read-${side}`, OBJ.seal[side], noteBody(side).origin, OBJ.cn[side], ubn],
    );
    await t.tdb.db.query(
      `insert into clearances (declaration_no, kind, container_nos, status, status_at, importer_ubn) values ($1,'import',$2,'released',now(),$3)`,
      [OBJ.declaration[side], [OBJ.container[side]], ubn],
    );
    await t.tdb.db.query(
      `insert into portal_announcements (id, kind, category, title, file_name, content_type, content, size_bytes, published_by)
       values ($1, 'download', 'manual', 'Manual', 'manual.txt', 'text/plain', $2, 6, 'test')`,
      [OBJ.announcement[side], Buffer.from('manual')],
    );
    await t.tdb.db.query(
      `insert into portal_applications (id, kind, company_ubn, applicant_id, subject, details) values ($1, 'type_approval', $2, 'test', 'SW-1', '{}')`,
      [OBJ.portalApplication[side], ubn],
    );
    await t.tdb.db.query(
      `insert into gate_passages (id, facility, lane, direction, plate, source, received_at, decision) values ($1,$2,'L1','out',$3,'ocr',now(),'pass')`,
      [OBJ.passage[side], noteBody(side).origin, OBJ.vehicle[side]],
    );
    made.key = { ...made.key, [side]: await freshKey(side) };
    made.webhook = { ...made.webhook, [side]: await freshWebhook(side) };
    made.company = { ...made.company, [side]: ubn };
    const caseId = `case-${side}`;
    await t.tdb.db.query(`insert into cases (id, title, status, created_by) values ($1, 'Case', 'referred', 'test')`, [caseId]);
    await t.tdb.db.query(`insert into case_alerts (case_id, alert_id) values ($1, $2)`, [caseId, OBJ.alert[side]]);
    await t.tdb.db.query(`insert into referrals (id, resource_kind, resource_id, judicial_ubn, referred_by) values ($1, 'case', $2, $3, 'test')`, [newId('ref'), caseId, ubn]);
    made.case = { ...made.case, [side]: caseId };
    const ticketId = `tkt-${side}`;
    await t.tdb.db.query(`insert into tickets (id, category, subject, body, reporter_id, reporter_company, queue, status, priority, sla_due_at)
      values ($1, 'other', 'Help', 'Help', 'test', $2, 'desk', 'open', 'normal', now())`, [ticketId, ubn]);
    made.ticket = { ...made.ticket, [side]: ticketId };
  }
  // The callers: one person per role, of company A (customs of the customs company).
  for (const role of ROLES) {
    const ubn = CUSTOMS.includes(role) ? CUSTOMS_UBN : A;
    tokens.set(role, await t.userFor(ubn, [role], { username: `matrix.${role}`, storageCodes: role === 'responsible_person' ? ['SA1'] : [] }));
  }
  await t.tdb.db.query(`update users set national_id = $1 where username = 'matrix.driver'`, [OBJ.driver.own]);
  made.report = { own: 'trips', other: 'trips' };
  const jobId = newId('rjob');
  const jobFilters = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
  await t.tdb.db.query(`insert into report_jobs (id, report, filters, status, progress, result, created_by) values ($1, 'trips', $2, 'done', 1, $3, 'test')`, [
    jobId, JSON.stringify(jobFilters), JSON.stringify({ report: 'trips', filters: jobFilters, columns: [], rows: [] }),
  ]);
  made.reportJob = { own: jobId, other: jobId };
  made.schedule = { own: 'rsch-unknown', other: 'rsch-unknown' };
  const users = await t.tdb.db.query(`select id, username from users`);
  const userId = (username: string) => users.find((u) => u.username === username)!.id as string;
  await t.userFor(B, ['responsible_person'], { username: 'matrix.rp.b', storageCodes: ['SB1'] });
  const idOfB = (await t.tdb.db.query(`select id from users where username = 'matrix.rp.b'`))[0].id as string;
  made.user = { own: userId('matrix.trader'), other: idOfB };
  made.rp = { own: userId('matrix.responsible_person'), other: idOfB };
  made.pushSubscription = { own: await freshPushSubscription('trader'), other: await freshPushSubscription('trader') };
  made.application = { own: '', other: '' };
  for (const [side, uid, ubn] of [['own', made.rp.own, A], ['other', idOfB, B]] as const) {
    const appId = newId('oua');
    await t.tdb.db.query(`insert into offline_unseal_applications (id, user_id, company_ubn, status) values ($1,$2,$3,'pending')`, [appId, uid, ubn]);
    made.application[side] = appId;
  }
  // The matrix's responsible person also holds the offline-unseal permission (the rows above change the pending one).
  await t.tdb.db.query(`insert into offline_unseal_applications (id, user_id, company_ubn, status) values ($1,$2,$3,'approved')`, [newId('oua'), made.rp.own, A]);
}

function urlOf(row: Row, side: Side, freshId?: string): string {
  const path = row.op.split(' ')[1];
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const kind = row.params?.[name];
    assert.ok(kind, `${row.op}: no kind for {${name}}`);
    return encodeURIComponent(freshId ?? id(kind, side));
  });
}

type Outcome = 'ok' | 401 | 403 | 404 | number;
const OK_STATUSES = new Set([400, 409, 413, 415, 422]);
function classOf(status: number): Outcome {
  if (status < 300 || OK_STATUSES.has(status)) return 'ok';
  return status;
}

describe('authorisation matrix: every operation × every role × own / other company', () => {
  const tokens = new Map<Role, string>();
  before(async () => {
    t = await testApp();
    await setUp(tokens);
  });
  after(() => t.close());

  it('has exactly one row per operation of the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).json();
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const rows = ROWS.map((r) => r.op);
    assert.deepEqual(rows.filter((r, i) => rows.indexOf(r) !== i), [], 'an operation listed twice');
    assert.deepEqual(ops.filter((o) => !rows.includes(o)), [], 'operations of the API missing from the matrix');
    assert.deepEqual(rows.filter((r) => !ops.includes(r)), [], 'rows of the matrix for no operation of the API');
  });

  it('gives every operation the outcome of the table, for every role and company', async () => {
    const failures: string[] = [];
    const check = (row: Row, what: string, got: number, want: Outcome, body: string) => {
      const outcome = row.through?.(got, body) ? 'ok' : classOf(got);
      if (outcome !== want) failures.push(`${row.op} ${what}: expected ${want}, got ${got} ${body.slice(0, 160)}`);
    };
    const ordered = [...ROWS.filter((r) => !r.last), ...ROWS.filter((r) => r.last)];
    for (const row of ordered) {
      if (row.op.endsWith('/stream')) continue;
      const method = row.op.split(' ')[0];
      const send = async (token: string | undefined, side: Side, role: Role | undefined) => {
        const freshId = role && row.fresh ? await row.fresh(side, role) : undefined;
        const body = row.body ? await row.body(side, role ?? 'customs_admin') : method === 'GET' || method === 'DELETE' ? undefined : {};
        return t.request(method, urlOf(row, side, freshId), token, body);
      };
      const anon = await send(undefined, 'own', undefined);
      check(row, 'without credentials', anon.statusCode, row.roles === 'public' ? (row.publicOutcome ?? 'ok') : 401, anon.body);
      for (const role of ROLES) {
        const token = tokens.get(role)!;
        const allowed = row.roles === 'public' || row.roles.includes(role);
        const own = await send(token, 'own', role);
        check(row, `as ${role} (own)`, own.statusCode, row.roles === 'public' ? (row.publicOutcome ?? 'ok') : allowed ? 'ok' : 403, own.body);
        if (!row.scoped) continue;
        const other = await send(token, 'other', role);
        const seesOther = CUSTOMS.includes(role) || (row.seeOther ?? []).includes(role);
        check(row, `as ${role} (other company)`, other.statusCode, !allowed ? 403 : seesOther ? 'ok' : 404, other.body);
      }
    }
    assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
  });
});
