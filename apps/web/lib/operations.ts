/** GraphQL documents used by the web app, with their result shapes. */
import type {
  CaseConnection,
  CaseDetail,
  CaseSummary,
  MediaConnection,
  MediaDetail,
  MediaCase,
  MediaSummary,
  AuditEventConnection,
  Note,
  NoteConnection,
  Report,
  SimilarItem,
  User,
  Verdict,
} from './types';

const USER_FIELDS = 'id email displayName role';
const CASE_SUMMARY_FIELDS = 'id title status createdAt myRole';
const CASE_DETAIL_FIELDS = `${CASE_SUMMARY_FIELDS} description updatedAt tags
  createdBy { ${USER_FIELDS} }
  members { role addedAt assigned user { ${USER_FIELDS} } }`;

export const ME_QUERY = `query Me { me { ${USER_FIELDS} } }`;
export interface MeResult {
  me: User | null;
}

export const LOGIN_MUTATION = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { user { ${USER_FIELDS} } }
}`;
export interface LoginResult {
  login: { user: User };
}

export const LOGOUT_MUTATION = `mutation Logout { logout }`;
export interface LogoutResult {
  logout: boolean;
}

export const CASES_QUERY = `query Cases($first: Int, $after: String) {
  cases(first: $first, after: $after) {
    edges { cursor node { ${CASE_SUMMARY_FIELDS} } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
export interface CasesResult {
  cases: CaseConnection;
}

export const CREATE_CASE_MUTATION = `mutation CreateCase($input: CreateCaseInput!) {
  createCase(input: $input) { ${CASE_SUMMARY_FIELDS} }
}`;
export interface CreateCaseResult {
  createCase: CaseSummary;
}

export const CASE_QUERY = `query Case($id: ID!) { case(id: $id) { ${CASE_DETAIL_FIELDS} } }`;
export interface CaseResult {
  case: CaseDetail;
}

export const UPDATE_CASE_MUTATION = `mutation UpdateCase($id: ID!, $input: UpdateCaseInput!) {
  updateCase(id: $id, input: $input) { ${CASE_DETAIL_FIELDS} }
}`;
export interface UpdateCaseResult {
  updateCase: CaseDetail;
}

export const ADD_CASE_MEMBER_MUTATION = `mutation AddCaseMember($caseId: ID!, $email: String!, $role: CaseRole!) {
  addCaseMember(caseId: $caseId, email: $email, role: $role) { ${CASE_DETAIL_FIELDS} }
}`;
export interface AddCaseMemberResult {
  addCaseMember: CaseDetail;
}

export const REMOVE_CASE_MEMBER_MUTATION = `mutation RemoveCaseMember($caseId: ID!, $userId: ID!) {
  removeCaseMember(caseId: $caseId, userId: $userId) { ${CASE_DETAIL_FIELDS} }
}`;
export interface RemoveCaseMemberResult {
  removeCaseMember: CaseDetail;
}

export const SET_CASE_STATUS_MUTATION = `mutation SetCaseStatus($caseId: ID!, $status: CaseStatus!, $reason: String) {
  setCaseStatus(caseId: $caseId, status: $status, reason: $reason) { ${CASE_DETAIL_FIELDS} }
}`;
export interface SetCaseStatusResult {
  setCaseStatus: CaseDetail;
}

export const SET_CASE_TAGS_MUTATION = `mutation SetCaseTags($caseId: ID!, $tags: [String!]!) {
  setCaseTags(caseId: $caseId, tags: $tags) { ${CASE_DETAIL_FIELDS} }
}`;
export interface SetCaseTagsResult {
  setCaseTags: CaseDetail;
}

export const SET_CASE_ASSIGNEE_MUTATION = `mutation SetCaseAssignee($caseId: ID!, $userId: ID!, $assigned: Boolean!) {
  setCaseAssignee(caseId: $caseId, userId: $userId, assigned: $assigned) { ${CASE_DETAIL_FIELDS} }
}`;
export interface SetCaseAssigneeResult {
  setCaseAssignee: CaseDetail;
}

/** How many notes a notes panel shows (newest first); a literal, so the query's cost is known. */
export const NOTES_SHOWN = 50;
const NOTE_FIELDS = `id body caseId mediaId createdAt author { ${USER_FIELDS} }`;
const NOTES_CONNECTION = `notes(first: ${NOTES_SHOWN}) { edges { cursor node { ${NOTE_FIELDS} } } pageInfo { hasNextPage endCursor } totalCount }`;

export const CASE_NOTES_QUERY = `query CaseNotes($id: ID!) { case(id: $id) { id ${NOTES_CONNECTION} } }`;
export interface CaseNotesResult {
  case: { id: string; notes: NoteConnection };
}

export const MEDIA_NOTES_QUERY = `query MediaNotes($id: ID!) { media(id: $id) { id ${NOTES_CONNECTION} } }`;
export interface MediaNotesResult {
  media: { id: string; notes: NoteConnection };
}

export const ADD_NOTE_MUTATION = `mutation AddNote($caseId: ID!, $mediaId: ID, $body: String!) {
  addNote(caseId: $caseId, mediaId: $mediaId, body: $body) { ${NOTE_FIELDS} }
}`;
export interface AddNoteResult {
  addNote: Note;
}

const DETECTOR_FIELDS =
  'installed pFake label subject rule threshold note model { id version sha256 isTestFixture }';
const KNOWN_FAKE_FIELDS = 'id originalName family source generator promotedFromMediaId';
const NEAR_DUPLICATE_FIELDS = `knownFakeId space distance score knownFake { ${KNOWN_FAKE_FIELDS} }`;
const ANALYSIS_SUMMARY_FIELDS = `id status progress error attempts detector { ${DETECTOR_FIELDS} }
  nearDuplicates { ${NEAR_DUPLICATE_FIELDS} }`;
const ANALYSIS_DETAIL_FIELDS = `${ANALYSIS_SUMMARY_FIELDS} codeVersion queuedAt startedAt finishedAt
  faces { box { x y width height } score primary pFake }
  heatmaps { id kind url overlayUrl width height frameIndex }
  signals { jpeg metadata maps hashes { phash dhash } }
  preprocessing
  frames { index timeSec memberName pFake subject width height thumbnailUrl faces { track box { x y width height } score pFake } }
  tracks { id primary frames meanPFake maxPFake fractionAbove }
  segments { startSec endSec firstFrame lastFrame peak track }`;
const MEDIA_FIELDS = 'id caseId originalName kind mimeType sizeBytes sha256 width height createdAt url';
const VIDEO_FIELDS = `video { container codec profile durationSec fps frameCount width height rotation variableFrameRate
  audio { codec channels sampleRate } }`;
const SEQUENCE_FIELDS = 'sequence { frameCount ignored uncompressedBytes sequences { name frames } }';
const VERDICT_FIELDS = `id value createdAt rationale analysisIds supersedesId givenBy { ${USER_FIELDS} }`;
const MEDIA_SUMMARY_FIELDS = `${MEDIA_FIELDS} video { durationSec } sequence { frameCount } analysis { ${ANALYSIS_SUMMARY_FIELDS} } verdict { id value createdAt }`;
const MEDIA_DETAIL_FIELDS = `${MEDIA_FIELDS} ${VIDEO_FIELDS} ${SEQUENCE_FIELDS} uploadedBy { ${USER_FIELDS} } analysis { ${ANALYSIS_DETAIL_FIELDS} }
  verdicts { ${VERDICT_FIELDS} }`;

export const CASE_MEDIA_QUERY = `query CaseMedia($id: ID!, $first: Int, $after: String) {
  case(id: $id) {
    id
    media(first: $first, after: $after) {
      edges { cursor node { ${MEDIA_SUMMARY_FIELDS} } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
}`;
export interface CaseMediaResult {
  case: { id: string; media: MediaConnection };
}

/** The API refuses documents with more aliases than this (LOUPE_GRAPHQL_MAX_ALIASES defaults to 15). */
export const MEDIA_BATCH_MAX = 10;

/**
 * One request that re-reads several media items by id (to follow their analyses), as aliases
 * `m0`, `m1`, … with variables `$id0`, `$id1`, …. At most MEDIA_BATCH_MAX ids.
 */
export function mediaBatchQuery(count: number): string {
  const n = Math.max(1, Math.min(count, MEDIA_BATCH_MAX));
  const indexes = Array.from({ length: n }, (_, i) => i);
  const variables = indexes.map((i) => `$id${i}: ID!`).join(', ');
  const fields = indexes.map((i) => `m${i}: media(id: $id${i}) { ${MEDIA_SUMMARY_FIELDS} }`).join('\n  ');
  return `query MediaBatch(${variables}) {\n  ${fields}\n}`;
}
export type MediaBatchResult = Record<string, MediaSummary>;

export const MEDIA_QUERY = `query Media($id: ID!, $caseId: ID!) {
  media(id: $id) { ${MEDIA_DETAIL_FIELDS} }
  case(id: $caseId) { id title status myRole }
}`;
export interface MediaResult {
  media: MediaDetail;
  case: MediaCase;
}

export const GIVE_VERDICT_MUTATION = `mutation GiveVerdict($mediaId: ID!, $value: VerdictValue!, $rationale: String!, $analysisIds: [ID!]) {
  giveVerdict(mediaId: $mediaId, value: $value, rationale: $rationale, analysisIds: $analysisIds) { ${VERDICT_FIELDS} }
}`;
export interface GiveVerdictResult {
  giveVerdict: Verdict;
}

/** How many hits "Find similar" asks for; a literal, so the query's cost is known. */
export const SIMILAR_K = 12;
export const SIMILAR_QUERY = `query Similar($id: ID!, $space: SimilaritySpace!, $scope: SimilarityScope!) {
  similar(mediaId: $id, space: $space, scope: $scope, k: ${SIMILAR_K}) {
    score distance kind matchedFace { faceIndex }
    media { id caseId originalName url }
    knownFake { ${KNOWN_FAKE_FIELDS} }
  }
}`;
export interface SimilarResult {
  similar: SimilarItem[];
}

/** Events per page of the audit timeline; a literal, so the query's cost is known. */
export const AUDIT_PAGE = 25;
export const CASE_AUDIT_QUERY = `query CaseAudit($id: ID!, $after: String, $action: String, $actorId: ID) {
  case(id: $id) {
    id title
    members { user { id displayName } }
    auditEvents(first: ${AUDIT_PAGE}, after: $after, action: $action, actorId: $actorId) {
      edges { cursor node { id action occurredAt actor { id displayName email } targetType targetId details hash } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
}`;
export interface CaseAuditResult {
  case: {
    id: string;
    title: string;
    members: { user: { id: string; displayName: string } }[];
    auditEvents: AuditEventConnection;
  };
}

const REPORT_FIELDS = `id status progress error createdAt finishedAt pdfUrl jsonUrl pdfSha256 jsonSha256 generatorVersion
  requestedBy { id displayName }`;

export const CASE_REPORTS_QUERY = `query CaseReports($id: ID!) { case(id: $id) { id reports { ${REPORT_FIELDS} } } }`;
export interface CaseReportsResult {
  case: { id: string; reports: Report[] };
}

export const GENERATE_REPORT_MUTATION = `mutation GenerateReport($caseId: ID!, $options: ReportOptionsInput) {
  generateReport(caseId: $caseId, options: $options) { ${REPORT_FIELDS} }
}`;
export interface GenerateReportResult {
  generateReport: Report;
}
