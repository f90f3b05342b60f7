/**
 * The JSON bundle of a case report: everything the PDF shows, in machine-readable form. The
 * worker fills it from the database; this package only renders it (no database code here).
 */
export const BUNDLE_FORMAT = 'loupe-case-report/1';

/** Bumped whenever the bundle's shape or the PDF layout changes. */
export const GENERATOR_VERSION = 'loupe-reports/0.1.0';

export const TEST_FIXTURE_WARNING = 'TEST FIXTURE — NOT EVIDENCE';

export interface ReportPerson {
  id: string;
  email: string;
  displayName: string;
}

export interface ReportMember extends ReportPerson {
  role: string;
  addedAt: string;
}

export interface ReportModel {
  id: string;
  version: string;
  sha256: string;
  isTestFixture: boolean;
}

export interface ReportHeatmap {
  kind: string;
  width: number;
  height: number;
  storageKey: string;
  overlayStorageKey: string | null;
}

export interface ReportSignals {
  jpegQuality: number | null;
  isJpeg: boolean;
  doubleCompression: { suspected: boolean; score: number; explanation: string } | null;
  metadataContradictions: string[];
  metadataMissing: string[];
  software: string | null;
  camera: string | null;
  phash: string | null;
  dhash: string | null;
}

export interface ReportAnalysis {
  id: string;
  status: string;
  error: string | null;
  codeVersion: string;
  finishedAt: string | null;
  model: ReportModel | null;
  /** Null when no detector was installed (no score is made up). */
  pFake: number | null;
  label: string | null;
  /**
   * The evaluation that qualifies the score ('on <set>: AUROC …, FPR … at threshold …'), null when
   * this model version was never evaluated; absent in bundles written before evaluations existed.
   */
  evaluation?: string | null;
  detectorNote: string | null;
  signals: ReportSignals | null;
  heatmaps: ReportHeatmap[];
}

export interface ReportVerdict {
  id: string;
  value: string;
  rationale: string;
  analysisIds: string[];
  givenBy: ReportPerson | null;
  createdAt: string;
  supersedesId: string | null;
}

export interface ReportEvidence {
  id: string;
  originalName: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  width: number | null;
  height: number | null;
  /** Where the original lives in evidence storage (content-addressed). */
  storageKey: string;
  /** When the file was acquired into the case (upload time). */
  acquiredAt: string;
  uploadedBy: ReportPerson | null;
  analyses: ReportAnalysis[];
  /** Newest first; the first one is the current verdict. */
  verdicts: ReportVerdict[];
}

export interface ReportAuditEvent {
  id: string;
  occurredAt: string;
  actor: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

export interface ReportBundle {
  format: typeof BUNDLE_FORMAT;
  reportId: string;
  generatorVersion: string;
  generatedAt: string;
  requestedBy: ReportPerson | null;
  options: ReportOptions;
  case: {
    id: string;
    title: string;
    status: string;
    description: string;
    createdAt: string;
    closedAt: string | null;
    createdBy: ReportPerson | null;
    members: ReportMember[];
  };
  evidence: ReportEvidence[];
  /** The case's audit trail up to generation time, oldest first (empty when not included). */
  auditTrail: ReportAuditEvent[];
  /** The whole chain, verified when the report was generated. */
  auditChain: { ok: boolean; checked: number; firstBroken: { id: string; reason: string } | null };
}

export interface ReportOptions {
  includeAuditTrail: boolean;
  includeMaps: boolean;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { includeAuditTrail: true, includeMaps: true };

/** Reads stored options leniently (unknown keys ignored, missing ones defaulted). */
export function reportOptions(stored: unknown): ReportOptions {
  const o = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  return {
    includeAuditTrail:
      typeof o.includeAuditTrail === 'boolean'
        ? o.includeAuditTrail
        : DEFAULT_REPORT_OPTIONS.includeAuditTrail,
    includeMaps: typeof o.includeMaps === 'boolean' ? o.includeMaps : DEFAULT_REPORT_OPTIONS.includeMaps,
  };
}

/** Downscaled pictures the PDF embeds (JPEG or PNG bytes), keyed by media id / analysis id. */
export interface ReportImages {
  thumbnails: Map<string, Buffer>;
  /** analysisId → kind ('DETECTOR_OVERLAY', 'ELA', 'NOISE', …) → image. */
  maps: Map<string, Map<string, Buffer>>;
}
