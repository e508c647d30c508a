// From an MQTT telemetry message to stored inputs, for the embedded broker and the external-broker
// client alike. Resolves once the reports are durable (the caller acknowledges then); rejects only
// when storing failed (the caller must not acknowledge, so the device sends again). Invalid
// reports are logged with the reason and counted, never thrown.
import type { NewInput, TelemetrySink } from '../../platform.ts';
import { DEFAULT_REPORT_TIME_WINDOW, type ReportTimeWindow } from '../../monitor/telemetry-check.ts';
import { parseTelemetryPayload } from './payload.ts';

/** Larger payloads are refused unread: 1000 reports fit well within it. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export type GatewayLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: object) => void;

export interface IngestStats {
  messages: number;
  reports: number;
  invalidReports: number;
  /** Messages from which nothing could be used. */
  invalidMessages: number;
  /** Messages refused by authorisation (wrong topic, unknown credentials). */
  refused: number;
  storeFailures: number;
}

export class TelemetryIngest {
  readonly stats: IngestStats = { messages: 0, reports: 0, invalidReports: 0, invalidMessages: 0, refused: 0, storeFailures: 0 };

  constructor(
    private readonly sink: () => TelemetrySink,
    private readonly log: GatewayLog,
    private readonly window: ReportTimeWindow = DEFAULT_REPORT_TIME_WINDOW,
  ) {}

  async handle(deviceId: string, payload: Buffer | string): Promise<void> {
    this.stats.messages++;
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    const receivedMs = Date.now();
    const { reports, problems } =
      size > MAX_PAYLOAD_BYTES
        ? { reports: [], problems: [`payload of ${size} bytes is over ${MAX_PAYLOAD_BYTES}`] }
        : parseTelemetryPayload(deviceId, payload, { atMs: receivedMs, window: this.window });
    if (problems.length) {
      this.stats.invalidReports += problems.length;
      if (reports.length === 0) this.stats.invalidMessages++;
      this.log('warn', 'mqtt: invalid telemetry dropped', { deviceId, problems: problems.slice(0, 10) });
    }
    if (reports.length === 0) return;
    const inputs: NewInput[] = reports.map((data) => ({ type: 'telemetry', data }));
    try {
      await this.sink().submit(inputs);
      this.stats.reports += reports.length;
    } catch (err) {
      this.stats.storeFailures++;
      this.log('error', 'mqtt: telemetry could not be stored; not acknowledged', { deviceId, err });
      throw err;
    }
  }
}
