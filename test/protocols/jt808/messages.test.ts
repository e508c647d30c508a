import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bcdTimeToIso,
  decodeMessage,
  deviceIdFromPhone,
  encodeMessage,
  isoToBcdTime,
  SEAL_COMMAND_TYPE,
  toTelemetry,
  wrapFrame,
  type HeaderFields,
  type Jt808BodyInput,
  type Jt808Location,
  type Jt808Message,
} from '../../../src/protocols/jt808/index.ts';
import { packetOf } from './frames.ts';

const T2013: Omit<HeaderFields, 'msgId'> = { phone: '13800138000', serial: 42 };
const T2019: Omit<HeaderFields, 'msgId'> = { phone: '866496077582164', serial: 43, version: 2019, protocolVersion: 1 };

function roundTrip(header: Omit<HeaderFields, 'msgId'>, body: Jt808BodyInput): Jt808Message {
  const frame = encodeMessage(header, body);
  const decoded = decodeMessage(packetOf(frame));
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
  return decoded.value;
}

test('register 0x0100 round-trips in the 2013 and 2019 layouts', () => {
  const register = {
    provinceId: 71,
    cityId: 100,
    manufacturerId: 'SW001',
    model: 'OBU-9',
    terminalId: 'T123456',
    plateColor: 1,
    plate: 'KEA-1234',
  };
  for (const header of [T2013, T2019]) {
    const m = roundTrip(header, { kind: 'register', register });
    assert.equal(m.header.msgId, 0x0100);
    assert.deepEqual(m.body, { kind: 'register', register });
  }
  // 2019 widens manufacturer (11), model (30) and terminal id (30).
  const long = { ...register, manufacturerId: 'MAKER-00011', terminalId: 'X'.repeat(30) };
  assert.deepEqual(roundTrip(T2019, { kind: 'register', register: long }).body, { kind: 'register', register: long });
});

test('register 0x0100 from a 2011-edition terminal (8-byte model) is told apart by its length', () => {
  const body = Buffer.concat([
    Buffer.from('0047' + '0064', 'hex'),
    Buffer.from('SW001'),
    Buffer.from('OBU-9\0\0\0'),
    Buffer.from('T123456'),
    Buffer.of(1),
    Buffer.from('KEA-1234'),
  ]);
  const decoded = decodeMessage(packetOf(encodeMessage({ ...T2013, msgId: 0x0100 }, { kind: 'unknown', data: body })));
  assert.ok(decoded.ok);
  assert.deepEqual(decoded.value.body, {
    kind: 'register',
    register: { provinceId: 71, cityId: 100, manufacturerId: 'SW001', model: 'OBU-9', terminalId: 'T123456', plateColor: 1, plate: 'KEA-1234' },
  });
});

test('register reply 0x8100 carries the auth code only on success', () => {
  const ok = roundTrip(T2013, { kind: 'registerReply', reply: { replySerial: 5, result: 0, authCode: 'abc123' } });
  assert.deepEqual(ok.body, { kind: 'registerReply', reply: { replySerial: 5, result: 0, authCode: 'abc123' } });
  const refused = encodeMessage(T2013, { kind: 'registerReply', reply: { replySerial: 5, result: 4, authCode: 'ignored' } });
  const decoded = decodeMessage(packetOf(refused));
  assert.ok(decoded.ok);
  assert.equal(decoded.value.header.bodyLength, 3);
  assert.deepEqual(decoded.value.body, { kind: 'registerReply', reply: { replySerial: 5, result: 4 } });
});

test('auth 0x0102: 2013 body is the code; 2019 adds length, IMEI and software version', () => {
  assert.deepEqual(roundTrip(T2013, { kind: 'auth', auth: { authCode: 'secret' } }).body, {
    kind: 'auth',
    auth: { authCode: 'secret' },
  });
  const auth = { authCode: 'secret', imei: '866496077582164', softwareVersion: 'V1.2.3' };
  const m = roundTrip(T2019, { kind: 'auth', auth });
  assert.deepEqual(m.body, { kind: 'auth', auth });
  assert.equal(m.header.bodyLength, 1 + 6 + 15 + 20);
});

test('general replies 0x0001 / 0x8001 round-trip; heartbeat 0x0002 has an empty body', () => {
  const reply = { replySerial: 0xfffe, replyMsgId: 0x0200, result: 1 };
  assert.deepEqual(roundTrip(T2013, { kind: 'platformReply', reply }).body, { kind: 'platformReply', reply });
  assert.deepEqual(roundTrip(T2019, { kind: 'terminalReply', reply }).body, { kind: 'terminalReply', reply });
  const hb = roundTrip(T2019, { kind: 'heartbeat' });
  assert.equal(hb.header.msgId, 0x0002);
  assert.equal(hb.header.bodyLength, 0);
});

