import type { Metadata } from 'next';
import { ChangeDetailView } from '@/components/changes/change-detail-view';

export const metadata: Metadata = { title: 'Change · Standby' };

export default async function ChangePage({ params }: { params: Promise<{ changeId: string }> }) {
  const { changeId } = await params;
  return <ChangeDetailView changeId={changeId} />;
}
