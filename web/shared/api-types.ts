// What the server answers, typed from the server's own code: the presenters that build each
// answer (src/monitor/present.ts, ...) and the domain types they use. Imports are type-only, so
// nothing of the server reaches the browser bundles; a change to an answer's shape shows up here
// as a type error in the apps that read it.
import type { Principal } from '../../src/auth/roles.ts';
import type { FieldError as ServerFieldError } from '../../src/core/errors.ts';
import type { AlertOutput, TripOutput, TripView, PositionOutput } from '../../src/core/types.ts';
import type { CommandView } from '../../src/monitor/command-view.ts';
import type { presentAlert, presentAlertEvent, TripSummary } from '../../src/monitor/present.ts';
import type { CompanyView } from '../../src/registry/companies.ts';
import type { NoteView } from '../../src/transport-notes/present.ts';

export type { CommandView, CompanyView, NoteView, PositionOutput, TripSummary };

/**
 * One bad field. The server names the rule's code on every one; a form's own checks, which are
 * already in the reader's language, need none.
 */
export type FieldError = Omit<ServerFieldError, 'code'> & { code?: string };

/** GET /auth/me: the person (or API key) behind the session. */
export type Me = Principal;

/** The user in POST /auth/login's answer. */
export type SessionUser = Omit<Principal, 'kind'> & { username: string };

/** POST /auth/login. */
export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

/** GET /alerts (each), and the answer to every alert handling step. */
export type AlertResource = ReturnType<typeof presentAlert>;
export type AlertEvent = ReturnType<typeof presentAlertEvent>;
/** GET /alerts/{id}. */
export type AlertDetail = AlertResource & { history: AlertEvent[] };
/** An `alert` message on /stream: the engine's alert as it opens. */
export type StreamAlert = AlertOutput & { openedAt: string; status: 'open' };
/** An `alertUpdated` message on /stream: the alert's whole detail after the amendment, and its status. */
export type StreamAlertUpdated = Pick<AlertOutput, 'alertId' | 'alertType' | 'tripId' | 'detail'> & { status: string };
/** An `alertCleared` message on /stream. */
export type StreamAlertCleared = Pick<AlertOutput, 'alertId' | 'alertType' | 'tripId'>;

/** One entry of GET /trips/{id}'s timeline: a state change, or a step in one of its alerts. */
export type TimelineEntry =
  | { at: string; kind: 'state'; state: TripView['state']; previousState: TripView['state'] | null }
  | { at: string; kind: `alert_${string}`; alertId: string; alertType: string; severity: string; actor?: string; data?: Record<string, unknown> };

/** GET /trips/{id}: the trip, its transport notes, alerts, device commands and timeline. */
export type TripDetail = TripSummary & { transportNotes: NoteView[]; alerts: AlertResource[]; commands: CommandView[]; timeline: TimelineEntry[] };
/** A `trip` message on /stream (no creation time; previousState added). */
export type StreamTrip = TripView & Pick<TripOutput, 'previousState'>;

/** GET /trips/{id}/track?format=list. */
export interface TrackList {
  tripId: string;
  positions: { ts: string; lat: number; lon: number; speedKmh: number | null; heading: number | null; deviceId: string }[];
}
