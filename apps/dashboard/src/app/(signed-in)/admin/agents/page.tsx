import type { Metadata } from 'next';
import { AgentsAdmin } from '@/components/admin/agents-admin';

export const metadata: Metadata = { title: 'Agents · Standby' };

export default function AgentsPage() {
  return <AgentsAdmin />;
}