const sample = {
  alarmFlags: 0,
  statusFlags: 0b11, // ACC on, positioned
  lat: 25.033964,
  lon: 121.564468,
  altitudeM: 12,
  speedKmh: 63.4,
  heading: 271,
  time: '2026-03-01T02:30:00.000Z',
  items: [
    { id: 0x01, data: Buffer.from('000004d2', 'hex') },
    { id: 0x30, data: Buffer.of(25) },
    { id: 0x31, data: Buffer.of(9) },
    { id: 0xfe, data: Buffer.of(76) },
    { id: 0x99, data: Buffer.from('cafe', 'hex') },
  ],
};

function decodeLocationBody(body: Jt808BodyInput): Jt808Location {
  const m = roundTrip(T2013, body);
  assert.equal(m.body.kind, 'location');
  return m.body.kind === 'location' ? m.body.location : assert.fail();
}

test('location 0x0200: fixed part, GMT+8 clock, standard and unknown items', () => {
  const loc = decodeLocationBody({ kind: 'location', location: sample });
  assert.equal(loc.lat, 25.033964);
  assert.equal(loc.lon, 121.564468);
  assert.equal(loc.speedKmh, 63.4);
  assert.equal(loc.heading, 271);
  assert.equal(loc.altitudeM, 12);
  assert.equal(loc.time, '2026-03-01T02:30:00.000Z');
  assert.equal(loc.deviceTime, '260301103000', 'the terminal clock is GMT+8');
  assert.equal(loc.acc, true);
  assert.equal(loc.positioned, true);
  assert.equal(loc.mileageKm, 123.4);
  assert.equal(loc.signal, 25);
  assert.equal(loc.satellites, 9);
  assert.equal(loc.batteryPercent, 76);
  assert.deepEqual(
    loc.items.map((i) => [i.id, Buffer.from(i.data).toString('hex')]),
    sample.items.map((i) => [i.id, i.data.toString('hex')]),
  );
});

test('location: southern / western coordinates set status bits 2 and 3', () => {
  const loc = decodeLocationBody({ kind: 'location', location: { ...sample, lat: -33.8688, lon: -70.6693, statusFlags: 2 } });
  assert.equal(loc.lat, -33.8688);
  assert.equal(loc.lon, -70.6693);
  assert.equal(loc.statusFlags & 0b1100, 0b1100);
});

test('location: alarm flags are named, bit 31 included', () => {
  const loc = decodeLocationBody({
    kind: 'location',
    location: { ...sample, alarmFlags: 2 ** 31 + 2 ** 17 + 2 ** 8 + 1, items: [] },
  });
  assert.equal(loc.alarmFlags, 2 ** 31 + 2 ** 17 + 2 ** 8 + 1);
  assert.deepEqual(loc.alarms, ['sos', 'powerCut', 'tampering', 'illegalDoorOpen']);
});

test('location: an unusable clock gives time null, kept raw', () => {
  const loc = decodeLocationBody({ kind: 'location', location: { ...sample, time: null, deviceTime: '000000000000' } });
  assert.equal(loc.time, null);
  assert.equal(loc.deviceTime, '000000000000');
});

test('location: an item whose length runs past the body is kept as trailing bytes', () => {
  const body = Buffer.concat([
    packetOf(encodeMessage(T2013, { kind: 'location', location: { ...sample, items: [] } })).subarray(12, -1),
    Buffer.from('3105aa', 'hex'),
  ]);
  const frame = encodeMessage({ ...T2013, msgId: 0x0200 }, { kind: 'unknown', data: body });
  const decoded = decodeMessage(packetOf(frame));
  assert.ok(decoded.ok && decoded.value.body.kind === 'location');
  if (decoded.ok && decoded.value.body.kind === 'location') {
    assert.deepEqual(decoded.value.body.location.items, []);
    assert.equal(Buffer.from(decoded.value.body.location.trailing).toString('hex'), '3105aa');
  }
});

test('a body shorter than its message needs is a typed error with the header', () => {
  const frame = encodeMessage({ ...T2013, msgId: 0x0200 }, { kind: 'unknown', data: Buffer.alloc(20) });
  const r = decodeMessage(packetOf(frame));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'malformed_body');
    assert.equal(r.error.header?.serial, 42);
  }
});

