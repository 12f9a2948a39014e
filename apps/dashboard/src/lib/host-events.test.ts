import { describe, expect, it } from 'vitest';
import { describeHostEventChange } from './host-events';

describe('describeHostEventChange', () => {
  it('compares nested options and lists only what changed', () => {
    const before = { options: { 'backup-init-check-timeout': '120', 'backup-init-check': 'true' } };
    const after = { options: { 'backup-init-check-timeout': '60', 'backup-init-check': 'true' } };
    expect(describeHostEventChange({ before, after })).toEqual([
      { key: 'backup-init-check-timeout', before: '120', after: '60' },
    ]);
  });

  it('shows a switchover field by field', () => {
    expect(describeHostEventChange({ before: { mode: 'primary' }, after: { mode: 'backup' } })).toEqual([
      { key: 'mode', before: 'primary', after: 'backup' },
    ]);
  });
});
