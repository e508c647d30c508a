// sealwatch serve [--demo] | replay FILE [--params FILE] | simulate ... | bench ... | ocr IMAGE...
import { loadConfig } from './config.ts';

const USAGE = `usage:
  sealwatch serve [--demo]                 start the platform (environment: DATABASE_URL, DATA_DIR, MQTT_URL, PORT, ...)
  sealwatch serve --role gateway|api|engine|all   one process of a cluster (needs NATS_URL; see README)
  sealwatch replay FILE [--params FILE]    run the monitoring engine over a JSON Lines file
  sealwatch simulate [options]             drive a simulated fleet
  sealwatch bench engine|latency|gate      run a benchmark, printing JSON
  sealwatch risk train|score ...           declaration risk model (sealwatch risk --help)
  sealwatch evidence verify FILE --key KEYS  check a case's evidence package against the platform's public keys
  sealwatch ocr IMAGE...                   read container numbers (and plates) from pictures, one JSON line each
  sealwatch clearances import FILE --url URL [--key KEY]   send the clearance system's CSV export`;

async function serve(args: string[]): Promise<number> {
  const config = loadConfig();
  const roleAt = args.indexOf('--role');
  const { parseRole } = await import('./cluster/config.ts');
  const role = parseRole(roleAt >= 0 ? (args[roleAt + 1] ?? '') : undefined);
  if (roleAt >= 0 && !config.cluster) throw new Error('--role needs NATS_URL (the cluster runs over NATS JetStream)');
  if (role === 'engine') return serveEngine(config);
  const { startServer } = await import('./server.ts');
  const extensions = config.cluster ? await (await import('./cluster/roles.ts')).clusterServerExtensions(role) : undefined;
  const server = await startServer(config, { logger: { level: config.log.level }, extensions });
  const log = server.app.log;
  for (const [name, port] of Object.entries(server.ports)) log.info({ port }, `${name} listening on port ${port}`);
  if (args.includes('--demo')) {
    const { startDemo } = await import('./demo/demo.ts');
    await startDemo(server);
  }
  console.log(`SealWatch is running: http://localhost:${server.httpPort}/  (API docs: http://localhost:${server.httpPort}/api/docs)`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise(() => undefined);
}

/** An engine worker of the cluster: no listener, JSON log lines on stdout. */
async function serveEngine(config: ReturnType<typeof loadConfig>): Promise<number> {
  const { startEngineProcess } = await import('./cluster/roles.ts');
  const line = (level: string) => (obj: object, msg?: string) => {
    if (config.log.level !== 'silent') console.log(JSON.stringify({ level, time: Date.now(), ...obj, msg }));
  };
  const engine = await startEngineProcess(config, { info: line('info'), warn: line('warn'), error: line('error') });
  console.log(`SealWatch engine worker ${engine.worker.id} is running`);
  const stop = async () => {
    await engine.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise(() => undefined);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'replay': {
      const { runReplayCommand } = await import('./replay/command.ts');
      return runReplayCommand(rest);
    }
    case 'simulate': {
      const { runSimulateCommand } = await import('./sim/command.ts');
      return runSimulateCommand(rest);
    }
    case 'risk': {
      const { runRiskCommand } = await import('./risk/command.ts');
      return runRiskCommand(rest);
    }
    case 'evidence': {
      const { runEvidenceCommand } = await import('./cases/verify-command.ts');
      return runEvidenceCommand(rest);
    }
    case 'ocr': {
      const { runOcrCommand } = await import('./ocr/command.ts');
      return runOcrCommand(rest);
    }
    case 'clearances': {
      const { runClearancesCommand } = await import('./movements/import-command.ts');
      return runClearancesCommand(rest);
    }
    case 'bench': {
      const { runBenchCommand } = await import('../bench/command.ts');
      return runBenchCommand(rest);
    }
    default:
      console.error(USAGE);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
