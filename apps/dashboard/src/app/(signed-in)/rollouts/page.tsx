import type { Metadata } from 'next';
import { RolloutsList } from '@/components/rollouts/rollouts-list';

export const metadata: Metadata = { title: 'Rollouts · Standby' };

export default function RolloutsPage() {
  return <RolloutsList />;
}
