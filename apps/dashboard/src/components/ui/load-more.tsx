'use client';

import { useEffect, useRef } from 'react';
import { Button } from './button';

/**
 * "Load more" for keyset pages. With `auto`, it also loads by itself when scrolled into view
 * (infinite scroll); the button stays for keyboard users and as a fallback.
 */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  label = 'Load more',
  auto = false,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  label?: string;
  auto?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onLoadRef = useRef(onLoad);
  onLoadRef.current = onLoad;

  useEffect(() => {
    const element = ref.current;
    if (!auto || !hasMore || loading || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onLoadRef.current();
      },
      { rootMargin: '400px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [auto, hasMore, loading]);

  if (!hasMore) return null;
  return (
    <div ref={ref} className="flex justify-center py-3">
      <Button onClick={onLoad} disabled={loading}>
        {loading ? 'Loading…' : label}
      </Button>
    </div>
  );
}
