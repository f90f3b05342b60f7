import type { Metadata } from 'next';
import { KnownFakesAdminView } from '@/components/KnownFakesAdminView';

export const metadata: Metadata = { title: 'Known fakes · Administration' };

export default function AdminKnownFakesPage() {
  return <KnownFakesAdminView />;
}
