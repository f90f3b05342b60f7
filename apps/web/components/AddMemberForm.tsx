'use client';

import { useState, type FormEvent } from 'react';
import { CASE_ROLE_LABELS, CASE_ROLES } from '@/lib/format';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { ADD_CASE_MEMBER_MUTATION } from '@/lib/operations';
import type { CaseRef, CaseRole } from '@/lib/types';
import { Alert } from './Alert';

interface AddMemberFormProps {
  caseId: string;
  onAdded: (detail: CaseRef) => void;
}

function isCaseRole(value: string): value is CaseRole {
  return (CASE_ROLES as readonly string[]).includes(value);
}

export function AddMemberForm({ caseId, onAdded }: AddMemberFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CaseRole>('INVESTIGATOR');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const trimmedEmail = email.trim();
    if (!trimmedEmail) {
      setError('Enter the email address of the person to add.');
      setNotice(null);
      return;
    }
    setPending(true);
    setError(null);
    setNotice(null);
    try {
      const { addCaseMember } = await graphqlRequest(ADD_CASE_MEMBER_MUTATION, {
        caseId,
        email: trimmedEmail,
        role,
      });
      onAdded(addCaseMember);
      setEmail('');
      setNotice('Member added.');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="form form--inline"
      onSubmit={handleSubmit}
      noValidate
      aria-labelledby="add-member-heading"
    >
      <h3 id="add-member-heading" className="form__title">
        Add a member
      </h3>
      <Alert message={error} />
      <Alert message={notice} tone="success" />
      <div className="form__row">
        <div className="field field--grow">
          <label htmlFor="add-member-email">Member email</label>
          <input
            id="add-member-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="add-member-role">Role</label>
          <select
            id="add-member-role"
            name="role"
            value={role}
            onChange={(event) => {
              if (isCaseRole(event.target.value)) setRole(event.target.value);
            }}
          >
            {CASE_ROLES.map((value) => (
              <option key={value} value={value}>
                {CASE_ROLE_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Adding…' : 'Add member'}
        </button>
      </div>
    </form>
  );
}
