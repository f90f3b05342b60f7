'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { compareHref } from '@/lib/compare-operations';
import { SCOPES, SCOPE_LABELS, SPACES, SPACE_LABELS } from '@/lib/format';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { SIMILAR_K, SIMILAR_QUERY } from '@/lib/operations';
import type { SimilarItem, SimilarityScope, SimilaritySpace } from '@/lib/types';
import { Alert } from './Alert';
import { SimilarResults } from './SimilarResults';

interface SimilarPanelProps {
  mediaId: string;
  /** Detector-space scores come from the test fixture: they must say so. */
  fixture: boolean;
}

type Search = { space: SimilaritySpace; scope: SimilarityScope; items: SimilarItem[] };

/** "Find similar": the nearest items in one space (detector, face, perceptual hash) and scope. */
export function SimilarPanel({ mediaId, fixture }: SimilarPanelProps) {
  const [space, setSpace] = useState<SimilaritySpace>('PHASH');
  const [scope, setScope] = useState<SimilarityScope>('KNOWN_FAKES');
  const [search, setSearch] = useState<Search | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The media page's route names the case the comparison page lives under.
  const caseId = useParams<{ id?: string }>()?.id;
  const compareLink = (item: SimilarItem) => {
    const target = item.media
      ? { mediaId: item.media.id }
      : item.knownFake
        ? { knownFakeId: item.knownFake.id }
        : null;
    const name = item.media?.originalName ?? item.knownFake?.originalName ?? 'this item';
    if (!caseId || !target) return null;
    return (
      <p className="similar-card__facts">
        <Link href={compareHref(caseId, mediaId, target)} aria-label={`Compare side by side with ${name}`}>
          Compare side by side
        </Link>
      </p>
    );
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const { similar } = await graphqlRequest(SIMILAR_QUERY, { id: mediaId, space, scope });
      setSearch({ space, scope, items: similar });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="similar-heading">
      <h2 id="similar-heading" className="card__title">
        Find similar
      </h2>
      <form className="form__row" onSubmit={handleSubmit} noValidate aria-label="Find similar">
        <div className="field">
          <label htmlFor="similar-space">Compare by</label>
          <select
            id="similar-space"
            value={space}
            onChange={(event) => setSpace(event.target.value as SimilaritySpace)}
          >
            {SPACES.map((value) => (
              <option key={value} value={value}>
                {SPACE_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="similar-scope">Search in</label>
          <select
            id="similar-scope"
            value={scope}
            onChange={(event) => setScope(event.target.value as SimilarityScope)}
          >
            {SCOPES.map((value) => (
              <option key={value} value={value}>
                {SCOPE_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Searching…' : 'Find similar'}
        </button>
      </form>
      <p className="field__hint">
        Up to {SIMILAR_K} items, most similar first. Score 1 is identical; perceptual-hash score = 1 −
        differing bits / 64, detector score = cosine similarity, face score = 1 − L2 / 2.
      </p>
      <Alert message={error} />
      {search ? (
        <SimilarResults
          {...search}
          fixture={fixture && search.space === 'DETECTOR'}
          renderAction={compareLink}
        />
      ) : null}
    </section>
  );
}
