import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path';

describe('safeNextPath: where sign-in may send the browser', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNextPath('/hosts/abc?tab=runs')).toBe('/hosts/abc?tab=runs');
  });

  it.each([
    ['https://evil.example/x'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/x\\..\\evil'],
    ['/sign-in?next=/fleet'],
    ['fleet'],
    [''],
  ])('refuses %j and falls back to the fleet page', (next) => {
    expect(safeNextPath(next)).toBe('/fleet');
  });

  it('falls back when there is no next at all', () => {
    expect(safeNextPath(null, '/audit')).toBe('/audit');
  });
});
