import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressProblem, allowedNetworks } from '../../src/webhooks/destination.ts';

test('public addresses may receive webhooks; private, loopback and reserved ones may not', () => {
  const none = allowedNetworks(undefined);
  for (const ok of ['8.8.8.8', '168.95.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) assert.equal(addressProblem(ok, none), null, ok);
  for (const bad of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.0.10', '100.64.0.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd12::1', '::ffff:127.0.0.1', '224.0.0.1']) {
    assert.match(addressProblem(bad, none) ?? '', /private, loopback or reserved/, bad);
  }
});

test('WEBHOOK_ALLOWED_NETWORKS lets a deployment reach receivers on its own private network', () => {
  const allowed = allowedNetworks('10.20.0.0/16, 192.168.5.0/24');
  assert.equal(addressProblem('10.20.3.4', allowed), null);
  assert.equal(addressProblem('192.168.5.9', allowed), null);
  assert.match(addressProblem('10.21.0.1', allowed) ?? '', /private/);
  assert.throws(() => allowedNetworks('10.0.0.0'), /not a CIDR network/);
});
