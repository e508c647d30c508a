// 0x0100 terminal registration (section 8.8). 2019 widened the manufacturer, model and terminal
// id fields; the version flag in the header says which layout the body uses. Terminals built to
// the 2011 edition send no version flag either but an 8-byte model: their bodies are shorter than
// the 2013 fixed part, which tells them apart.
import { ByteWriter, type ByteReader } from '../bytes.ts';
import type { Jt808Version } from '../header.ts';
import { decodeText, encodeText } from '../text.ts';

export interface Jt808Register {
  provinceId: number;
  cityId: number;
  manufacturerId: string;
  model: string;
  terminalId: string;
  /** 0 when the vehicle has no plate registered on the terminal; 1 blue, 2 yellow, ... */
  plateColor: number;
  /** Plate number, or the VIN when plateColor is 0. */
  plate: string;
}

interface Widths {
  manufacturer: number;
  model: number;
  terminalId: number;
}

const WIDTHS: Record<Jt808Version, Widths> = {
  2013: { manufacturer: 5, model: 20, terminalId: 7 },
  2019: { manufacturer: 11, model: 30, terminalId: 30 },
};
const WIDTHS_2011: Widths = { manufacturer: 5, model: 8, terminalId: 7 };

/** Province, city, the three text fields and the plate colour. */
function fixedLength(w: Widths): number {
  return 2 + 2 + w.manufacturer + w.model + w.terminalId + 1;
}

export function decodeRegister(r: ByteReader, version: Jt808Version): Jt808Register {
  const widths = version === 2013 && r.remaining < fixedLength(WIDTHS[2013]) ? WIDTHS_2011 : WIDTHS[version];
  return {
    provinceId: r.u16(),
    cityId: r.u16(),
    manufacturerId: decodeText(r.bytesOf(widths.manufacturer)),
    model: decodeText(r.bytesOf(widths.model)),
    terminalId: decodeText(r.bytesOf(widths.terminalId)),
    plateColor: r.u8(),
    plate: decodeText(r.rest()),
  };
}

export function encodeRegister(register: Jt808Register, version: Jt808Version): Buffer {
  const widths = WIDTHS[version];
  return new ByteWriter()
    .u16(register.provinceId)
    .u16(register.cityId)
    .fixed(encodeText(register.manufacturerId), widths.manufacturer)
    .fixed(encodeText(register.model), widths.model)
    .fixed(encodeText(register.terminalId), widths.terminalId)
    .u8(register.plateColor)
    .bytes(encodeText(register.plate))
    .done();
}
