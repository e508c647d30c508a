// A simulated truck e-seal (車機封條), as its firmware behaves: states free → inserted → locked →
// unlocked (or tampered), a bound transport task, the platform's public key provisioned at the
// factory or by the fleet. With a task bound, inserting it locks it. It unlocks on the platform's
// `unlock` command (online, MQTT) or on an offline-unseal token handed over Bluetooth by the
// responsible person's phone, checked here with no network: the EdDSA signature against the
// provisioned key, sub = this seal, trip = its task, not expired by its own clock, and not used
// before (a local list of spent token ids). It reports its state like a real seal's 4G uplink.
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import type { JWK } from 'jose';
import type { SealState, Telemetry } from '../core/types.ts';
import { checkClaims, REFUSAL_TEXT, verifySignature, type TokenRefusal, type UnsealClaims } from '../offline-unseal/token.ts';

export type SealRefusal = TokenRefusal | 'no_key' | 'no_task' | 'not_locked';

export const SEAL_REFUSAL_TEXT: Record<SealRefusal, string> = {
  ...REFUSAL_TEXT,
  no_key: 'no platform key is provisioned in the seal',
  no_task: 'the seal has no transport task bound',
  not_locked: 'the seal is not locked',
};

export type UnsealOutcome = { ok: true; claims: UnsealClaims; state: SealState } | { ok: false; reason: SealRefusal; message: string };

/** The seal's event log, like a device's flash log: what happened and why. */
export interface SealEvent {
  atMs: number;
  event: string;
  detail?: Record<string, unknown>;
}

/** What the seal needs from an MQTT client (the `mqtt` package's client fits). */
export interface MqttLike {
  publish(topic: string, payload: string, opts: { qos: 0 | 1 }, cb?: (err?: Error) => void): unknown;
  subscribe(topic: string, opts: { qos: 0 | 1 }, cb?: (err: Error | null) => void): unknown;
  on(event: 'message', cb: (topic: string, payload: Buffer) => void): unknown;
}

export interface SealOptions {
  id: string;
  publicJwk?: JWK;
  battery?: number;
  /** Spent token ids remembered (oldest forgotten first; an old token has expired anyway). */
  usedJtiCapacity?: number;
}

export class SimulatedSeal {
  readonly id: string;
  state: SealState = 'free';
  task: string | null = null;
  battery: number;
  readonly log: SealEvent[] = [];
  private key: KeyObject | null = null;
  private readonly usedJtis = new Map<string, number>();
  private readonly usedCapacity: number;
  private mqtt: MqttLike | null = null;

  constructor(opts: SealOptions) {
    this.id = opts.id;
    this.battery = opts.battery ?? 95;
    this.usedCapacity = opts.usedJtiCapacity ?? 256;
    if (opts.publicJwk) this.provision(opts.publicJwk);
  }

  private note(atMs: number, event: string, detail?: Record<string, unknown>) {
    this.log.push({ atMs, event, ...(detail ? { detail } : {}) });
  }

  /** Stores the platform's public key (GET /keys/unseal). */
  provision(jwk: JWK): void {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('the unseal key must be an Ed25519 public JWK');
    this.key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  }

  /** The transport task (trip) the seal is bound to. */
  bindTask(tripId: string, nowMs = Date.now()): void {
    this.task = tripId;
    this.note(nowMs, 'task_bound', { tripId });
    if (this.state === 'inserted') this.state = 'locked';
  }

  clearTask(nowMs = Date.now()): void {
    this.note(nowMs, 'task_cleared', { tripId: this.task });
    this.task = null;
  }

  /** The driver pushes the seal into the door fitting: it locks when a task is bound. */
  insert(nowMs = Date.now()): SealState {
    if (this.state === 'free' || this.state === 'unlocked') this.state = this.task ? 'locked' : 'inserted';
    this.note(nowMs, 'inserted', { state: this.state });
    return this.state;
  }

  /** The seal is taken off the door (only possible when not locked). */
  remove(nowMs = Date.now()): SealState {
    if (this.state === 'inserted' || this.state === 'unlocked') {
      this.state = 'free';
      this.note(nowMs, 'removed');
    }
    return this.state;
  }

