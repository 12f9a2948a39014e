'use client';

import { type RefObject, useEffect, useRef, useState } from 'react';

/**
 * Whether the element is within `marginPx` of the viewport, and its height when it was last rendered in
 * full: far-away parts of a long list render as a spacer of that height (windowing without a library).
 */
export function useNearViewport<T extends HTMLElement>(
  marginPx: number,
): { ref: RefObject<T | null>; near: boolean; lastHeight: number } {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(true);
  const lastHeight = useRef(0);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const entry = entries[entries.length - 1];
        if (!entry) return;
        if (!entry.isIntersecting)
          lastHeight.current = Math.max(lastHeight.current, entry.boundingClientRect.height);
        setNear(entry.isIntersecting);
      },
      { rootMargin: `${marginPx}px 0px` },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [marginPx]);

  return { ref, near, lastHeight: lastHeight.current };
}
