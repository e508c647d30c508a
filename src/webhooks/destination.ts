// Where webhooks may be sent. The platform posts to addresses its users give it, from inside the
// customs network: without a guard a subscription to http://10.x.x.x/ or http://127.0.0.1:5432/
// would make it a proxy into that network (server-side request forgery). So loopback, private,
// link-local, carrier-grade NAT, multicast and reserved addresses are refused, checked on the
// addresses the host name resolves to at each delivery. A deployment whose receivers really are on
// a private network lists those networks in WEBHOOK_ALLOWED_NETWORKS (CIDRs, comma-separated).
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

const BLOCKED_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
];
const BLOCKED_V6 = ['::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32', '64:ff9b::/96'];

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

/** Why an IP address may not receive webhooks, or null when it may. */
export function addressProblem(address: string, allowed: BlockList): string | null {
  const v = isIP(address);
  if (v === 0) return `${address} is not an IP address`;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = v === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  const [addr, type] = mapped ? [mapped, 'ipv4' as const] : [address, v === 6 ? ('ipv6' as const) : ('ipv4' as const)];
  if (allowed.check(addr, type)) return null;
  if (blocked.check(addr, type)) return `${address} is a private, loopback or reserved address (WEBHOOK_ALLOWED_NETWORKS lists the private networks allowed)`;
  return null;
}

/** Checks a URL's host: an IP literal directly, a name by every address it resolves to. */
export async function destinationProblem(url: string, allowed: BlockList): Promise<string | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return addressProblem(host, allowed);
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
