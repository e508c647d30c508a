// Risk analysis is customs' own work: which declarations, drivers, vehicles and companies it
// suspects is not shown to the companies concerned. Customs officers score declarations, record
// inspection outcomes, choose what to inspect and keep the watchlist; only a customs admin trains
// models and chooses the one in use. A transport note's sender hears only that a party it names
// is under watch, not why (src/risk/warnings.ts).
import type { Role } from '../auth/roles.ts';

export const RISK_OFFICERS: readonly Role[] = ['customs_admin', 'customs_officer'];
export const RISK_MODEL_ADMINS: readonly Role[] = ['customs_admin'];
