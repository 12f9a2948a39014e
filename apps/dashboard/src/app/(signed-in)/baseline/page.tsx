import type { Metadata } from 'next';
import { BaselineView } from '@/components/baseline/baseline-view';

export const metadata: Metadata = { title: 'Baseline · Standby' };

export default function BaselinePage() {
  return <BaselineView />;
}
