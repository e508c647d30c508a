// SealWatch's access policy: who may see or act on what, written once. Each rule is a predicate on
// a record (for one record read) next to the same rule as a SQL condition with parameters (for
// lists), with the reason beside it; the families live in the files re-exported here.
export { bind, type Condition } from './sql.ts';
export { mayReadOwned, ownedWhere, ownedScope } from './company.ts';
export { answersFor, answersForWhere, holdsStorageCodeAt, holdsStorageCodeSql, mayConfirmAt, mayOperate, mayUnsealAt, codedFacilities, type CodedFacility } from './facilities.ts';
export * from './monitoring.ts';
export * from './notes.ts';
export * from './registry.ts';
export * from './offline-unseal.ts';
export { REFERRAL_KINDS, refer, referredTo, referredToCaller, referredWhere, type Referral, type ReferralKind } from './referrals.ts';
export * from './notifications.ts';
export * from './risk.ts';
export * from './cases.ts';
export { OCR_READERS } from './recognition.ts';
export * from './seal-reads.ts';
export * from './portal.ts';
export { mayDecideHold, mayReadDeclaration, mayReadMovements } from './movements.ts';
