import { describe, expect, it } from 'vitest';
import { findUnsafeText, sanitizeText, truncateText, zSafeText } from './safe-text';

describe('safe text', () => {
  it('accepts ordinary text, emoji (surrogate pairs) and non-Latin scripts', () => {
    expect(findUnsafeText('sip-01.example / 東京 😀')).toBeUndefined();
    expect(zSafeText(100).safeParse('😀').success).toBe(true);
  });

  it('refuses a NUL byte and lone surrogates, saying which and where', () => {
    expect(findUnsafeText('ab\u0000c')).toBe('contains a NUL character (U+0000) at position 2');
    expect(findUnsafeText('x\ud800')).toMatch(/lone UTF-16 surrogate at position 1/);
    expect(findUnsafeText('\udc00x')).toMatch(/lone UTF-16 surrogate at position 0/);
    const refused = zSafeText(100).safeParse('a\u0000');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('NUL');
  });

  it('keeps the length bound', () => {
    expect(zSafeText(3).safeParse('abcd').success).toBe(false);
  });

  it('sanitizes instead of refusing where text must be kept', () => {
    expect(sanitizeText('a\u0000b\ud800c😀')).toBe('a\ufffdb\ufffdc😀');
    expect(findUnsafeText(sanitizeText('\udfff\ud800'))).toBeUndefined();
  });

  it('truncates with an ellipsis, never splitting a surrogate pair', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abc', 4)).toBe('abc');
    const cut = truncateText('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(findUnsafeText(cut)).toBeUndefined();
  });
});
