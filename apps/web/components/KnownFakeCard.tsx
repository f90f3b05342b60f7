'use client';

import { useState, type FormEvent } from 'react';
import { DELETE_KNOWN_FAKE_MUTATION, UPDATE_KNOWN_FAKE_MUTATION } from '@/lib/admin-operations';
import { FAMILY_LABELS, label } from '@/lib/format';
import { graphql, useFragment } from '@/lib/gql';
import type { KnownFakeCard_KnownFakeFragment } from '@/lib/gql/graphql';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import type { ManipulationFamily } from '@/lib/types';
import { Alert } from './Alert';
import { ConfirmButton } from './ConfirmButton';
import { DateText } from './DateText';
import { EvidenceThumbnail } from './EvidenceThumbnail';
import { ShortHash } from './ShortHash';
import styles from './Admin.module.css';

const FAMILIES = Object.keys(FAMILY_LABELS) as ManipulationFamily[];

/** A library item as its card shows it; the library query and the edit mutation return it. */
export const KnownFakeCardKnownFakeFragment = graphql(`
  fragment KnownFakeCard_KnownFake on KnownFake {
    id
    sha256
    originalName
    mimeType
    kind
    url
    family
    generator
    source
    dataset
    notes
    promotedFromMediaId
    createdAt
    createdBy {
      id
      email
      displayName
    }
    analysis {
      id
      status
      progress
      error
    }
  }
`);
export type AdminKnownFake = KnownFakeCard_KnownFakeFragment;
/** The labels the edit form sends (UpdateKnownFakeInput), starting from the item's own. */
type KnownFakeLabels = Pick<AdminKnownFake, 'family' | 'generator' | 'source' | 'dataset' | 'notes'>;

const ANALYSIS_TEXT = {
  QUEUED: 'Analysis pending',
  RUNNING: 'Being analysed',
  DONE: 'Analysed: embeddings and hashes indexed',
  FAILED: 'Analysis failed',
} as const;

function AnalysisState({ analysis }: { analysis: AdminKnownFake['analysis'] }) {
  if (!analysis)
    return (
      <span className="badge badge--analysis-failed" data-testid="known-fake-analysis">
        Never analysed
      </span>
    );
  return (
    <>
      <span
        className={`badge badge--analysis-${analysis.status.toLowerCase()}`}
        data-testid="known-fake-analysis"
        data-status={analysis.status}
      >
        {ANALYSIS_TEXT[analysis.status]}
        {analysis.status === 'RUNNING' ? ` ${Math.round(analysis.progress * 100)}%` : ''}
      </span>
      {analysis.status === 'FAILED' && analysis.error ? (
        <span className={styles.error}>{analysis.error}</span>
      ) : null}
    </>
  );
}

interface CardProps {
  item: AdminKnownFake;
  onUpdated: (item: AdminKnownFake) => void;
  onDeleted: () => void;
  onError: (message: string) => void;
}

/** One library item on /admin/known-fakes: picture, labels, analysis state, edit and delete. */
export function KnownFakeCard({ item, onUpdated, onDeleted, onError }: CardProps) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  async function remove() {
    setDeleting(true);
    try {
      await graphqlRequest(DELETE_KNOWN_FAKE_MUTATION, { id: item.id });
      onDeleted();
    } catch (caught) {
      onError(errorMessage(caught));
      setDeleting(false);
    }
  }

  return (
    <li className={`card ${styles.fakeCard}`} data-testid="known-fake-card" aria-label={item.originalName}>
      <div className={styles.thumbBox}>
        {item.kind === 'IMAGE' ? (
          <EvidenceThumbnail url={item.url} name={item.originalName} />
        ) : (
          <span className="thumb thumb--none">{item.kind === 'VIDEO' ? 'Video' : 'Face sequence'}</span>
        )}
      </div>
      <div className={styles.fakeBody}>
        <p className={styles.fakeName}>{item.originalName}</p>
        <p className={styles.badges}>
          <span className="badge badge--family" data-testid="known-fake-family">
            {label(FAMILY_LABELS, item.family)}
          </span>
          <AnalysisState analysis={item.analysis} />
        </p>
        <dl className={styles.facts}>
          <dt>Source</dt>
          <dd data-testid="known-fake-source">{item.source ?? '—'}</dd>
          <dt>Generator</dt>
          <dd>{item.generator ?? '—'}</dd>
          <dt>Dataset</dt>
          <dd>{item.dataset ?? '—'}</dd>
          <dt>Added</dt>
          <dd>
            <DateText iso={item.createdAt} withTime /> by {item.createdBy?.email ?? 'unknown'}
            {item.promotedFromMediaId ? ' (promoted from evidence)' : ' (imported)'}
          </dd>
          <dt>SHA-256</dt>
          <dd>
            <ShortHash hash={item.sha256} />
          </dd>
        </dl>
        {item.notes ? <p className={styles.notes}>{item.notes}</p> : null}
        {editing ? (
          <KnownFakeEditForm
            item={item}
            onSaved={(updated) => {
              setEditing(false);
              onUpdated(updated);
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <div className={styles.actions}>
            <button
              type="button"
              className="button button--secondary button--small"
              aria-label={`Edit ${item.originalName}`}
              onClick={() => setEditing(true)}
            >
              Edit
            </button>
            <ConfirmButton
              label="Delete"
              ariaLabel={`Delete ${item.originalName} from the library`}
              question={`Remove ${item.originalName} and its vectors from the library?`}
              pending={deleting}
              onConfirm={() => void remove()}
            />
          </div>
        )}
      </div>
    </li>
  );
}

function KnownFakeEditForm({
  item,
  onSaved,
  onCancel,
}: {
  item: AdminKnownFake;
  onSaved: (item: AdminKnownFake) => void;
  onCancel: () => void;
}) {
  const [labels, setLabels] = useState<KnownFakeLabels>({
    family: item.family,
    generator: item.generator,
    source: item.source,
    dataset: item.dataset,
    notes: item.notes,
  });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = (field: string) => `kf-${item.id}-${field}`;
  const text = (field: 'generator' | 'source' | 'dataset', title: string) => (
    <div className="field">
      <label htmlFor={id(field)}>{title}</label>
      <input
        id={id(field)}
        type="text"
        value={labels[field] ?? ''}
        onChange={(e) => setLabels({ ...labels, [field]: e.target.value || null })}
      />
    </div>
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { updateKnownFake } = await graphqlRequest(UPDATE_KNOWN_FAKE_MUTATION, {
        id: item.id,
        input: labels,
      });
      onSaved(useFragment(KnownFakeCardKnownFakeFragment, updateKnownFake));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label={`Edit ${item.originalName}`}>
      <Alert message={error} />
      <div className="field">
        <label htmlFor={id('family')}>Family</label>
        <select
          id={id('family')}
          value={labels.family}
          onChange={(e) => setLabels({ ...labels, family: e.target.value as ManipulationFamily })}
        >
          {FAMILIES.map((f) => (
            <option key={f} value={f}>
              {FAMILY_LABELS[f]}
            </option>
          ))}
        </select>
      </div>
      {text('source', 'Source')}
      {text('generator', 'Generator')}
      {text('dataset', 'Dataset')}
      <div className="field">
        <label htmlFor={id('notes')}>Notes</label>
        <textarea
          id={id('notes')}
          rows={3}
          value={labels.notes ?? ''}
          onChange={(e) => setLabels({ ...labels, notes: e.target.value || null })}
        />
      </div>
      <div className={styles.actions}>
        <button type="submit" className="button button--small" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
