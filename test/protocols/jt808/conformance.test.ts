// Every JT/T 808 capture in the conformance vectors (Traccar's decoder tests), decoded by our
// codec and checked against what Traccar asserts ("expects") and the independent field decode
// ("derived"). traccar-vectors.json is a copy of the shared conformance file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  decodeMessage,
  deviceIdFromPhone,
  encodeMessage,
  escape,
  Jt808Splitter,
  toTelemetry,
  xorChecksum,
  type Jt808Body,
  type Jt808BodyInput,
  type Jt808Location,
  type Jt808Message,
  type JointechLocation,
  type SplitEvent,
} from '../../../src/protocols/jt808/index.ts';

interface Vector {
  id: string;
  protocol: string;
  layer: string;
  hex: string;
  expects: { assert: string; attribute?: string; value?: unknown; outputHex?: string };
  note: string;
  derived?: Derived;
}

interface DerivedLocation {
  alarmFlags?: string;
  statusFlags?: string;
  fixValid: boolean;
  latitude: number;
  longitude: number;
  altitudeM?: number;
  speedKph: number;
  courseDeg?: number;
  timeBcd?: string;
  timeUtcAssumingGmt8: string;
  additionalInfo?: { id: string; len: number; hex: string; mileageKm?: number; signal?: number; satellites?: number }[];
}

interface Derived {
  msgId?: string;
  bodyLengthDeclared?: number;
  bodyLengthActual?: number;
  encryption?: number;
  subpackage?: boolean;
  versionFlag2019?: boolean;
  protocolVersion?: number;
  terminalPhoneBcd?: string;
  serialNumber?: number;
  headerLength?: number;
  checksumValid?: boolean;
  wireHexEscaped?: string;
  provinceId?: number;
  cityId?: number;
  manufacturerId?: string;
  authCode?: string;
  location?: DerivedLocation;
  batchCount?: number;
  batchType?: number;
  batchLocations?: DerivedLocation[];
  jointechLocation?: {
    timeUtc: string;
    fixValid: boolean;
    latitude: number;
    longitude: number;
    courseDeg: number;
    rssi: number;
    satellites: number;
    odometerKm: number;
  };
  asciiText?: string;
}

const vectors: Vector[] = JSON.parse(readFileSync(new URL('./traccar-vectors.json', import.meta.url), 'utf8'));
const jt808 = vectors.filter((v) => v.protocol === 'jt808');

test('the vectors file holds the JT/T 808 captures', () => {
  assert.equal(jt808.length, 22);
});

for (const vector of jt808) {
  test(`${vector.id}: ${vector.note}`, () => checkVector(vector));
}

function checkVector(vector: Vector): void {
  const bytes = Buffer.from(vector.hex, 'hex');
  if (vector.layer === 'frameDecoder') return checkFrameVector(vector, bytes);
  if (bytes[0] !== 0x7e) return checkTextVector(vector, bytes);

  // The vector is the un-escaped frame with its delimiters; the codec's input is what lies between.
  const packet = bytes.subarray(1, -1);
  const derived = vector.derived ?? {};
  if (derived.checksumValid === false || derived.bodyLengthActual !== derived.bodyLengthDeclared) {
    return checkRejected(packet, derived);
  }

  const decoded = decodeMessage(packet);
  assert.ok(decoded.ok, decoded.ok ? '' : `${decoded.error.code}: ${decoded.error.message}`);
  const message = decoded.value;
  checkHeader(message, derived);
  checkWire(packet, derived);

  switch (vector.expects.assert) {
    case 'verifyNull':
      checkNonPosition(message, derived);
      break;
    case 'verifyPosition':
      checkPositions(message, derived);
      assert.equal(positionsOf(message.body).length, 1);
      break;
    case 'verifyPositions':
      checkPositions(message, derived);
      assert.ok(positionsOf(message.body).length >= 1);
      break;
    case 'verifyAttribute':
      checkPositions(message, derived);
      assert.deepEqual(readAttribute(vector.expects.attribute ?? '', message.body), vector.expects.value);
      break;
    default:
      assert.fail(`no check written for ${vector.expects.assert}`);
  }
  checkReplyRoundTrip(message);
  checkReencode(packet, message);
}

