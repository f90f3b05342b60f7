'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { PROMOTE_TO_KNOWN_FAKES_MUTATION } from '@/lib/admin-operations';
import { FAMILY_LABELS } from '@/lib/format';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import type { ManipulationFamily } from '@/lib/types';
import { Alert } from './Alert';

const FAMILIES = Object.keys(FAMILY_LABELS) as ManipulationFamily[];

/**
 * Administrators: adds this evidence to the known-fakes library (same stored file; the library copy
 * is analysed again, and later evidence is matched against it once that analysis is done).
 */
export function PromoteToKnownFakes({ mediaId }: { mediaId: string }) {
  const [family, setFamily] = useState<ManipulationFamily | ''>('');
  const [source, setSource] = useState('');
  const [generator, setGenerator] = useState('');
  const [dataset, setDataset] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    if (!family) return setError('Choose how it was made (the family).');
    setPending(true);
    setError(null);
    try {
      await graphqlRequest(PROMOTE_TO_KNOWN_FAKES_MUTATION, {
        mediaId,
        family,
        source: source.trim() || null,
        generator: generator.trim() || null,
        dataset: dataset.trim() || null,
      });
      setAdded(true);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="promote-heading">
      <h2 id="promote-heading" className="card__title">
        Add to known fakes
      </h2>
      {added ? (
        <p role="status" data-testid="promoted">
          Added to the known-fakes library; it is being analysed.{' '}
          <Link href="/admin/known-fakes">Open the library</Link>
        </p>
      ) : (
        <form className="form" onSubmit={submit} noValidate aria-labelledby="promote-heading">
          <p className="muted">
            Administrators: a confirmed fake goes into the library, so later evidence is compared with it.
          </p>
          <Alert message={error} />
          <div className="field">
            <label htmlFor="promote-family">Family</label>
            <select
              id="promote-family"
              value={family}
              onChange={(e) => setFamily(e.target.value as ManipulationFamily | '')}
            >
              <option value="">Choose…</option>
              {FAMILIES.map((f) => (
                <option key={f} value={f}>
                  {FAMILY_LABELS[f]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="promote-source">Source</label>
            <input
              id="promote-source"
              type="text"
              value={source}
              onChange={(e) => setSource(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="promote-generator">Generator</label>
            <input
              id="promote-generator"
              type="text"
              value={generator}
              onChange={(e) => setGenerator(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="promote-dataset">Dataset</label>
            <input
              id="promote-dataset"
              type="text"
              value={dataset}
              onChange={(e) => setDataset(e.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={pending}>
            {pending ? 'Adding…' : 'Add to known fakes'}
          </button>
        </form>
      )}
    </section>
  );
}
