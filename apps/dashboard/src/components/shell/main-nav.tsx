'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS } from '@/lib/nav-items';
import { hasRole, type TSessionUser } from '@/lib/permissions';

export function MainNav({ user }: { user: TSessionUser }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((item) => hasRole(user, item.minimumRole));
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1 text-sm">
      {items.map((item) => {
        const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? 'page' : undefined}
            className={`rounded-md px-2 py-1 focus-visible:outline-2 focus-visible:outline-sky-600 ${
              current ? 'bg-slate-100 font-medium text-slate-900' : 'text-slate-600 hover:text-slate-900'
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