test('batch 0x0704: count, type, length-prefixed reports', () => {
  const locations = [sample, { ...sample, time: '2026-03-01T02:30:30.000Z', lat: 25.04 }];
  const m = roundTrip(T2019, { kind: 'locationBatch', batch: { batchType: 1, locations } });
  assert.equal(m.body.kind, 'locationBatch');
  if (m.body.kind !== 'locationBatch') return;
  assert.equal(m.body.batch.batchType, 1);
  assert.deepEqual(m.body.batch.locations.map((l) => [l.lat, l.time]), [
    [25.033964, '2026-03-01T02:30:00.000Z'],
    [25.04, '2026-03-01T02:30:30.000Z'],
  ]);
});

test('batch with bytes beyond its declared count is malformed', () => {
  const good = encodeMessage(T2013, { kind: 'locationBatch', batch: { batchType: 0, locations: [sample] } });
  const body = Buffer.concat([packetOf(good).subarray(12, -1), Buffer.of(0)]);
  const frame = encodeMessage({ ...T2013, msgId: 0x0704 }, { kind: 'unknown', data: body });
  const r = decodeMessage(packetOf(frame));
  assert.equal(r.ok ? '' : r.error.code, 'malformed_body');
});

test('seal command: 0x8900 pass-through, type 0xF1, JSON payload', () => {
  const command = { command: 'unlock' as const, sealId: 'SEAL-0001', tripId: 'T-9' };
  const frame = encodeMessage(T2019, { kind: 'sealCommand', command });
  const m = decodeMessage(packetOf(frame));
  assert.ok(m.ok);
  assert.equal(m.value.header.msgId, 0x8900);
  assert.deepEqual(m.value.body, { kind: 'sealCommand', command });
  const body = packetOf(frame).subarray(17, -1);
  assert.equal(body[0], SEAL_COMMAND_TYPE);
  assert.deepEqual(JSON.parse(body.subarray(1).toString('utf8')), command);
  // Other pass-through types stay raw.
  const other = encodeMessage({ ...T2013, msgId: 0x8900 }, { kind: 'unknown', data: Buffer.from('f0hello') });
  const raw = decodeMessage(packetOf(other));
  assert.ok(raw.ok && raw.value.body.kind === 'passThroughDown');
});

test('decodeMessage returns typed errors, never throws, on arbitrary bytes', () => {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < 300; i++) {
    const body = Buffer.from(Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * 256)));
    const msgId = [0x0100, 0x0102, 0x0200, 0x0704, 0x5501, 0x8900][i % 6];
    const props = body.length | (random() < 0.3 ? 0x4000 : 0);
    const headerLength = props & 0x4000 ? 17 : 12;
    const header = Buffer.alloc(headerLength);
    header.writeUInt16BE(msgId, 0);
    header.writeUInt16BE(props, 2);
    const frame = wrapFrame(Buffer.concat([header, body]));
    assert.doesNotThrow(() => decodeMessage(packetOf(frame)));
  }
});

test('BCD clock: GMT+8 to UTC, invalid fields give null', () => {
  assert.equal(bcdTimeToIso(Buffer.from('260101070000', 'hex')), '2025-12-31T23:00:00.000Z');
  assert.equal(isoToBcdTime('2025-12-31T23:00:00Z').toString('hex'), '260101070000');
  for (const bad of ['000000000000', '261301000000', '260230120000', '2601011a0000', '260101240000']) {
    assert.equal(bcdTimeToIso(Buffer.from(bad, 'hex')), null, bad);
  }
});

test('device id: the phone number without BCD padding zeros', () => {
  assert.equal(deviceIdFromPhone('013511221122'), '13511221122');
  assert.equal(deviceIdFromPhone('00000866496077582164'), '866496077582164');
  assert.equal(deviceIdFromPhone('000000000000'), '0');
});

test('toTelemetry: position when fixed, battery and e-locks when known, no hdop', () => {
  const loc = decodeLocationBody({
    kind: 'location',
    location: { ...sample, items: [...sample.items, { id: 0xd5, data: Buffer.from('01' + '0002604323' + '2795980277' + '53' + '0030', 'hex') }] },
  });
  assert.deepEqual(toTelemetry('013800138000', loc), {
    deviceId: '13800138000',
    ts: '2026-03-01T02:30:00.000Z',
    lat: 25.033964,
    lon: 121.564468,
    speedKmh: 63.4,
    heading: 271,
    battery: 76,
    seals: [{ id: '0002604323', state: 'unlocked' }],
  });
});

test('toTelemetry: no fix means no position; no clock means the receive time', () => {
  const loc = decodeLocationBody({
    kind: 'location',
    location: { ...sample, statusFlags: 0, time: null, deviceTime: '000000000000', items: [] },
  });
  assert.deepEqual(toTelemetry('013800138000', loc, '2026-03-01T02:31:00.000Z'), {
    deviceId: '13800138000',
    ts: '2026-03-01T02:31:00.000Z',
  });
});
