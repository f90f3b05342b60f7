'use client';

import { useEffect, useRef } from 'react';

/**
 * Calls `tick` every `intervalMs` while `active`, waiting for each call to settle before
 * scheduling the next (no overlapping requests). Skips ticks while the tab is hidden.
 */
export function usePolling(active: boolean, intervalMs: number, tick: () => Promise<void>): void {
  const tickRef = useRef(tick);
  useEffect(() => {
    tickRef.current = tick;
  }, [tick]);

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const run = async () => {
      if (!document.hidden) {
        try {
          await tickRef.current();
        } catch {
          // The tick reports its own errors; keep polling.
        }
      }
      if (!cancelled) timer = setTimeout(run, intervalMs);
    };
    timer = setTimeout(run, intervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [active, intervalMs]);
}
