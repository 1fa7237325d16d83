import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be sent (issue 11 item 2, OWASP API7:2023 SSRF). Only public unicast
 * addresses: a receiver on a private network, this machine, the cloud metadata service
 * (169.254.169.254) or a multicast group is refused, whatever name leads there. Development may
 * opt in to this machine and private networks (`WEBHOOK_ALLOW_PRIVATE_TARGETS=true`) to run a
 * local receiver; link-local (metadata), multicast and unspecified stay refused even then.
 */
export type AddressClass = 'public' | 'private' | 'never';

/** ipaddr.js range names (RFC 6890 special-purpose registries) that a development setup may reach. */
const DEVELOPMENT_RANGES = new Set(['loopback', 'private', 'uniqueLocal']);

export function classifyAddress(address: string): AddressClass {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'never';
  }
  // ::ffff:10.0.0.1 reaches 10.0.0.1: judge the IPv4 address it carries.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return 'public';
  return DEVELOPMENT_RANGES.has(range) ? 'private' : 'never';
}

/** Whether a connection to this (resolved) address may be made. */
export function isAllowedAddress(address: string, options: { readonly allowPrivateTargets: boolean }): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'private' && options.allowPrivateTargets);
}

/**
 * Names that lead inside the network whatever DNS says: cloud metadata services, `localhost`,
 * the `.internal`/`.local`/`.localhost` suffixes (RFC 6761, RFC 6762, GCP/AWS internal DNS),
 * and single-label names (resolved through the host's search domains).
 */
const INTERNAL_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata.azure.com', 'instance-data.ec2.internal', 'metadata.tencentyun.com']);
const INTERNAL_SUFFIXES = ['.internal', '.local', '.localhost', '.localdomain', '.home.arpa', '.in-addr.arpa', '.ip6.arpa'];

function isInternalName(name: string): boolean {
  if (INTERNAL_NAMES.has(name) || INTERNAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) return true;
  return !name.includes('.');
}

/**
 * A URL host as the WHATWG parser leaves it (it already turns `0x7f000001`, `0177.0.0.1` and
 * `2130706433` into `127.0.0.1`, and brackets IPv6): is it allowed before any DNS lookup?
 * `localhost` counts as this machine.
 */
export function isAllowedHost(hostname: string, options: { readonly allowPrivateTargets: boolean }): boolean {
  const name = (hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname).toLowerCase().replace(/\.$/, '');
  if (ipaddr.isValid(name)) return isAllowedAddress(name, options);
  if (name === 'localhost') return options.allowPrivateTargets;
  return !isInternalName(name);
}
