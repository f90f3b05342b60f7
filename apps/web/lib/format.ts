/** Display helpers for dates, enum values, sizes, hashes and scores. */
import type {
  CaseRole,
  CaseStatus,
  HeatmapKind,
  ManipulationFamily,
  Role,
  SimilarityScope,
  SimilaritySpace,
  VerdictValue,
} from './types';

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

export const VERDICT_LABELS: Record<VerdictValue, string> = {
  AUTHENTIC: 'Authentic',
  MANIPULATED: 'Manipulated',
  INCONCLUSIVE: 'Inconclusive',
};

export const VERDICT_VALUES: readonly VerdictValue[] = ['AUTHENTIC', 'MANIPULATED', 'INCONCLUSIVE'];

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

const integerFormatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** "2.4 MiB" (binary units); bytes below 1 KiB as "512 bytes". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${integerFormatter.format(bytes)} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** The exact count, "2,512,345 bytes". */
export function formatByteCount(bytes: number): string {
  return bytes === 1 ? '1 byte' : `${integerFormatter.format(bytes)} bytes`;
}

/** First 12 hex digits of a hash followed by an ellipsis. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

/**
 * A probability as a percentage with one decimal. Values that would round to 0 % or 100 % are
 * shown as "< 0.1%" / "> 99.9%": a model output is never certainty.
 */
export function formatPercent(probability: number): string {
  if (!Number.isFinite(probability)) return '—';
  const percent = probability * 100;
  if (percent < 0.05) return '< 0.1%';
  if (percent >= 99.95) return '> 99.9%';
  return `${percent.toFixed(1)}%`;
}

/** A 0–1 confidence with two decimals. */
export function formatScore(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '—';
}

/** A 64-character string of binary digits as 16 hex digits; null if it is not one. */
export function bitsToHex(bits: string): string | null {
  if (!/^[01]+$/.test(bits) || bits.length % 4 !== 0) return null;
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) {
    hex += Number.parseInt(bits.slice(i, i + 4), 2).toString(16);
  }
  return hex;
}

export const HEATMAP_KIND_LABELS: Record<HeatmapKind, string> = {
  DETECTOR: 'Detector',
  ELA: 'ELA',
  NOISE: 'Noise',
};

export const HEATMAP_KIND_EXPLANATIONS: Record<HeatmapKind, string> = {
  DETECTOR:
    'Where the detector sees evidence of manipulation (FakeLocator-style map, brighter = more suspicious)',
  ELA: 'Error level analysis: regions recompressing differently from the rest',
  NOISE: 'Noise residual: regions whose sensor noise differs',
};

export const HEATMAP_KINDS: readonly HeatmapKind[] = ['DETECTOR', 'ELA', 'NOISE'];

export const SUBJECT_LABELS: Record<string, string> = {
  FACE: 'Face (the largest face found)',
  WHOLE_IMAGE: 'Whole image (no face found)',
  WHOLE_FRAME: 'Whole frames (no face in any sampled frame)',
};

/** `/api/media/<id>/original` → `/api/media/<id>/original?download=1`. */
export function downloadUrl(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}download=1`;
}

/** "Yes" / "No", or "—" when unknown. */
export function yesNo(value: boolean | null | undefined): string {
  if (value == null) return '—';
  return value ? 'Yes' : 'No';
}

export const FAMILY_LABELS: Record<ManipulationFamily, string> = {
  FACE_SWAP: 'Face swap',
  REENACTMENT: 'Reenactment',
  ATTRIBUTE_EDIT: 'Attribute edit',
  FULL_SYNTHESIS_GAN: 'Fully synthetic (GAN)',
  FULL_SYNTHESIS_DIFFUSION: 'Fully synthetic (diffusion)',
  SPLICE: 'Splice',
  OTHER: 'Other',
};

export const SPACE_LABELS: Record<SimilaritySpace, string> = {
  DETECTOR: 'Detector embedding',
  FACE: 'Face descriptor',
  PHASH: 'Perceptual hash',
};

export const SPACES: readonly SimilaritySpace[] = ['PHASH', 'DETECTOR', 'FACE'];

export const SCOPE_LABELS: Record<SimilarityScope, string> = {
  KNOWN_FAKES: 'Known fakes',
  THIS_CASE: 'This case',
  MY_CASES: 'All my cases',
};

export const SCOPES: readonly SimilarityScope[] = ['KNOWN_FAKES', 'THIS_CASE', 'MY_CASES'];

/** A distance in the unit of its space: Hamming bits, cosine distance or L2 distance. */
export function formatDistance(space: SimilaritySpace, distance: number): string {
  if (!Number.isFinite(distance)) return '—';
  if (space === 'PHASH') return `${Math.round(distance)} of 64 bits differ`;
  return `${space === 'DETECTOR' ? 'cosine' : 'L2'} distance ${distance.toFixed(3)}`;
}
