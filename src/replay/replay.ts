// Replay: the monitoring engine over JSON Lines (CONTRACT section 2). Each line is an input
// `{at, type, data}`; the engine clock is set to `at` before it is applied; each output becomes a
// line `{at, type, data}`. Same input, same bytes out.
import type { AlertParams, EngineInput } from '../core/types.ts';
import { applyInput, createEngineState } from '../engine/engine.ts';
import { parseIsoMs } from '../engine/clock.ts';
import { validateInput } from './validate.ts';

export class ReplayInputError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`line ${line}: ${field ? `${field}: ` : ''}${reason}`);
    this.name = 'ReplayInputError';
  }
}

/**
 * Runs the engine over input lines (blank lines skipped) and yields output lines (no trailing
 * newline). Throws ReplayInputError, naming the line number and field, at the first bad line:
 * invalid JSON, a wrong type or missing data field, or an `at` that is not ISO 8601 with offset or
 * goes backwards.
 */
export async function* replayLines(
  lines: AsyncIterable<string> | Iterable<string>,
  params: Partial<AlertParams> = {},
): AsyncIterable<string> {
  const state = createEngineState(params);
  let lineNo = 0;
  let lastMs = -Infinity;
  let lastAt = '';
  for await (const raw of lines) {
    lineNo++;
    const text = raw.trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ReplayInputError(lineNo, '', `not valid JSON (${(e as Error).message})`);
    }
    const problem = validateInput(value);
    if (problem !== null) throw new ReplayInputError(lineNo, problem.path, problem.message);
    const input = value as EngineInput;
    const atMs = parseIsoMs(input.at);
    if (atMs < lastMs) throw new ReplayInputError(lineNo, 'at', `goes backwards (${input.at} is before ${lastAt})`);
    lastMs = atMs;
    lastAt = input.at;
    const outputs = applyInput(state, input, atMs);
    for (let i = 0; i < outputs.length; i++) yield JSON.stringify(outputs[i]);
  }
}
