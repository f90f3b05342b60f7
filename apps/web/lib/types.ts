/** TypeScript mirrors of the Loupe GraphQL schema types used by the web app. */

export type Role = 'ADMIN' | 'INVESTIGATOR' | 'REVIEWER';
export type CaseRole = 'LEAD' | 'INVESTIGATOR' | 'REVIEWER';
export type CaseStatus = 'OPEN' | 'IN_REVIEW' | 'CLOSED';
export type SimilaritySpace = 'DETECTOR' | 'FACE' | 'PHASH';
export type SimilarityScope = 'KNOWN_FAKES' | 'THIS_CASE' | 'MY_CASES';
export type ManipulationFamily =
  | 'FACE_SWAP'
  | 'REENACTMENT'
  | 'ATTRIBUTE_EDIT'
  | 'FULL_SYNTHESIS_GAN'
  | 'FULL_SYNTHESIS_DIFFUSION'
  | 'SPLICE'
  | 'OTHER';

/** A reference item of the known-fakes library, as matches show it. */
export interface KnownFakeSummary {
  id: string;
  originalName: string;
  family: ManipulationFamily;
  source: string | null;
  generator: string | null;
  /** The evidence it was promoted from: its picture is shown when the viewer may see that item. */
  promotedFromMediaId: string | null;
}

/** A known fake this item nearly duplicates, found when its analysis completed. */
export interface NearDuplicate {
  knownFakeId: string;
  space: SimilaritySpace;
  /** Hamming bits (PHASH) or cosine distance (DETECTOR). */
  distance: number;
  score: number;
  /** Null when it has since been removed from the library. */
  knownFake: KnownFakeSummary | null;
}

/** One hit of a similarity search. */
export interface SimilarItem {
  score: number;
  distance: number;
  kind: 'MEDIA' | 'KNOWN_FAKE';
  matchedFace: { faceIndex: number } | null;
  media: { id: string; caseId: string; originalName: string; url: string } | null;
  knownFake: KnownFakeSummary | null;
}

export type VerdictValue = 'AUTHENTIC' | 'MANIPULATED' | 'INCONCLUSIVE';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface CaseMember {
  user: User;
  role: CaseRole;
  addedAt: string;
  /** Assigned to work on the case. */
  assigned: boolean;
}

/** Fields shown in the case list. */
export interface CaseSummary {
  id: string;
  title: string;
  status: CaseStatus;
  createdAt: string;
  myRole: CaseRole | null;
}

/** Fields shown on the case page. */
export interface CaseDetail extends CaseSummary {
  description: string;
  updatedAt: string;
  createdBy: User | null;
  members: CaseMember[];
  tags: string[];
}

/** A note on a case, or on one of its media items (mediaId set). */
export interface Note {
  id: string;
  body: string;
  caseId: string;
  mediaId: string | null;
  createdAt: string;
  author: User | null;
}

export interface NoteConnection {
  edges: { cursor: string; node: Note }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface CaseConnection {
  edges: { cursor: string; node: CaseSummary }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export type AnalysisStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
export type HeatmapKind = 'DETECTOR' | 'ELA' | 'NOISE';

export interface DetectorModel {
  id: string;
  version: string;
  /** SHA-256 of the ONNX file that produced the result. */
  sha256: string;
  /** Loupe's built-in test fixture: not a detector, not evidence. */
  isTestFixture: boolean;
}

/** Null on an analysis until it is DONE. */
export interface DetectorResult {
  /** False when no detector is installed: then there is no score. */
  installed: boolean;
  pFake: number | null;
  /** "fake" when pFake ≥ the model's calibrated threshold, else "real". */
  label: string | null;
  /** FACE or WHOLE_IMAGE. */
  subject: string | null;
  note: string | null;
  model: DetectorModel | null;
}

/** A rectangle in original-image pixels (after EXIF orientation). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Face {
  box: Box;
  /** Face detector confidence, 0 to 1. */
  score: number;
  /** The largest face: the one the detector result is about. */
  primary: boolean;
  pFake: number | null;
}

export interface Heatmap {
  id: string;
  kind: HeatmapKind;
  /** Grey-scale map (brighter = more suspicious). */
  url: string;
  /** Colour overlay on the original, when one was rendered. */
  overlayUrl: string | null;
  width: number;
  height: number;
}

export interface PerceptualHashes {
  /** 64 binary digits. */
  phash: string;
  /** 64 binary digits. */
  dhash: string;
}

/** `jpeg`, `metadata` and `maps` are free-form JSON; lib/forensics.ts reads them defensively. */
export interface ForensicSignals {
  jpeg: unknown;
  metadata: unknown;
  maps: unknown;
  hashes: PerceptualHashes | null;
}

/** The analysis fields shown in the evidence list. */
export interface AnalysisSummary {
  id: string;
  status: AnalysisStatus;
  /** 0 to 1. */
  progress: number;
  error: string | null;
  attempts: number;
  detector: DetectorResult | null;
  /** Known fakes this item nearly duplicates (empty until the analysis is done). */
  nearDuplicates: NearDuplicate[];
}

/** Everything shown on the media page. */
export interface AnalysisDetail extends AnalysisSummary {
  codeVersion: string;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  faces: Face[];
  heatmaps: Heatmap[];
  signals: ForensicSignals | null;
  preprocessing: unknown;
}

/** Fields shown in the evidence list. */
export interface MediaSummary {
  id: string;
  caseId: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  createdAt: string;
  /** Authorised, audited API path of the original bytes (served through the web's /api proxy). */
  url: string;
  analysis: AnalysisSummary | null;
  /** The current verdict, as the evidence list shows it. */
  verdict: VerdictSummary | null;
}

/** The current verdict as the evidence list shows it. */
export interface VerdictSummary {
  id: string;
  value: VerdictValue;
  createdAt: string;
}

/** An investigator's finding; later verdicts supersede, never overwrite. */
export interface Verdict extends VerdictSummary {
  rationale: string;
  /** Analyses the verdict relied on. */
  analysisIds: string[];
  supersedesId: string | null;
  givenBy: User | null;
}

/** What the media page needs to know about the item's case. */
export interface MediaCase {
  id: string;
  title: string;
  status: CaseStatus;
  myRole: CaseRole | null;
}

/** Fields shown on the media page. */
export interface MediaDetail extends Omit<MediaSummary, 'analysis' | 'verdict'> {
  uploadedBy: User | null;
  analysis: AnalysisDetail | null;
  /** Every verdict given, newest (the current one) first. */
  verdicts: Verdict[];
}

export interface MediaEdge {
  cursor: string;
  node: MediaSummary;
}

export interface MediaConnection {
  edges: MediaEdge[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** One entry of the case's append-only, hash-chained audit trail. */
export interface AuditEvent {
  id: string;
  action: string;
  occurredAt: string;
  actor: Pick<User, 'id' | 'displayName' | 'email'> | null;
  targetType: string | null;
  targetId: string | null;
  /** Free-form JSON recorded with the event. */
  details: unknown;
  hash: string;
}

export interface AuditEventConnection {
  edges: { cursor: string; node: AuditEvent }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export type ReportStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

/** A court-ready export of a case: a PDF and a JSON bundle, with their SHA-256. */
export interface Report {
  id: string;
  status: ReportStatus;
  /** 0 to 1. */
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  pdfUrl: string | null;
  jsonUrl: string | null;
  pdfSha256: string | null;
  jsonSha256: string | null;
  generatorVersion: string | null;
  requestedBy: Pick<User, 'id' | 'displayName'> | null;
}