/** Wire bytes in, one un-escaped frame out (Traccar's Jt808FrameDecoder), leading noise skipped. */
function checkFrameVector(vector: Vector, bytes: Buffer): void {
  const events = new Jt808Splitter().push(bytes);
  assert.equal(events.length, 1);
  const event = events[0];
  assert.equal(event.kind, 'packet');
  assert.equal(`7e${packetOf(event).toString('hex')}7e`, vector.expects.outputHex);
}

/** "(...)" sentences of e-locks come through the splitter as text. */
function checkTextVector(vector: Vector, bytes: Buffer): void {
  const events = new Jt808Splitter().push(bytes);
  assert.deepEqual(events, [{ kind: 'text', text: vector.derived?.asciiText }]);
  assert.equal(vector.expects.attribute, 'result');
  assert.equal(events[0].kind === 'text' ? events[0].text : null, vector.expects.value);
}

/**
 * jt808-05: check code and declared length are both wrong. Traccar validates neither and
 * decodes it; SealWatch rejects it: the check code is verified first, and with the check code
 * repaired the length mismatch is what is reported.
 */
function checkRejected(packet: Buffer, derived: Derived): void {
  const asSent = decodeMessage(packet);
  assert.equal(asSent.ok, false);
  if (asSent.ok) return;
  assert.equal(asSent.error.code, derived.checksumValid === false ? 'checksum_mismatch' : 'body_length_mismatch');
  assert.equal(asSent.error.header, undefined, 'a header behind a bad check code is not trusted');

  const repaired = Buffer.from(packet);
  repaired[repaired.length - 1] = xorChecksum(repaired.subarray(0, -1));
  const afterRepair = decodeMessage(repaired);
  assert.equal(afterRepair.ok, false);
  if (afterRepair.ok) return;
  assert.equal(afterRepair.error.code, 'body_length_mismatch');
  assert.equal(afterRepair.error.header?.bodyLength, derived.bodyLengthDeclared);
  assert.equal(afterRepair.error.header?.serial, derived.serialNumber);
  assert.match(afterRepair.error.message, new RegExp(`${derived.bodyLengthDeclared}.*${derived.bodyLengthActual}`));
}

function checkHeader({ header }: Jt808Message, derived: Derived): void {
  assert.equal(header.msgId, Number(derived.msgId));
  assert.equal(header.phone, derived.terminalPhoneBcd);
  assert.equal(header.serial, derived.serialNumber);
  assert.equal(header.bodyLength, derived.bodyLengthDeclared);
  assert.equal(header.headerLength, derived.headerLength);
  assert.equal(header.version, derived.versionFlag2019 ? 2019 : 2013);
  assert.equal(header.protocolVersion, derived.versionFlag2019 ? derived.protocolVersion : null);
  assert.equal(header.subpackage !== null, derived.subpackage);
  // Jointech 0x55xx headers use bits 10-14 for something else than encryption (see header.ts).
  if (header.msgId < 0x5500) assert.equal(header.encryption, derived.encryption);
}

/** Escaped wire form matches the capture, and the splitter gives the packet back. */
function checkWire(packet: Buffer, derived: Derived): void {
  const wire = Buffer.concat([Buffer.of(0x7e), escape(packet), Buffer.of(0x7e)]);
  if (derived.wireHexEscaped) assert.equal(wire.toString('hex'), derived.wireHexEscaped);
  const events = new Jt808Splitter().push(wire);
  assert.equal(events.length, 1);
  assert.deepEqual(packetOf(events[0]), packet);
}

function checkNonPosition(message: Jt808Message, derived: Derived): void {
  const { body } = message;
  assert.equal(positionsOf(body).length, 0);
  assert.ok(['register', 'auth', 'heartbeat'].includes(body.kind), `decoded as ${body.kind}`);
  if (body.kind === 'register') {
    assert.equal(body.register.provinceId, derived.provinceId);
    assert.equal(body.register.cityId, derived.cityId);
    // The derived decode read every register body with the 2013 widths; only those compare.
    if (message.header.version === 2013) assert.equal(body.register.manufacturerId, derived.manufacturerId);
  }
  if (body.kind === 'auth') assert.equal(body.auth.authCode, derived.authCode);
}

