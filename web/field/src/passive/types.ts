// The answers of the passive-seal endpoints, typed from the server's own code (type-only imports).
export type { PassiveTask, PassiveSealState, TaskSide } from '../../../../src/field/passive.ts';
