import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FindingsView } from '@/components/findings/findings-view';
import { PageLoading } from '@/components/ui/page-loading';

export const metadata: Metadata = { title: 'Findings · Standby' };

export default function FindingsPage() {
  // The filters live in the query string (useSearchParams), read in the browser.
  return (
    <Suspense fallback={<PageLoading />}>
      <FindingsView />
    </Suspense>
  );
}
