// JT/T 808 TCP gateway (CONTRACT section 7): terminals connect, register, authenticate and
// report; the platform answers each message and can push seal commands to a connected terminal.
import { createServer, type Socket } from 'node:net';
import type { Telemetry } from '../../core/types.ts';
import { DEFAULT_REPORT_TIME_WINDOW, type ReportTimeWindow } from '../../monitor/telemetry-check.ts';
import { deviceIdFromPhone } from '../../protocols/jt808/index.ts';
import { Jt808Connection, type Log } from './connection.ts';
import { numberAsCode, type Jt808Credentials } from './credentials.ts';
import { handleEvent, type GatewayContext } from './handlers.ts';
import { limitNoise, type NoiseLimit } from './noise.ts';

export interface Jt808ServerOptions {
  /** 0 picks a free port; the chosen one is in the result. */
  port: number;
  host?: string;
  /** Receives decoded and checked reports; a report is acknowledged to the terminal only once this resolves. */
  onTelemetry: (telemetry: Telemetry[]) => Promise<void>;
  /**
   * Who registers and authenticates, and as which device (the platform: registry-credentials.ts).
   * Default: every terminal, with its number as the auth code, as Traccar does.
   */
  credentials?: Jt808Credentials;
  log?: Log;
  /** How far a report's time may lie from the time it is received (default DEFAULT_REPORT_TIME_WINDOW). */
  reportTimeWindow?: ReportTimeWindow;
  /** A connection silent this long is closed (default 5 minutes: several missed heartbeats). */
  idleTimeoutMs?: number;
  /** How many bad-frame lines each address may cause per interval (noise.ts). */
  noiseLimit?: NoiseLimit;
}

export interface SealUnlockCommand {
  command: 'unlock';
  sealId?: string;
  tripId?: string;
}

export interface Jt808Server {
  port: number;
  close(): Promise<void>;
  /** Sends a seal command (0x8900, see seal-command.ts); false if the terminal is not connected and authenticated. */
  sendCommand(deviceId: string, command: SealUnlockCommand): boolean;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

export async function startJt808Server(opts: Jt808ServerOptions): Promise<Jt808Server> {
  const limited = limitNoise(opts.log ?? (() => {}), opts.noiseLimit);
  const log: Log = limited.log;
  const idleTimeoutMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const connections = new Set<Jt808Connection>();
  /** The connection each authenticated terminal was last seen on. */
  const byDevice = new Map<string, Jt808Connection>();

  const ctx: GatewayContext = {
    onTelemetry: opts.onTelemetry,
    credentials: opts.credentials ?? numberAsCode,
    log,
    reportTimeWindow: opts.reportTimeWindow ?? DEFAULT_REPORT_TIME_WINDOW,
    bind(deviceId, connection) {
      const previous = byDevice.get(deviceId);
      if (previous && previous !== connection) {
        // A terminal reconnecting before its old connection timed out: the new one is current.
        log('jt808: terminal moved to a new connection', { deviceId, from: previous.peer, to: connection.peer });
      }
      byDevice.set(deviceId, connection);
    },
    unbind(deviceId, connection) {
      if (byDevice.get(deviceId) === connection) byDevice.delete(deviceId);
    },
  };

  const server = createServer((socket: Socket) => {
    const connection = new Jt808Connection(socket, (event, conn) => handleEvent(event, conn, ctx), log);
    connections.add(connection);
    log('jt808: terminal connected', { peer: connection.peer });
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs, () => {
      log('jt808: idle connection closed', { peer: connection.peer, idleTimeoutMs });
      socket.destroy();
    });
    socket.on('error', (err) => log('jt808: socket error', { peer: connection.peer, err }));
    socket.on('close', () => {
      connections.delete(connection);
      for (const deviceId of connection.authenticated.keys()) ctx.unbind(deviceId, connection);
      log('jt808: terminal disconnected', { peer: connection.peer });
    });
  });
  server.on('error', (err) => log('jt808: server error', { err }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  log('jt808: listening', { port, host: opts.host ?? '0.0.0.0' });

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          limited.close();
          resolve();
        });
        for (const connection of connections) connection.socket.destroy();
      }),
    sendCommand(deviceId, command) {
      const id = deviceIdFromPhone(deviceId);
      const connection = byDevice.get(id);
      const address = connection?.authenticated.get(id);
      if (!connection || !address || !connection.open) return false;
      const sent = connection.send(address, { kind: 'sealCommand', command: pickCommand(command) });
      log(sent ? 'jt808: seal command sent' : 'jt808: seal command not sent', { deviceId: id, ...command });
      return sent;
    },
  };
}

/** Only the fields the wire format defines, whatever else the caller's object holds. */
function pickCommand(command: SealUnlockCommand): SealUnlockCommand {
  const out: SealUnlockCommand = { command: command.command };
  if (command.sealId !== undefined) out.sealId = command.sealId;
  if (command.tripId !== undefined) out.tripId = command.tripId;
  return out;
}
