import type { Metadata } from 'next';
import { MediaView } from '@/components/MediaView';

export const metadata: Metadata = { title: 'Evidence' };

export default async function MediaPage({ params }: { params: Promise<{ id: string; mediaId: string }> }) {
  const { id, mediaId } = await params;
  return <MediaView caseId={id} mediaId={mediaId} />;
}
