// Replay golden files of point-to-point supervision (CONTRACT section 8): a passive-seal trip, a
// mixed trip and one scenario per alert of section 8 (test/fixtures/replay/make-passive-fixtures.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayLines } from '../../src/replay/replay.ts';
import { PASSIVE_FIXTURES, passiveFixtureText } from '../fixtures/replay/make-passive-fixtures.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'replay');

async function replay(text: string): Promise<string> {
  let out = '';
  for await (const line of replayLines(text.split('\n'))) out += line + '\n';
  return out;
}

const parsed = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

for (const name of PASSIVE_FIXTURES) {
  test(`${name}: output equals the reviewed expectation, byte for byte, on every run`, async () => {
    const text = readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8');
    assert.equal(text, passiveFixtureText(name), 'the fixture file is what its script writes');
    const first = await replay(text);
    assert.equal(first, await replay(text));
    assert.equal(first, readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8'));
  });
}

test('point-to-point scenarios: the states they pass and the one alert each is about', async () => {
  const summary = async (name: string) =>
    parsed(await replay(passiveFixtureText(name))).map((o) =>
      o.type === 'trip' ? o.data.state : o.type === 'alert' ? `+${o.data.alertType}` : o.type === 'command' ? `unlock:${o.data.deviceId}` : o.type);
  assert.deepEqual(await summary('passive-trip'), ['planned', 'sealed', 'in_transit', 'arrived', 'closed']);
  assert.deepEqual(await summary('mixed-trip'), ['planned', 'sealed', 'in_transit', 'arrived', 'unlock:S1', 'closed']);
  assert.deepEqual(await summary('departed-unsealed'), ['planned', 'in_transit', '+departed_unsealed']);
  assert.deepEqual(await summary('seal-mismatch'), ['planned', 'sealed', 'in_transit', '+seal_mismatch']);
  assert.deepEqual(await summary('seal-read-elsewhere'), ['planned', 'sealed', 'in_transit', '+seal_read_elsewhere']);
  assert.deepEqual(await summary('seal-tamper-removed'), ['planned', 'sealed', 'in_transit', '+seal_tamper']);
});

test('a bad sealRead line is named with its field', async () => {
  const { validateInput } = await import('../../src/replay/validate.ts');
  const at = '2025-03-03T08:00:00+08:00';
  assert.equal(validateInput({ at, type: 'sealRead', data: { sealNo: 'P1', event: 'applied', facility: 'KHH-T1', reader: 'phone_nfc' } }), null);
  assert.deepEqual(validateInput({ at, type: 'sealRead', data: { sealNo: 'P1', event: 'opened', facility: 'KHH-T1', reader: 'phone_nfc' } })?.path, 'data.event');
  assert.deepEqual(validateInput({ at, type: 'sealRead', data: { sealNo: 'P1', event: 'checked', reader: 'phone_nfc' } })?.path, 'data.facility');
  assert.deepEqual(validateInput({ at, type: 'sealRead', data: { sealNo: 'P1', event: 'checked', lat: 22.6, reader: 'phone_nfc' } })?.path, 'data.lon');
  assert.deepEqual(validateInput({ at, type: 'sealRead', data: { sealNo: 'P1', event: 'checked', facility: 'X', reader: 'phone_nfc', readAt: 'yesterday' } })?.path, 'data.readAt');
});
