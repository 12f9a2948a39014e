import type { ReactNode } from 'react';
import { RequireSession } from '@/components/auth/require-session';

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return <RequireSession>{children}</RequireSession>;
}
