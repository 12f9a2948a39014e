import type { ReactNode } from 'react';
import { RequireSession } from '@/components/auth/require-session';

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <RequireSession minimumRole="admin">{children}</RequireSession>;
}
