'use client';

import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import type { TRole } from '@/lib/permissions';
import { hasRole } from '@/lib/permissions';
import { signInHref } from '@/lib/safe-next-path';
import { useSession } from '@/lib/session';
import { ErrorAlert } from '../ui/error-alert';
import { PageLoading } from '../ui/page-loading';

/**
 * Shows its children to a signed-in user with at least `minimumRole`; sends anyone else to sign in
 * (and back here afterwards). Only a convenience: every call the page makes is authorized on the server.
 */
export function RequireSession({
  minimumRole = 'viewer',
  children,
}: {
  minimumRole?: TRole;
  children: ReactNode;
}) {
  const session = useSession();
  const pathname = usePathname();
  const router = useRouter();
  const signedOut = session.status === 'signed-out';

  useEffect(() => {
    if (signedOut) router.replace(signInHref(`${pathname}${window.location.search}`));
  }, [signedOut, pathname, router]);

  switch (session.status) {
    case 'loading':
      return <PageLoading />;
    case 'error':
      return <ErrorAlert>Could not check your session: {session.message}</ErrorAlert>;
    case 'signed-out':
      return <PageLoading label="Redirecting to sign in…" />;
    case 'signed-in':
      if (!hasRole(session.user, minimumRole))
        return (
          <ErrorAlert testId="forbidden">
            This page needs the {minimumRole} role; you are signed in as {session.user.role}.
          </ErrorAlert>
        );
      return <>{children}</>;
  }
}
