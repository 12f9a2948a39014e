'use client';

import type { TSessionUser } from '@/lib/permissions';
import { ToneBadge } from '../ui/tone-badge';
import { SignOutButton } from './sign-out-button';

export function UserMenu({ user }: { user: TSessionUser }) {
  return (
    <div className="ml-auto flex items-center gap-3 text-sm" data-testid="user-menu">
      <span className="text-slate-700" title={user.email}>
        {user.name || user.email}
      </span>
      <ToneBadge tone={user.role === 'viewer' ? 'neutral' : 'info'} testId="user-role">
        {user.role}
      </ToneBadge>
      <SignOutButton />
    </div>
  );
}
