import { connect } from 'nats';
const nc = await connect({ servers: '127.0.0.1:4222' });
const jsm = await nc.jetstreamManager();
for await (const s of jsm.streams.list()) {
  if (!s.config.name.startsWith('KV_chaos') || s.state.messages === 0) continue;
  console.log(s.config.name, s.state.messages);
  const kv = await nc.jetstream().views.kv(s.config.name.slice(3));
  for await (const k of await kv.keys()) { const e = await kv.get(k); console.log(k, e?.string(), e?.revision, e?.operation); }
}
await nc.close();
