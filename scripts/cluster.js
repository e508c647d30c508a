#!/usr/bin/env node
// `npm run cluster`: a small cluster on this machine over NATS JetStream and PostgreSQL: one
// gateway process (device gateways, HTTP API and /stream) and two engine workers. NATS_URL
// (default nats://127.0.0.1:4222) and DATABASE_URL (default the local PostgreSQL) name the
// services; CLUSTER_WORKERS changes the number of workers. Ctrl-C stops them all.
import { spawn } from 'node:child_process';

const env = {
  ...process.env,
  NATS_URL: process.env.NATS_URL || 'nats://127.0.0.1:4222',
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
};
const workers = Number(process.env.CLUSTER_WORKERS || 2);
const children = [];

function start(name, args) {
  const child = spawn(process.execPath, ['bin/sealwatch.js', 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (b) => {
    for (const line of b.toString().split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
  });
  child.on('exit', (code, signal) => process.stdout.write(`[${name}] exited (${signal ?? code})\n`));
  children.push(child);
}

console.log(`cluster: NATS ${env.NATS_URL}, PostgreSQL ${env.DATABASE_URL.replace(/\/\/[^@]*@/, '//')}`);
start('gateway', ['--role', 'gateway']);
for (let i = 1; i <= workers; i++) start(`engine-${i}`, ['--role', 'engine']);

const stop = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(0), 3000).unref();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