  /** Forced open (the shackle cut, the case opened). */
  tamper(nowMs = Date.now()): void {
    this.state = 'tampered';
    this.note(nowMs, 'tampered');
  }

  private unlock(nowMs: number, how: string, detail: Record<string, unknown>): void {
    this.state = 'unlocked';
    this.note(nowMs, 'unlocked', { how, ...detail });
  }

  /** The platform's online command (`{"command":"unlock","tripId":...}`). */
  command(body: { command?: string; tripId?: string }, nowMs = Date.now()): boolean {
    if (body.command !== 'unlock') return false;
    if (body.tripId && this.task && body.tripId !== this.task) {
      this.note(nowMs, 'command_refused', { reason: 'wrong_trip', tripId: body.tripId });
      return false;
    }
    if (this.state !== 'locked') return false;
    this.unlock(nowMs, 'command', { tripId: body.tripId ?? null });
    return true;
  }

  /** An offline-unseal token from the phone (Bluetooth): checked here, with no network. */
  async offlineUnseal(token: string, nowMs: number): Promise<UnsealOutcome> {
    const refuse = (reason: SealRefusal): UnsealOutcome => {
      this.note(nowMs, 'offline_unseal_refused', { reason });
      return { ok: false, reason, message: SEAL_REFUSAL_TEXT[reason] };
    };
    if (!this.key) return refuse('no_key');
    if (!this.task) return refuse('no_task');
    const v = await verifySignature(token, this.key);
    if (!v.ok) return refuse(v.reason);
    const wrong = checkClaims(v.claims, { sealId: this.id, tripId: this.task, atMs: nowMs });
    if (wrong) return refuse(wrong);
    this.forgetExpired(nowMs);
    if (this.usedJtis.has(v.claims.jti)) return refuse('replayed');
    if (this.state !== 'locked') return refuse('not_locked');
    this.usedJtis.set(v.claims.jti, v.claims.exp);
    while (this.usedJtis.size > this.usedCapacity) this.usedJtis.delete(this.usedJtis.keys().next().value as string);
    this.unlock(nowMs, 'offline_token', { jti: v.claims.jti, tripId: v.claims.trip });
    return { ok: true, claims: v.claims, state: this.state };
  }

  /** A spent token past its expiry is refused as expired anyway: no need to remember it. */
  private forgetExpired(nowMs: number): void {
    for (const [jti, exp] of this.usedJtis) if (exp * 1000 < nowMs - 3600_000) this.usedJtis.delete(jti);
  }

  /** The seal's own uplink report (CONTRACT section 3, Telemetry from a seal). */
  report(nowMs = Date.now(), position?: { lat: number; lon: number }): Telemetry {
    return {
      deviceId: this.id,
      ts: new Date(nowMs).toISOString(),
      state: this.state,
      battery: this.battery,
      ...(position ?? {}),
    };
  }

  /** Connects the seal's uplink: it listens for commands on its topic. */
  attachMqtt(client: MqttLike): Promise<void> {
    this.mqtt = client;
    client.on('message', (topic, payload) => {
      if (topic !== `sealwatch/v1/devices/${this.id}/commands`) return;
      try {
        this.command(JSON.parse(payload.toString('utf8')));
      } catch {
        this.note(Date.now(), 'command_unreadable');
      }
    });
    return new Promise((resolve, reject) =>
      client.subscribe(`sealwatch/v1/devices/${this.id}/commands`, { qos: 1 }, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Publishes the current state over MQTT (QoS 1), when asked. */
  publishReport(nowMs = Date.now(), position?: { lat: number; lon: number }): Promise<Telemetry> {
    const client = this.mqtt;
    if (!client) return Promise.reject(new Error(`seal ${this.id} has no uplink`));
    const body = this.report(nowMs, position);
    return new Promise((resolve, reject) =>
      client.publish(`sealwatch/v1/devices/${this.id}/telemetry`, JSON.stringify(body), { qos: 1 }, (err) => (err ? reject(err) : resolve(body))),
    );
  }
}
