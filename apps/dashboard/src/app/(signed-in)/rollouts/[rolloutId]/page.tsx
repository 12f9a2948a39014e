import type { Metadata } from 'next';
import { RolloutView } from '@/components/rollouts/rollout-view';

export const metadata: Metadata = { title: 'Rollout · Standby' };

export default async function RolloutPage({ params }: { params: Promise<{ rolloutId: string }> }) {
  const { rolloutId } = await params;
  return <RolloutView rolloutId={rolloutId} />;
}
