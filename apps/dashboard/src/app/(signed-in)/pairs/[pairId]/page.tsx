import type { Metadata } from 'next';
import { PairView } from '@/components/pair/pair-view';

export const metadata: Metadata = { title: 'HA pair · Standby' };

export default async function PairPage({ params }: { params: Promise<{ pairId: string }> }) {
  const { pairId } = await params;
  return <PairView pairId={pairId} />;
}
