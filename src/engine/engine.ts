// The monitoring engine: applyInput(state, input, now) → outputs. No I/O, no wall clock, no
// randomness: the same inputs with the same clocks give the same outputs, byte for byte, whether
// live, in replay, in the simulator or in a benchmark. The state is updated in place for speed;
// apart from that the call is a pure step.
import type { AlertParams, EngineInput, EngineOutput } from '../core/types.ts';
import { applyGateEvent } from './gate.ts';
import { applySealRead } from './passive.ts';
import { deleteReference, setGlobalParams, upsertDevice, upsertDriver, upsertFacility, upsertRoute, upsertVehicle } from './reference.ts';
import { retireFinished } from './retire.ts';
import { EngineState } from './state.ts';
import { applyTelemetry } from './telemetry.ts';
import { applyManualUnseal, applySealConfirmation, applyTransportNote } from './trips.ts';
import { fireDueWakes } from './wakes.ts';
import { applyClearance, applyGateMovements, applySealReadSighting, applyYardEvent, markInputStart } from './container-moves.ts';

export type { EngineState };

export function createEngineState(globalParams: Partial<AlertParams> = {}): EngineState {
  return new EngineState(globalParams);
}

/**
 * Applies one input at engine time `nowMs` (epoch ms of `input.at`; the caller parses it once).
 * The clock never runs backwards: an earlier `nowMs` is treated as the current clock. Timer alerts
 * due by the clock fire first (they happened before this input), then the input's own effects, in
 * causal order; that order is deterministic, and every output carries `at` = input.at.
 */
export function applyInput(state: EngineState, input: EngineInput, nowMs: number): EngineOutput[] {
  const out: EngineOutput[] = [];
  state.host.out = out;
  if (nowMs > state.clockMs) state.clockMs = nowMs;
  state.at = input.at;
  state.acceptedDev = null;
  state.acceptedReport = null;
  if (state.refusedSeals.length > 0) state.refusedSeals.length = 0;
  // Before the wakes the jump of the clock makes due: a silence rule's wake must see that the
  // platform, not the device, was silent while it was down.
  if (input.type === 'platformResumed') state.listeningSinceMs = state.clockMs;
  if (state.wakes.peekDue() <= state.clockMs) fireDueWakes(state);
  if (state.finished.length > 0) retireFinished(state);
  markInputStart(state, out.length);
  switch (input.type) {
    case 'telemetry':
      applyTelemetry(state, input.data, out);
      break;
    case 'tick':
    case 'platformResumed':
      break;
    case 'transportNote':
      applyTransportNote(state, input.data, out);
      break;
    case 'sealConfirmation':
      applySealConfirmation(state, input.data, out);
      break;
    case 'gateEvent':
      applyGateEvent(state, input.data);
      applyGateMovements(state, input.data);
      break;
    case 'clearance':
      applyClearance(state, input.data);
      break;
    case 'yardEvent':
      applyYardEvent(state, input.data);
      break;
    case 'unseal':
      applyManualUnseal(state, input.data, out);
      break;
    case 'sealRead':
      applySealRead(state, input.data, out);
      applySealReadSighting(state, input.data);
      break;
    case 'facility':
      upsertFacility(state, input.data);
      break;
    case 'route':
      upsertRoute(state, input.data);
      break;
    case 'vehicle':
      upsertVehicle(state, input.data);
      break;
    case 'driver':
      upsertDriver(state, input.data);
      break;
    case 'device':
      upsertDevice(state, input.data);
      break;
    case 'alertParams':
      setGlobalParams(state, input.data);
      break;
    case 'referenceDeleted':
      deleteReference(state, input.data.kind, input.data.code);
      break;
  }
  return out;
}
