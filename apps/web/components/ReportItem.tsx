import { progressPercent } from '@/lib/analysis';
import { graphql } from '@/lib/gql';
import type { Report } from '@/lib/types';
import { DateText } from './DateText';
import { ProgressBar } from './ProgressBar';

/** A report as the reports panel lists and follows it (CASE_REPORTS_QUERY, GENERATE_REPORT_MUTATION). */
export const ReportItemReportFragment = graphql(`
  fragment ReportItem_Report on Report {
    id
    status
    progress
    error
    createdAt
    finishedAt
    pdfUrl
    jsonUrl
    pdfSha256
    jsonSha256
    generatorVersion
    requestedBy {
      id
      displayName
    }
  }
`);

const STATUS_TEXT: Record<Report['status'], string> = {
  QUEUED: 'Queued',
  RUNNING: 'Generating',
  DONE: 'Ready',
  FAILED: 'Failed',
};

/** One report: its state (with progress), who asked for it, its downloads and their SHA-256. */
export function ReportItem({ report }: { report: Report }) {
  const working = report.status === 'QUEUED' || report.status === 'RUNNING';
  return (
    <li className="report" data-testid="report" data-status={report.status}>
      <p className="report__head">
        <span className={`badge badge--analysis-${report.status.toLowerCase()}`} data-testid="report-status">
          {STATUS_TEXT[report.status] ?? report.status}
          {working ? ` ${progressPercent(report.progress)}%` : ''}
        </span>{' '}
        <span className="muted">
          requested by {report.requestedBy?.displayName ?? 'a former user'} on{' '}
          <DateText iso={report.createdAt} withTime />
          {report.generatorVersion ? ` · generator ${report.generatorVersion}` : ''}
        </span>
      </p>
      {working ? (
        <ProgressBar
          label="Report progress"
          value={progressPercent(report.progress)}
          valueText={`${STATUS_TEXT[report.status]} ${progressPercent(report.progress)}%`}
        />
      ) : null}
      {report.status === 'FAILED' ? (
        <p className="alert alert--error">The report failed: {report.error ?? 'no reason was recorded.'}</p>
      ) : null}
      {report.status === 'DONE' ? (
        <dl className="facts">
          {report.pdfUrl ? (
            <div className="facts__row facts__row--wide">
              <dt>
                <a href={report.pdfUrl} download>
                  Download PDF
                </a>
              </dt>
              <dd>
                SHA-256 <code className="hash hash--full">{report.pdfSha256}</code>
              </dd>
            </div>
          ) : null}
          {report.jsonUrl ? (
            <div className="facts__row facts__row--wide">
              <dt>
                <a href={report.jsonUrl} download>
                  Download JSON
                </a>
              </dt>
              <dd>
                SHA-256 <code className="hash hash--full">{report.jsonSha256}</code>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </li>
  );
}
