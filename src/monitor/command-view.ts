// A device command as the API shows it (trip view, field app): where it went and whether the
// device answered.
import type { Row } from '../store/db.ts';

export interface CommandView {
  commandId: string;
  deviceId: string;
  command: string;
  /** pending, sent, failed, expired or acknowledged */
  status: string;
  channel: string | null;
  attempts: number;
  at: string;
  sentAt: string | null;
  acknowledgedAt: string | null;
  error: string | null;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export function presentCommand(r: Row): CommandView {
  return {
    commandId: r.command_id,
    deviceId: r.device_id,
    command: r.command,
    status: r.status,
    channel: r.channel ?? null,
    attempts: Number(r.attempts ?? 0),
    at: iso(r.at)!,
    sentAt: iso(r.sent_at),
    acknowledgedAt: iso(r.acknowledged_at),
    error: r.error ?? null,
  };
}
