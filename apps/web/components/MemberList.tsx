import { CASE_ROLE_LABELS, label } from '@/lib/format';
import type { CaseMember } from '@/lib/types';
import { DateText } from './DateText';

interface MemberListProps {
  members: CaseMember[];
  removingUserId: string | null;
  onRemove: (userId: string) => void;
}

export function MemberList({ members, removingUserId, onRemove }: MemberListProps) {
  if (members.length === 0) {
    return <p className="empty">No members yet.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.user.id} data-testid="case-member">
              <td className="table__primary">
                <span className="member__name">{member.user.displayName}</span>
                <span className="member__email">{member.user.email}</span>
              </td>
              <td>{label(CASE_ROLE_LABELS, member.role)}</td>
              <td>
                <DateText iso={member.addedAt} />
              </td>
              <td className="table__actions">
                <button
                  type="button"
                  className="button button--danger button--small"
                  aria-label={`Remove ${member.user.email}`}
                  disabled={removingUserId !== null}
                  onClick={() => onRemove(member.user.id)}
                >
                  {removingUserId === member.user.id ? 'Removing…' : 'Remove'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
