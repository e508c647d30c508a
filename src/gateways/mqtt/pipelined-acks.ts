// Pipelined QoS 1 acknowledgements for mqtt.js. mqtt.js reads the next packet of a connection only
// after the PUBACK of the current one is written, and writes it when `handleMessage` calls back; to
// acknowledge only stored reports it would have to wait a whole group commit per message, capping a
// connection at one message per commit. Here `handleMessage` calls back at once and the PUBACK
// itself is held until the message's report is stored: the connection keeps reading (up to the
// broker's in-flight window, e.g. Mosquitto's max_inflight_messages) while earlier messages commit.
//
// PUBACKs leave in the order the PUBLISHes arrived (MQTT 3.1.1 §4.6, MQTT 5 §4.6). A failed store
// drops the connection with the message unacknowledged, and a PUBACK whose connection has since been
// replaced is not sent: the broker redelivers both on the persistent session, and the engine treats
// a redelivered report as the duplicate it is.
//
// This wraps mqtt.js's internal `_sendPacket` (present throughout mqtt.js 5); the wrapper checks it
// exists and the external-broker tests exercise it, so an mqtt.js upgrade that moves it fails there.
import type { MqttClient } from 'mqtt';

type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void, ...rest: unknown[]) => void;

export interface PipelinedAcks {
  /** Holds the PUBACK of message `messageId` until `stored` settles (sent if it resolves). */
  hold(messageId: number, stored: Promise<void>): void;
}

/** The failed store itself is logged by the ingest; here the connection is only dropped. */
export function pipelineAcks(client: MqttClient): PipelinedAcks {
  const internal = client as unknown as { _sendPacket?: SendPacket; stream?: unknown };
  const send = internal._sendPacket;
  if (typeof send !== 'function') throw new Error('mqtt.js has no _sendPacket: pipelined acknowledgements need mqtt.js 5');
  const held = new Map<number, Promise<void>>();
  let tail: Promise<unknown> = Promise.resolve();

  internal._sendPacket = function (packet, cb, ...rest) {
    const stored = packet.cmd === 'puback' && packet.messageId !== undefined ? held.get(packet.messageId) : undefined;
    if (stored === undefined) return send.call(this, packet, cb, ...rest);
    held.delete(packet.messageId!);
    const stream = internal.stream;
    tail = tail.then(
      () =>
        stored.then(
          () => {
            if (internal.stream === stream && client.connected) send.call(client, packet);
          },
          () => {
            // No PUBACK: drop the connection so the broker redelivers after the reconnect.
            (stream as { destroy?: () => void } | undefined)?.destroy?.();
          },
        ),
    );
    cb?.(); // read on: the acknowledgement is on its way
  };

  return {
    hold(messageId, stored) {
      // Settled here too, so a rejection is never unhandled before its turn in the chain.
      stored.catch(() => undefined);
      held.set(messageId, stored);
    },
  };
}
