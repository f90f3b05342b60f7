/** TypeScript mirrors of the Loupe GraphQL schema types used by the web app. */

export type Role = 'ADMIN' | 'INVESTIGATOR' | 'REVIEWER';
export type CaseRole = 'LEAD' | 'INVESTIGATOR' | 'REVIEWER';
export type CaseStatus = 'OPEN' | 'IN_REVIEW' | 'CLOSED';
export type SimilaritySpace = 'DETECTOR' | 'FACE' | 'PHASH';
/** SEQUENCE: a zip of face-crop images, one folder per sequence (WildDeepfake's form). */
export type MediaKind = 'IMAGE' | 'VIDEO' | 'SEQUENCE';
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
  /** FACE or WHOLE_IMAGE; for a video FACE or WHOLE_FRAME. */
  subject: string | null;
  /** Videos: how the score was formed from the sampled frames. */
  rule: string | null;
  /** Videos: the calibrated threshold the label and the suspicious segments used. */
  threshold: number | null;
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
  /** Videos: the sampled frame this map belongs to; null for an image. */
  frameIndex: number | null;
}

/** One face in a sampled video frame, linked to a track (person) across frames. */
export interface FrameFace {
  track: number;
  box: Box;
  score: number;
  pFake: number | null;
}

/** One uniformly sampled frame of a video analysis. */
export interface AnalysisFrame {
  index: number;
  /** Presentation time of the decoded frame; face sequences: position in the sequence ÷ 25 (nominal). */
  timeSec: number;
  /** Face sequences: the zip member this frame was read from; null for a video. */
  memberName: string | null;
  /** The primary track's face here, else the largest face, else the whole frame. */
  pFake: number | null;
  /** FACE, or WHOLE_FRAME when no face was found in this frame. */
  subject: string;
  width: number;
  height: number;
  /** Authorised, audited JPEG thumbnail (256 px long side). */
  thumbnailUrl: string | null;
  faces: FrameFace[];
}

/** One person's faces linked across the sampled frames. */
export interface FaceTrack {
  id: number;
  /** Largest total face area: its mean p(fake) is the video score. */
  primary: boolean;
  /** Sampled frames this person appears in. */
  frames: number;
  meanPFake: number | null;
  maxPFake: number | null;
  /** Fraction of the track's frames at or above the threshold. */
  fractionAbove: number | null;
}

/** A contiguous run of sampled frames at or above the threshold, as a time range. */
export interface SuspiciousSegment {
  startSec: number;
  endSec: number;
  firstFrame: number;
  lastFrame: number;
  /** Highest p(fake) in the run. */
  peak: number;
  /** The track scored; null for whole frames. */
  track: number | null;
}

export interface AudioStream {
  codec: string;
  channels: number | null;
  sampleRate: number | null;
}

/** Probe facts of a video (ffprobe at upload). */
export interface VideoFacts {
  container: string;
  codec: string;
  profile: string | null;
  durationSec: number;
  fps: number;
  frameCount: number;
  /** As displayed, rotation applied. */
  width: number;
  height: number;
  rotation: number;
  variableFrameRate: boolean;
  audio: AudioStream[];
}

/** One folder of face crops in a face-sequence zip: one person, analysed as one track. */
export interface FaceSequence {
  /** The folder's path inside the zip; '.' for images at its top level. */
  name: string;
  /** Member names in natural name order: the frame order. */
  frames: string[];
}

/** A face-sequence zip as read at upload. */
export interface SequenceFacts {
  /** Images in all sequences. */
  frameCount: number;
  /** Archiver clutter skipped, not read (__MACOSX/, .DS_Store). */
  ignored: string[];
  uncompressedBytes: number;
  /** In natural order of folder name; sequence i is track i of the analysis. */
  sequences: FaceSequence[];
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
  /** Videos: the sampled frames in order; empty for an image. */
  frames: AnalysisFrame[];
  /** Videos: face tracks; empty for an image. */
  tracks: FaceTrack[];
  /** Videos: suspicious time ranges; empty for an image or when none. */
  segments: SuspiciousSegment[];
}

/** Fields shown in the evidence list. */
export interface MediaSummary {
  id: string;
  caseId: string;
  originalName: string;
  kind: MediaKind;
  /** Videos: the duration, for the list's badge; null for an image. */
  video: Pick<VideoFacts, 'durationSec'> | null;
  /** Face sequences: the image count, for the list's badge; null otherwise. */
  sequence: Pick<SequenceFacts, 'frameCount'> | null;
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
export interface MediaDetail extends Omit<MediaSummary, 'analysis' | 'verdict' | 'video' | 'sequence'> {
  uploadedBy: User | null;
  /** What probing found at upload; null for an image. */
  video: VideoFacts | null;
  /** What reading the zip found at upload; null unless kind is SEQUENCE. */
  sequence: SequenceFacts | null;
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
