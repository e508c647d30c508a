// The default bus: one process, delivered synchronously in publish order. With one owner for every
// partition, applying in publish order is applying in stored order, which is what a rebuild does.
import type { BusHandler, BusMessage, InputBus, Subscription } from './bus.ts';

export class InProcessBus implements InputBus {
  private handlers = new Set<BusHandler>();

  publish(key: string | null, msg: Omit<BusMessage, 'key'>): void {
    const full: BusMessage = { seq: msg.seq, key, input: msg.input };
    for (const h of this.handlers) h(full);
  }

  subscribe(handler: BusHandler): Subscription {
    this.handlers.add(handler);
    return { unsubscribe: () => void this.handlers.delete(handler) };
  }
}
