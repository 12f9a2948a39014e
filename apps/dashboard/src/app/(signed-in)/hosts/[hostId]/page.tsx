import type { Metadata } from 'next';
import { HostView } from '@/components/host/host-view';

export const metadata: Metadata = { title: 'Host · Standby' };

export default async function HostPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  return <HostView hostId={hostId} />;
}
