// Who may read and write which registry records: the rules live in the access policy
// (src/access/registry.ts, and src/access/company.ts for the company scoping).
export {
  REFERENCE_WRITERS,
  FLEET_WRITERS,
  DEVICE_READERS,
  DEVICE_WRITERS,
  GATE_CHECKERS,
  isCustomsAdmin,
  mayReadFleetRecord,
  mayWriteFor,
} from '../access/registry.ts';
export { ownedScope as listScope, mayReadOwned as ownsRecord } from '../access/company.ts';