function checkPositions(message: Jt808Message, derived: Derived): void {
  const { body, header } = message;
  if (body.kind === 'jointechLocation') return checkJointech(body.location, derived);
  const expected = derived.location ? [derived.location] : (derived.batchLocations ?? []);
  const locations = positionsOf(body) as Jt808Location[];
  assert.equal(locations.length, expected.length);
  if (body.kind === 'locationBatch') {
    assert.equal(body.batch.locations.length, derived.batchCount);
    assert.equal(body.batch.batchType, derived.batchType);
  }
  locations.forEach((location, i) => {
    checkLocation(location, expected[i]);
    checkTraccarRanges(location);
    checkTelemetry(header.phone, location);
  });
}

function checkLocation(location: Jt808Location, expected: DerivedLocation): void {
  assert.equal(location.positioned, expected.fixValid);
  assert.equal(location.lat, expected.latitude);
  assert.equal(location.lon, expected.longitude);
  assert.equal(location.speedKmh, expected.speedKph);
  assert.equal(Date.parse(location.time ?? ''), Date.parse(expected.timeUtcAssumingGmt8));
  if (expected.altitudeM !== undefined) assert.equal(location.altitudeM, expected.altitudeM);
  if (expected.courseDeg !== undefined) assert.equal(location.heading, expected.courseDeg);
  if (expected.timeBcd !== undefined) assert.equal(location.deviceTime, expected.timeBcd);
  if (expected.alarmFlags !== undefined) assert.equal(location.alarmFlags, Number(expected.alarmFlags));
  if (expected.statusFlags !== undefined) assert.equal(location.statusFlags, Number(expected.statusFlags));
  if (expected.additionalInfo === undefined) return;
  assert.deepEqual(
    location.items.map((item) => ({ id: item.id, hex: Buffer.from(item.data).toString('hex') })),
    expected.additionalInfo.map((item) => ({ id: Number(item.id), hex: item.hex })),
  );
  for (const item of expected.additionalInfo) {
    if (item.mileageKm !== undefined) assert.equal(location.mileageKm, item.mileageKm);
    if (item.signal !== undefined) assert.equal(location.signal, item.signal);
    if (item.satellites !== undefined) assert.equal(location.satellites, item.satellites);
  }
}

function checkJointech(location: JointechLocation, derived: Derived): void {
  const expected = derived.jointechLocation;
  assert.ok(expected);
  assert.equal(Date.parse(location.time ?? ''), Date.parse(expected.timeUtc));
  assert.equal(location.positioned, expected.fixValid);
  assert.equal(location.lat, expected.latitude);
  assert.equal(location.lon, expected.longitude);
  assert.equal(location.heading, expected.courseDeg);
  assert.equal(location.signal, expected.rssi);
  assert.equal(location.satellites, expected.satellites);
  assert.equal(location.odometerKm, expected.odometerKm);
  assert.equal(location.buffered, Number(derived.msgId) === 0x5502);
  checkTraccarRanges(location);
}

/** The sanity ranges Traccar's verifyPosition applies to every decoded position. */
function checkTraccarRanges(location: { time: string | null; lat: number; lon: number; speedKmh: number; heading: number; altitudeM?: number }): void {
  assert.ok(Date.parse(location.time ?? '') > Date.parse('1999-01-01T00:00:00Z'));
  assert.ok(location.lat >= -90 && location.lat <= 90);
  assert.ok(location.lon >= -180 && location.lon <= 180);
  assert.ok(location.speedKmh >= 0 && location.speedKmh <= 869 * 1.852);
  assert.ok(location.heading >= 0 && location.heading <= 360);
  if (location.altitudeM !== undefined) assert.ok(location.altitudeM >= -12262 && location.altitudeM <= 18000);
}

function checkTelemetry(phone: string, location: Jt808Location): void {
  const telemetry = toTelemetry(phone, location, '2000-01-01T00:00:00.000Z');
  assert.equal(telemetry.deviceId, deviceIdFromPhone(phone));
  assert.ok(!telemetry.deviceId.startsWith('0'));
  assert.equal(telemetry.ts, location.time);
  assert.equal(telemetry.hdop, undefined);
  assert.equal(telemetry.battery, location.batteryPercent);
  if (location.positioned) {
    assert.deepEqual(
      [telemetry.lat, telemetry.lon, telemetry.speedKmh, telemetry.heading],
      [location.lat, location.lon, location.speedKmh, location.heading],
    );
  } else {
    assert.deepEqual([telemetry.lat, telemetry.lon, telemetry.speedKmh], [undefined, undefined, undefined]);
  }
}

