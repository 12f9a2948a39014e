import { describe, expect, it } from 'vitest';
import { measurePayload } from './payload-shape';

const BOUNDS = { maxBytes: 64 * 1024, maxDepth: 32 };

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('measurePayload', () => {
  it('measures the bytes of ordinary JSON exactly', () => {
    for (const value of [
      null,
      { a: 1, b: 'x', c: [true, false, null], d: { e: 'é😀€' } },
      [],
      {},
      'text',
      12.5,
    ]) {
      const shape = measurePayload(value, BOUNDS);
      expect(shape).toMatchObject({ ok: true, bytes: Buffer.byteLength(JSON.stringify(value)) });
    }
  });

  it('refuses a frame nested 200,000 levels deep without recursing (JSON.stringify would throw)', () => {
    const deep = nested(200_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(measurePayload(deep, BOUNDS)).toEqual({ ok: false, problem: 'too-deep', limit: 32 });
    expect(measurePayload({ a: { b: nested(40) } }, BOUNDS)).toMatchObject({ problem: 'too-deep' });
  });

  it('accepts exactly the depth bound, refuses one more', () => {
    expect(measurePayload(nested(31), BOUNDS)).toMatchObject({ ok: true, depth: 32 });
    expect(measurePayload(nested(32), BOUNDS)).toMatchObject({ ok: false, problem: 'too-deep' });
  });

  it('refuses too many bytes, in strings, keys or wide arrays, early', () => {
    expect(measurePayload({ s: 'x'.repeat(70_000) }, BOUNDS)).toMatchObject({ problem: 'too-large' });
    expect(measurePayload({ ['k'.repeat(70_000)]: 1 }, BOUNDS)).toMatchObject({ problem: 'too-large' });
    expect(measurePayload(new Array(500_000).fill(0), BOUNDS)).toMatchObject({ problem: 'too-large' });
  });

  it('refuses binary attachments and never throws on odd values', () => {
    expect(measurePayload({ b: Buffer.from('x') }, BOUNDS)).toMatchObject({ ok: false, problem: 'not-json' });
    const hostile = {
      get boom() {
        throw new Error('getter');
      },
    };
    expect(measurePayload(hostile, BOUNDS)).toMatchObject({ ok: false, problem: 'not-json' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(measurePayload(cyclic, BOUNDS).ok).toBe(false);
  });
});
