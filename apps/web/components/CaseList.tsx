import Link from 'next/link';
import { CASE_ROLE_LABELS, label } from '@/lib/format';
import { graphql } from '@/lib/gql';
import type { CaseSummary } from '@/lib/types';
import { DateText } from './DateText';
import { StatusBadge } from './StatusBadge';

/** A row of the case list (CASES_QUERY, CREATE_CASE_MUTATION). */
export const CaseListCaseFragment = graphql(`
  fragment CaseList_Case on Case {
    id
    title
    status
    createdAt
    myRole
  }
`);

export function CaseList({ cases }: { cases: CaseSummary[] }) {
  if (cases.length === 0) {
    return <p className="empty">No cases yet. Create the first one with the form.</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Your role</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((item) => (
            <tr key={item.id}>
              <td className="table__primary">
                <Link href={`/cases/${encodeURIComponent(item.id)}`}>{item.title}</Link>
              </td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>
                <DateText iso={item.createdAt} />
              </td>
              <td>{label(CASE_ROLE_LABELS, item.myRole)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
