import type { Metadata } from 'next';
import { AuditView } from '@/components/audit/audit-view';
import { RequireSession } from '@/components/auth/require-session';

export const metadata: Metadata = { title: 'Audit log · Standby' };

export default function AuditPage() {
  return (
    <RequireSession minimumRole="operator">
      <AuditView />
    </RequireSession>
  );
}
