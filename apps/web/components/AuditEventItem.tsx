import Link from 'next/link';
import { auditActionLabel, auditSummary } from '@/lib/audit';
import { graphql } from '@/lib/gql';
import type { AuditEvent } from '@/lib/types';
import { DateText } from './DateText';
import { mediaHref } from './EvidenceList';
import { JsonDetails } from './JsonDetails';
import { ShortHash } from './ShortHash';

/** One audit event as the timeline shows it; AuditEvent (lib/types.ts) is its generated type. */
export const AuditEventItemEventFragment = graphql(`
  fragment AuditEventItem_Event on AuditEvent {
    id
    action
    occurredAt
    actor {
      id
      displayName
      email
    }
    targetType
    targetId
    details
    hash
  }
`);

/** One event of the timeline: what, who, when, a short reading of its details, its hash. */
export function AuditEventItem({ event, caseId }: { event: AuditEvent; caseId: string }) {
  const summary = auditSummary(event.action, event.details);
  return (
    <li className="timeline__event" data-testid="audit-event" data-action={event.action}>
      <p className="timeline__head">
        <span className="timeline__action">{auditActionLabel(event.action)}</span>{' '}
        <code className="hash hash--short">{event.action}</code>
      </p>
      <p className="timeline__meta muted">
        {event.actor ? event.actor.displayName : 'System'} · <DateText iso={event.occurredAt} withTime />
        {event.targetType === 'Media' && event.targetId ? (
          <>
            {' · '}
            <Link href={mediaHref(caseId, event.targetId)}>evidence item</Link>
          </>
        ) : null}
        {' · '}hash <ShortHash hash={event.hash} />
      </p>
      {summary ? <p className="timeline__summary">{summary}</p> : null}
      <JsonDetails summary="Details" value={event.details} />
    </li>
  );
}
