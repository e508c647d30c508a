// Container movements (CONTRACT section 9) through `sealwatch replay`: each alert's scenario
// against its reviewed output, byte for byte, and a clean day at a port raising nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayLines } from '../../src/replay/replay.ts';
import { MOVEMENT_FIXTURES, movementFixtureText } from '../fixtures/replay/make-movement-fixtures.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'replay');

async function replay(text: string): Promise<string> {
  let out = '';
  for await (const line of replayLines(text.split('\n'))) out += line + '\n';
  return out;
}

const parsed = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

for (const name of MOVEMENT_FIXTURES) {
  test(`${name}: the stored fixture is the script's, and the output equals the reviewed expectation`, async () => {
    const text = readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8');
    assert.equal(text, movementFixtureText(name));
    const first = await replay(text);
    assert.equal(first, await replay(text));
    assert.equal(first, readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8'));
  });
}

async function alerts(name: string) {
  return parsed(await replay(movementFixtureText(name))).filter((o) => o.type === 'alert').map((o) => o.data);
}

test('gate_out_unreleased: declared and held containers leaving a terminal, not released ones, not unknown ones, not after a late stale status', async () => {
  const a = await alerts('gate-out-unreleased');
  assert.deepEqual(a.map((x) => [x.alertType, x.containerNo, x.plate, x.detail.clearanceStatus]), [
    ['gate_out_unreleased', 'MSCU1234566', 'KLA7002', 'declared'],
    ['gate_out_unreleased', 'MSCU1234566', 'KLA7002', 'held'],
  ]);
  assert.equal(a[0].tripId, null);
});

test('gate_out_without_cn: release code 1 without a CN, not with one', async () => {
  const a = await alerts('gate-out-without-cn');
  assert.deepEqual(a.map((x) => [x.alertType, x.containerNo, x.detail.releaseCode]), [['gate_out_without_cn', 'TGHU1234567', '1']]);
});

test('loaded_unreleased: an export not released, not a released one, not one with no export clearance', async () => {
  const a = await alerts('loaded-unreleased');
  assert.deepEqual(a.map((x) => [x.alertType, x.containerNo, x.detail.declarationNo]), [['loaded_unreleased', 'OOLU1000018', 'EX13100001']]);
});

test('container_conflict from a seal read: a read in Keelung 20 minutes after a discharge in Kaohsiung; a late-uploaded older read places nothing', async () => {
  const a = await alerts('container-conflict-seal-read');
  assert.deepEqual(a.map((x) => [x.alertType, x.containerNo, x.detail.via, x.detail.facility]), [['container_conflict', 'TGHU1234567', 'seal_read', 'KEL-T2']]);
});

test('container_conflict: Kaohsiung then Keelung in half an hour; a drive across town is fine', async () => {
  const a = await alerts('container-conflict');
  assert.equal(a.length, 1);
  assert.equal(a[0].detail.facility, 'KEL-T2');
  assert.equal(a[0].detail.previous.facility, 'KHH-CY9');
  assert.ok(a[0].detail.distanceKm > 300);
});

test('cn_not_started: a CN whose truck has not left 240 minutes after acceptance', async () => {
  const a = await alerts('cn-not-started');
  assert.deepEqual(a.map((x) => [x.alertType, x.tripId, x.detail.cnNo, x.detail.startWithinMin]), [['cn_not_started', 'TR-CN25000201', 'CN25000201', 240]]);
});

test('a clean day at a port: 400 ordinary trucks and their containers, a CN trip, no alert', async () => {
  const text = movementFixtureText('clean-port-day');
  assert.ok(parsed(text).filter((i) => i.type === 'gateEvent').length >= 800);
  const out = parsed(await replay(text));
  assert.deepEqual(out.filter((o) => o.type === 'alert'), []);
  assert.deepEqual(out.filter((o) => o.type === 'trip').map((o) => o.data.state), ['planned', 'sealed', 'in_transit', 'arrived', 'closed']);
});
