import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressProblem, allowedNetworks, destinationProblem } from '../../src/webhooks/destination.ts';

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

// Every spelling of a loopback, private or reserved address, as an address and inside a URL.
const REFUSED: [spelling: string, what: string][] = [
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::7f00:1', 'IPv4-compatible loopback, hex'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['0:0:0:0:0:ffff:a9fe:a9fe', 'IPv4-mapped link-local, long form'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
  ['64:ff9b::a00:1', 'NAT64 of a private address'],
  ['64:ff9b:1::a00:1', 'local-use NAT64'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:a00:1::1', '6to4 of a private address'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['::', 'unspecified'],
  ['0:0:0:0:0:0:0:0', 'unspecified, long form'],
  ['0:0:0:0:0:0:0:1', 'loopback, long form'],
  ['::1', 'loopback'],
  ['fe80::1', 'link-local'],
  ['febf:ffff::1', 'link-local, top of fe80::/10'],
  ['fe80::1%eth0', 'link-local with a zone'],
  ['fc00::1', 'unique local, fc00::/8'],
  ['fdff:ffff::1', 'unique local, fd00::/8'],
  ['fec0::1', 'site-local (deprecated)'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['100::1', 'discard'],
  ['2130706433', 'loopback as a decimal number'],
  ['0x7f.1', 'loopback in hex, two parts'],
  ['0x7f000001', 'loopback as one hex number'],
  ['017700000001', 'loopback as one octal number'],
  ['0177.0.0.1', 'loopback with an octal first part'],
  ['127.1', 'loopback, two parts'],
  ['3232235521', 'private 192.168.0.1 as a decimal number'],
];

test('every spelling of a loopback, private or reserved address is refused', () => {
  const none = allowedNetworks(undefined);
  for (const [spelling, what] of REFUSED) {
    assert.match(addressProblem(spelling, none) ?? '', /private, loopback or reserved/, `${spelling} (${what})`);
  }
});

test('a URL whose host spells a refused address is refused before any lookup', async () => {
  const none = allowedNetworks(undefined);
  const urls = [
    'http://[::127.0.0.1]/hook', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::]/', 'http://[::]/', 'http://[0:0:0:0:0:0:0:1]/', 'http://[fe80::1]/', 'http://[fc00::1]/',
    'http://2130706433/', 'http://0x7f.1/', 'http://017700000001/', 'https://0177.0.0.1:8443/x',
  ];
  for (const url of urls) assert.match((await destinationProblem(url, none)) ?? '', /private, loopback or reserved/, url);
});

test('public IPv6 and IPv4 literals in URLs pass, and the allow-list still applies to mapped spellings', async () => {
  const none = allowedNetworks(undefined);
  assert.equal(await destinationProblem('https://[2001:4860:4860::8888]/hook', none), null);
  assert.equal(await destinationProblem('https://8.8.8.8/hook', none), null);
  const local = allowedNetworks('127.0.0.1/32');
  assert.equal(addressProblem('::ffff:127.0.0.1', local), null);
  assert.equal(addressProblem('2130706433', local), null);
});
