// 0x5501 / 0x5502: location reports of Jointech e-locks (JT709A / JT701 family), a maker
// extension carried in JT/T 808 framing with a one-byte serial number. The body is Jointech's own
// BCD layout, not 0x0200's; 0x5502 is the same report re-sent from the lock's offline buffer.
import { ByteReader } from '../bytes.ts';
import { bitSet } from '../alarms.ts';
import { bcdToDigits } from '../bcd.ts';
import { BodyOverrun } from '../errors.ts';
import type { Jt808LocationItem } from './location-items.ts';
import { decodeLockEvent, type Jt808LockEvent } from './vendor-items.ts';

export const JOINTECH_LOCATION = 0x5501;
export const JOINTECH_BLIND_LOCATION = 0x5502;

export interface JointechLocation {
  /** Re-sent from the offline buffer (0x5502). */
  buffered: boolean;
  /** UTC; these locks keep their clock in UTC, unlike 0x0200 terminals. */
  time: string | null;
  positioned: boolean;
  lat: number;
  lon: number;
  speedKmh: number;
  heading: number;
  signal: number;
  satellites: number;
  odometerKm: number;
  batteryPercent?: number;
  charging?: boolean;
  cellId: number;
  lac: number;
  /** Maker's product type; selects how statusFlags and alarmFlags read. */
  product: number;
  statusFlags: number;
  alarmFlags: number;
  altitudeM?: number;
  lockEvent?: Jt808LockEvent;
  /** Accelerometer tilt (item 0x0C), raw signed axes. */
  tilt?: [number, number, number];
  items: Jt808LocationItem[];
}

const KNOTS_TO_KMH = 1.852;

export function decodeJointechLocation(r: ByteReader, msgId: number): JointechLocation {
  const time = jointechTime(r.bytesOf(6));
  const latDigits = bcdToDigits(r.bytesOf(4));
  // Longitude is 9 BCD digits; the low nibble of its fifth byte holds the fix and hemisphere flags.
  const lonBytes = r.bytesOf(5);
  const lonDigits = bcdToDigits(lonBytes).slice(0, 9);
  const flags = lonBytes[4] & 0x0f;
  const lat = degreesMinutes(latDigits, 2) * (bitSet(flags, 1) ? 1 : -1);
  const lon = degreesMinutes(lonDigits, 3) * (bitSet(flags, 2) ? 1 : -1);
  // Two BCD digits of speed, read as knots as the reference decoder (Traccar) does.
  const speedKmh = Math.round(Number(bcdToDigits(r.bytesOf(1))) * KNOTS_TO_KMH * 10) / 10;
  const heading = r.u8() * 2;
  const signal = r.u8();
  const satellites = r.u8();
  const odometerKm = r.u32();
  const battery = r.u8();
  const location: JointechLocation = {
    buffered: msgId === JOINTECH_BLIND_LOCATION,
    time,
    positioned: bitSet(flags, 0),
    lat,
    lon,
    speedKmh,
    heading,
    signal,
    satellites,
    odometerKm,
    cellId: r.u32(),
    lac: r.u16(),
    product: r.u8(),
    statusFlags: r.u16(),
    alarmFlags: r.u16(),
    items: [],
  };
  if (battery <= 100) location.batteryPercent = battery;
  else if (battery === 0xaa || battery === 0xab) location.charging = true;
  readJointechItems(r, location);
  return location;
}

function readJointechItems(r: ByteReader, location: JointechLocation): void {
  while (r.remaining >= 2) {
    const id = r.u8();
    const data = r.bytesOf(Math.min(r.u8(), r.remaining));
    location.items.push({ id, data });
    const item = new ByteReader(data);
    if (id === 0x02 && data.length === 2) location.altitudeM = item.i16();
    else if (id === 0x0c && data.length === 6) location.tilt = [axis(item.u16()), axis(item.u16()), axis(item.u16())];
    else if (id === 0x0b) location.lockEvent = lockEventOrUndefined(item, data.length);
  }
}

/** A lock event item too short for its own layout is left raw rather than failing the report. */
function lockEventOrUndefined(r: ByteReader, length: number): Jt808LockEvent | undefined {
  try {
    return decodeLockEvent(r, length);
  } catch (err) {
    if (err instanceof BodyOverrun) return undefined;
    throw err;
  }
}

/** BCD DDMMYYhhmmss in UTC. */
function jointechTime(bytes: Uint8Array): string | null {
  const digits = bcdToDigits(bytes);
  if (!/^\d{12}$/.test(digits)) return null;
  const [dd, mo, yy, hh, mi, ss] = (digits.match(/\d\d/g) ?? []).map(Number);
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) return null;
  return new Date(Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss)).toISOString();
}

/** "DDMMmmmm" / "DDDMMmmmm" (minutes with 4 decimals) → decimal degrees. */
function degreesMinutes(digits: string, degreeDigits: number): number {
  if (!/^\d+$/.test(digits)) return NaN;
  const degrees = Number(digits.slice(0, degreeDigits));
  const minutes = Number(digits.slice(degreeDigits)) / 10_000;
  return Math.round((degrees + minutes / 60) * 1e6) / 1e6;
}

/** Signed 16-bit axis as the maker encodes it (two's complement). */
function axis(value: number): number {
  return value >= 0x8000 ? value - 0x10000 : value;
}
