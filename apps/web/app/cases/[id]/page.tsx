import type { Metadata } from 'next';
import { CaseView } from '@/components/CaseView';

export const metadata: Metadata = { title: 'Case' };

export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CaseView caseId={id} />;
}
