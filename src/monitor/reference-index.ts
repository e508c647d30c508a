// What the monitor itself needs to know about the reference data flowing to the engine: which
// partition an input belongs to, who may see a trip, and how to reach a seal. Fed with every input
// in stored order (live and on rebuild), so it is always consistent with the engine's state.
import type { Device, EngineInput, TransportNote } from '../core/types.ts';

interface CnInfo {
  plate: string;
  senderUbn: string;
  destination: string;
}

/** Plates as customs stores them (uppercase, no "-" or spaces), the engine's own normal form. */
export function normPlate(plate: string): string {
  return plate.replace(/[-\s]/g, '').toUpperCase();
}

export class ReferenceIndex {
  private fleetByPlate = new Map<string, string>();
  private plateByObu = new Map<string, string>();
  private devices = new Map<string, Device>();
  private cns = new Map<string, CnInfo>();
  private plateBySeal = new Map<string, string>();
  private facilityOperator = new Map<string, string>();

  /** Records what an input says about vehicles, devices, CNs and facilities. */
  observe(input: EngineInput): void {
    switch (input.type) {
      case 'vehicle': {
        const plate = normPlate(input.data.plate);
        if (input.data.fleetUbn) this.fleetByPlate.set(plate, input.data.fleetUbn);
        else this.fleetByPlate.delete(plate);
        if (input.data.obuId) this.plateByObu.set(input.data.obuId, plate);
        break;
      }
      case 'device':
        this.devices.set(input.data.id, input.data);
        if (input.data.kind === 'obu' && input.data.plate) this.plateByObu.set(input.data.id, normPlate(input.data.plate));
        break;
      case 'transportNote':
        this.observeNote(input.data);
        break;
      case 'facility':
        if (input.data.operatorUbn) this.facilityOperator.set(input.data.code, input.data.operatorUbn);
        else this.facilityOperator.delete(input.data.code);
        break;
      case 'referenceDeleted':
        if (input.data.kind === 'facility') this.facilityOperator.delete(input.data.code);
        break;
      default:
        break;
    }
  }

  private observeNote(note: TransportNote): void {
    const plate = normPlate(note.plate);
    const known = this.cns.get(note.cnNo);
    // A cancellation may carry only the number; keep what the original said.
    this.cns.set(note.cnNo, {
      plate: plate || known?.plate || '',
      senderUbn: note.senderUbn || known?.senderUbn || '',
      destination: note.destination || known?.destination || '',
    });
    for (const c of note.containers ?? []) for (const s of c.sealNos ?? []) if (plate) this.plateBySeal.set(s, plate);
  }

  /** The vehicle a device reports for: its OBU's plate, or its paired OBU's plate for a seal. */
  plateOfDevice(deviceId: string): string | undefined {
    const direct = this.plateByObu.get(deviceId);
    if (direct) return direct;
    const dev = this.devices.get(deviceId);
    if (dev?.plate) return normPlate(dev.plate);
    if (dev?.obuId) return this.plateByObu.get(dev.obuId);
    return this.plateBySeal.get(deviceId);
  }

  /** The OBU a seal is paired to, for commands sent through it. */
  obuOfSeal(sealId: string): string | undefined {
    return this.devices.get(sealId)?.obuId;
  }

  fleetOf(plate: string): string | undefined {
    return this.fleetByPlate.get(normPlate(plate));
  }

  /**
   * The partition an input belongs to: the vehicle's plate, else the device (or seal, or CN)
   * it names; null for inputs every partition needs (ticks, facilities, routes, drivers).
   */
  keyFor(input: EngineInput): string | null {
    switch (input.type) {
      case 'vehicle':
      case 'transportNote':
      case 'gateEvent':
        return normPlate(input.data.plate) || null;
      case 'device':
        return this.plateOfDevice(input.data.id) ?? (input.data.plate ? normPlate(input.data.plate) : input.data.id);
      case 'telemetry':
        return this.plateOfDevice(input.data.deviceId) ?? input.data.deviceId;
      case 'sealConfirmation':
        return this.cns.get(input.data.cnNo)?.plate || input.data.cnNo;
      case 'unseal':
        return this.plateBySeal.get(input.data.sealId) ?? this.plateOfDevice(input.data.sealId) ?? input.data.sealId;
      case 'sealRead':
        return this.plateBySeal.get(input.data.sealNo) ?? input.data.sealNo;
      default:
        return null;
    }
  }

  /**
   * Companies that may see a trip besides customs: the vehicle's fleet, the senders of its CNs and
   * the operators of its CNs' destinations.
   */
  audienceOfTrip(plate: string, cnNos: readonly string[], destination?: string | null): string[] {
    const out = new Set<string>();
    const fleet = this.fleetOf(plate);
    if (fleet) out.add(fleet);
    for (const cnNo of cnNos) {
      const cn = this.cns.get(cnNo);
      if (!cn) continue;
      if (cn.senderUbn) out.add(cn.senderUbn);
      const op = this.facilityOperator.get(cn.destination);
      if (op) out.add(op);
    }
    if (destination) {
      const op = this.facilityOperator.get(destination);
      if (op) out.add(op);
    }
    return [...out].sort();
  }

  /** Audience of something about a vehicle without a trip: its fleet, and a facility's operator when named. */
  audienceOfVehicle(plate: string, facility?: string | null): string[] {
    const out = new Set<string>();
    const fleet = this.fleetOf(plate);
    if (fleet) out.add(fleet);
    if (facility) {
      const op = this.facilityOperator.get(facility);
      if (op) out.add(op);
    }
    return [...out].sort();
  }
}
