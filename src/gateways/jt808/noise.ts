// A connection, or an address opening connection after connection, can send garbage as fast as TCP
// carries it, and each bad frame is a log line. The lines anyone can provoke without having
// authenticated are therefore limited per address: the first few of each interval are written, then
// one summary with how many were not (src/ops/log-budget.ts). Everything else passes unchanged.
import { LogBudget } from '../../ops/log-budget.ts';
import type { Log } from './connection.ts';

/** Lines a remote party can cause at will: without valid credentials, or with reports no good. */
export const UNSOLICITED: ReadonlySet<string> = new Set([
  'jt808: text sentence',
  'jt808: bad frame dropped',
  'jt808: bad frame',
  'jt808: subpackage refused',
  'jt808: frame handling failed',
  'jt808: message before authentication refused',
  'jt808: message not supported',
  'jt808: registration refused',
  'jt808: authentication failed',
  'jt808: reports refused',
  'jt808: socket error',
]);

export const NOISE_SUMMARY = 'jt808: lines from this address not logged (too many bad frames)';

export interface NoiseLimit {
  /** Lines written per address and interval (default 5). */
  perInterval?: number;
  /** Default one minute. */
  intervalMs?: number;
  now?: () => number;
}

export interface LimitedLog {
  log: Log;
  /** Writes the counts still pending and stops the timer. */
  close(): void;
}

/** The address part of a `host:port` peer (IPv6 hosts contain colons too). */
export function addressOfPeer(peer: string): string {
  const colon = peer.lastIndexOf(':');
  return colon > 0 ? peer.slice(0, colon) : peer;
}

export function limitNoise(log: Log, limit: NoiseLimit = {}): LimitedLog {
  const budget = new LogBudget({ ...limit, write: log, summary: NOISE_SUMMARY, sourceField: 'address' });
  return {
    log(msg, extra) {
      const peer = (extra as { peer?: unknown } | undefined)?.peer;
      if (UNSOLICITED.has(msg) && typeof peer === 'string') budget.log(addressOfPeer(peer), msg, extra as Record<string, unknown>);
      else log(msg, extra);
    },
    close: () => budget.close(),
  };
}
