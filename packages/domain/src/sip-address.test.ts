import { describe, expect, it } from 'vitest';
import { classifySipAddress, isHostName, isIpv4Literal, isIpv6Literal } from './sip-address';

describe('sip-address valid values: empty, IPv4, IPv6 or a host name', () => {
  it.each([
    ['', 'all'],
    ['10.0.0.5', 'ipv4'],
    ['0.0.0.0', 'ipv4'],
    ['255.255.255.255', 'ipv4'],
    ['::', 'ipv6'],
    ['::1', 'ipv6'],
    ['fe80::1', 'ipv6'],
    ['2001:db8:0:0:0:0:0:1', 'ipv6'],
    ['2001:DB8::8:800:200C:417A', 'ipv6'],
    ['::ffff:192.0.2.1', 'ipv6'],
    ['1:2:3:4:5:6:192.0.2.1', 'ipv6'],
    ['sip1', 'hostname'],
    ['sip-backup.example.com', 'hostname'],
    ['a1.b2', 'hostname'],
  ])('%j is %s', (value, kind) => {
    expect(classifySipAddress(value)).toBe(kind);
  });

  it.each([
    '256.0.0.1',
    '10.0.0',
    '10.0.0.05',
    '1.2.3.4.5',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::1',
    'fe80::1%eth0',
    '[::1]',
    '::1.2.3.256',
    '-host',
    'host-',
    'under_score',
    'host..name',
    '10.0.0.256',
    '123',
    `${'a'.repeat(64)}.example`,
    'has space',
  ])('%j is refused', (value) => {
    expect(classifySipAddress(value)).toBeUndefined();
  });

  it('the predicates agree with classification', () => {
    expect(isIpv4Literal('192.168.1.1')).toBe(true);
    expect(isIpv6Literal('192.168.1.1')).toBe(false);
    expect(isHostName('192.168.1.1')).toBe(false);
    // 253 characters is the longest host name; 254 is refused.
    expect(isHostName(`${'a.'.repeat(125)}abc`)).toBe(true);
    expect(isHostName(`${'a.'.repeat(125)}abcd`)).toBe(false);
  });
});
