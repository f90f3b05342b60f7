'use client';

import { useEffect, useState, type RefObject } from 'react';

/**
 * The rendered width of an element in CSS pixels, followed as it resizes. Charts draw at this
 * width (not a stretched viewBox) so their text stays the page's size on a phone and a desktop.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const read = () => {
      const w = element.getBoundingClientRect().width;
      if (w > 0) setWidth(Math.round(w));
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
