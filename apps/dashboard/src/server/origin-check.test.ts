import { describe, expect, it } from 'vitest';
import { createOriginPolicy } from './origin-check';

describe('origin policy', () => {
  const policy = createOriginPolicy([
    'http://localhost:3000',
    'https://ops.example.com/',
    'https://*.standby.example.com',
  ]);
  const post = (headers: Record<string, string>) => policy.refusalOf('POST', headers);

  it('lets trusted origins and origin-less clients through', () => {
    expect(post({ origin: 'http://localhost:3000' })).toBeNull();
    expect(post({ origin: 'HTTPS://OPS.EXAMPLE.COM' })).toBeNull();
    expect(post({ origin: 'https://eu.standby.example.com' })).toBeNull();
    expect(post({})).toBeNull();
    expect(post({ 'sec-fetch-site': 'same-origin' })).toBeNull();
    expect(post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' })).toBeNull();
  });

  it('refuses other origins, opaque ones and cross-site requests that name none', () => {
    for (const origin of [
      'http://localhost:3001',
      'https://localhost:3000',
      'https://ops.example.com.evil.example',
      'https://standby.example.com.evil.example',
      'https://evil.example/https://ops.example.com',
      'null',
      'javascript:alert(1)',
    ])
      expect(post({ origin }), origin).toMatch(/not accepted/);
    expect(post({ 'sec-fetch-site': 'cross-site' })).toMatch(/Cross-site/);
  });

  it('checks only state-changing methods over HTTP, but every socket.io handshake', () => {
    expect(policy.refusalOf('GET', { origin: 'http://evil.example' })).toBeNull();
    expect(policy.refusalOf('DELETE', { origin: 'http://evil.example' })).toMatch(/not accepted/);
    expect(policy.refusalOfHandshake({ origin: 'http://evil.example' })).toMatch(/not accepted/);
    expect(policy.refusalOfHandshake({})).toBeNull();
  });
});
