import type { Metadata } from 'next';
import { FleetView } from '@/components/fleet-view';

export const metadata: Metadata = { title: 'Fleet · Standby' };

export default function FleetPage() {
  return (
    <main className="mx-auto max-w-7xl px-6 py-6">
      <FleetView />
    </main>
  );
}
