'use client';

import Link from 'next/link';
import { useCurrentUser } from '@/lib/session';
import { MainNav } from './main-nav';
import { UserMenu } from './user-menu';

export function SiteHeader() {
  const user = useCurrentUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link
          href="/fleet"
          className="text-lg font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          Standby
        </Link>
        {user ? <MainNav user={user} /> : null}
        {user ? <UserMenu user={user} /> : null}
      </div>
    </header>
  );
}
