// Maker-specific location items (ids outside the standard's table) that matter to seal
// monitoring: e-lock lists and lock events, battery, removal alarms. Layouts follow the devices
// Traccar supports, checked against the captures in the conformance vectors.
import { ByteReader, hex } from '../bytes.ts';
import { bitSet } from '../alarms.ts';
import type { ItemFindings, Jt808LocationItem } from './location-items.ts';

/** One e-lock as reported through a tracker. */
export interface Jt808Lock {
  /** Lock identifier as printed by the maker (hex of its id bytes). */
  id: string;
  /** Shackle locked / sealed. */
  locked: boolean;
  /** RFID card last used on the lock (0xD5 list). */
  card?: string;
  /** Battery on the maker's 0-255 scale (0xD5 list; not known to be a percentage). */
  batteryLevel?: number;
  /** Battery voltage (0x63 list). */
  batteryVolts?: number;
}

/** Lock or unlock operation (item 0x0B of Jointech e-locks). */
export interface Jt808LockEvent {
  command: number;
  /** Card number that was presented, when the operation used an RFID card. */
  card?: number;
  /** Password that was entered, when the operation used one. */
  password?: string;
  /** Maker's result code of the operation. */
  unlockResult?: number;
}

/** Reads `item` into `out` when its id is a known vendor item; false otherwise. */
export function decodeVendorItem(item: Jt808LocationItem, out: ItemFindings): boolean {
  const r = new ByteReader(item.data);
  const length = item.data.length;
  switch (item.id) {
    case 0x0b:
      out.extras.lockEvent = decodeLockEvent(r, length);
      return true;
    case 0x63:
      out.extras.locks = decodePadlocks(r, length);
      return true;
    case 0xd4:
      if (length !== 1) return false;
      decodeBatteryByte(r.u8(), out);
      return true;
    case 0xd5:
      if (length === 2) out.extras.batteryVolts = r.u16() / 100;
      else out.extras.locks = decodeLockList(r);
      return true;
    case 0xeb:
      return decodeExtendedList(r, length, out);
    case 0xfe:
      if (length !== 1) return false;
      out.extras.batteryPercent = r.u8();
      return true;
    default:
      return false;
  }
}

/** 0xD4: battery percentage, 0xFF meaning "on charge". */
function decodeBatteryByte(value: number, out: ItemFindings): void {
  if (value === 0xff) out.extras.charging = true;
  else out.extras.batteryPercent = value;
}

/** 0x0B: command, then a card number (length 5-6) or a 6-char password (7+), then a result byte when the length is even. */
export function decodeLockEvent(r: ByteReader, length: number): Jt808LockEvent {
  const event: Jt808LockEvent = { command: r.u8() };
  if (length >= 5 && length <= 6) event.card = r.u32();
  else if (length >= 7) event.password = Buffer.from(r.bytesOf(6)).toString('latin1');
  if (length % 2 === 0) event.unlockResult = r.u8();
  return event;
}

/** 0xD5 (A1L808-style e-locks): count, then per lock id[5], card[5], battery, status word (bit 5 = open). */
function decodeLockList(r: ByteReader): Jt808Lock[] {
  const count = r.u8();
  const locks: Jt808Lock[] = [];
  for (let i = 0; i < count; i++) {
    const id = hex(r.bytesOf(5));
    const card = hex(r.bytesOf(5));
    const batteryLevel = r.u8();
    const status = r.u16();
    locks.push({ id, locked: !bitSet(status, 5), card, batteryLevel });
  }
  return locks;
}

/** 0x63 (LoRa padlocks): 11 bytes per lock: id[6], battery mV, seal state ('1' = sealed), physical state, RSSI. */
function decodePadlocks(r: ByteReader, length: number): Jt808Lock[] {
  const locks: Jt808Lock[] = [];
  for (let i = 0; i < Math.floor(length / 11); i++) {
    const id = hex(r.bytesOf(6));
    const batteryVolts = r.u16() / 1000;
    const locked = r.u8() === 0x31;
    r.u8(); // physical state
    r.u8(); // radio signal strength
    locks.push({ id, locked, batteryVolts });
  }
  return locks;
}

/**
 * 0xEB carries three unrelated things depending on the maker: a cell tower list, a time zone
 * text, or a list of (length, type, data) sub-items. Only the sub-item list is read here.
 */
function decodeExtendedList(r: ByteReader, length: number, out: ItemFindings): boolean {
  if (length < 4) return false;
  const data = r.bytesOf(length);
  const looksLikeCellList = ((data[0] << 8) | data[1]) > 200 && (length - 3) % 5 === 0;
  if (looksLikeCellList || data.every((b) => b >= 0x20 && b < 0x7f)) return false;
  const list = new ByteReader(data);
  while (list.remaining >= 4) {
    const subLength = list.u16();
    if (subLength < 2 || subLength > list.remaining) break;
    const type = list.u16();
    const value = new ByteReader(list.bytesOf(subLength - 2));
    decodeExtendedSubItem(type, subLength - 2, value, out);
  }
  return true;
}

function decodeExtendedSubItem(type: number, length: number, r: ByteReader, out: ItemFindings): void {
  switch (type) {
    case 0x0089: {
      // Device status word: bit 0 clear = external power lost, bit 12 clear = device removed.
      const status = r.u32();
      if (!bitSet(status, 0)) addAlarm(out, 'powerCut');
      if (!bitSet(status, 12)) addAlarm(out, 'removing');
      break;
    }
    case 0x002d:
      // Four bytes is external supply voltage; two bytes is the internal battery.
      if (length === 2) out.extras.batteryVolts = r.u16() / 1000;
      break;
    case 0x00a8:
    case 0x00e1:
      out.extras.batteryPercent = r.u8();
      break;
    default:
      break;
  }
}

function addAlarm(out: ItemFindings, name: string): void {
  if (!out.alarms.includes(name)) out.alarms.push(name);
}
