'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { graphql, useFragment, type FragmentType } from '@/lib/gql';
import { ADD_NOTE_MUTATION, CASE_NOTES_QUERY, MEDIA_NOTES_QUERY, NOTES_SHOWN } from '@/lib/operations';
import { Alert } from './Alert';
import { DateText } from './DateText';
import { mediaHref } from './EvidenceList';
import { LoadingState } from './LoadingState';

/** The notes a panel shows (CASE_NOTES_QUERY, MEDIA_NOTES_QUERY). */
export const NotesPanelNotesFragment = graphql(`
  fragment NotesPanel_Notes on NoteConnection {
    edges {
      cursor
      node {
        id
        body
        caseId
        mediaId
        createdAt
        author {
          id
          displayName
        }
      }
    }
    totalCount
  }
`);

interface NotesPanelProps {
  caseId: string;
  /** Notes on this media item; without it, the case's notes (including those on its items). */
  mediaId?: string;
  /** Why the viewer cannot add notes, or null when they can. */
  readOnlyReason: string | null;
}

/** Notes, newest first, and a form to add one. */
export function NotesPanel({ caseId, mediaId, readOnlyReason }: NotesPanelProps) {
  const [notesRef, setNotes] = useState<FragmentType<typeof NotesPanelNotesFragment> | null>(null);
  const notes = useFragment(NotesPanelNotesFragment, notesRef);
  const [body, setBody] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const connection = mediaId
      ? (await graphqlRequest(MEDIA_NOTES_QUERY, { id: mediaId })).media.notes
      : (await graphqlRequest(CASE_NOTES_QUERY, { id: caseId })).case.notes;
    setNotes(connection);
  }, [caseId, mediaId]);

  useEffect(() => {
    load().catch((caught: unknown) => setError(errorMessage(caught)));
  }, [load]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    if (!body.trim()) {
      setError('A note needs some text.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      await graphqlRequest(ADD_NOTE_MUTATION, {
        caseId,
        mediaId: mediaId ?? null,
        body: body.trim(),
      });
      setBody('');
      await load();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  const headingId = mediaId ? 'media-notes-heading' : 'case-notes-heading';
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">
        Notes {notes ? <span className="count">{notes.totalCount}</span> : null}
      </h2>
      <Alert message={error} />
      {readOnlyReason ? (
        <p className="muted">{readOnlyReason}</p>
      ) : (
        <form className="form" onSubmit={handleSubmit} noValidate aria-label="Add a note">
          <div className="field">
            <label htmlFor={`${headingId}-body`}>{mediaId ? 'Note on this item' : 'Note on the case'}</label>
            <textarea
              id={`${headingId}-body`}
              rows={3}
              value={body}
              onChange={(event) => setBody(event.target.value)}
            />
          </div>
          <button type="submit" className="button button--secondary" disabled={pending}>
            {pending ? 'Adding…' : 'Add note'}
          </button>
        </form>
      )}
      {notes === null ? (
        error ? null : (
          <LoadingState label="Loading notes…" />
        )
      ) : notes.edges.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ol className="notes" aria-label="Notes">
          {notes.edges.map(({ node }) => (
            <li key={node.id} className="note" data-testid="note">
              <p className="note__meta muted">
                {node.author?.displayName ?? 'A former user'} · <DateText iso={node.createdAt} withTime />
                {!mediaId && node.mediaId ? (
                  <>
                    {' · '}
                    <Link href={mediaHref(caseId, node.mediaId)}>on an evidence item</Link>
                  </>
                ) : null}
              </p>
              <p className="note__body">{node.body}</p>
            </li>
          ))}
        </ol>
      )}
      {notes && notes.totalCount > notes.edges.length ? (
        <p className="field__hint">
          The {NOTES_SHOWN} newest of {notes.totalCount} notes are shown.
        </p>
      ) : null}
    </section>
  );
}
