'use client';

import { useState } from 'react';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { REMOVE_CASE_MEMBER_MUTATION, type RemoveCaseMemberResult } from '@/lib/operations';
import type { CaseDetail } from '@/lib/types';
import { AddMemberForm } from './AddMemberForm';
import { Alert } from './Alert';
import { MemberList } from './MemberList';

interface CaseMembersProps {
  detail: CaseDetail;
  onUpdated: (detail: CaseDetail) => void;
}

/** The members section: list with remove actions, plus the add-member form. */
export function CaseMembers({ detail, onUpdated }: CaseMembersProps) {
  const [removingUserId, setRemovingUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function removeMember(userId: string) {
    if (removingUserId) return;
    setRemovingUserId(userId);
    setError(null);
    try {
      const { removeCaseMember } = await graphqlRequest<RemoveCaseMemberResult>(REMOVE_CASE_MEMBER_MUTATION, {
        caseId: detail.id,
        userId,
      });
      onUpdated(removeCaseMember);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setRemovingUserId(null);
    }
  }

  return (
    <section className="card" aria-labelledby="members-heading">
      <div className="card__header">
        <h2 id="members-heading" className="card__title">
          Members <span className="count">{detail.members.length}</span>
        </h2>
      </div>
      <Alert message={error} />
      <MemberList members={detail.members} removingUserId={removingUserId} onRemove={removeMember} />
      <AddMemberForm caseId={detail.id} onAdded={onUpdated} />
    </section>
  );
}
