// Sends the engine's device commands (unlock on arrival) once they are stored, and records the
// result in the commands table: sent (with the channel) or failed; the output writer marks them
// acknowledged when the seal later reports `unlocked`.
//
// Until then a command is sent again every RETRY (30 s), through whichever channel reaches the
// device at that moment: a seal whose OBU was out of coverage at the gate gets its unlock when the
// OBU reconnects over JT/T 808, and a lost MQTT delivery is repeated (unlock is idempotent). After
// EXPIRE (10 min) it is `expired`: the field app then tells the officer or responsible person to
// unseal by hand.
//
// Channel choice: a device connected over JT/T 808 gets the downlink directly; a seal whose paired
// OBU is connected over JT/T 808 gets it through that OBU (the OBU relays to the seal over
// Bluetooth); otherwise the command is published on the device's MQTT commands topic (QoS 1;
// a device with a persistent session receives it when it reconnects).
import type { MonitorEvent } from '../../monitor/records.ts';
import type { CommandOutput } from '../../core/types.ts';
import type { Queryable, Row } from '../../store/db.ts';

/** The JT/T 808 server's downlink (src/gateways/jt808/server.ts). */
export interface Jt808Downlink {
  sendCommand(deviceId: string, command: { command: 'unlock'; sealId?: string; tripId?: string }): boolean;
}

export interface MqttDownlink {
  publishCommand(deviceId: string, body: object): Promise<void>;
}

export interface DispatcherOptions {
  db: Queryable;
  jt808?: () => Jt808Downlink | undefined;
  mqtt?: () => MqttDownlink | undefined;
  /** The OBU a seal is paired to. */
  obuOf?: (sealId: string) => string | undefined;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: object) => void;
}

export type PendingCommand = CommandOutput & { commandId: string };

/** A stored command row, to be sent (again). */
function pendingOf(r: Row): PendingCommand {
  return { commandId: r.command_id, deviceId: r.device_id, command: r.command, ...(r.trip_id ? { tripId: r.trip_id } : {}) };
}

export const COMMAND_RETRY_MS = 30_000;
export const COMMAND_EXPIRE_MS = 10 * 60_000;

export interface DispatchResult {
  status: 'sent' | 'failed';
  channel: string | null;
  error?: string;
}

export class CommandDispatcher {
  readonly stats = { sent: 0, failed: 0 };
  private inflight = new Set<Promise<unknown>>();

  constructor(private readonly opts: DispatcherOptions) {}

  /** Monitor listener: dispatches every newly stored command. */
  onEvents = (events: MonitorEvent[]): void => {
    for (const e of events) if (e.type === 'command') this.track(this.dispatch(e.data));
  };

  /** Commands stored but never sent (the platform stopped in between): sends them now. */
  async resendPending(): Promise<number> {
    const rows = await this.opts.db.query(`select * from commands where status = 'pending' order by at, command_id`);
    for (const r of rows) await this.dispatch(pendingOf(r));
    return rows.length;
  }

  async dispatch(cmd: PendingCommand): Promise<DispatchResult> {
    const result = await this.send(cmd);
    if (result.status === 'sent') this.stats.sent++;
    else this.stats.failed++;
    this.opts.log?.(result.status === 'sent' ? 'info' : 'warn', `command ${cmd.command} to ${cmd.deviceId}: ${result.status}`, {
      commandId: cmd.commandId, channel: result.channel, error: result.error,
    });
    // An acknowledgement that arrived meanwhile stands.
    await this.opts.db.query(
      `update commands set status = $2, channel = $3, error = $4, attempts = attempts + 1, last_attempt_at = now(),
              sent_at = case when $2 = 'sent' then now() else sent_at end
       where command_id = $1 and status in ('pending', 'sent', 'failed')`,
      [cmd.commandId, result.status, result.channel, result.error ?? null],
    );
    return result;
  }

  /**
   * Sends again what the devices have not acknowledged after COMMAND_RETRY_MS, and gives up (status
   * `expired`) on what is older than COMMAND_EXPIRE_MS. Returns how many were sent again.
   */
  async retryUnacknowledged(nowMs = Date.now()): Promise<number> {
    const expireBefore = new Date(nowMs - COMMAND_EXPIRE_MS).toISOString();
    await this.opts.db.query(
      `update commands set status = 'expired', error = coalesce(error || '; ', '') || 'not acknowledged within ${COMMAND_EXPIRE_MS / 60_000} min'
       where status in ('sent', 'failed') and at < $1`,
      [expireBefore],
    );
    const rows = await this.opts.db.query(
      `select * from commands where status in ('sent', 'failed') and (last_attempt_at is null or last_attempt_at <= $1)
       order by at, command_id limit 500`,
      [new Date(nowMs - COMMAND_RETRY_MS).toISOString()],
    );
    for (const r of rows) await this.dispatch(pendingOf(r));
    return rows.length;
  }

  private async send(cmd: PendingCommand): Promise<DispatchResult> {
    const jt = this.opts.jt808?.();
    if (jt) {
      const body = { command: cmd.command, ...(cmd.tripId ? { tripId: cmd.tripId } : {}) };
      if (jt.sendCommand(cmd.deviceId, body)) return { status: 'sent', channel: 'jt808' };
      const obu = this.opts.obuOf?.(cmd.deviceId);
      if (obu && jt.sendCommand(obu, { ...body, sealId: cmd.deviceId })) return { status: 'sent', channel: `jt808:${obu}` };
    }
    const mqtt = this.opts.mqtt?.();
    if (mqtt) {
      try {
        await mqtt.publishCommand(cmd.deviceId, { command: cmd.command, ...(cmd.tripId ? { tripId: cmd.tripId } : {}) });
        return { status: 'sent', channel: 'mqtt' };
      } catch (err) {
        return { status: 'failed', channel: 'mqtt', error: (err as Error).message };
      }
    }
    return { status: 'failed', channel: null, error: 'no channel reaches the device' };
  }

  private track(p: Promise<unknown>): void {
    const guarded = p.catch((err) => this.opts.log?.('error', 'command dispatch failed', { err }));
    this.inflight.add(guarded);
    void guarded.finally(() => this.inflight.delete(guarded));
  }

  /** Waits for the commands being sent. */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }
}
