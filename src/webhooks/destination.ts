// Where webhooks may be sent. The platform posts to addresses its users give it, from inside the
// customs network: without a guard a subscription to http://10.x.x.x/ or http://127.0.0.1:5432/
// would make it a proxy into that network (server-side request forgery). So loopback, private,
// link-local, carrier-grade NAT, multicast and reserved addresses are refused, checked on the
// addresses the host name resolves to at each delivery. A deployment whose receivers really are on
// a private network lists those networks in WEBHOOK_ALLOWED_NETWORKS (CIDRs, comma-separated).
//
// Addresses are parsed by ipaddr.js, which reads every spelling a resolver or URL parser may accept
// (2130706433, 0x7f.1, 017700000001, ::127.0.0.1, 0:0:0:0:0:0:0:1) as the one address it is, and
// names its range; only plain unicast addresses pass. IPv6 forms that carry an IPv4 address (IPv4-
// mapped, IPv4-compatible, NAT64, 6to4, Teredo) reach that IPv4 host: a mapped address is judged as
// the IPv4 address it is, the translation forms are refused outright.
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Blocked on top of what ipaddr.js names a special range, so the policy does not rest on one list.
 * ::ffff:0:0/96 is absent on purpose: BlockList matches every IPv4 address against it, and mapped
 * addresses are judged as IPv4 anyway.
 */
const BLOCKED_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
];
const BLOCKED_V6 = [
  '::/96', '64:ff9b::/96', '64:ff9b:1::/48', '100::/64', '2001::/32', '2001:db8::/32', '2002::/16',
  'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
];

const blocked = new BlockList();
for (const cidr of BLOCKED_V4) addCidr(blocked, cidr);
for (const cidr of BLOCKED_V6) addCidr(blocked, cidr);

function addCidr(list: BlockList, cidr: string): void {
  const [net, bits] = cidr.trim().split('/');
  const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
  if (!isIP(net) || bits === undefined || !/^\d+$/.test(bits)) throw new Error(`not a CIDR network: ${cidr}`);
  list.addSubnet(net, Number(bits), type);
}

/** The networks allowed despite being private, from WEBHOOK_ALLOWED_NETWORKS ("10.20.0.0/16,127.0.0.1/32"). */
export function allowedNetworks(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const cidr of (spec ?? '').split(',').filter((c) => c.trim())) addCidr(list, cidr);
  return list;
}

/** The address in its one canonical form (an IPv4-mapped IPv6 address as its IPv4), or null. */
function canonical(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return null;
  const ip = ipaddr.parse(bare);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

/** Why an IP address may not receive webhooks, or null when it may. */
export function addressProblem(address: string, allowed: BlockList): string | null {
  const ip = canonical(address);
  if (!ip) return `${address} is not an IP address`;
  const addr = ip.toNormalizedString();
  if (allowed.check(addr, ip.kind())) return null;
  const range = ip.range();
  if (range !== 'unicast' || blocked.check(addr, ip.kind())) {
    const what = range === 'unicast' ? 'reserved' : range;
    return `${address} is a private, loopback or reserved address (${what}; WEBHOOK_ALLOWED_NETWORKS lists the private networks allowed)`;
  }
  return null;
}

/** Checks a URL's host: an IP literal directly, a name by every address it resolves to. */
export async function destinationProblem(url: string, allowed: BlockList): Promise<string | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return addressProblem(host, allowed);
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (err) {
    return `${host} does not resolve: ${(err as Error).message}`;
  }
  for (const { address } of addresses) {
    const problem = addressProblem(address, allowed);
    if (problem) return `${host} resolves to ${problem}`;
  }
  return null;
}
