/** Users' roles in increasing order of power: each includes what the ones before it may do. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type TRole = (typeof ROLES)[number];

export function isRole(value: unknown): value is TRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether `role` may do what `minimum` may: the server enforces it on every call, the dashboard uses it
 * to show only the controls a user may use. Unknown role strings (a hand-edited row) get no access.
 */
export function roleAtLeast(role: string, minimum: TRole): boolean {
  if (!isRole(role)) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
