import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { replayLines, ReplayInputError } from '../../src/replay/replay.ts';
import { runReplayCommand, type ReplayIo } from '../../src/replay/command.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'replay');
const NAMES = ['clean-trip', 'deviation', 'tamper', 'evasion', 'overdue', 'abnormal-stop', 'signal-loss', 'gate-mismatch'];

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8');
}

async function replay(text: string, params = {}): Promise<string> {
  let out = '';
  for await (const line of replayLines(text.split('\n'), params)) out += line + '\n';
  return out;
}

function parsed(text: string): { at: string; type: string; data: Record<string, unknown> }[] {
  return text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function fakeIo(stdinText = ''): ReplayIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    write: async (chunk: string) => {
      io.out += chunk;
    },
    error: (m: string) => {
      io.err += m + '\n';
    },
    stdin: () => Readable.from([stdinText]),
  };
  return io;
}

for (const name of NAMES) {
  test(`${name}: output equals the reviewed expectation, byte for byte, on every run`, async () => {
    const text = fixture(name);
    const first = await replay(text);
    const second = await replay(text);
    assert.equal(first, second);
    assert.equal(first, readFileSync(join(FIXTURES, `${name}.expected.jsonl`), 'utf8'));
  });
}

test('clean trip: every state in order, unlock commands at arrival, no alert', async () => {
  const out = parsed(await replay(fixture('clean-trip')));
  assert.deepEqual(out.filter((o) => o.type === 'trip').map((o) => [o.data.previousState, o.data.state]), [
    [null, 'planned'], ['planned', 'sealed'], ['sealed', 'confirmed'], ['confirmed', 'in_transit'], ['in_transit', 'arrived'], ['arrived', 'closed'],
  ]);
  const arrivedAt = out.find((o) => o.data.state === 'arrived')?.at;
  assert.deepEqual(out.filter((o) => o.type === 'command').map((o) => [o.at, o.data.deviceId, o.data.command]), [[arrivedAt, 'S1', 'unlock'], [arrivedAt, 'S2', 'unlock']]);
  assert.equal(out.filter((o) => o.type === 'alert').length, 0);
});

test('scenarios raise the alert they are about, once, and clear the stateful ones', async () => {
  const summary = async (name: string) =>
    parsed(await replay(fixture(name)))
      .filter((o) => o.type === 'alert' || o.type === 'alertCleared')
      .map((o) => `${o.type === 'alert' ? '+' : '-'}${o.data.alertType}`);
  assert.deepEqual(await summary('deviation'), ['+route_deviation', '-route_deviation']);
  assert.deepEqual(await summary('tamper'), ['+seal_tamper']);
  assert.deepEqual(await summary('evasion'), ['+inspection_evasion']);
  assert.deepEqual(await summary('overdue'), ['+overdue']);
  assert.deepEqual(await summary('abnormal-stop'), ['+abnormal_stop', '-abnormal_stop']);
  assert.deepEqual(await summary('signal-loss'), ['+signal_lost', '-signal_lost']);
  assert.deepEqual(await summary('gate-mismatch'), ['+gate_mismatch', '+gate_mismatch', '+gate_mismatch']);
});

test('output `at` is the engine clock: the `at` of the input that caused it', async () => {
  const inputs = new Set(parsed(fixture('overdue')).map((i) => i.at));
  for (const o of parsed(await replay(fixture('overdue')))) assert.ok(inputs.has(o.at), o.at);
});

test('alert parameters change the outcome: asking for 10 fixes outside, the detour is no deviation', async () => {
  const out = parsed(await replay(fixture('deviation'), { deviationMinFixes: 10 }));
  assert.equal(out.filter((o) => o.type === 'alert').length, 0);
});

