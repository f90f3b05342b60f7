import { CASE_ROLE_LABELS, CASE_ROLES, label } from '@/lib/format';
import type { CaseMember, CaseRole } from '@/lib/types';
import { ConfirmButton } from './ConfirmButton';
import { DateText } from './DateText';

interface MemberListProps {
  members: CaseMember[];
  /** The member whose change is being saved. */
  busyUserId: string | null;
  /** Leads and administrators change roles and remove members. */
  canManage: boolean;
  /** Editors assign members while the case is not closed. */
  canAssign: boolean;
  onRemove: (member: CaseMember) => void;
  onRole: (member: CaseMember, role: CaseRole) => void;
  onAssign: (member: CaseMember, assigned: boolean) => void;
}

function isCaseRole(value: string): value is CaseRole {
  return (CASE_ROLES as readonly string[]).includes(value);
}

export function MemberList({
  members,
  busyUserId,
  canManage,
  canAssign,
  onRemove,
  onRole,
  onAssign,
}: MemberListProps) {
  if (members.length === 0) {
    return <p className="empty">No members yet.</p>;
  }
  const busy = busyUserId !== null;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Assigned</th>
            <th scope="col">Added</th>
            {canManage ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.user.id} data-testid="case-member">
              <td className="table__primary">
                <span className="member__name">{member.user.displayName}</span>
                <span className="member__email">{member.user.email}</span>
              </td>
              <td>
                {canManage ? (
                  <select
                    aria-label={`Role of ${member.user.email}`}
                    value={member.role}
                    disabled={busy}
                    onChange={(event) => {
                      if (isCaseRole(event.target.value)) onRole(member, event.target.value);
                    }}
                  >
                    {CASE_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {CASE_ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                ) : (
                  label(CASE_ROLE_LABELS, member.role)
                )}
              </td>
              <td>
                {canAssign ? (
                  <label className="choice">
                    <input
                      type="checkbox"
                      aria-label={`Assign ${member.user.email}`}
                      checked={member.assigned}
                      disabled={busy}
                      onChange={(event) => onAssign(member, event.target.checked)}
                    />
                    {member.assigned ? 'Assigned' : 'No'}
                  </label>
                ) : member.assigned ? (
                  'Assigned'
                ) : (
                  <span className="muted">No</span>
                )}
              </td>
              <td>
                <DateText iso={member.addedAt} />
              </td>
              {canManage ? (
                <td className="table__actions">
                  <ConfirmButton
                    label="Remove"
                    ariaLabel={`Remove ${member.user.email}`}
                    question={`Remove ${member.user.email} from the case?`}
                    pending={busyUserId === member.user.id}
                    disabled={busy}
                    onConfirm={() => onRemove(member)}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
