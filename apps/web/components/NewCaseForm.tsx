'use client';

import { useState, type FormEvent } from 'react';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { useFragment } from '@/lib/gql';
import { CREATE_CASE_MUTATION } from '@/lib/operations';
import type { CaseSummary } from '@/lib/types';
import { Alert } from './Alert';
import { CaseListCaseFragment } from './CaseList';

export function NewCaseForm({ onCreated }: { onCreated: (created: CaseSummary) => void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const trimmedTitle = title.trim();
    if (!trimmedTitle) {
      setError('Title is required.');
      setNotice(null);
      return;
    }
    setPending(true);
    setError(null);
    setNotice(null);
    try {
      const trimmedDescription = description.trim();
      const input = trimmedDescription
        ? { title: trimmedTitle, description: trimmedDescription }
        : { title: trimmedTitle };
      const { createCase } = await graphqlRequest(CREATE_CASE_MUTATION, { input });
      onCreated(useFragment(CaseListCaseFragment, createCase));
      setTitle('');
      setDescription('');
      setNotice('Case created.');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="new-case-heading">
      <h2 id="new-case-heading" className="card__title">
        New case
      </h2>
      <form className="form" onSubmit={handleSubmit} noValidate>
        <Alert message={error} />
        <Alert message={notice} tone="success" />
        <div className="field">
          <label htmlFor="new-case-title">Title</label>
          <input
            id="new-case-title"
            name="title"
            type="text"
            required
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-case-description">Description</label>
          <textarea
            id="new-case-description"
            name="description"
            rows={4}
            aria-describedby="new-case-description-hint"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
          <p id="new-case-description-hint" className="field__hint">
            Optional. What is being examined and why.
          </p>
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Creating…' : 'Create case'}
        </button>
      </form>
    </section>
  );
}
