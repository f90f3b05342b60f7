/** Labels for the audit actions recorded on a case (the API filters by exact action). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'case.create': 'Case opened',
  'case.update': 'Details edited',
  'case.status': 'Status changed',
  'case.tags': 'Tags changed',
  'case.assign': 'Member assigned',
  'case.unassign': 'Member unassigned',
  'case.member.add': 'Member added or role changed',
  'case.member.remove': 'Member removed',
  'note.add': 'Note added',
  'media.upload': 'Evidence uploaded',
  'media.read': 'Evidence bytes read',
  'media.thumbnail.read': 'Thumbnail viewed',
  'frame.read': 'Frame thumbnail viewed',
  'heatmap.read': 'Map viewed',
  'analysis.complete': 'Analysis completed',
  'analysis.requeue': 'Analysis re-queued (its worker stopped)',
  'analysis.fail': 'Analysis given up (its worker stopped)',
  'verdict.give': 'Verdict given',
  'knownFake.promote': 'Promoted to known fakes',
  'report.request': 'Report requested',
  'report.generate': 'Report generated',
  'report.read': 'Report downloaded',
  'report.denied': 'Report access refused',
};

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS);

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** A one-line reading of an event's details for the timeline (the full JSON stays one click away). */
export function auditSummary(action: string, details: unknown): string | null {
  if (typeof details !== 'object' || details === null) return null;
  const d = details as Record<string, unknown>;
  const text = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : null);
  switch (action) {
    case 'case.status':
      return `${text('from') ?? '?'} → ${text('to') ?? '?'}${text('reason') ? `: “${text('reason')}”` : ''}`;
    case 'case.tags':
      return Array.isArray(d.tags) ? `Tags: ${d.tags.join(', ') || 'none'}` : null;
    case 'verdict.give':
      return text('value');
    case 'analysis.requeue':
    case 'analysis.fail':
      return typeof d.attempt === 'number' && typeof d.maxAttempts === 'number'
        ? `${text('reason') ?? 'stopped'} during attempt ${d.attempt} of ${d.maxAttempts}`
        : text('reason');
    default:
      return null;
  }
}
