/** What a `sip-address` value designates: empty means SIP Server listens on all addresses. */
export type TSipAddressKind = 'all' | 'ipv4' | 'ipv6' | 'hostname';

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Dotted quad, each part 0–255; leading zeros are refused because some resolvers read them as octal. */
export function isIpv4Literal(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => IPV4_OCTET.test(part) && Number(part) <= 255);
}

/** RFC 4291 text form, with `::` compression and an optional trailing IPv4 part; no zone id. */
export function isIpv6Literal(text: string): boolean {
  const lastColon = text.lastIndexOf(':');
  if (lastColon === -1) return false;
  let hex = text;
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIpv4Literal(tail)) return false;
    // An embedded IPv4 address takes the room of two groups.
    hex = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const compression = hex.indexOf('::');
  if (compression !== hex.lastIndexOf('::')) return false;
  if (compression === -1) {
    const groups = hex.split(':');
    return groups.length === 8 && groups.every((group) => IPV6_GROUP.test(group));
  }
  const head = splitGroups(hex.slice(0, compression));
  const rest = splitGroups(hex.slice(compression + 2));
  return head.length + rest.length <= 7 && [...head, ...rest].every((group) => IPV6_GROUP.test(group));
}

function splitGroups(text: string): string[] {
  return text === '' ? [] : text.split(':');
}

/** RFC 1123 host name; an all-digit last label is refused so that "10.0.0.256" is not taken for a name. */
export function isHostName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = text.split('.');
  const last = labels[labels.length - 1] ?? '';
  return labels.every((label) => HOST_LABEL.test(label)) && !/^\d+$/.test(last);
}

/** Classifies an already trimmed `sip-address` value; undefined when it is none of the valid forms. */
export function classifySipAddress(value: string): TSipAddressKind | undefined {
  if (value === '') return 'all';
  if (isIpv4Literal(value)) return 'ipv4';
  if (isIpv6Literal(value)) return 'ipv6';
  if (isHostName(value)) return 'hostname';
  return undefined;
}
