'use client';

import { useState, type FormEvent } from 'react';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { SET_CASE_TAGS_MUTATION } from '@/lib/operations';
import type { CaseDetail, CaseRef } from '@/lib/types';
import { Alert } from './Alert';
import { ConfirmButton } from './ConfirmButton';

interface CaseTagsProps {
  detail: CaseDetail;
  canEdit: boolean;
  onUpdated: (detail: CaseRef) => void;
}

/** The case's tags (the API trims, lower-cases and sorts them); add and remove when editable. */
export function CaseTags({ detail, canEdit, onUpdated }: CaseTagsProps) {
  const [draft, setDraft] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(tags: string[]) {
    setPending(true);
    setError(null);
    try {
      const { setCaseTags } = await graphqlRequest(SET_CASE_TAGS_MUTATION, {
        caseId: detail.id,
        tags,
      });
      onUpdated(setCaseTags);
      return true;
    } catch (caught) {
      setError(errorMessage(caught));
      return false;
    } finally {
      setPending(false);
    }
  }

  async function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const tag = draft.trim();
    if (!tag || pending) return;
    if (await save([...detail.tags, tag])) setDraft('');
  }

  return (
    <div className="tags" data-testid="case-tags">
      <Alert message={error} />
      {detail.tags.length === 0 ? <p className="muted">No tags.</p> : null}
      <ul className="tags__list" aria-label="Tags">
        {detail.tags.map((tag) => (
          <li key={tag} className="tag" data-testid="case-tag">
            <span className="tag__text">{tag}</span>
            {canEdit ? (
              <ConfirmButton
                label="Remove"
                ariaLabel={`Remove tag ${tag}`}
                question={`Remove the tag “${tag}”?`}
                disabled={pending}
                onConfirm={() => void save(detail.tags.filter((t) => t !== tag))}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form className="form__row" onSubmit={handleAdd} noValidate aria-label="Add a tag">
          <div className="field field--grow">
            <label htmlFor="case-tag-input">New tag</label>
            <input
              id="case-tag-input"
              type="text"
              maxLength={40}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
            />
          </div>
          <button type="submit" className="button button--secondary" disabled={pending || !draft.trim()}>
            Add tag
          </button>
        </form>
      ) : null}
    </div>
  );
}
