// Who sees monitoring data: the rules live in the access policy (src/access/monitoring.ts).
export {
  isDriverOnly,
  streamScopeOf,
  tripsWhere,
  alertsWhere,
  canSeeMonitored as canSee,
  canSeeContainer,
  mayReadMonitored,
} from '../access/monitoring.ts';
