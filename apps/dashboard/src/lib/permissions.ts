import { roleAtLeast } from '@standby/domain';
import type { RouterOutputs } from './trpc-types';

export type TSessionUser = NonNullable<RouterOutputs['session']['me']['user']>;
export type TRole = TSessionUser['role'];

/** Whether the user may see controls for `minimum`; the server enforces the same ranking on every call. */
export function hasRole(user: TSessionUser | null | undefined, minimum: TRole): boolean {
  return user ? roleAtLeast(user.role, minimum) : false;
}
