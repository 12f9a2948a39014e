import type { TRole } from '@/lib/permissions';

const ROLE_DESCRIPTIONS: Record<TRole, string> = {
  viewer: 'viewer — reads everything',
  operator: 'operator — also changes options and runs checks',
  admin: 'admin — also manages users and agents',
};

export function RoleOptions() {
  return (
    <>
      {(Object.keys(ROLE_DESCRIPTIONS) as TRole[]).map((role) => (
        <option key={role} value={role}>
          {ROLE_DESCRIPTIONS[role]}
        </option>
      ))}
    </>
  );
}
