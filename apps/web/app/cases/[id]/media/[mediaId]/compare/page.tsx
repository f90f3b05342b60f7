import type { Metadata } from 'next';
import { CompareView } from '@/components/CompareView';

export const metadata: Metadata = { title: 'Compare' };

/** /cases/:id/media/:mediaId/compare?with=<mediaId|knownFake:id> — the item beside a match. */
export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; mediaId: string }>;
  searchParams: Promise<{ with?: string | string[] }>;
}) {
  const { id, mediaId } = await params;
  const { with: target } = await searchParams;
  return <CompareView caseId={id} mediaId={mediaId} with={typeof target === 'string' ? target : null} />;
}
