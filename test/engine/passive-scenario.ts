// Passive-seal trips in the small world of scenario.ts: truck KLA6001 with no OBU carrying container
// CSQU3054383 under e-seal P1 and ZEPU0037255 under e-paper seal P2, from terminal KHH-T1 to yard
// KHH-CY9 through X-ray station KHH-X1 (a checkpoint), and the reads and gate passages that move it.
import type { SealRead, TransportNote } from '../../src/core/types.ts';
import { FACILITIES, note, roadRoute, Sim, T0 } from './scenario.ts';

export const PLATE = 'KLA6001';
export const PTRIP = 'TR-CN25000101';
export const C1 = 'CSQU3054383';
export const C2 = 'ZEPU0037255';

export function passiveNote(extra: Partial<TransportNote> = {}): TransportNote {
  return note({
    cnNo: 'CN25000101',
    plate: PLATE,
    containers: [
      { no: C1, sealType: 'eseal', sealNos: ['P1'] },
      { no: C2, sealType: 'epaper_seal', sealNos: ['P2'] },
    ],
    ...extra,
  });
}

export class PassiveSim extends Sim {
  /** The containers of the CN, as a lane reads them. */
  containers: string[] = [C1, C2];

  /** The world, a vehicle without an OBU and its CN (checkpoint KHH-X1 on the route). */
  setupPassive(o: { note?: Partial<TransportNote>; checkpoints?: string[]; obu?: boolean } = {}): this {
    for (const f of FACILITIES) this.apply('facility', f);
    this.apply('route', roadRoute({ checkpoints: o.checkpoints ?? ['KHH-X1'] }));
    this.apply('vehicle', { plate: PLATE, kind: 'truck', category: 4, ...(o.obu ? { obuId: 'OBU7' } : {}) });
    const n = passiveNote(o.note);
    this.containers = n.containers.map((c) => c.no);
    this.apply('transportNote', n);
    return this;
  }

  read(sealNo: string, event: SealRead['event'], place: string | { lat: number; lon: number }, extra: Partial<SealRead> = {}) {
    const where = typeof place === 'string' ? { facility: place } : place;
    return this.apply('sealRead', { sealNo, event, reader: 'phone_nfc', ...where, ...extra });
  }

  gate(facility: string, direction: 'in' | 'out', extra: Record<string, unknown> = {}) {
    return this.apply('gateEvent', { facility, lane: 'L1', direction, plate: PLATE, containerNos: this.containers, source: 'ocr', ...extra });
  }

  /** Both seals applied at the terminal, a minute apart. */
  applyBoth(): this {
    this.wait(60).read('P1', 'applied', 'KHH-T1', { containerNo: C1 });
    this.wait(60).read('P2', 'applied', 'KHH-T1', { containerNo: C2 });
    return this;
  }
}

export { T0 };
