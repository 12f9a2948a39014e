import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  formatVersion,
  MIN_CHECK_VERSION,
  parseVersion,
  supportsBackupInitCheck,
} from './version';

function parsed(raw: string) {
  const result = parseVersion(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.version;
}

describe('check-needs-8.1.103.64: versions are four dot-separated integers', () => {
  it('parses a.b.c.d into four integers', () => {
    expect(parseVersion('8.1.103.64')).toEqual({ ok: true, version: [8, 1, 103, 64] });
  });

  it('ignores surrounding whitespace', () => {
    expect(parseVersion(' 8.1.103.64\n')).toEqual({ ok: true, version: [8, 1, 103, 64] });
  });

  it.each([
    ['8.1.103', 'has 3 part(s)'],
    ['8.1.103.64.1', 'has 5 part(s)'],
    ['', 'empty'],
    ['8.1.103.x', 'part 4 ("x")'],
    ['8.1.-103.64', 'part 3 ("-103")'],
    ['8.1..64', 'part 3 ("")'],
    ['8.1.103.', 'part 4 ("")'],
    ['8.1.1e2.64', 'part 3 ("1e2")'],
    ['v8.1.103.64', 'part 1 ("v8")'],
    ['8.1.103.99999999999999999999', 'part 4'],
  ])('refuses %j with a reason', (raw, reasonPart) => {
    const result = parseVersion(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reasonPart);
  });
});

describe('check-needs-8.1.103.64: versions compare as integer tuples', () => {
  it('8.1.103.64 < 8.1.103.100, where a string compare says the opposite', () => {
    expect('8.1.103.64' < '8.1.103.100').toBe(false);
    expect(compareVersions(parsed('8.1.103.64'), parsed('8.1.103.100'))).toBe(-1);
    expect(compareVersions(parsed('8.1.103.100'), parsed('8.1.103.64'))).toBe(1);
  });

  it('compares the most significant differing part first', () => {
    expect(compareVersions(parsed('9.0.0.0'), parsed('8.99.999.999'))).toBe(1);
    expect(compareVersions(parsed('8.1.102.999'), parsed('8.1.103.0'))).toBe(-1);
  });

  it('treats leading zeros as the same integer', () => {
    expect(compareVersions(parsed('8.01.103.064'), parsed('8.1.103.64'))).toBe(0);
  });

  it('formats back to a.b.c.d', () => {
    expect(formatVersion(parsed('8.1.103.64'))).toBe(MIN_CHECK_VERSION);
  });
});

describe('check-needs-8.1.103.64: the check exists from 8.1.103.64 on', () => {
  it('MIN_CHECK_VERSION is 8.1.103.64', () => {
    expect(MIN_CHECK_VERSION).toBe('8.1.103.64');
  });

  it('8.1.103.63 does not support it, 8.1.103.64 does', () => {
    expect(supportsBackupInitCheck('8.1.103.63')).toBe(false);
    expect(supportsBackupInitCheck('8.1.103.64')).toBe(true);
  });

  it('later versions support it, including ones a string compare would put below', () => {
    expect(supportsBackupInitCheck('8.1.103.100')).toBe(true);
    expect(supportsBackupInitCheck('8.1.104.0')).toBe(true);
    expect(supportsBackupInitCheck('9.0.0.1')).toBe(true);
  });

  it('earlier versions do not', () => {
    expect(supportsBackupInitCheck('8.1.102.999')).toBe(false);
    expect(supportsBackupInitCheck('8.0.999.999')).toBe(false);
  });

  it('an invalid version is not assumed to support it', () => {
    expect(supportsBackupInitCheck('8.1.103')).toBe(false);
    expect(supportsBackupInitCheck('latest')).toBe(false);
  });

  it('accepts an already parsed version', () => {
    expect(supportsBackupInitCheck([8, 1, 103, 64])).toBe(true);
    expect(supportsBackupInitCheck([8, 1, 103, 63])).toBe(false);
  });
});
