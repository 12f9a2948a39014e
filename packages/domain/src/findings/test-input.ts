import type { THostFindingsInput } from './host-context';

/** A healthy backup on a version with the check, check enabled; tests override what they exercise. */
export function makeHostFindingsInput(overrides: Partial<THostFindingsInput> = {}): THostFindingsInput {
  return {
    mode: 'backup',
    version: '8.1.103.64',
    sameHost: false,
    configuredOptions: { 'backup-init-check': 'true' },
    now: new Date('2026-01-10T12:00:00.000Z'),
    ...overrides,
  };
}
