// Public surface of the monitoring engine.
export { applyInput, createEngineState } from './engine.ts';
export type { EngineState } from './engine.ts';
export {
  acceptedPosition, deviceStatus, droppedFixes, getTrip, listTrips, refusedSeals, tripForContainer, tripForPlate, tripIdForDevice,
} from './queries.ts';
export { parseIsoMs } from './clock.ts';
export { gateOutcome, setMovementRules } from './container-moves.ts';
