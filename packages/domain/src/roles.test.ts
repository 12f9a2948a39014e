import { describe, expect, it } from 'vitest';
import { isRole, ROLES, roleAtLeast } from './roles';

describe('roles: viewer < operator < admin, each including the ones before', () => {
  it('the order is fixed', () => {
    expect(ROLES).toEqual(['viewer', 'operator', 'admin']);
  });

  it.each([
    ['viewer', 'viewer', true],
    ['viewer', 'operator', false],
    ['operator', 'viewer', true],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['admin', 'operator', true],
    ['admin', 'admin', true],
  ] as const)('%s may act as %s: %s', (role, minimum, allowed) => {
    expect(roleAtLeast(role, minimum)).toBe(allowed);
  });

  it('an unknown role string gets no access', () => {
    expect(isRole('root')).toBe(false);
    expect(roleAtLeast('root', 'viewer')).toBe(false);
    expect(roleAtLeast('Admin', 'viewer')).toBe(false);
  });
});
