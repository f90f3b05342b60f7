import type { ReactNode } from 'react';
import { SessionGate } from '@/components/SessionGate';

/** Every page under /cases requires a signed-in user. */
export default function CasesLayout({ children }: { children: ReactNode }) {
  return <SessionGate>{children}</SessionGate>;
}
