// departed_unconfirmed (high): the vehicle left the origin area while a CN requiring the
// responsible person's confirmation was still unconfirmed. Raised once, at departure.
import type { Severity } from '../types.ts';

export const alertType = 'departed_unconfirmed';
export const severity: Severity = 'high';

export interface ConfirmableCn {
  cnNo: string;
  requiresConfirmation: boolean;
  confirmed: boolean;
}

export function unconfirmedCnNos(cns: readonly ConfirmableCn[]): string[] {
  return cns.filter((c) => c.requiresConfirmation && !c.confirmed).map((c) => c.cnNo);
}
