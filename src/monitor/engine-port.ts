// The monitor's view of the engine: the pure functions of src/engine bound to one state. Kept
// behind this small interface so the owner logic can be tested with a scripted engine too.
import {
  acceptedPosition, applyInput, deviceStatus, createEngineState, droppedFixes, gateOutcome, getTrip, listTrips, refusedSeals, tripForContainer,
  tripForPlate, tripIdForDevice, type EngineState,
} from '../engine/index.ts';
import type { AlertParams, EngineInput, EngineOutput, PositionOutput, TripView } from '../core/types.ts';

export interface EnginePort {
  apply(input: EngineInput, nowMs: number): EngineOutput[];
  /** The fix the last apply accepted into live state, if any. */
  acceptedPosition(): PositionOutput | null;
  /** The seal ids the last apply's OBU report named but may not speak for (ignored by the engine). */
  refusedSeals(): readonly string[];
  getTrip(tripId: string): TripView | null;
  listTrips(): TripView[];
  tripIdForDevice(deviceId: string): string | null;
  tripForPlate(plate: string): TripView | null;
  tripForContainer(containerNo: string): TripView | null;
  /** A device's last known battery, seal state, link and report time (null: never reported). */
  deviceStatus?(deviceId: string): ReturnType<typeof deviceStatus>;
  /** Fixes the engine's filters kept out of live state since start, by reason. */
  droppedFixes?(): Readonly<Record<string, number>>;
  /** After a gate passage: where its own outputs begin (timers that fell due come first) and its trip. */
  gateOutcome?(): { inputFrom: number; tripId: string | null };
}

export class LiveEngine implements EnginePort {
  /** Replaced only when a snapshot is restored before anything is applied (src/snapshots). */
  state: EngineState;

  constructor(globalParams: Partial<AlertParams> = {}) {
    this.state = createEngineState(globalParams);
  }

  apply(input: EngineInput, nowMs: number): EngineOutput[] {
    return applyInput(this.state, input, nowMs);
  }
  acceptedPosition(): PositionOutput | null {
    return acceptedPosition(this.state);
  }
  refusedSeals(): readonly string[] {
    return refusedSeals(this.state);
  }
  getTrip(tripId: string): TripView | null {
    return getTrip(this.state, tripId);
  }
  listTrips(): TripView[] {
    return listTrips(this.state);
  }
  deviceStatus(deviceId: string): ReturnType<typeof deviceStatus> {
    return deviceStatus(this.state, deviceId);
  }
  tripIdForDevice(deviceId: string): string | null {
    return tripIdForDevice(this.state, deviceId);
  }
  tripForPlate(plate: string): TripView | null {
    return tripForPlate(this.state, plate);
  }
  tripForContainer(containerNo: string): TripView | null {
    return tripForContainer(this.state, containerNo);
  }
  droppedFixes(): Readonly<Record<string, number>> {
    return droppedFixes(this.state);
  }
  gateOutcome(): { inputFrom: number; tripId: string | null } {
    return gateOutcome(this.state);
  }
}
