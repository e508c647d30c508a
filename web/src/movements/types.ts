// What the movement endpoints answer (src/movements/*.ts, src/api/routes/{lanes,movements}.ts).
import type { Severity } from '../api/types.ts';

export interface TimelineEntry {
  at: string;
  phase: string;
  kind: string;
  facility: string | null;
  detail: Record<string, any>;
}

export interface ContainerHistory {
  containerNo: string;
  status: string;
  lastEventAt: string | null;
  facility: string | null;
  trip: { tripId: string; state: string; plate: string } | null;
  lastPosition: { lat: number; lon: number; ts: string } | null;
  timeline: TimelineEntry[];
  clearances: { declarationNo: string; kind: string; status: string; releaseCode?: string; statusAt: string }[];
  alerts: { alertId: string; alertType: string; severity: Severity; openedAt: string; status: string; plate: string | null }[];
  places: { code: string; name: string; kind: string; lat: number; lon: number }[];
}

export interface MovementAlert {
  alertId: string;
  alertType: string;
  severity: Severity;
  plate: string | null;
  tripId: string | null;
  containerNo: string | null;
  detail: Record<string, any>;
  openedAt: string;
  status: 'open' | 'acknowledged' | 'resolved';
}

export interface Passage {
  passageId: string;
  facility: string;
  lane: string;
  direction: 'in' | 'out';
  plate: string;
  containerNos: string[];
  sealNos: string[] | null;
  capturedAt: string | null;
  receivedAt: string;
  confidence: { plate?: number; containers?: number[] } | null;
  images: string[];
  decision: 'pass' | 'hold' | null;
  reasons: { code: string; alertId?: string; containerNo?: string }[];
  tripId: string | null;
  laneConfirmed: string[];
  officerDecision: 'released' | 'refused' | null;
  officerReason: string | null;
  officerBy: string | null;
}

export interface LaneView {
  lanes: { facility: string; lane: string; passages: Passage[]; waiting: number }[];
  holds: Passage[];
}

export interface Traffic {
  since: string;
  until: string;
  facilities: { facility: string; passages: number; holds: number }[];
  lanes: { facility: string; lane: string; passages: number; holds: number; hours: { hour: string; passages: number; holds: number; refused: number }[] }[];
}
