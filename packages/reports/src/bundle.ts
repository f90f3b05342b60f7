/**
 * The JSON bundle of a case report: everything the PDF shows, in machine-readable form. The
 * worker fills it from the database; this package only renders it (no database code here).
 */
import type { StoredVideoFacts } from '@loupe/video';

export const BUNDLE_FORMAT = 'loupe-case-report/1';

/** Bumped whenever the bundle's shape or the PDF layout changes. */
export const GENERATOR_VERSION = 'loupe-reports/0.3.0';

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
  /** Absent in bundles written before overlays were rendered on first view. */
  id?: string;
  kind: string;
  width: number;
  height: number;
  storageKey: string;
  /**
   * Null when no overlay is stored: an image's overlays are rendered on first view (the PDF renders
   * the one it shows), from the map and, for DETECTOR maps, analysedRegion.
   */
  overlayStorageKey: string | null;
  /**
   * DETECTOR maps of images: the region the detector saw, {left, top, width, height} in map pixels
   * (outside it the map is "not analysed"); null otherwise; absent in older bundles.
   */
  analysedRegion?: { left: number; top: number; width: number; height: number } | null;
  /**
   * Images with several scored faces: the face (index into the analysis's faces, 0 = primary) a
   * DETECTOR map is about; null for other maps; absent in bundles written before per-face maps.
   */
  faceIndex?: number | null;
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
  /**
   * Known fakes this item nearly duplicated when the analysis completed, closest first; absent in
   * bundles written before near-duplicates were reported.
   */
  nearDuplicates?: ReportNearDuplicate[];
  /** Videos (and face sequences): sampled frames, tracks and segments; absent for images. */
  video?: ReportVideoAnalysis;
}

/** A known fake found close to the analysed item (see the worker's near-duplicates.ts). */
export interface ReportNearDuplicate {
  knownFakeId: string;
  /** PHASH (Hamming bits of 64) or DETECTOR (cosine distance, same model). */
  space: string;
  distance: number;
  /** 1 − hamming/64 for PHASH, cosine similarity for DETECTOR. */
  score: number;
  /** Null when it has since been removed from the library. */
  knownFake: {
    originalName: string;
    sha256: string;
    family: string;
    generator: string | null;
    source: string | null;
    dataset: string | null;
  } | null;
}

/** What probing found at intake (@loupe/video VideoFacts, as stored on the media item). */
export type ReportVideoFacts = StoredVideoFacts;

export interface ReportVideoFrame {
  index: number;
  timeSec: number;
  /** The primary track's score in this frame, else the largest face's, else the whole frame's. */
  pFake: number | null;
  subject: string;
  /** Every face's track and score in this frame (one line per track in the timeline). */
  faces: { track: number; pFake: number | null }[];
  thumbnailStorageKey: string | null;
}

export interface ReportVideoTrack {
  trackIndex: number;
  primary: boolean;
  frameCount: number;
  meanPFake: number | null;
  maxPFake: number | null;
  fractionAbove: number | null;
}

export interface ReportVideoSegment {
  trackIndex: number | null;
  startSec: number;
  endSec: number;
  firstFrame: number;
  lastFrame: number;
  peakPFake: number;
}

export interface ReportVideoAnalysis {
  /** How the video score was made, as the worker stated it; null when no detector ran. */
  rule: string | null;
  threshold: number | null;
  /** Frame whose maps the report shows (the most suspicious one), if maps were made. */
  mappedFrame: number | null;
  frames: ReportVideoFrame[];
  tracks: ReportVideoTrack[];
  segments: ReportVideoSegment[];
}

/** A note written on the case or on one item, as its author wrote it. */
export interface ReportNote {
  id: string;
  body: string;
  author: ReportPerson | null;
  createdAt: string;
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
  /** IMAGE, VIDEO, …; absent in bundles written before videos were reported. */
  kind?: string;
  /** Videos: the probe facts; null when missing, absent for other kinds. */
  video?: ReportVideoFacts | null;
  /** When the file was acquired into the case (upload time). */
  acquiredAt: string;
  uploadedBy: ReportPerson | null;
  analyses: ReportAnalysis[];
  /** Newest first; the first one is the current verdict. */
  verdicts: ReportVerdict[];
  /** Oldest first; absent in bundles written before notes were reported. */
  notes?: ReportNote[];
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

/** A signed checkpoint of the audit chain head (see @loupe/audit checkpointMessage). */
export interface ReportAuditCheckpoint {
  seq: string;
  headHash: string;
  createdAt: string;
  keyFingerprint: string;
  /** Base64 Ed25519 signature. */
  signature: string;
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
    /** Absent in bundles written before tags and notes were reported. */
    tags?: string[];
    /** Notes on the case itself (not on one item), oldest first. */
    notes?: ReportNote[];
  };
  evidence: ReportEvidence[];
  /** The case's audit trail up to generation time, oldest first (empty when not included). */
  auditTrail: ReportAuditEvent[];
  /** The whole chain, verified when the report was generated. */
  auditChain: { ok: boolean; checked: number; firstBroken: { id: string; reason: string } | null };
  /**
   * The chain head signed when the report was generated. Printed in the PDF, it anchors the
   * chain outside the database: `loupe audit verify --head <seq>:<headHash>` checks it later.
   * Absent in bundles written before checkpoints existed; null while the chain was empty.
   */
  auditCheckpoint?: ReportAuditCheckpoint | null;
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
  /** Videos: analysisId → sampled frame index → its thumbnail. */
  frames?: Map<string, Map<number, Buffer>>;
}
