import type { ReactNode } from 'react';
import { SessionGate } from '@/components/SessionGate';

/** Evaluation runs describe models, not cases: readable by everyone signed in. */
export default function EvaluationsLayout({ children }: { children: ReactNode }) {
  return <SessionGate>{children}</SessionGate>;
}
