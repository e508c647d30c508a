// The way in on a gateway or API process of the cluster: the same intake as the single process
// (time, partition key, ticks; group commit to the input log), publishing to the JetStream bus
// instead of an engine in this process. Callers are acknowledged once the input is in the input
// log and JetStream holds it.
//
// The partition key of an input depends on the reference data before it (a device's plate). Each
// intake node reads the reference inputs of the log at start and then follows those the other
// nodes store (every second), so that all nodes key a vehicle's inputs alike; an input that
// arrives through another node in the second after a new pairing may still be keyed by its
// device id (a known window, closed by pairing devices before they report).
import type { EngineInputSink, NewInput, Written } from '../platform.ts';
import type { Db, Queryable } from '../store/db.ts';
import type { Log } from '../ops/log.ts';
import { Intake } from '../monitor/intake.ts';
import { ReferenceIndex } from '../monitor/reference-index.ts';
import type { EngineInput } from '../core/types.ts';
import { NatsInputBus } from './nats-bus.ts';
import type { ClusterLink } from './nats.ts';

const REFERENCE_TYPES = ['vehicle', 'device', 'transportNote', 'facility', 'referenceDeleted'];

export class IntakeNode implements EngineInputSink {
  readonly refs = new ReferenceIndex();
  readonly bus: NatsInputBus;
  readonly intake: Intake;
  private refSeq = 0;
  private tickTimer: NodeJS.Timeout | null = null;
  private refTimer: NodeJS.Timeout | null = null;
  private following: Promise<void> | null = null;
  private started = false;

  constructor(
    private readonly db: Db,
    link: ClusterLink,
    private readonly log?: Log,
  ) {
    this.bus = new NatsInputBus(link.js, link.names, link.config.partitions);
    this.intake = new Intake(db, this.bus, this.refs, {
      onBatchError: (err) => log?.error({ err }, 'cluster: storing or publishing inputs failed; the senders were refused'),
    });
  }

  async start(): Promise<void> {
    await this.followReferences();
    const [last] = await this.db.query<{ at_ms: number | null }>('select (extract(epoch from max(at)) * 1000)::float8 as at_ms from engine_inputs');
    this.intake.resumeAfter(last?.at_ms == null ? null : Math.round(Number(last.at_ms)));
    this.started = true;
    const tick = () => {
      this.tickTimer = setTimeout(() => {
        this.intake.tick();
        tick();
      }, 1000 - (Date.now() % 1000) + 5);
    };
    tick();
    this.refTimer = setInterval(() => {
      this.following ??= this.followReferences()
        .catch((err) => this.log?.warn({ err }, 'cluster: reading new reference inputs failed'))
        .finally(() => (this.following = null));
    }, 1000);
  }

  /** Observes the reference inputs stored since the last look (by any node). */
  private async followReferences(): Promise<void> {
    for (;;) {
      const rows = await this.db.query<{ seq: number; type: string; data: unknown }>(
        'select seq, type, data from engine_inputs where seq > $1 and type = any($2) order by seq limit 5000',
        [this.refSeq, REFERENCE_TYPES],
      );
      for (const r of rows) {
        const data = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
        this.refs.observe({ at: '', type: r.type, data } as EngineInput);
        this.refSeq = Number(r.seq);
      }
      if (rows.length < 5000) return;
    }
  }

  submit(inputs: NewInput[]): Promise<void> {
    if (!this.started) return Promise.reject(new Error('the intake is not running yet'));
    return this.intake.submit(inputs);
  }

  transact<T>(write: (tx: Queryable) => Promise<Written<T>>): Promise<T> {
    if (!this.started) return Promise.reject(new Error('the intake is not running yet'));
    return this.intake.transact(write);
  }

  async close(): Promise<void> {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.refTimer) clearInterval(this.refTimer);
    await this.intake.close();
    await this.following;
  }
}
