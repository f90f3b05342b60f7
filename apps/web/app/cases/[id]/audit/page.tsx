import type { Metadata } from 'next';
import { AuditTimeline } from '@/components/AuditTimeline';

export const metadata: Metadata = { title: 'Audit trail' };

export default async function CaseAuditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AuditTimeline caseId={id} />;
}
