// The simulator's own vocabulary: trucks, the items of its output stream, and the ground truth.
import type { AlertType, Device, Driver, EngineInput, Vehicle } from '../core/types.ts';

export const TRANSPORT_KINDS = ['mqtt', 'http', 'jt808'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

export interface Truck {
  no: number;
  plate: string;
  obuId: string;
  sealIds: string[];
  rfidCard: string;
  vehicle: Vehicle;
  /** The same fleet's truck without an OBU the driver takes for point-to-point trips (passive seals only). */
  passivePlate: string;
  passiveVehicle: Vehicle;
  driver: Driver;
  devices: Device[];
  /** How its devices reach the platform in live mode. */
  transport: TransportKind;
  /** This driver's pace relative to the road's speed range (about 0.92–1.08). */
  speedFactor: number;
}

/** One element of the simulated stream: an engine input plus what live transports need to send it. */
export interface SimItem {
  atMs: number;
  input: EngineInput;
  /** The truck whose device or yard step produced it (absent for reference data and ticks). */
  truck?: number;
  /** Reports flushed together after a signal gap share a key (HTTP array, JT/T 808 0x0704). */
  batch?: string;
}

/** One expected alert: what the platform should raise, for which trip, and when. */
export interface Incident {
  alertType: AlertType;
  simTripId: string;
  /** The trip's plate and, for a misread gate event, the plate the lane read. */
  plates: string[];
  cnNos: string[];
  startMs: number;
  endMs: number;
  /** How long the rule legitimately waits after startMs before it opens (seconds). */
  windowS: number;
  /** True when the alert follows from another injected incident (a facility visit off the route is also a deviation). */
  derived: boolean;
  detail: Record<string, unknown>;
}

export interface SimTrip {
  simTripId: string;
  truckNo: number;
  plate: string;
  routeCode: string;
  cnNos: string[];
  startMs: number;
  /** When the truck left the origin area (true position). */
  departMs: number;
  /** When it entered the destination area. */
  arriveMs: number;
  endMs: number;
  /** The injected incident, if any (derived incidents are in the trip's incidents only). */
  incident: AlertType | null;
  /** Truck e-seals only, point to point (passive seals, no OBU), or a mixed CN (both). */
  kind?: 'truck_eseal' | 'point_to_point' | 'mixed';
  incidents: Incident[];
}
