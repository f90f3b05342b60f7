/**
 * Names for the generated GraphQL types the web's components and helpers share. Nothing here is
 * declared by hand: each is an enum of the API's schema, or the type of a fragment or operation
 * result generated into lib/gql/ (`npm run generate:web-types`) from apps/api/schema.graphql and
 * the `graphql()` documents beside the components.
 */
import type {
  AuditEventItem_EventFragment,
  CaseList_CaseFragment,
  CaseView_CaseFragment,
  CaseQuery,
  CasesQuery,
  EvidenceList_MediaFragment,
  MediaQuery,
  MeQuery,
  ReportItem_ReportFragment,
  SimilarQuery,
  VerdictBanner_VerdictFragment,
} from './gql/graphql';

export type {
  AnalysisStatus,
  CaseRole,
  CaseStatus,
  HeatmapKind,
  ManipulationFamily,
  MediaKind,
  Role,
  SimilarityScope,
  SimilaritySpace,
  VerdictValue,
} from './gql/graphql';

/** The signed-in user (ME_QUERY); other users appear with the fields their document asks for. */
export type User = NonNullable<MeQuery['me']>;

export type PageInfo = CasesQuery['cases']['pageInfo'];

/** A row of the case list (CaseList_Case). */
export type CaseSummary = CaseList_CaseFragment;
/** The case page (CaseView_Case). */
export type CaseDetail = CaseView_CaseFragment;
/** What a case mutation returns: read it with useFragment(CaseViewCaseFragment, …). */
export type CaseRef = CaseQuery['case'];
export type CaseMember = CaseDetail['members'][number];

/** A row of the evidence list (EvidenceList_Media). */
export type MediaSummary = EvidenceList_MediaFragment;
export type AnalysisSummary = NonNullable<MediaSummary['analysis']>;
export type MediaEdge = { cursor: string; node: MediaSummary };
/** A page of the evidence list with its items read through EvidenceList_Media. */
export type MediaConnection = { edges: MediaEdge[]; pageInfo: PageInfo; totalCount: number };

/** Everything the media page shows (MEDIA_QUERY). */
export type MediaDetail = MediaQuery['media'];
/** What the media page needs to know about the item's case. */
export type MediaCase = MediaQuery['case'];
export type AnalysisDetail = NonNullable<MediaDetail['analysis']>;
export type Face = AnalysisDetail['faces'][number];
export type Heatmap = AnalysisDetail['heatmaps'][number];
export type AnalysisFrame = AnalysisDetail['frames'][number];
export type FaceTrack = AnalysisDetail['tracks'][number];
export type SuspiciousSegment = AnalysisDetail['segments'][number];
export type NearDuplicate = AnalysisDetail['nearDuplicates'][number];
export type VideoFacts = NonNullable<MediaDetail['video']>;
export type SequenceFacts = NonNullable<MediaDetail['sequence']>;

/** A verdict as the banner shows it (VerdictBanner_Verdict). */
export type Verdict = VerdictBanner_VerdictFragment;
/** What GIVE_VERDICT_MUTATION returns: read it with useFragment(VerdictBannerVerdictFragment, …). */
export type VerdictRef = MediaDetail['verdicts'][number];

/** One hit of "Find similar" (SIMILAR_QUERY). */
export type SimilarItem = SimilarQuery['similar'][number];

/** One audit event (AuditEventItem_Event). */
export type AuditEvent = AuditEventItem_EventFragment;
/** A page of the audit timeline with its events read through AuditEventItem_Event. */
export type AuditEventConnection = {
  edges: { cursor: string; node: AuditEvent }[];
  pageInfo: PageInfo;
  totalCount: number;
};

/** A court-ready export of a case (ReportItem_Report). */
export type Report = ReportItem_ReportFragment;
