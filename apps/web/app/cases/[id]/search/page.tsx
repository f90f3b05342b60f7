import type { Metadata } from 'next';
import Link from 'next/link';
import { QueryImageSearch } from '@/components/QueryImageSearch';

export const metadata: Metadata = { title: 'Search by image' };

/** /cases/:id/search — find what a picture that is not evidence matches, from within a case. */
export default async function CaseSearchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <article className="media-page" aria-labelledby="search-title">
      <p className="breadcrumb">
        <Link href={`/cases/${encodeURIComponent(id)}`}>← Back to case</Link>
      </p>
      <header className="media-page__header">
        <p className="media-page__kicker">Case search</p>
        <h1 id="search-title">Search by image</h1>
      </header>
      <QueryImageSearch caseId={id} />
    </article>
  );
}
