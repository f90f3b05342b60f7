'use client';

import { useEffect, useState } from 'react';
import { VERIFY_AUDIT_CHAIN_QUERY, type AuditChainVerification } from '@/lib/auditChain';
import { formatDateTime } from '@/lib/format';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { ShortHash } from './ShortHash';

/**
 * One line for administrators: does the whole chain (every case's events) verify, and against
 * which signed head and key. Checked once per visit: it recomputes the entire chain.
 */
export function AuditChainStatus() {
  const [result, setResult] = useState<AuditChainVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    graphqlRequest<{ verifyAuditChain: AuditChainVerification }>(VERIFY_AUDIT_CHAIN_QUERY)
      .then((data) => active && setResult(data.verifyAuditChain))
      .catch((caught: unknown) => active && setError(errorMessage(caught)));
    return () => {
      active = false;
    };
  }, []);

  if (error) return <p className="muted">Audit chain: not checked ({error})</p>;
  if (!result) return <p className="muted">Audit chain: checking…</p>;
  const head = result.latestSignedHead;
  const problem = result.firstBrokenEvent ?? result.failures[0] ?? null;
  return (
    <div className="muted" role="status" aria-label="Audit chain">
      <p>
        Audit chain:{' '}
        <span className={`badge ${result.ok ? 'badge--analysis-done' : 'badge--analysis-failed'}`}>
          {result.ok ? 'ok' : 'FAILED'}
        </span>{' '}
        {result.checked} events
        {head ? (
          <>
            {' '}
            · latest signed head #{head.seq} <ShortHash hash={head.hash} /> at {formatDateTime(head.signedAt)}
            {result.eventsAfterLatestSignedHead > 0
              ? ` (${result.eventsAfterLatestSignedHead} events since)`
              : ''}
          </>
        ) : null}
        {result.publicKey ? (
          <>
            {' '}
            · key <ShortHash hash={result.publicKey.fingerprint} />
          </>
        ) : null}
      </p>
      {result.checkpointsVerified ? null : (
        <p>
          <span className="badge badge--in-review">signatures not checked</span>{' '}
          {result.checkpointsNotVerifiedReason}
        </p>
      )}
      {problem ? (
        <p>
          {'id' in problem ? `Event #${problem.id}` : `Checkpoint at event #${problem.seq}`}: {problem.reason}
          {result.failures.length > 1 ? ` (and ${result.failures.length - 1} more)` : ''}
        </p>
      ) : null}
    </div>
  );
}