test('bad input is rejected with the line number and the field', async () => {
  const good = fixture('clean-trip').split('\n');
  const cases: [string, number, string][] = [
    ['{"at":"2025-03-03T09:00:00+08:00","type":"telemetry","data":{"deviceId":"OBU1","ts":"2025-03-03T09:00:00+08:00","lat":95,"lon":120}}', 0, 'data.lat'],
    ['{"at":"2025-03-03T09:00:00+08:00","type":"telemetry","data":{"ts":"2025-03-03T09:00:00+08:00"}}', 0, 'data.deviceId'],
    ['{"at":"2025-03-03T09:00:00+08:00","type":"telemetry","data":{"deviceId":"OBU1","ts":"yesterday"}}', 0, 'data.ts'],
    ['{"at":"2025-03-03T09:00:00+08:00","type":"teleport","data":{}}', 0, 'type'],
    ['{"at":"2025-03-03 09:00","type":"tick","data":{}}', 0, 'at'],
    ['{"at":"2025-03-03T07:00:00+08:00","type":"tick","data":{}}', 0, 'at'],
    ['{"at":"2025-03-03T09:00:00+08:00","type":"transportNote","data":{"cnNo":"X","function":"9","senderUbn":"1","origin":"A","destination":"B","plate":"P","driverId":"D","transportCategory":1,"requiresConfirmation":true,"containers":[{"no":"C","sealType":"truck_eseal","sealNos":[7]}]}}', 0, 'data.containers[0].sealNos[0]'],
    ['{"at":"2025-03-03T09:00:00+08:00","type":"facility","data":{"code":"F","name":"F","kind":"warehouse","area":{"type":"Point","coordinates":[120,22]}}}', 0, 'data.area.type'],
    ['{"at":"2025-03-03T09:00:00+08:00","type":"gateEvent","data":{"facility":"F","lane":"1","direction":"sideways","plate":"P","containerNos":[],"source":"ocr"}}', 0, 'data.direction'],
    ['{"at": "2025-03-03T09:00:00+08:00", "type": "tick", "data": {}', 0, ''],
  ];
  for (const [line, , field] of cases) {
    const lines = [...good.slice(0, 12), line, ...good.slice(12)];
    await assert.rejects(
      replay(lines.join('\n')),
      (e: unknown) => e instanceof ReplayInputError && e.line === 13 && e.field === field && e.message.startsWith(`line 13: `),
      line,
    );
  }
});

test('sealwatch replay FILE: writes the outputs and exits 0; --params applies; blank lines are fine', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const file = join(dir, 'in.jsonl');
  writeFileSync(file, '\n' + fixture('deviation') + '\n\n');
  const io = fakeIo();
  assert.equal(await runReplayCommand([file], io), 0);
  assert.equal(io.out, readFileSync(join(FIXTURES, 'deviation.expected.jsonl'), 'utf8'));
  const params = join(dir, 'params.json');
  writeFileSync(params, JSON.stringify({ deviationMinFixes: 10 }));
  const wide = fakeIo();
  assert.equal(await runReplayCommand([file, '--params', params], wide), 0);
  assert.ok(!wide.out.includes('route_deviation'));
  const stdin = fakeIo(fixture('tamper'));
  assert.equal(await runReplayCommand(['-'], stdin), 0);
  assert.equal(stdin.out, readFileSync(join(FIXTURES, 'tamper.expected.jsonl'), 'utf8'));
});

test('sealwatch replay: failures exit non-zero with a message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, fixture('clean-trip').split('\n').slice(0, 3).join('\n') + '\n{"at":"2025-03-03T08:00:00+08:00","type":"vehicle","data":{"plate":"K","kind":"tractor","category":9}}\n');
  const io = fakeIo();
  assert.equal(await runReplayCommand([bad], io), 1);
  assert.match(io.err, /line 4: data\.category: must be between 1 and 7/);
  const missing = fakeIo();
  assert.equal(await runReplayCommand([join(dir, 'nope.jsonl')], missing), 1);
  assert.match(missing.err, /cannot read/);
  const usage = fakeIo();
  assert.equal(await runReplayCommand([], usage), 2);
  assert.match(usage.err, /usage: sealwatch replay FILE/);
  const params = join(dir, 'p.json');
  writeFileSync(params, JSON.stringify({ corridorWidth: 3 }));
  const badParams = fakeIo();
  assert.equal(await runReplayCommand([bad, '--params', params], badParams), 2);
  assert.match(badParams.err, /corridorWidth: unknown alert parameter/);
});
