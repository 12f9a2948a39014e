import type { TRole } from './permissions';

export interface TNavItem {
  href: string;
  label: string;
  minimumRole: TRole;
}

/** The main navigation; an item shows only to users with its role (the pages check again). */
export const NAV_ITEMS: readonly TNavItem[] = [
  { href: '/fleet', label: 'Fleet', minimumRole: 'viewer' },
  { href: '/findings', label: 'Findings', minimumRole: 'viewer' },
  { href: '/alerts', label: 'Alerts', minimumRole: 'viewer' },
  { href: '/rollouts', label: 'Rollouts', minimumRole: 'viewer' },
  { href: '/changes', label: 'Changes', minimumRole: 'viewer' },
  { href: '/baseline', label: 'Baseline', minimumRole: 'viewer' },
  { href: '/audit', label: 'Audit log', minimumRole: 'operator' },
  { href: '/settings/tokens', label: 'API tokens', minimumRole: 'viewer' },
  { href: '/admin/users', label: 'Users', minimumRole: 'admin' },
  { href: '/admin/agents', label: 'Agents', minimumRole: 'admin' },
  { href: '/admin/alerts', label: 'Alert settings', minimumRole: 'admin' },
];
