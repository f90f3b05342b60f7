import type { ReactNode } from 'react';
import { AdminOnly } from '@/components/AdminOnly';
import { SessionGate } from '@/components/SessionGate';

/** Every page under /admin requires a signed-in administrator. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <SessionGate>
      <AdminOnly>{children}</AdminOnly>
    </SessionGate>
  );
}
