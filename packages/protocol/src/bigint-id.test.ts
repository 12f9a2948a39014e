import { describe, expect, it } from 'vitest';
import { isBigintId, zBigintId } from './bigint-id';

describe('bigint ids', () => {
  const schema = zBigintId('a decimal command id');

  it('accepts decimal ids up to 2^63 - 1', () => {
    expect(schema.parse('1')).toBe('1');
    expect(schema.parse('9223372036854775807')).toBe('9223372036854775807');
    expect(isBigintId('9223372036854775807')).toBe(true);
  });

  it('refuses text, signs and values past bigint with a message naming the id, never throwing', () => {
    for (const bad of ['abc', '-1', '1.5', '', '9223372036854775808', '99999999999999999999']) {
      const parsed = schema.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain('a decimal command id');
    }
    expect(isBigintId('abc')).toBe(false);
  });
});
