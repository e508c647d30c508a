export { replayLines, ReplayInputError } from './replay.ts';
export { runReplayCommand, REPLAY_USAGE } from './command.ts';
export { validateInput } from './validate.ts';
