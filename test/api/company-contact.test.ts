// A company keeps its own contact for the monitoring centre current (PUT /companies/{ubn}/contact):
// the people who run its operations change it, audited, by the rules of a whole company's contact;
// its drivers and other companies may not, and a customs admin may change any company's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const V1 = '/api/v1';
const OWN = '12345681';
const OTHER = '12345704';

describe('a company keeps its own contact current', () => {
  let t: TestApp;
  let fleet: string;
  before(async () => {
    t = await testApp();
    fleet = await t.userFor(OWN, ['fleet_operator']);
    await t.userFor(OTHER, ['fleet_operator']);
  });
  after(() => t.close());

  const contactOf = async (ubn: string) => {
    const c = (await t.request('GET', `${V1}/companies/${ubn}`, t.adminKey)).json();
    return { name: c.name, roles: c.roles, contactName: c.contactName, contactPhone: c.contactPhone };
  };

  it('lets a fleet operator change its own company contact, which its company record then shows', async () => {
    const before = await contactOf(OWN);
    const r = await t.request('PUT', `${V1}/companies/${OWN}/contact`, fleet, { contactName: ' 陳調度 ', contactPhone: '07-5612311#21' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().ubn, OWN);
    assert.equal(r.json().contactName, '陳調度', 'stored trimmed');
    const got = (await t.request('GET', `${V1}/companies/${OWN}`, fleet)).json();
    assert.equal(got.contactName, '陳調度');
    assert.equal(got.contactPhone, '07-5612311#21');
    assert.equal(got.name, before.name, 'the name is not touched');
    assert.deepEqual(got.roles, before.roles, 'the roles are not touched');
  });

  it('records the change in the audit trail with the contact before and after', async () => {
    const audit = (await t.request('GET', `${V1}/audit?resource=company&resourceId=${OWN}&action=set_contact`, t.adminKey)).json();
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor.companyUbn, OWN);
    assert.equal(audit[0].before.contactName, null);
    assert.equal(audit[0].after.contactName, '陳調度');
    assert.equal(audit[0].after.contactPhone, '07-5612311#21');
  });

  it('refuses a phone with too few digits with 422, naming the field and the rule, and keeps the contact', async () => {
    const r = await t.request('PUT', `${V1}/companies/${OWN}/contact`, fleet, { contactName: '陳調度', contactPhone: '(07) 12-3' });
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/body/contactPhone', 'phone.digits']]);
    assert.deepEqual(r.json().errors[0].params, { min: 6, actual: 5 });
    const blank = await t.request('PUT', `${V1}/companies/${OWN}/contact`, fleet, { contactName: '   ', contactPhone: '07-5612311' });
    assert.equal(blank.statusCode, 422, blank.body);
    assert.equal(blank.json().errors[0].path, '/body/contactName');
    assert.equal((await contactOf(OWN)).contactPhone, '07-5612311#21');
  });

  it('lets the other roles that run a company change it, and clears a contact sent as null', async () => {
    for (const role of ['yard_operator', 'responsible_person', 'trader', 'supplier'] as const) {
      const token = await t.userFor(OWN, [role]);
      const r = await t.request('PUT', `${V1}/companies/${OWN}/contact`, token, { contactName: `Desk ${role}`, contactPhone: '02-2550-5500' });
      assert.equal(r.statusCode, 200, `${role}: ${r.body}`);
    }
    const cleared = await t.request('PUT', `${V1}/companies/${OWN}/contact`, fleet, { contactName: null, contactPhone: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal(cleared.json().contactName, null);
    assert.equal(cleared.json().contactPhone, null);
    assert.equal((await t.request('PUT', `${V1}/companies/${OWN}/contact`, fleet, { contactName: '陳調度', contactPhone: '07-5612311#21' })).statusCode, 200);
  });

  it('refuses a driver with 403 and a code', async () => {
    const driver = await t.userFor(OWN, ['driver']);
    const r = await t.request('PUT', `${V1}/companies/${OWN}/contact`, driver, { contactName: '司機', contactPhone: '0912-345-678' });
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json().code, 'role.forbidden');
    assert.equal((await contactOf(OWN)).contactName, '陳調度');
  });

  it("answers another company's people 404, as if the company did not exist, and changes nothing", async () => {
    const before = await contactOf(OWN);
    const stranger = await t.userFor(OTHER, ['fleet_operator']);
    const r = await t.request('PUT', `${V1}/companies/${OWN}/contact`, stranger, { contactName: '外人', contactPhone: '02-1234-5678' });
    assert.equal(r.statusCode, 404, r.body);
    assert.equal((await t.request('PUT', `${V1}/companies/99999999/contact`, stranger, {})).statusCode, 404);
    assert.deepEqual(await contactOf(OWN), before);
  });

  it('lets a customs admin change any company contact, and no customs officer', async () => {
    const r = await t.request('PUT', `${V1}/companies/${OTHER}/contact`, t.adminKey, { contactName: '林經理', contactPhone: '+886-2-2550-5500' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await contactOf(OTHER)).contactName, '林經理');
    const admin = await t.userFor(CUSTOMS_UBN, ['customs_admin']);
    assert.equal((await t.request('PUT', `${V1}/companies/${OWN}/contact`, admin, { contactName: '王課長', contactPhone: '07-5612311' })).statusCode, 200);
    const officer = await t.userFor(CUSTOMS_UBN, ['customs_officer']);
    const refused = await t.request('PUT', `${V1}/companies/${OWN}/contact`, officer, { contactName: 'x', contactPhone: '07-5612311' });
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal((await contactOf(OWN)).contactName, '王課長');
  });
});
