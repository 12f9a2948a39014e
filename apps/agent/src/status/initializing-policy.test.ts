import { describe, expect, it } from 'vitest';
import { showsInitializing } from './initializing-policy';

describe('showsInitializing', () => {
  it('only for a check at a start, or a switchover to backup after a verdict made as primary', () => {
    expect(showsInitializing('start', true, 'backup')).toBe(true);
    expect(showsInitializing('agent-start', true, undefined)).toBe(true);
    expect(showsInitializing('manual', true, 'backup')).toBe(true);
    expect(showsInitializing('agent-start', false, undefined)).toBe(false);
    expect(showsInitializing('interval', false, 'backup')).toBe(false);
    expect(showsInitializing('command', false, 'backup')).toBe(false);
    expect(showsInitializing('role-change', false, 'primary')).toBe(true);
    expect(showsInitializing('role-change', false, 'backup')).toBe(false);
  });
});
