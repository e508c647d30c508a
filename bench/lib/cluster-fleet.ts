// A fleet for the cluster's tests and benchmark: vehicles on one straight route, each with an OBU
// and a seal and a transport note, reporting positions; some reports carry a tampered seal, which
// raises seal_tamper. No rule here depends on the clock (every vehicle keeps reporting), so the
// alerts are a function of each vehicle's inputs in order: the cluster must raise exactly the
// alerts a single engine raises over the same stored inputs.
import type { Telemetry, TransportNote } from '../../src/core/types.ts';
import { CUSTOMS_UBN } from '../../src/store/bootstrap.ts';
import type { NewInput } from '../../src/platform.ts';
import { straightRoute } from './straight-route.ts';

const ORIGIN = 'CKT901';
const DESTINATION = 'CYC909';
const { facilities, route } = straightRoute({ origin: ORIGIN, destination: DESTINATION, routeCode: 'RT-CLUSTER', label: 'cluster', maxDurationMin: 6000 });

export interface FleetVehicle {
  plate: string;
  obu: string;
  seal: string;
}

export const fleetVehicle = (k: number): FleetVehicle => ({ plate: `CLA${String(k).padStart(5, '0')}`, obu: `COBU${k}`, seal: `CSEAL${k}` });

/** The reference inputs: facilities and the route, then per vehicle its vehicle, devices and note. */
export function fleetSetup(vehicles: number): NewInput[][] {
  const batches: NewInput[][] = [[...facilities.map((data) => ({ type: 'facility' as const, data })), { type: 'route', data: route }]];
  for (let k0 = 0; k0 < vehicles; k0 += 250) {
    const batch: NewInput[] = [];
    for (let k = k0; k < Math.min(vehicles, k0 + 250); k++) {
      const v = fleetVehicle(k);
      const note: TransportNote = {
        cnNo: `CNCL${String(k).padStart(8, '0')}`,
        function: '9',
        senderUbn: CUSTOMS_UBN,
        origin: ORIGIN,
        destination: DESTINATION,
        containers: [{ no: `CLCU${String(k).padStart(7, '0')}`, sealType: 'truck_eseal', sealNos: [v.seal] }],
        plate: v.plate,
        driverId: 'A123456789',
        transportCategory: 1,
        requiresConfirmation: false,
      };
      batch.push(
        { type: 'vehicle', data: { plate: v.plate, kind: 'tractor', category: 1, obuId: v.obu } },
        { type: 'device', data: { id: v.obu, kind: 'obu', plate: v.plate } },
        { type: 'device', data: { id: v.seal, kind: 'seal', obuId: v.obu } },
        { type: 'transportNote', data: note },
      );
    }
    batches.push(batch);
  }
  return batches;
}

/**
 * The n-th report of vehicle k: it moves 10 m a report along the route; reports whose number is
 * `tamperEvery`-th for the vehicle (after it has left) have the seal tampered, the next ones locked
 * again, so alerts open and clear all through a run.
 */
export function fleetReport(k: number, n: number, tsMs: number, tamperEvery = 0): NewInput {
  const v = fleetVehicle(k);
  const tampered = tamperEvery > 0 && n > 5 && (n + k) % tamperEvery === 0;
  const data: Telemetry = {
    deviceId: v.obu,
    ts: new Date(tsMs).toISOString(),
    lat: 22.6,
    lon: Math.round((120.3 + Math.min(n * 0.0001, 0.099)) * 1e6) / 1e6,
    speedKmh: 40,
    hdop: 1,
    seals: [{ id: v.seal, state: tampered ? 'tampered' : 'locked', link: 'ok', battery: 90 }],
  };
  return { type: 'telemetry', data };
}
