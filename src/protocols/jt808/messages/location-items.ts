// Additional information items that follow the fixed part of a location report: id, length, data.
// Every item is kept raw (so nothing a device sends is lost and a report re-encodes byte for
// byte); the ones SealWatch uses are also read into named fields.
import { BodyOverrun } from '../errors.ts';
import { ByteReader } from '../bytes.ts';
import { decodeVendorItem, type Jt808Lock, type Jt808LockEvent } from './vendor-items.ts';

export interface Jt808LocationItem {
  id: number;
  data: Uint8Array;
}

/** Values read from known items; absent when the terminal did not send them. */
export interface LocationExtras {
  /** 0x01, vehicle odometer. */
  mileageKm?: number;
  /** 0x02, fuel gauge. */
  fuelL?: number;
  /** 0x03, speed from the tachograph (the fix speed is in the fixed part). */
  recorderSpeedKmh?: number;
  /** 0x30, mobile network signal strength (CSQ). */
  signal?: number;
  /** 0x31, GNSS satellites in use. */
  satellites?: number;
  /** Terminal battery charge (vendor items 0xD4, 0xFE, 0xEB/0x00A8). */
  batteryPercent?: number;
  /** Terminal battery voltage (vendor items 0xD5 length 2, 0xEB/0x002D). */
  batteryVolts?: number;
  /** Terminal reports it is charging (0xD4 = 0xFF). */
  charging?: boolean;
  /** E-locks the terminal reports (vendor items 0xD5 list, 0x63). */
  locks?: Jt808Lock[];
  /** Lock / unlock operation reported by an e-lock (vendor item 0x0B). */
  lockEvent?: Jt808LockEvent;
}

export interface ItemFindings {
  extras: LocationExtras;
  /** Alarms signalled inside items rather than by the alarm flags. */
  alarms: string[];
}

/** Splits the rest of a report into items; bytes that cannot form an item are returned apart. */
export function readItems(r: ByteReader): { items: Jt808LocationItem[]; trailing: Uint8Array } {
  const items: Jt808LocationItem[] = [];
  while (r.remaining >= 2) {
    const start = r.position;
    const id = r.u8();
    const length = r.u8();
    if (length > r.remaining) {
      // A length running past the body: keep the bytes, trust none of them as an item.
      r.seek(start);
      return { items, trailing: r.rest() };
    }
    items.push({ id, data: r.bytesOf(length) });
  }
  return { items, trailing: r.rest() };
}

export function interpretItems(items: Jt808LocationItem[]): ItemFindings {
  const findings: ItemFindings = { extras: {}, alarms: [] };
  for (const item of items) {
    try {
      if (!decodeStandardItem(item, findings.extras)) decodeVendorItem(item, findings);
    } catch (err) {
      // An item shorter than its id implies is skipped, not fatal: it stays in the raw list.
      if (!(err instanceof BodyOverrun)) throw err;
    }
  }
  return findings;
}

function decodeStandardItem(item: Jt808LocationItem, extras: LocationExtras): boolean {
  const r = new ByteReader(item.data);
  switch (item.id) {
    case 0x01:
      extras.mileageKm = r.u32() / 10;
      return true;
    case 0x02:
      extras.fuelL = r.u16() / 10;
      return true;
    case 0x03:
      extras.recorderSpeedKmh = r.u16() / 10;
      return true;
    case 0x30:
      extras.signal = r.u8();
      return true;
    case 0x31:
      extras.satellites = r.u8();
      return true;
    default:
      return false;
  }
}
