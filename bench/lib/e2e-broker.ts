// A bare Aedes broker in a process of its own (no authentication, no storage): the ceiling of the
// embedded broker's library on this machine, for `npm run bench:e2e`'s baseline. Sends its port
// over IPC; exits when asked or when the bench goes away.
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

async function main(): Promise<void> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.on('message', () => {
    broker.close(() => server.close(() => process.exit(0)));
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
