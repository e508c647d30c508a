// sealwatch serve [--demo] | replay FILE [--params FILE] | simulate ... | bench ... | ocr IMAGE...
import { loadConfig } from './config.ts';

const USAGE = `usage:
  sealwatch serve [--demo]                 start the platform (environment: DATABASE_URL, DATA_DIR, MQTT_URL, PORT, ...)
  sealwatch replay FILE [--params FILE]    run the monitoring engine over a JSON Lines file
  sealwatch simulate [options]             drive a simulated fleet
  sealwatch bench engine|latency|gate      run a benchmark, printing JSON
  sealwatch risk train|score ...           declaration risk model (sealwatch risk --help)
  sealwatch evidence verify FILE --key KEYS  check a case's evidence package against the platform's public keys
  sealwatch ocr IMAGE...                   read container numbers (and plates) from pictures, one JSON line each
  sealwatch clearances import FILE --url URL [--key KEY]   send the clearance system's CSV export`;

async function serve(args: string[]): Promise<number> {
  const config = loadConfig();
  const { startServer } = await import('./server.ts');
  const server = await startServer(config, { logger: { level: config.log.level } });
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
