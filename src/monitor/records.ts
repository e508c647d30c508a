// What the engine owner hands to the output writer, and what the writer publishes once stored.
import type {
  AlertClearedOutput, AlertOutput, AlertUpdatedOutput, CommandOutput, PositionOutput, Severity, TripOutput, TripView,
} from '../core/types.ts';

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export interface PositionRecord {
  kind: 'position';
  inputSeq: number;
  at: string;
  position: PositionOutput;
  /** Newer than anything shown for the device: worth pushing to /stream (older ones are history). */
  live: boolean;
  audience: string[];
}

export interface TripRecord {
  kind: 'trip';
  inputSeq: number | null;
  at: string;
  /** Per-trip number of this state change, 1 for the creation. */
  eventSeq: number;
  createdAt: string;
  trip: TripOutput;
  view: TripView | null;
  audience: string[];
}

export interface AlertRecord {
  kind: 'alert';
  inputSeq: number | null;
  at: string;
  alert: AlertOutput;
  audience: string[];
}

export interface AlertUpdatedRecord {
  kind: 'alertUpdated';
  inputSeq: number | null;
  at: string;
  updated: AlertUpdatedOutput;
}

export interface AlertClearedRecord {
  kind: 'alertCleared';
  inputSeq: number | null;
  at: string;
  cleared: AlertClearedOutput;
  audience: string[];
}

export interface CommandRecord {
  kind: 'command';
  inputSeq: number | null;
  at: string;
  commandId: string;
  command: CommandOutput;
}

/** A seal reported `unlocked` after an unlock was sent to it: the command is acknowledged. */
export interface CommandAckRecord {
  kind: 'commandAck';
  at: string;
  deviceId: string;
}

/** Every output of inputs up to `seq` has been handed over (the rebuild's resume point). */
export interface ProgressRecord {
  kind: 'progress';
  seq: number;
  /** A partition's resume point in the clustered deployment (seq 0 then: no single-process mark). */
  mark?: { partition: number; streamSeq: number };
}

export type OutputRecord =
  | PositionRecord
  | TripRecord
  | AlertRecord
  | AlertClearedRecord
  | AlertUpdatedRecord
  | CommandRecord
  | CommandAckRecord
  | ProgressRecord;

/**
 * An alert as an amendment left it: its whole detail after the merge (another seal of the same
 * tampering adds to `sealIds`) and its status (an amendment reopens a resolved alert).
 */
export type AlertAmendment = AlertUpdatedOutput & { status: string };

/** A stored output, as /stream, the command dispatcher and other listeners receive it. */
export type MonitorEvent =
  | { type: 'position'; at: string; data: PositionOutput; audience: string[] }
  | { type: 'trip'; at: string; data: TripView & { previousState: TripOutput['previousState'] }; audience: string[] }
  | { type: 'alert'; at: string; data: AlertOutput & { openedAt: string; status: 'open' }; audience: string[] }
  | { type: 'alertCleared'; at: string; data: AlertClearedOutput; audience: string[] }
  | { type: 'alertUpdated'; at: string; data: AlertAmendment; audience: string[] }
  | { type: 'command'; at: string; data: CommandOutput & { commandId: string }; audience: string[] };

export type MonitorListener = (events: MonitorEvent[]) => void;
