import type { Metadata } from 'next';
import { AlertsAdmin } from '@/components/alerts/alerts-admin';

export const metadata: Metadata = { title: 'Alert settings · Standby' };

export default function AlertsAdminPage() {
  return <AlertsAdmin />;
}
