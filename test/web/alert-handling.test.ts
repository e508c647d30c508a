// Handling alerts in the console as an officer meets them: the card says how old the alert is and
// how long is left to the 3-minute acknowledgement target, names the seals (both of a two-seal
// tampering), the driver with a tap-to-call number, the transport company and the yard with their
// contacts, the place by name on a small map, and the procedure for its type; an acknowledged
// critical stays above low alerts; low alerts are acknowledged together; the customs admin edits
// a procedure and the officer reads the new one. Screenshots go to test-artifacts/web/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_PROCEDURES } from '../../src/alert-procedures/defaults.ts';
import { cannotRun, loadSampleReference, login, startHarness, type Harness, type WatchedPage } from './harness.ts';

const FLEET = '53000019';
const YARD = '27000014';

describe('alert handling in the browser', { timeout: 180_000 }, () => {
  let h: Harness;
  let w: WatchedPage;
  let facilityName = '';

  before(async () => {
    const why = cannotRun();
    assert.equal(why, null, why ?? '');
    h = await startHarness();
    const { facilities } = await loadSampleReference(h);
    const f = facilities[0];
    facilityName = f.name.split(' (')[0];
    const [lon, lat] = f.area.coordinates[0][0];
    const db = h.server.db;
    for (const [ubn, name, contact, phone] of [[FLEET, '南星運通', '調度中心', '07-571-0002'], [YARD, '高雄貨櫃場', '值班主管', '07-571-0001']]) {
      await db.query(`insert into companies (ubn, name, roles, contact_name, contact_phone) values ($1, $2, '{fleet,yard}', $3, $4)`, [ubn, name, contact, phone]);
    }
    await db.query(`insert into drivers (national_id, name, fleet_ubn, body, phone) values ('A123456789', '王大明', $1, '{}', '0900-123456')`, [FLEET]);
    await db.query(
      `insert into transport_notes (cn_no, version, status, sender_ubn, origin, destination, plate, driver_id, requires_confirmation, body)
       values ('CN1', 1, 'live', $1, 'AK001', 'AK001', 'KNA6001', 'A123456789', false, $2)`,
      [YARD, JSON.stringify({
        cnNo: 'CN1', function: '9', senderUbn: YARD, origin: 'AK001', destination: 'AK001',
        containers: [{ no: 'CSQU3054383', sealType: 'truck_eseal', sealNos: [] }],
        plate: 'KNA6001', driverId: 'A123456789', transportCategory: 1, requiresConfirmation: false,
      })],
    );
    const alert = (id: string, type: string, severity: string, rank: number, minutesAgo: number, status: string, detail: object = {}) =>
      db.query(
        `insert into alerts (alert_id, alert_type, severity, severity_rank, trip_id, plate, cn_nos, lat, lon, detail, opened_at, status, acknowledged_at, visible_to)
         values ($1, $2, $3, $4, 'TR-CN1', 'KNA6001', '{CN1}', $5, $6, $7, now() - make_interval(mins => $8), $9, case when $9 = 'acknowledged' then now() end, '{}')`,
        [id, type, severity, rank, lat, lon, JSON.stringify(detail), minutesAgo, status],
      );
    await alert('TR-CN1:seal_tamper:1', 'seal_tamper', 'critical', 0, 10, 'acknowledged', { sealId: 'S1', sealIds: ['S1', 'S2'] });
    await alert('TR-CN1:low_battery:1', 'low_battery', 'low', 3, 1, 'open');
    await alert('TR-CN1:low_battery:2', 'low_battery', 'low', 3, 5, 'open');
    await alert('TR-CN1:overdue:1', 'overdue', 'medium', 2, 1, 'open');
    w = await h.newPage();
    await login(w, h);
  });

  after(async () => {
    await h?.close();
  });

  const cards = () => w.page.$$eval('[data-testid=alert-card]', (els) => els.map((e) => [e.getAttribute('data-alert-type'), e.getAttribute('data-status')]));

  it('keeps an acknowledged critical above open lower alerts, and says the age and the time left', async () => {
    await w.page.goto(h.base + '/#/alerts');
    await w.page.waitForSelector('[data-testid=alert-card]');
    assert.deepEqual(await cards(), [
      ['seal_tamper', 'acknowledged'], ['overdue', 'open'], ['low_battery', 'open'], ['low_battery', 'open'],
    ]);
    const low = w.page.locator('[data-alert-id="TR-CN1:low_battery:1"]');
    assert.match((await low.getByTestId('alert-age').textContent()) ?? '', /^已發生 /);
    assert.match((await low.getByTestId('ack-countdown').textContent()) ?? '', /^距 3 分鐘 確認目標尚餘 /);
    const late = w.page.locator('[data-alert-id="TR-CN1:low_battery:2"]');
    assert.match((await late.getByTestId('ack-countdown').textContent()) ?? '', /^已超過 3 分鐘 確認目標 /);
    assert.deepEqual(w.problems.take(), []);
  });

  it('opens a two-seal tampering: both seals, whom to call, where, and what to do', async () => {
    const card = w.page.locator('[data-alert-id="TR-CN1:seal_tamper:1"]');
    await card.locator('.alert-head').click();
    await card.locator('[data-testid=alert-procedure]').waitFor();
    assert.equal(await card.getByTestId('alert-seals').textContent(), 'S1, S2');
    assert.match((await card.getByTestId('alert-driver').textContent()) ?? '', /王大明 \(A123456789\) · 0900-123456/);
    assert.equal(await card.getByTestId('alert-driver').locator('a').getAttribute('href'), 'tel:0900123456');
    assert.match((await card.getByTestId('alert-fleet').textContent()) ?? '', /南星運通 · 調度中心 · 07-571-0002/);
    assert.match((await card.getByTestId('alert-yard').textContent()) ?? '', /高雄貨櫃場 · 值班主管 · 07-571-0001/);
    assert.match((await card.getByTestId('alert-place').textContent()) ?? '', new RegExp(facilityName));
    await card.locator('[data-testid=alert-map][data-ready="1"]').waitFor();
    const steps = await card.locator('[data-testid=alert-procedure] li').allTextContents();
    assert.deepEqual(steps, DEFAULT_PROCEDURES.seal_tamper.zh);
    await w.shot('alert-handling-card');
    assert.deepEqual(w.problems.take(), []);
  });

  it('acknowledges all low alerts at once', async () => {
    await w.page.getByTestId('ack-all-low').click();
    await w.page.getByTestId('bulk-result').waitFor();
    assert.match((await w.page.getByTestId('bulk-result').textContent()) ?? '', /已確認 2 則，0 則未能確認/);
    const rows = await h.server.db.query(`select alert_id, status from alerts where alert_type = 'low_battery' order by alert_id`);
    assert.deepEqual(rows.map((r) => r.status), ['acknowledged', 'acknowledged']);
    await w.page.waitForFunction(() => document.querySelectorAll('[data-testid=alert-card][data-status=open]').length === 1);
    assert.equal(await w.page.getByTestId('ack-all-low').count(), 0, 'nothing low is left to acknowledge');
  });

  it('acknowledges the ticked alerts', async () => {
    const card = w.page.locator('[data-alert-id="TR-CN1:overdue:1"]');
    await card.getByTestId('alert-select').check();
    await w.page.getByTestId('ack-selected').click();
    await w.page.waitForSelector('[data-alert-id="TR-CN1:overdue:1"][data-status=acknowledged]');
    assert.deepEqual(w.problems.take(), []);
  });

  it('lets the customs admin edit a procedure that the card then shows', async () => {
    w.problems.allow(422, '/alert-procedures/');
    const editor = w.page.getByTestId('procedure-editor');
    await editor.getByTestId('procedure-type').selectOption('overdue');
    await editor.getByTestId('procedure-zh').fill('致電駕駛\n通知運達地');
    await editor.getByTestId('procedure-en').fill('Call the driver');
    await editor.getByTestId('procedure-save').click();
    await editor.getByTestId('procedure-message').waitFor();
    assert.match((await editor.getByTestId('procedure-message').textContent()) ?? '', /steps\/en/, 'uneven steps are refused, naming the field');
    await editor.getByTestId('procedure-en').fill('Call the driver\nInform the destination');
    await editor.getByTestId('procedure-save').click();
    await w.page.waitForFunction(() => document.querySelector('[data-testid=procedure-message]')?.textContent === '已儲存');
    const card = w.page.locator('[data-alert-id="TR-CN1:overdue:1"]');
    await card.locator('.alert-head').click();
    await card.locator('[data-testid=alert-procedure] li').first().waitFor();
    assert.deepEqual(await card.locator('[data-testid=alert-procedure] li').allTextContents(), ['致電駕駛', '通知運達地']);
    assert.deepEqual(w.problems.take(), []);
  });
});
