// Device reports over HTTP: POST /api/v1/telemetry with the device's own credentials (Basic
// deviceId:secret); a buffered batch goes as one array.
import type { Telemetry } from '../../core/types.ts';
import { HttpError } from './rest.ts';

export class HttpTelemetry {
  constructor(readonly baseUrl: string) {}

  async send(deviceId: string, secret: string, reports: Telemetry[]): Promise<void> {
    const auth = `Basic ${Buffer.from(`${deviceId}:${secret}`).toString('base64')}`;
    const body = reports.length === 1 ? reports[0] : reports;
    const res = await fetch(new URL('/api/v1/telemetry', this.baseUrl), {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep the text
      }
      throw new HttpError(res.status, 'POST', '/telemetry', parsed);
    }
    await res.arrayBuffer();
  }
}
