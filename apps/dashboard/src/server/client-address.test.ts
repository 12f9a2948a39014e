import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createClientAddress } from './client-address';

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('client address behind reverse proxies', () => {
  const clientAddress = createClientAddress(['10.0.0.2', '10.0.0.3']);

  it('is the socket peer when no proxy is trusted or the peer is not one', () => {
    expect(createClientAddress([])(request('203.0.113.9', '1.2.3.4'))).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:203.0.113.9', '1.2.3.4'))).toBe('203.0.113.9');
  });

  it('takes the right-most untrusted hop from a trusted proxy, ignoring what the client prepended', () => {
    expect(clientAddress(request('10.0.0.2', 'spoofed, 198.51.100.7, 10.0.0.3'))).toBe('198.51.100.7');
  });

  it('falls back to the proxy itself when the header names nobody else', () => {
    expect(clientAddress(request('10.0.0.2'))).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', '10.0.0.3'))).toBe('10.0.0.2');
  });
});
