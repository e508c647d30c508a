// 0x0200 location report (JT/T 808 section 8.18): fixed 28-byte part, then additional items.
import { alarmNames, bitSet } from '../alarms.ts';
import { bcdTimeToIso, bcdToDigits, isoToBcdTime } from '../bcd.ts';
import { ByteWriter, type ByteReader } from '../bytes.ts';
import { interpretItems, readItems, type Jt808LocationItem, type LocationExtras } from './location-items.ts';

/** Status bits used by SealWatch (table 25); the whole word stays in statusFlags. */
const STATUS_ACC = 0;
const STATUS_POSITIONED = 1;
const STATUS_SOUTH = 2;
const STATUS_WEST = 3;

/** What an encoder needs to write a report (tests, simulators); decoded reports satisfy it. */
export interface LocationInput {
  alarmFlags?: number;
  /** Hemisphere bits 2/3 are also set from negative lat / lon. */
  statusFlags?: number;
  lat: number;
  lon: number;
  altitudeM?: number;
  speedKmh?: number;
  heading?: number;
  /** ISO 8601; null writes deviceTime (or zeros), for a terminal without a clock. */
  time: string | null;
  /** BCD digits YYMMDDhhmmss as sent, used when time is null. */
  deviceTime?: string;
  items?: Jt808LocationItem[];
  /** Bytes after the last whole item, written back unchanged. */
  trailing?: Uint8Array;
}

export interface Jt808Location extends LocationExtras {
  alarmFlags: number;
  /** Alarm flag names plus alarms signalled by vendor items, each once. */
  alarms: string[];
  statusFlags: number;
  /** Ignition (ACC) on. */
  acc: boolean;
  /** The terminal had a GNSS fix; otherwise lat / lon are stale or zero. */
  positioned: boolean;
  /** WGS84 degrees, negative south. */
  lat: number;
  /** WGS84 degrees, negative west. */
  lon: number;
  altitudeM: number;
  speedKmh: number;
  /** Degrees from north, 0-359. */
  heading: number;
  /** Fix time in UTC (ISO 8601), or null when the terminal's clock field is unusable. */
  time: string | null;
  /** The BCD clock digits as sent (device time, GMT+8). */
  deviceTime: string;
  items: Jt808LocationItem[];
  trailing: Uint8Array;
}

const DEGREE_UNITS = 1_000_000;

export function decodeLocation(r: ByteReader): Jt808Location {
  const alarmFlags = r.u32();
  const statusFlags = r.u32();
  const latUnits = r.u32();
  const lonUnits = r.u32();
  const altitudeM = r.i16();
  const speedKmh = r.u16() / 10;
  const heading = r.u16();
  const timeBytes = r.bytesOf(6);
  const { items, trailing } = readItems(r);
  const findings = interpretItems(items);
  const alarms = alarmNames(alarmFlags);
  for (const name of findings.alarms) if (!alarms.includes(name)) alarms.push(name);
  return {
    alarmFlags,
    alarms,
    statusFlags,
    acc: bitSet(statusFlags, STATUS_ACC),
    positioned: bitSet(statusFlags, STATUS_POSITIONED),
    lat: signed(latUnits, bitSet(statusFlags, STATUS_SOUTH)),
    lon: signed(lonUnits, bitSet(statusFlags, STATUS_WEST)),
    altitudeM,
    speedKmh,
    heading,
    time: bcdTimeToIso(timeBytes),
    deviceTime: bcdToDigits(timeBytes),
    items,
    trailing,
    ...findings.extras,
  };
}

export function encodeLocation(input: LocationInput): Buffer {
  let status = input.statusFlags ?? 1 << STATUS_POSITIONED;
  if (input.lat < 0) status = setBit(status, STATUS_SOUTH);
  if (input.lon < 0) status = setBit(status, STATUS_WEST);
  const w = new ByteWriter()
    .u32(input.alarmFlags ?? 0)
    .u32(status)
    .u32(Math.round(Math.abs(input.lat) * DEGREE_UNITS))
    .u32(Math.round(Math.abs(input.lon) * DEGREE_UNITS))
    .i16(Math.round(input.altitudeM ?? 0))
    .u16(Math.round((input.speedKmh ?? 0) * 10))
    .u16(Math.round(input.heading ?? 0))
    .bytes(encodeTime(input));
  for (const item of input.items ?? []) {
    if (item.data.length > 0xff) throw new RangeError(`item 0x${item.id.toString(16)} longer than 255 bytes`);
    w.u8(item.id).u8(item.data.length).bytes(item.data);
  }
  if (input.trailing) w.bytes(input.trailing);
  return w.done();
}

function encodeTime(input: LocationInput): Buffer {
  if (input.time !== null) return isoToBcdTime(input.time);
  if (input.deviceTime && /^[0-9a-fA-F]{12}$/.test(input.deviceTime)) return Buffer.from(input.deviceTime, 'hex');
  return Buffer.alloc(6);
}

function signed(units: number, negative: boolean): number {
  const degrees = units / DEGREE_UNITS;
  return negative ? -degrees : degrees;
}

function setBit(value: number, bit: number): number {
  return bitSet(value, bit) ? value : value + 2 ** bit;
}
