import type { RouterOutputs } from './trpc-types';

export type TSessionUser = NonNullable<RouterOutputs['session']['me']['user']>;
export type TRole = TSessionUser['role'];

/** Roles in increasing order of power, as the server ranks them; each includes the ones before it. */
const ROLE_ORDER: readonly TRole[] = ['viewer', 'operator', 'admin'];

/** Whether the user may see controls for `minimum`; the server enforces the same ranking on every call. */
export function hasRole(user: TSessionUser | null | undefined, minimum: TRole): boolean {
  if (!user) return false;
  return ROLE_ORDER.indexOf(user.role) >= ROLE_ORDER.indexOf(minimum);
}
