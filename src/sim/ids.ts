// Identifiers for simulated trucks, drivers, devices, containers and notes: valid by the rules of
// src/core/ids (check digits included), deterministic from the truck's number, so a restarted
// demo finds the same vehicles in the registry.
import { containerCheckDigit, validateNationalId, validateUbn } from '../core/ids/index.ts';
import type { Rng } from './rng.ts';

const PLATE_PREFIXES = ['KNA', 'KLA', 'KEA', 'KNB', 'KLB', 'KEB'];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PER_PREFIX = 3999;

/** Commercial container-tractor style plates: KNA6001 … KNA9999, then KLA6001, … */
export function plateFor(truckNo: number): string {
  const block = Math.floor(truckNo / PER_PREFIX);
  const extra = block - PLATE_PREFIXES.length;
  const prefix =
    extra < 0
      ? PLATE_PREFIXES[block]
      : `K${PLATE_LETTERS[Math.floor(extra / PLATE_LETTERS.length) % PLATE_LETTERS.length]}${PLATE_LETTERS[extra % PLATE_LETTERS.length]}`;
  return `${prefix}${6001 + (truckNo % PER_PREFIX)}`;
}

/** The plate of a truck's companion vehicle without an OBU: KTA6001 …, one letter per block of KNA-style plates. */
export function passivePlateFor(truckNo: number): string {
  const block = Math.floor(truckNo / PER_PREFIX);
  return `KT${PLATE_LETTERS[block % PLATE_LETTERS.length]}${6001 + (truckNo % PER_PREFIX)}`;
}

/**
 * OBU ids are 12 digits without a leading zero, so the same id is the JT/T 808 terminal phone
 * number (2013 layout, BCD[6]) and the device id the gateway derives from it, whichever transport
 * the truck uses.
 */
export function obuIdFor(truckNo: number): string {
  return `19${String(truckNo + 1).padStart(10, '0')}`;
}

/** Truck e-seals are reusable and belong to the truck: three each, numbered from its OBU. */
export function sealIdFor(truckNo: number, index: number): string {
  return `TS${String(truckNo + 1).padStart(7, '0')}${index + 1}`;
}

export function rfidCardFor(truckNo: number): string {
  return `PP${String(truckNo + 1).padStart(8, '0')}`;
}

const AREA_LETTERS = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';
const AREA_VALUES = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];

/** A valid citizen national ID (letter, 1 or 2, seven digits, check digit). */
export function nationalIdFor(truckNo: number): string {
  const letterIdx = truckNo % AREA_LETTERS.length;
  const area = AREA_VALUES[letterIdx];
  const body = `1${String((truckNo * 7919 + 1234567) % 10_000_000).padStart(7, '0')}`;
  const weights = [8, 7, 6, 5, 4, 3, 2, 1];
  let sum = Math.floor(area / 10) + (area % 10) * 9;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * weights[i];
  const check = (10 - (sum % 10)) % 10;
  const id = `${AREA_LETTERS[letterIdx]}${body}${check}`;
  if (!validateNationalId(id).ok) throw new Error(`generated national ID ${id} is invalid`);
  return id;
}

const SURNAMES = ['陳', '林', '黃', '張', '李', '王', '吳', '劉', '蔡', '楊', '許', '鄭', '謝', '郭', '洪'];
const GIVEN = ['志明', '俊傑', '建宏', '家豪', '冠宇', '宗翰', '承恩', '明哲', '文雄', '國華', '信宏', '昱廷'];

export function driverNameFor(truckNo: number): string {
  return SURNAMES[truckNo % SURNAMES.length] + GIVEN[Math.floor(truckNo / SURNAMES.length) % GIVEN.length];
}

/** The first valid unified business number at or after the 7-digit stem (the last digit searched). */
export function ubnFrom(stem: number): string {
  for (let n = stem; ; n++) {
    const s7 = String(n % 10_000_000).padStart(7, '0');
    for (let d = 0; d <= 9; d++) {
      const ubn = `${s7}${d}`;
      if (validateUbn(ubn).ok) return ubn;
    }
  }
}

const OWNER_CODES = ['EGH', 'EIS', 'YML', 'WHL', 'OOL', 'CSQ', 'TGH', 'MSC', 'TCL', 'SEG'];

/** A valid ISO 6346 container number (owner code + U + serial + check digit). */
export function containerNo(rng: Rng): string {
  const first10 = `${rng.pick(OWNER_CODES)}U${String(rng.int(0, 999_999)).padStart(6, '0')}`;
  return `${first10}${containerCheckDigit(first10)}`;
}

/** Note numbers are the sender's own; ours read CN + run + truck + trip, all digits after CN. */
export function cnNoFor(runTag: string, truckNo: number, tripNo: number): string {
  return `CN${runTag}${String(truckNo + 1).padStart(4, '0')}${String(tripNo + 1).padStart(3, '0')}`;
}

export function declarationNoFor(rng: Rng): string {
  return `AA${String(rng.int(0, 99)).padStart(2, '0')}${String(rng.int(0, 999_999_999)).padStart(10, '0')}`;
}
