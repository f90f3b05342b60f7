'use client';

import { useState, type FormEvent } from 'react';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { UPDATE_CASE_MUTATION } from '@/lib/operations';
import type { CaseDetail, CaseRef } from '@/lib/types';
import { Alert } from './Alert';

interface CaseDetailsFormProps {
  detail: CaseDetail;
  onSaved: (detail: CaseRef) => void;
  onCancel: () => void;
}

export function CaseDetailsForm({ detail, onSaved, onCancel }: CaseDetailsFormProps) {
  const [title, setTitle] = useState(detail.title);
  const [description, setDescription] = useState(detail.description);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const trimmedTitle = title.trim();
    if (!trimmedTitle) {
      setError('Title is required.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { updateCase } = await graphqlRequest(UPDATE_CASE_MUTATION, {
        id: detail.id,
        input: { title: trimmedTitle, description: description.trim() },
      });
      onSaved(updateCase);
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-labelledby="edit-case-heading">
      <h2 id="edit-case-heading" className="card__title">
        Edit details
      </h2>
      <Alert message={error} />
      <div className="field">
        <label htmlFor="edit-case-title">Title</label>
        <input
          id="edit-case-title"
          name="title"
          type="text"
          required
          autoFocus
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="edit-case-description">Description</label>
        <textarea
          id="edit-case-description"
          name="description"
          rows={6}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