/** Traccar attribute names → where SealWatch keeps the same fact. */
const ATTRIBUTES: Record<string, (body: Jt808Body) => unknown> = {
  alarm: (body) => firstLocation(body).alarms.join(','),
  lock1Locked: (body) => firstLocation(body).locks?.[0]?.locked,
  lock2Battery: (body) => firstLocation(body).locks?.[1]?.batteryVolts,
  batteryLevel: (body) => firstLocation(body).batteryPercent,
  sat: (body) => firstLocation(body).satellites,
  unlockResult: (body) => jointech(body).lockEvent?.unlockResult,
  tilt: (body) => `[${jointech(body).tilt?.join(',')}]`,
};

function readAttribute(name: string, body: Jt808Body): unknown {
  const read = ATTRIBUTES[name];
  assert.ok(read, `no mapping for Traccar attribute ${name}`);
  return read(body);
}

/**
 * The platform's answer to each message, encoded as the gateway does (terminal's phone and
 * header version), must decode to the same fields.
 */
function checkReplyRoundTrip({ header, body }: Jt808Message): void {
  // Jointech e-locks expect their own 0x4401 reply, which the gateway does not send.
  if (body.kind === 'jointechLocation') return;
  const reply: Jt808BodyInput =
    body.kind === 'register'
      ? { kind: 'registerReply', reply: { replySerial: header.serial, result: 0, authCode: deviceIdFromPhone(header.phone) } }
      : { kind: 'platformReply', reply: { replySerial: header.serial, replyMsgId: header.msgId, result: 0 } };
  const frame = encodeMessage(
    { phone: header.phone, version: header.version, protocolVersion: header.protocolVersion ?? undefined, serial: 4660 },
    reply,
  );
  const events = new Jt808Splitter().push(frame);
  assert.equal(events.length, 1);
  const decoded = decodeMessage(packetOf(events[0]));
  assert.ok(decoded.ok);
  assert.equal(decoded.value.header.msgId, reply.kind === 'registerReply' ? 0x8100 : 0x8001);
  assert.equal(decoded.value.header.phone, header.phone);
  assert.equal(decoded.value.header.version, header.version);
  assert.equal(decoded.value.header.protocolVersion, header.protocolVersion);
  assert.equal(decoded.value.header.serial, 4660);
  assert.deepEqual(decoded.value.body, reply);
}

/** Reports, heartbeats and auth re-encode to the very bytes the terminal sent. */
function checkReencode(packet: Buffer, { header, body }: Jt808Message): void {
  if (!['location', 'locationBatch', 'heartbeat', 'auth'].includes(body.kind)) return;
  const frame = encodeMessage(
    { phone: header.phone, version: header.version, protocolVersion: header.protocolVersion ?? undefined, serial: header.serial },
    body as Jt808BodyInput,
  );
  assert.equal(frame.toString('hex'), Buffer.concat([Buffer.of(0x7e), escape(packet), Buffer.of(0x7e)]).toString('hex'));
}

function positionsOf(body: Jt808Body): (Jt808Location | JointechLocation)[] {
  if (body.kind === 'location' || body.kind === 'jointechLocation') return [body.location];
  if (body.kind === 'locationBatch') return body.batch.locations;
  return [];
}

function firstLocation(body: Jt808Body): Jt808Location {
  if (body.kind === 'location') return body.location;
  if (body.kind === 'locationBatch') return body.batch.locations[0];
  return assert.fail(`expected a location report, got ${body.kind}`);
}

function jointech(body: Jt808Body): JointechLocation {
  if (body.kind === 'jointechLocation') return body.location;
  return assert.fail(`expected a Jointech report, got ${body.kind}`);
}

function packetOf(event: SplitEvent): Buffer {
  if (event.kind !== 'packet') return assert.fail(`expected a packet, got ${JSON.stringify(event)}`);
  return event.packet;
}
