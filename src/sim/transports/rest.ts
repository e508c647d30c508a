// The platform's REST API as the simulator's yards, fleets and customs use it: reference data,
// vehicles, drivers, devices (whose creation answers the device secret), transport notes,
// confirmations and gate events.
import type { Device, Driver, Facility, GateEvent, Route, SealConfirmation, SealRead, TransportNote, Vehicle } from '../../core/types.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: unknown,
  ) {
    const problem = body && typeof body === 'object' ? (body as { detail?: string; title?: string; errors?: { path: string; message: string }[] }) : null;
    const detail = problem ? (problem.detail ?? problem.title) : String(body ?? '');
    // Validation problems name each bad field: worth having in a log line.
    const fields = problem?.errors?.length ? ` (${problem.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})` : '';
    super(`${method} ${path}: ${status}${detail ? ` ${detail}` : ''}${fields}`);
    this.name = 'HttpError';
  }
}

/** Which API key each kind of caller uses; each falls back to `default`. */
export interface ApiKeys {
  default?: string;
  /** Facilities and routes (a customs admin). */
  reference?: string;
  /** Vehicles, drivers, devices (a fleet operator). */
  fleet?: string;
  /** Transport notes (a yard operator). */
  yard?: string;
  /** Sealing confirmations (a responsible person, or customs). */
  confirm?: string;
  /** Gate events (a yard operator of the facility, or customs). */
  gate?: string;
}

export class RestClient {
  constructor(
    readonly baseUrl: string,
    readonly keys: ApiKeys,
  ) {}

  private key(kind: keyof ApiKeys): string | undefined {
    return this.keys[kind] ?? this.keys.default;
  }

  async request<T = unknown>(method: string, path: string, body: unknown, auth: string | undefined): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(new URL(`/api/v1${path}`, this.baseUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text for the error message.
    }
    if (!res.ok) throw new HttpError(res.status, method, path, parsed);
    return parsed as T;
  }

  private as(kind: keyof ApiKeys) {
    const k = this.key(kind);
    return k ? `Bearer ${k}` : undefined;
  }

  /** POST, treating 409 (it exists already) as success: setup is idempotent across restarts. */
  private async create(kind: keyof ApiKeys, path: string, body: unknown): Promise<'created' | 'exists'> {
    try {
      await this.request('POST', path, body, this.as(kind));
      return 'created';
    } catch (err) {
      if (err instanceof HttpError && err.status === 409) return 'exists';
      throw err;
    }
  }

  facility(f: Facility) {
    return this.create('reference', '/facilities', f);
  }

  route(r: Route) {
    return this.create('reference', '/routes', r);
  }

  vehicle(v: Vehicle) {
    return this.create('fleet', '/vehicles', v);
  }

  driver(d: Driver) {
    return this.create('fleet', '/drivers', d);
  }

  /** Registers a device and returns its secret; an existing device gets a new secret (the old one is never shown again). */
  async device(d: Device): Promise<string> {
    try {
      const r = await this.request<{ secret: string }>('POST', '/devices', d, this.as('fleet'));
      return r.secret;
    } catch (err) {
      if (!(err instanceof HttpError && err.status === 409)) throw err;
      const r = await this.request<{ secret: string }>('POST', `/devices/${encodeURIComponent(d.id)}/secret`, undefined, this.as('fleet'));
      return r.secret;
    }
  }

  transportNote(n: TransportNote) {
    return this.request('POST', '/transport-notes', n, this.as('yard'));
  }

  confirm(c: SealConfirmation) {
    return this.request('POST', `/transport-notes/${encodeURIComponent(c.cnNo)}/confirmation`, { note: `confirmed by ${c.confirmedBy}` }, this.as('confirm'));
  }

  gateEvent(g: GateEvent) {
    return this.request('POST', '/gate-events', g, this.as('gate'));
  }

  /** A passive seal read (a lane reader or handheld at a facility the gate key's company operates, or customs). */
  sealRead(r: SealRead) {
    return this.request('POST', '/seal-reads', r, this.as('gate'));
  }
}
