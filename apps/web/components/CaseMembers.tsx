'use client';

import { useState } from 'react';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import {
  ADD_CASE_MEMBER_MUTATION,
  REMOVE_CASE_MEMBER_MUTATION,
  SET_CASE_ASSIGNEE_MUTATION,
} from '@/lib/operations';
import type { CaseDetail, CaseMember, CaseRef, CaseRole } from '@/lib/types';
import { AddMemberForm } from './AddMemberForm';
import { Alert } from './Alert';
import { MemberList } from './MemberList';

interface CaseMembersProps {
  detail: CaseDetail;
  /** Leads and administrators manage members (also on a closed case: access stays controllable). */
  canManage: boolean;
  /** Editors assign members while the case is not closed. */
  canAssign: boolean;
  onUpdated: (detail: CaseRef) => void;
}

/** The members section: roles, assignment and removal, plus the add-member form. */
export function CaseMembers({ detail, canManage, canAssign, onUpdated }: CaseMembersProps) {
  const [busyUserId, setBusyUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(member: CaseMember, change: () => Promise<CaseRef>) {
    if (busyUserId) return;
    setBusyUserId(member.user.id);
    setError(null);
    try {
      onUpdated(await change());
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusyUserId(null);
    }
  }

  const remove = (member: CaseMember) =>
    run(member, async () => {
      const vars = { caseId: detail.id, userId: member.user.id };
      return (await graphqlRequest(REMOVE_CASE_MEMBER_MUTATION, vars)).removeCaseMember;
    });
  // addCaseMember with an existing member's email changes their role.
  const changeRole = (member: CaseMember, role: CaseRole) =>
    run(member, async () => {
      const vars = { caseId: detail.id, email: member.user.email, role };
      return (await graphqlRequest(ADD_CASE_MEMBER_MUTATION, vars)).addCaseMember;
    });
  const assign = (member: CaseMember, assigned: boolean) =>
    run(member, async () => {
      const vars = { caseId: detail.id, userId: member.user.id, assigned };
      return (await graphqlRequest(SET_CASE_ASSIGNEE_MUTATION, vars)).setCaseAssignee;
    });

  return (
    <section className="card" aria-labelledby="members-heading">
      <div className="card__header">
        <h2 id="members-heading" className="card__title">
          Members <span className="count">{detail.members.length}</span>
        </h2>
      </div>
      <Alert message={error} />
      <MemberList
        members={detail.members}
        busyUserId={busyUserId}
        canManage={canManage}
        canAssign={canAssign}
        onRemove={(member) => void remove(member)}
        onRole={(member, role) => void changeRole(member, role)}
        onAssign={(member, assigned) => void assign(member, assigned)}
      />
      {canManage ? <AddMemberForm caseId={detail.id} onAdded={onUpdated} /> : null}
    </section>
  );
}
