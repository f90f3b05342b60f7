import type { Context } from '../context.ts';
import { unauthenticated } from '../errors.ts';
import type { Viewer } from '../services/index.ts';

/** The signed-in viewer, or UNAUTHENTICATED. */
export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
