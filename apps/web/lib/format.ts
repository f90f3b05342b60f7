/** Display helpers for dates and enum values. */
import type { CaseRole, CaseStatus, Role } from './types';

const dateFormatter = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});

const dateTimeFormatter = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(iso: string): string {
  const date = parse(iso);
  return date ? dateFormatter.format(date) : iso;
}

export function formatDateTime(iso: string): string {
  const date = parse(iso);
  return date ? dateTimeFormatter.format(date) : iso;
}

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  OPEN: 'Open',
  IN_REVIEW: 'In review',
  CLOSED: 'Closed',
};

export const CASE_ROLE_LABELS: Record<CaseRole, string> = {
  LEAD: 'Lead',
  INVESTIGATOR: 'Investigator',
  REVIEWER: 'Reviewer',
};

export const CASE_ROLES: readonly CaseRole[] = ['LEAD', 'INVESTIGATOR', 'REVIEWER'];

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Admin',
  INVESTIGATOR: 'Investigator',
  REVIEWER: 'Reviewer',
};

/** Falls back to the raw value if the API adds an enum member we don't know yet. */
export function label<K extends string>(labels: Record<K, string>, value: K | null | undefined): string {
  if (value == null) return '—';
  return labels[value] ?? value;
}
