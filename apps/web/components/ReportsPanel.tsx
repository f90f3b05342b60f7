'use client';

import { useCallback, useEffect, useState } from 'react';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { useFragment } from '@/lib/gql';
import { CASE_REPORTS_QUERY, GENERATE_REPORT_MUTATION } from '@/lib/operations';
import type { Report } from '@/lib/types';
import { usePolling } from '@/lib/usePolling';
import { Alert } from './Alert';
import { ReportItem, ReportItemReportFragment } from './ReportItem';

const POLL_MS = 1500;

/** Court-ready reports of the case: generate one (followed live), list them, download PDF/JSON. */
export function ReportsPanel({ caseId }: { caseId: string }) {
  const [reports, setReports] = useState<Report[] | null>(null);
  const [includeAuditTrail, setIncludeAuditTrail] = useState(true);
  const [includeMaps, setIncludeMaps] = useState(true);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const { case: found } = await graphqlRequest(CASE_REPORTS_QUERY, { id: caseId });
    setReports(useFragment(ReportItemReportFragment, found.reports));
  }, [caseId]);

  useEffect(() => {
    load().catch((caught: unknown) => setError(errorMessage(caught)));
  }, [load]);

  const following = (reports ?? []).some((r) => r.status === 'QUEUED' || r.status === 'RUNNING');
  usePolling(following, POLL_MS, async () => {
    try {
      await load();
    } catch (caught) {
      setError(`Could not refresh the reports: ${errorMessage(caught)}`);
    }
  });

  async function generate() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const generateReport = useFragment(
        ReportItemReportFragment,
        (
          await graphqlRequest(GENERATE_REPORT_MUTATION, {
            caseId,
            options: { includeAuditTrail, includeMaps },
          })
        ).generateReport,
      );
      setReports((current) => [generateReport, ...(current ?? []).filter((r) => r.id !== generateReport.id)]);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="reports-heading">
      <div className="card__header">
        <h2 id="reports-heading" className="card__title">
          Reports {reports ? <span className="count">{reports.length}</span> : null}
        </h2>
      </div>
      <div className="form__row">
        <label className="choice">
          <input
            type="checkbox"
            checked={includeAuditTrail}
            onChange={(event) => setIncludeAuditTrail(event.target.checked)}
          />
          Include the audit trail
        </label>
        <label className="choice">
          <input
            type="checkbox"
            checked={includeMaps}
            onChange={(event) => setIncludeMaps(event.target.checked)}
          />
          Include heatmaps
        </label>
        <button type="button" className="button" onClick={generate} disabled={pending}>
          {pending ? 'Requesting…' : 'Generate report'}
        </button>
      </div>
      <Alert message={error} />
      {reports && reports.length === 0 ? <p className="muted">No report yet.</p> : null}
      {reports && reports.length > 0 ? (
        <ol className="reports" aria-label="Reports">
          {reports.map((report) => (
            <ReportItem key={report.id} report={report} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
