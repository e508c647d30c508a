// What a rule asks the engine to do after seeing one fact; bit flags so one step can both end an
// episode and start the next without allocating.
export const NONE = 0;
/** Open a new alert (a new episode). */
export const OPEN = 1;
/** Clear the open alert (the episode ended). */
export const CLEAR = 2;
/** An episode began whose alert, if any, comes from a timer: schedule a wake-up. */
export const START = 4;
