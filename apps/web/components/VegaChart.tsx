'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * One stored Vega-Lite spec (the very spec `loupe eval` rendered to SVG and stored with the run),
 * rendered live to SVG in the browser. The page's CSP forbids `new Function`, which Vega's default
 * expression compiler uses, so the spec is parsed to an AST (`{ ast: true }`) and evaluated by
 * vega-interpreter instead. Vega is loaded on demand: only pages with a chart pay for it.
 */
export function VegaChart({ spec, label, name }: { spec: unknown; label: string; name: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'rendered' | { error: string }>('loading');

  useEffect(() => {
    let view: { finalize(): void } | null = null;
    let live = true;
    (async () => {
      const [vega, vegaLite, { expressionInterpreter }] = await Promise.all([
        import('vega'),
        import('vega-lite'),
        import('vega-interpreter'),
      ]);
      if (!live || !ref.current) return;
      const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0]).spec;
      const runtime = vega.parse(compiled, undefined, { ast: true });
      const v = new vega.View(runtime, {
        expr: expressionInterpreter,
        renderer: 'svg',
        container: ref.current,
        hover: false,
      });
      view = v;
      await v.runAsync();
      if (live) setState('rendered');
    })().catch((caught: unknown) => {
      if (live) setState({ error: caught instanceof Error ? caught.message : String(caught) });
    });
    return () => {
      live = false;
      view?.finalize();
    };
  }, [spec]);

  return (
    // Focusable: a chart wider than the screen scrolls, and a keyboard user must be able to scroll it.
    <figure
      className="chart"
      tabIndex={0}
      aria-label={label}
      data-testid="evaluation-chart"
      data-plot={name}
      data-state={typeof state === 'string' ? state : 'error'}
    >
      <div ref={ref} role="img" aria-label={label} />
      {state === 'loading' ? <p className="muted">Drawing…</p> : null}
      {typeof state === 'object' ? (
        <p className="muted">The chart could not be drawn ({state.error})</p>
      ) : null}
    </figure>
  );
}
