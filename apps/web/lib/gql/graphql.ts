/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** QUEUED → RUNNING → DONE or FAILED. */
export type AnalysisStatus = 'DONE' | 'FAILED' | 'QUEUED' | 'RUNNING';

/** A member's role in one case: LEAD manages members; INVESTIGATOR uploads and edits; REVIEWER reads and gives verdicts. */
export type CaseRole = 'INVESTIGATOR' | 'LEAD' | 'REVIEWER';

export type CaseStatus = 'CLOSED' | 'IN_REVIEW' | 'OPEN';

export type CreateCaseInput = {
  /** Up to 10,000 characters. */
  description?: string | null | undefined;
  /** 1 to 200 characters. */
  title: string;
};

export type CreateUserInput = {
  displayName?: string | null | undefined;
  email: string;
  password: string;
  role: Role;
};

export type HeatmapKind = 'DETECTOR' | 'ELA' | 'NOISE';

export type InstalledModelKind = 'DETECTOR' | 'FACE';

/** How a known fake was made. */
export type ManipulationFamily =
  | 'ATTRIBUTE_EDIT'
  | 'FACE_SWAP'
  | 'FULL_SYNTHESIS_DIFFUSION'
  | 'FULL_SYNTHESIS_GAN'
  | 'OTHER'
  | 'REENACTMENT'
  | 'SPLICE';

/** Keeps the items matching every given field; an omitted field keeps everything. */
export type MediaFilter = {
  kind?: MediaKind | null | undefined;
  /** Of the latest analysis. */
  status?: AnalysisStatus | null | undefined;
  verdict?: MediaVerdictFilter | null | undefined;
};

/** IMAGE, VIDEO, or SEQUENCE (a zip of face-crop images, one folder per sequence), told from the bytes at upload. */
export type MediaKind = 'IMAGE' | 'SEQUENCE' | 'VIDEO';

/** The order of a case's evidence. SUSPECTED_FIRST: highest p(fake) of the latest finished analysis first, unscored items last; NAME: file name, case-insensitive. */
export type MediaSort = 'NAME' | 'NEWEST' | 'OLDEST' | 'SUSPECTED_FIRST';

/** The current verdict to keep; NONE keeps items nobody has given a verdict on yet. */
export type MediaVerdictFilter = 'AUTHENTIC' | 'INCONCLUSIVE' | 'MANIPULATED' | 'NONE';

export type ReportOptionsInput = {
  /** Include the case's audit trail table (default true). */
  includeAuditTrail?: boolean | null | undefined;
  /** Include downscaled heatmap images (default true). */
  includeMaps?: boolean | null | undefined;
};

/** QUEUED → RUNNING → DONE or FAILED. */
export type ReportStatus = 'DONE' | 'FAILED' | 'QUEUED' | 'RUNNING';

/** A user's role across Loupe. */
export type Role = 'ADMIN' | 'INVESTIGATOR' | 'REVIEWER';

export type SimilarItemKind = 'KNOWN_FAKE' | 'MEDIA';

/** KNOWN_FAKES: the library. THIS_CASE: other evidence in the query item’s case. MY_CASES: evidence in every case you are a member of (administrators: all cases). */
export type SimilarityScope = 'KNOWN_FAKES' | 'MY_CASES' | 'THIS_CASE';

/** DETECTOR: detector embeddings of the same model id and version, score = cosine similarity. FACE: face descriptors, score = 1 − L2/2. PHASH: 64-bit perceptual hash, score = 1 − hamming/64. */
export type SimilaritySpace = 'DETECTOR' | 'FACE' | 'PHASH';

export type UpdateCaseInput = {
  description?: string | null | undefined;
  title?: string | null | undefined;
};

/** Omitted fields stay as they are; null clears a text field. */
export type UpdateKnownFakeInput = {
  dataset?: string | null | undefined;
  family?: ManipulationFamily | null | undefined;
  generator?: string | null | undefined;
  notes?: string | null | undefined;
  source?: string | null | undefined;
};

export type VerdictValue = 'AUTHENTIC' | 'INCONCLUSIVE' | 'MANIPULATED';

export type AdminUsersView_UserFragment = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
} & { ' $fragmentName'?: 'AdminUsersView_UserFragment' };

export type AuditEventItem_EventFragment = {
  id: string;
  action: string;
  occurredAt: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  hash: string;
  actor: { id: string; displayName: string; email: string } | null;
} & { ' $fragmentName'?: 'AuditEventItem_EventFragment' };

export type CaseList_CaseFragment = {
  id: string;
  title: string;
  status: CaseStatus;
  createdAt: string;
  myRole: CaseRole | null;
} & { ' $fragmentName'?: 'CaseList_CaseFragment' };

export type CaseView_CaseFragment = {
  id: string;
  title: string;
  status: CaseStatus;
  createdAt: string;
  myRole: CaseRole | null;
  description: string;
  updatedAt: string;
  tags: Array<string>;
  createdBy: { id: string; email: string; displayName: string; role: Role } | null;
  members: Array<{
    role: CaseRole;
    addedAt: string;
    assigned: boolean;
    user: { id: string; email: string; displayName: string; role: Role };
  }>;
} & { ' $fragmentName'?: 'CaseView_CaseFragment' };

export type EvidenceList_MediaFragment = {
  id: string;
  caseId: string;
  originalName: string;
  kind: MediaKind;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  createdAt: string;
  url: string;
  video: { durationSec: number } | null;
  sequence: { frameCount: number } | null;
  analysis: {
    id: string;
    status: AnalysisStatus;
    progress: number;
    error: string | null;
    attempts: number;
    detector: {
      installed: boolean;
      pFake: number | null;
      label: string | null;
      subject: string | null;
      rule: string | null;
      threshold: number | null;
      note: string | null;
      model: { id: string; version: string; sha256: string; isTestFixture: boolean } | null;
    } | null;
    nearDuplicates: Array<{
      knownFakeId: string;
      space: SimilaritySpace;
      distance: number;
      score: number;
      knownFake: {
        id: string;
        originalName: string;
        family: ManipulationFamily;
        source: string | null;
        generator: string | null;
        promotedFromMediaId: string | null;
      } | null;
    }>;
  } | null;
  verdict: { id: string; value: VerdictValue; createdAt: string } | null;
} & { ' $fragmentName'?: 'EvidenceList_MediaFragment' };

export type ForensicSignalsPanel_SignalsFragment = {
  jpeg: { ' $fragmentRefs'?: { JpegSignalsView_JpegFragment: JpegSignalsView_JpegFragment } } | null;
  metadata: {
    ' $fragmentRefs'?: { MetadataSignalsView_MetadataFragment: MetadataSignalsView_MetadataFragment };
  } | null;
  hashes: { ' $fragmentRefs'?: { HashesView_HashesFragment: HashesView_HashesFragment } } | null;
} & { ' $fragmentName'?: 'ForensicSignalsPanel_SignalsFragment' };

export type HashesView_HashesFragment = { phash: string; dhash: string } & {
  ' $fragmentName'?: 'HashesView_HashesFragment';
};

export type JpegSignalsView_JpegFragment = {
  isJpeg: boolean;
  estimatedQuality: number | null;
  progressive: boolean | null;
  subsampling: string | null;
  doubleCompression: {
    suspected: boolean | null;
    score: number | null;
    method: string | null;
    explanation: string | null;
  } | null;
  quantizationTables: Array<{ id: number; values: Array<number> }>;
} & { ' $fragmentName'?: 'JpegSignalsView_JpegFragment' };

export type KnownFakeCard_KnownFakeFragment = {
  id: string;
  sha256: string;
  originalName: string;
  mimeType: string;
  kind: MediaKind;
  url: string;
  family: ManipulationFamily;
  generator: string | null;
  source: string | null;
  dataset: string | null;
  notes: string | null;
  promotedFromMediaId: string | null;
  createdAt: string;
  createdBy: { id: string; email: string; displayName: string } | null;
  analysis: { id: string; status: AnalysisStatus; progress: number; error: string | null } | null;
} & { ' $fragmentName'?: 'KnownFakeCard_KnownFakeFragment' };

export type MapStatsLine_MapFragment = {
  stats: { mean: number | null; p99: number | null; max: number | null } | null;
  parameters: Array<{ name: string; value: string }>;
} & { ' $fragmentName'?: 'MapStatsLine_MapFragment' };

export type MetadataSignalsView_MetadataFragment = {
  software: string | null;
  gpsPresent: boolean | null;
  missing: Array<string>;
  contradictions: Array<string>;
  raw: unknown;
  camera: { make: string | null; model: string | null };
  timestamps: { original: string | null; digitized: string | null; modified: string | null };
  gps: { latitude: number; longitude: number } | null;
} & { ' $fragmentName'?: 'MetadataSignalsView_MetadataFragment' };

export type NotesPanel_NotesFragment = {
  totalCount: number;
  edges: Array<{
    cursor: string;
    node: {
      id: string;
      body: string;
      caseId: string;
      mediaId: string | null;
      createdAt: string;
      author: { id: string; displayName: string } | null;
    };
  }>;
} & { ' $fragmentName'?: 'NotesPanel_NotesFragment' };

export type ReportItem_ReportFragment = {
  id: string;
  status: ReportStatus;
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  pdfUrl: string | null;
  jsonUrl: string | null;
  pdfSha256: string | null;
  jsonSha256: string | null;
  generatorVersion: string | null;
  requestedBy: { id: string; displayName: string } | null;
} & { ' $fragmentName'?: 'ReportItem_ReportFragment' };

export type VerdictBanner_VerdictFragment = {
  id: string;
  value: VerdictValue;
  createdAt: string;
  rationale: string;
  analysisIds: Array<string>;
  supersedesId: string | null;
  givenBy: { id: string; displayName: string } | null;
} & { ' $fragmentName'?: 'VerdictBanner_VerdictFragment' };

export type AdminUsersQueryVariables = Exact<{ [key: string]: never }>;

export type AdminUsersQuery = {
  users: Array<{ ' $fragmentRefs'?: { AdminUsersView_UserFragment: AdminUsersView_UserFragment } }>;
};

export type AdminCreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;

export type AdminCreateUserMutation = {
  createUser: { ' $fragmentRefs'?: { AdminUsersView_UserFragment: AdminUsersView_UserFragment } };
};

export type AdminSetUserRoleMutationVariables = Exact<{
  userId: string | number;
  role: Role;
}>;

export type AdminSetUserRoleMutation = {
  setUserRole: { ' $fragmentRefs'?: { AdminUsersView_UserFragment: AdminUsersView_UserFragment } };
};

export type AdminSetUserDisabledMutationVariables = Exact<{
  userId: string | number;
  disabled: boolean;
}>;

export type AdminSetUserDisabledMutation = {
  setUserDisabled: { ' $fragmentRefs'?: { AdminUsersView_UserFragment: AdminUsersView_UserFragment } };
};

export type AdminResetUserPasswordMutationVariables = Exact<{
  userId: string | number;
}>;

export type AdminResetUserPasswordMutation = { resetUserPassword: string };

export type AdminKnownFakesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  family?: ManipulationFamily | null | undefined;
}>;

export type AdminKnownFakesQuery = {
  knownFakes: {
    totalCount: number;
    edges: Array<{
      cursor: string;
      node: { ' $fragmentRefs'?: { KnownFakeCard_KnownFakeFragment: KnownFakeCard_KnownFakeFragment } };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

export type AdminUpdateKnownFakeMutationVariables = Exact<{
  id: string | number;
  input: UpdateKnownFakeInput;
}>;

export type AdminUpdateKnownFakeMutation = {
  updateKnownFake: {
    ' $fragmentRefs'?: { KnownFakeCard_KnownFakeFragment: KnownFakeCard_KnownFakeFragment };
  };
};

export type AdminDeleteKnownFakeMutationVariables = Exact<{
  id: string | number;
}>;

export type AdminDeleteKnownFakeMutation = { deleteKnownFake: boolean };

export type PromoteToKnownFakesMutationVariables = Exact<{
  mediaId: string | number;
  family: ManipulationFamily;
  generator?: string | null | undefined;
  source?: string | null | undefined;
  dataset?: string | null | undefined;
  notes?: string | null | undefined;
}>;

export type PromoteToKnownFakesMutation = { promoteToKnownFakes: { id: string } };

export type AdminInstalledModelsQueryVariables = Exact<{ [key: string]: never }>;

export type AdminInstalledModelsQuery = {
  installedModels: Array<{
    id: string;
    workerId: string;
    host: string;
    kind: InstalledModelKind;
    modelId: string;
    version: string;
    sha256: string | null;
    manifest: unknown;
    fixture: boolean;
    inUse: boolean;
    providersRequested: Array<string>;
    providersUsed: Array<string>;
    loadedAt: string;
  }>;
};

export type CaseAuditTimelineQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
  action?: string | null | undefined;
  actorId?: string | number | null | undefined;
  includeViews?: boolean | null | undefined;
}>;

export type CaseAuditTimelineQuery = {
  case: {
    id: string;
    title: string;
    members: Array<{ user: { id: string; displayName: string } }>;
    auditEvents: {
      totalCount: number;
      edges: Array<{
        cursor: string;
        node: { ' $fragmentRefs'?: { AuditEventItem_EventFragment: AuditEventItem_EventFragment } };
      }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};

export type ComparisonQueryVariables = Exact<{
  mediaId: string | number;
  withMediaId?: string | number | null | undefined;
  withKnownFakeId?: string | number | null | undefined;
}>;

export type ComparisonQuery = {
  comparison: {
    media: {
      id: string;
      caseId: string;
      originalName: string;
      kind: MediaKind;
      width: number | null;
      height: number | null;
      url: string;
      sha256: string;
      analysis: { detector: { model: { isTestFixture: boolean } | null } | null } | null;
    };
    otherMedia: {
      id: string;
      caseId: string;
      originalName: string;
      kind: MediaKind;
      width: number | null;
      height: number | null;
      url: string;
      sha256: string;
      analysis: { detector: { model: { isTestFixture: boolean } | null } | null } | null;
    } | null;
    knownFake: {
      id: string;
      originalName: string;
      kind: MediaKind;
      width: number | null;
      height: number | null;
      url: string;
      sha256: string;
      family: ManipulationFamily;
      generator: string | null;
      source: string | null;
      dataset: string | null;
      notes: string | null;
    } | null;
    spaces: Array<{ space: SimilaritySpace; distance: number; score: number }>;
  };
};

export type GalleryMediaQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  sort?: MediaSort | null | undefined;
  filter?: MediaFilter | null | undefined;
}>;

export type GalleryMediaQuery = {
  case: {
    id: string;
    media: {
      totalCount: number;
      unfilteredCount: number;
      edges: Array<{
        cursor: string;
        node: { ' $fragmentRefs'?: { EvidenceList_MediaFragment: EvidenceList_MediaFragment } };
      }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};

export type MediaPositionQueryVariables = Exact<{
  caseId: string | number;
  mediaId: string | number;
  sort?: MediaSort | null | undefined;
  filter?: MediaFilter | null | undefined;
}>;

export type MediaPositionQuery = {
  case: {
    id: string;
    mediaPosition: {
      position: number;
      total: number;
      previous: { id: string; originalName: string } | null;
      next: { id: string; originalName: string } | null;
    } | null;
  };
};

export type FaceHeatmapsQueryVariables = Exact<{
  id: string | number;
}>;

export type FaceHeatmapsQuery = {
  media: {
    analysis: {
      status: AnalysisStatus;
      faceHeatmaps: Array<{
        id: string;
        kind: HeatmapKind;
        faceIndex: number | null;
        url: string;
        overlayUrl: string | null;
        width: number;
        height: number;
        frameIndex: number | null;
      }>;
    } | null;
  };
};

export type MeQueryVariables = Exact<{ [key: string]: never }>;

export type MeQuery = { me: { id: string; email: string; displayName: string; role: Role } | null };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;

export type LoginMutation = {
  login: { user: { id: string; email: string; displayName: string; role: Role } };
};

export type LogoutMutationVariables = Exact<{ [key: string]: never }>;

export type LogoutMutation = { logout: boolean };

export type CasesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type CasesQuery = {
  cases: {
    totalCount: number;
    edges: Array<{
      cursor: string;
      node: { ' $fragmentRefs'?: { CaseList_CaseFragment: CaseList_CaseFragment } };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

export type CreateCaseMutationVariables = Exact<{
  input: CreateCaseInput;
}>;

export type CreateCaseMutation = {
  createCase: { ' $fragmentRefs'?: { CaseList_CaseFragment: CaseList_CaseFragment } };
};

export type CaseQueryVariables = Exact<{
  id: string | number;
}>;

export type CaseQuery = { case: { ' $fragmentRefs'?: { CaseView_CaseFragment: CaseView_CaseFragment } } };

export type UpdateCaseMutationVariables = Exact<{
  id: string | number;
  input: UpdateCaseInput;
}>;

export type UpdateCaseMutation = {
  updateCase: { ' $fragmentRefs'?: { CaseView_CaseFragment: CaseView_CaseFragment } };
};

export type AddCaseMemberMutationVariables = Exact<{
  caseId: string | number;
  email: string;
  role: CaseRole;
}>;

export type AddCaseMemberMutation = {
  addCaseMember: { ' $fragmentRefs'?: { CaseView_CaseFragment: CaseView_CaseFragment } };
};

export type RemoveCaseMemberMutationVariables = Exact<{
  caseId: string | number;
  userId: string | number;
}>;

export type RemoveCaseMemberMutation = {
  removeCaseMember: { ' $fragmentRefs'?: { CaseView_CaseFragment: CaseView_CaseFragment } };
};

export type SetCaseStatusMutationVariables = Exact<{
  caseId: string | number;
  status: CaseStatus;
  reason?: string | null | undefined;
}>;

export type SetCaseStatusMutation = {
  setCaseStatus: { ' $fragmentRefs'?: { CaseView_CaseFragment: CaseView_CaseFragment } };
};

export type SetCaseTagsMutationVariables = Exact<{
  caseId: string | number;
  tags: Array<string> | string;
}>;

export type SetCaseTagsMutation = {
  setCaseTags: { ' $fragmentRefs'?: { CaseView_CaseFragment: CaseView_CaseFragment } };
};

export type SetCaseAssigneeMutationVariables = Exact<{
  caseId: string | number;
  userId: string | number;
  assigned: boolean;
}>;

export type SetCaseAssigneeMutation = {
  setCaseAssignee: { ' $fragmentRefs'?: { CaseView_CaseFragment: CaseView_CaseFragment } };
};

export type CaseNotesQueryVariables = Exact<{
  id: string | number;
}>;

export type CaseNotesQuery = {
  case: { id: string; notes: { ' $fragmentRefs'?: { NotesPanel_NotesFragment: NotesPanel_NotesFragment } } };
};

export type MediaNotesQueryVariables = Exact<{
  id: string | number;
}>;

export type MediaNotesQuery = {
  media: { id: string; notes: { ' $fragmentRefs'?: { NotesPanel_NotesFragment: NotesPanel_NotesFragment } } };
};

export type AddNoteMutationVariables = Exact<{
  caseId: string | number;
  mediaId?: string | number | null | undefined;
  body: string;
}>;

export type AddNoteMutation = { addNote: { id: string } };

export type CaseMediaQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type CaseMediaQuery = {
  case: {
    id: string;
    media: {
      totalCount: number;
      edges: Array<{
        cursor: string;
        node: { ' $fragmentRefs'?: { EvidenceList_MediaFragment: EvidenceList_MediaFragment } };
      }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};

export type MediaQueryVariables = Exact<{
  id: string | number;
  caseId: string | number;
}>;

export type MediaQuery = {
  media: {
    id: string;
    caseId: string;
    originalName: string;
    kind: MediaKind;
    mimeType: string;
    sizeBytes: number;
    sha256: string;
    width: number | null;
    height: number | null;
    createdAt: string;
    url: string;
    video: {
      container: string;
      codec: string;
      profile: string | null;
      durationSec: number;
      fps: number;
      frameCount: number;
      width: number;
      height: number;
      rotation: number;
      variableFrameRate: boolean;
      audio: Array<{ codec: string; channels: number | null; sampleRate: number | null }>;
    } | null;
    sequence: {
      frameCount: number;
      ignored: Array<string>;
      uncompressedBytes: number;
      sequences: Array<{ name: string; frames: Array<string> }>;
    } | null;
    uploadedBy: { id: string; email: string; displayName: string; role: Role } | null;
    analysis: {
      id: string;
      status: AnalysisStatus;
      progress: number;
      error: string | null;
      attempts: number;
      codeVersion: string;
      queuedAt: string;
      startedAt: string | null;
      finishedAt: string | null;
      preprocessing: unknown;
      detector: {
        installed: boolean;
        pFake: number | null;
        label: string | null;
        subject: string | null;
        rule: string | null;
        threshold: number | null;
        note: string | null;
        model: { id: string; version: string; sha256: string; isTestFixture: boolean } | null;
      } | null;
      nearDuplicates: Array<{
        knownFakeId: string;
        space: SimilaritySpace;
        distance: number;
        score: number;
        knownFake: {
          id: string;
          originalName: string;
          family: ManipulationFamily;
          source: string | null;
          generator: string | null;
          promotedFromMediaId: string | null;
        } | null;
      }>;
      faces: Array<{
        score: number;
        primary: boolean;
        pFake: number | null;
        box: { x: number; y: number; width: number; height: number };
      }>;
      heatmaps: Array<{
        id: string;
        kind: HeatmapKind;
        url: string;
        overlayUrl: string | null;
        width: number;
        height: number;
        frameIndex: number | null;
      }>;
      signals:
        | ({
            maps: Array<
              { kind: HeatmapKind } & {
                ' $fragmentRefs'?: { MapStatsLine_MapFragment: MapStatsLine_MapFragment };
              }
            >;
          } & {
            ' $fragmentRefs'?: { ForensicSignalsPanel_SignalsFragment: ForensicSignalsPanel_SignalsFragment };
          })
        | null;
      frames: Array<{
        index: number;
        timeSec: number;
        memberName: string | null;
        pFake: number | null;
        subject: string;
        width: number;
        height: number;
        thumbnailUrl: string | null;
        faces: Array<{
          track: number;
          score: number;
          pFake: number | null;
          box: { x: number; y: number; width: number; height: number };
        }>;
      }>;
      tracks: Array<{
        id: number;
        primary: boolean;
        frames: number;
        meanPFake: number | null;
        maxPFake: number | null;
        fractionAbove: number | null;
      }>;
      segments: Array<{
        startSec: number;
        endSec: number;
        firstFrame: number;
        lastFrame: number;
        peak: number;
        track: number | null;
      }>;
    } | null;
    verdicts: Array<{ ' $fragmentRefs'?: { VerdictBanner_VerdictFragment: VerdictBanner_VerdictFragment } }>;
  };
  case: { id: string; title: string; status: CaseStatus; myRole: CaseRole | null };
};

export type GiveVerdictMutationVariables = Exact<{
  mediaId: string | number;
  value: VerdictValue;
  rationale: string;
  analysisIds?: Array<string | number> | string | number | null | undefined;
}>;

export type GiveVerdictMutation = {
  giveVerdict: { ' $fragmentRefs'?: { VerdictBanner_VerdictFragment: VerdictBanner_VerdictFragment } };
};

export type SimilarQueryVariables = Exact<{
  id: string | number;
  space: SimilaritySpace;
  scope: SimilarityScope;
}>;

export type SimilarQuery = {
  similar: Array<{
    score: number;
    distance: number;
    kind: SimilarItemKind;
    matchedFace: { faceIndex: number } | null;
    media: { id: string; caseId: string; originalName: string; url: string } | null;
    knownFake: {
      id: string;
      originalName: string;
      family: ManipulationFamily;
      source: string | null;
      generator: string | null;
      promotedFromMediaId: string | null;
    } | null;
  }>;
};

export type CaseReportsQueryVariables = Exact<{
  id: string | number;
}>;

export type CaseReportsQuery = {
  case: {
    id: string;
    reports: Array<{ ' $fragmentRefs'?: { ReportItem_ReportFragment: ReportItem_ReportFragment } }>;
  };
};

export type GenerateReportMutationVariables = Exact<{
  caseId: string | number;
  options?: ReportOptionsInput | null | undefined;
}>;

export type GenerateReportMutation = {
  generateReport: { ' $fragmentRefs'?: { ReportItem_ReportFragment: ReportItem_ReportFragment } };
};

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AdminUsersView_UserFragmentDoc = new TypedDocumentString(
  `
    fragment AdminUsersView_User on User {
  id
  email
  displayName
  role
  disabled
}
    `,
  { fragmentName: 'AdminUsersView_User' },
) as unknown as TypedDocumentString<AdminUsersView_UserFragment, unknown>;
export const AuditEventItem_EventFragmentDoc = new TypedDocumentString(
  `
    fragment AuditEventItem_Event on AuditEvent {
  id
  action
  occurredAt
  actor {
    id
    displayName
    email
  }
  targetType
  targetId
  details
  hash
}
    `,
  { fragmentName: 'AuditEventItem_Event' },
) as unknown as TypedDocumentString<AuditEventItem_EventFragment, unknown>;
export const CaseList_CaseFragmentDoc = new TypedDocumentString(
  `
    fragment CaseList_Case on Case {
  id
  title
  status
  createdAt
  myRole
}
    `,
  { fragmentName: 'CaseList_Case' },
) as unknown as TypedDocumentString<CaseList_CaseFragment, unknown>;
export const CaseView_CaseFragmentDoc = new TypedDocumentString(
  `
    fragment CaseView_Case on Case {
  id
  title
  status
  createdAt
  myRole
  description
  updatedAt
  tags
  createdBy {
    id
    email
    displayName
    role
  }
  members {
    role
    addedAt
    assigned
    user {
      id
      email
      displayName
      role
    }
  }
}
    `,
  { fragmentName: 'CaseView_Case' },
) as unknown as TypedDocumentString<CaseView_CaseFragment, unknown>;
export const EvidenceList_MediaFragmentDoc = new TypedDocumentString(
  `
    fragment EvidenceList_Media on Media {
  id
  caseId
  originalName
  kind
  mimeType
  sizeBytes
  sha256
  width
  height
  createdAt
  url
  video {
    durationSec
  }
  sequence {
    frameCount
  }
  analysis {
    id
    status
    progress
    error
    attempts
    detector {
      installed
      pFake
      label
      subject
      rule
      threshold
      note
      model {
        id
        version
        sha256
        isTestFixture
      }
    }
    nearDuplicates {
      knownFakeId
      space
      distance
      score
      knownFake {
        id
        originalName
        family
        source
        generator
        promotedFromMediaId
      }
    }
  }
  verdict {
    id
    value
    createdAt
  }
}
    `,
  { fragmentName: 'EvidenceList_Media' },
) as unknown as TypedDocumentString<EvidenceList_MediaFragment, unknown>;
export const JpegSignalsView_JpegFragmentDoc = new TypedDocumentString(
  `
    fragment JpegSignalsView_Jpeg on JpegSignals {
  isJpeg
  estimatedQuality
  doubleCompression {
    suspected
    score
    method
    explanation
  }
  progressive
  subsampling
  quantizationTables {
    id
    values
  }
}
    `,
  { fragmentName: 'JpegSignalsView_Jpeg' },
) as unknown as TypedDocumentString<JpegSignalsView_JpegFragment, unknown>;
export const MetadataSignalsView_MetadataFragmentDoc = new TypedDocumentString(
  `
    fragment MetadataSignalsView_Metadata on MetadataSignals {
  camera {
    make
    model
  }
  software
  timestamps {
    original
    digitized
    modified
  }
  gpsPresent
  gps {
    latitude
    longitude
  }
  missing
  contradictions
  raw
}
    `,
  { fragmentName: 'MetadataSignalsView_Metadata' },
) as unknown as TypedDocumentString<MetadataSignalsView_MetadataFragment, unknown>;
export const HashesView_HashesFragmentDoc = new TypedDocumentString(
  `
    fragment HashesView_Hashes on PerceptualHashes {
  phash
  dhash
}
    `,
  { fragmentName: 'HashesView_Hashes' },
) as unknown as TypedDocumentString<HashesView_HashesFragment, unknown>;
export const ForensicSignalsPanel_SignalsFragmentDoc = new TypedDocumentString(
  `
    fragment ForensicSignalsPanel_Signals on ForensicSignals {
  jpeg {
    ...JpegSignalsView_Jpeg
  }
  metadata {
    ...MetadataSignalsView_Metadata
  }
  hashes {
    ...HashesView_Hashes
  }
}
    fragment HashesView_Hashes on PerceptualHashes {
  phash
  dhash
}
fragment JpegSignalsView_Jpeg on JpegSignals {
  isJpeg
  estimatedQuality
  doubleCompression {
    suspected
    score
    method
    explanation
  }
  progressive
  subsampling
  quantizationTables {
    id
    values
  }
}
fragment MetadataSignalsView_Metadata on MetadataSignals {
  camera {
    make
    model
  }
  software
  timestamps {
    original
    digitized
    modified
  }
  gpsPresent
  gps {
    latitude
    longitude
  }
  missing
  contradictions
  raw
}`,
  { fragmentName: 'ForensicSignalsPanel_Signals' },
) as unknown as TypedDocumentString<ForensicSignalsPanel_SignalsFragment, unknown>;
export const KnownFakeCard_KnownFakeFragmentDoc = new TypedDocumentString(
  `
    fragment KnownFakeCard_KnownFake on KnownFake {
  id
  sha256
  originalName
  mimeType
  kind
  url
  family
  generator
  source
  dataset
  notes
  promotedFromMediaId
  createdAt
  createdBy {
    id
    email
    displayName
  }
  analysis {
    id
    status
    progress
    error
  }
}
    `,
  { fragmentName: 'KnownFakeCard_KnownFake' },
) as unknown as TypedDocumentString<KnownFakeCard_KnownFakeFragment, unknown>;
export const MapStatsLine_MapFragmentDoc = new TypedDocumentString(
  `
    fragment MapStatsLine_Map on MapSignals {
  stats {
    mean
    p99
    max
  }
  parameters {
    name
    value
  }
}
    `,
  { fragmentName: 'MapStatsLine_Map' },
) as unknown as TypedDocumentString<MapStatsLine_MapFragment, unknown>;
export const NotesPanel_NotesFragmentDoc = new TypedDocumentString(
  `
    fragment NotesPanel_Notes on NoteConnection {
  edges {
    cursor
    node {
      id
      body
      caseId
      mediaId
      createdAt
      author {
        id
        displayName
      }
    }
  }
  totalCount
}
    `,
  { fragmentName: 'NotesPanel_Notes' },
) as unknown as TypedDocumentString<NotesPanel_NotesFragment, unknown>;
export const ReportItem_ReportFragmentDoc = new TypedDocumentString(
  `
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
    `,
  { fragmentName: 'ReportItem_Report' },
) as unknown as TypedDocumentString<ReportItem_ReportFragment, unknown>;
export const VerdictBanner_VerdictFragmentDoc = new TypedDocumentString(
  `
    fragment VerdictBanner_Verdict on Verdict {
  id
  value
  createdAt
  rationale
  analysisIds
  supersedesId
  givenBy {
    id
    displayName
  }
}
    `,
  { fragmentName: 'VerdictBanner_Verdict' },
) as unknown as TypedDocumentString<VerdictBanner_VerdictFragment, unknown>;
export const AdminUsersDocument = new TypedDocumentString(`
    query AdminUsers {
  users {
    ...AdminUsersView_User
  }
}
    fragment AdminUsersView_User on User {
  id
  email
  displayName
  role
  disabled
}`) as unknown as TypedDocumentString<AdminUsersQuery, AdminUsersQueryVariables>;
export const AdminCreateUserDocument = new TypedDocumentString(`
    mutation AdminCreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    ...AdminUsersView_User
  }
}
    fragment AdminUsersView_User on User {
  id
  email
  displayName
  role
  disabled
}`) as unknown as TypedDocumentString<AdminCreateUserMutation, AdminCreateUserMutationVariables>;
export const AdminSetUserRoleDocument = new TypedDocumentString(`
    mutation AdminSetUserRole($userId: ID!, $role: Role!) {
  setUserRole(userId: $userId, role: $role) {
    ...AdminUsersView_User
  }
}
    fragment AdminUsersView_User on User {
  id
  email
  displayName
  role
  disabled
}`) as unknown as TypedDocumentString<AdminSetUserRoleMutation, AdminSetUserRoleMutationVariables>;
export const AdminSetUserDisabledDocument = new TypedDocumentString(`
    mutation AdminSetUserDisabled($userId: ID!, $disabled: Boolean!) {
  setUserDisabled(userId: $userId, disabled: $disabled) {
    ...AdminUsersView_User
  }
}
    fragment AdminUsersView_User on User {
  id
  email
  displayName
  role
  disabled
}`) as unknown as TypedDocumentString<AdminSetUserDisabledMutation, AdminSetUserDisabledMutationVariables>;
export const AdminResetUserPasswordDocument = new TypedDocumentString(`
    mutation AdminResetUserPassword($userId: ID!) {
  resetUserPassword(userId: $userId)
}
    `) as unknown as TypedDocumentString<
  AdminResetUserPasswordMutation,
  AdminResetUserPasswordMutationVariables
>;
export const AdminKnownFakesDocument = new TypedDocumentString(`
    query AdminKnownFakes($first: Int, $after: String, $family: ManipulationFamily) {
  knownFakes(first: $first, after: $after, family: $family) {
    edges {
      cursor
      node {
        ...KnownFakeCard_KnownFake
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment KnownFakeCard_KnownFake on KnownFake {
  id
  sha256
  originalName
  mimeType
  kind
  url
  family
  generator
  source
  dataset
  notes
  promotedFromMediaId
  createdAt
  createdBy {
    id
    email
    displayName
  }
  analysis {
    id
    status
    progress
    error
  }
}`) as unknown as TypedDocumentString<AdminKnownFakesQuery, AdminKnownFakesQueryVariables>;
export const AdminUpdateKnownFakeDocument = new TypedDocumentString(`
    mutation AdminUpdateKnownFake($id: ID!, $input: UpdateKnownFakeInput!) {
  updateKnownFake(id: $id, input: $input) {
    ...KnownFakeCard_KnownFake
  }
}
    fragment KnownFakeCard_KnownFake on KnownFake {
  id
  sha256
  originalName
  mimeType
  kind
  url
  family
  generator
  source
  dataset
  notes
  promotedFromMediaId
  createdAt
  createdBy {
    id
    email
    displayName
  }
  analysis {
    id
    status
    progress
    error
  }
}`) as unknown as TypedDocumentString<AdminUpdateKnownFakeMutation, AdminUpdateKnownFakeMutationVariables>;
export const AdminDeleteKnownFakeDocument = new TypedDocumentString(`
    mutation AdminDeleteKnownFake($id: ID!) {
  deleteKnownFake(id: $id)
}
    `) as unknown as TypedDocumentString<AdminDeleteKnownFakeMutation, AdminDeleteKnownFakeMutationVariables>;
export const PromoteToKnownFakesDocument = new TypedDocumentString(`
    mutation PromoteToKnownFakes($mediaId: ID!, $family: ManipulationFamily!, $generator: String, $source: String, $dataset: String, $notes: String) {
  promoteToKnownFakes(
    mediaId: $mediaId
    family: $family
    generator: $generator
    source: $source
    dataset: $dataset
    notes: $notes
  ) {
    id
  }
}
    `) as unknown as TypedDocumentString<PromoteToKnownFakesMutation, PromoteToKnownFakesMutationVariables>;
export const AdminInstalledModelsDocument = new TypedDocumentString(`
    query AdminInstalledModels {
  installedModels {
    id
    workerId
    host
    kind
    modelId
    version
    sha256
    manifest
    fixture
    inUse
    providersRequested
    providersUsed
    loadedAt
  }
}
    `) as unknown as TypedDocumentString<AdminInstalledModelsQuery, AdminInstalledModelsQueryVariables>;
export const CaseAuditTimelineDocument = new TypedDocumentString(`
    query CaseAuditTimeline($id: ID!, $after: String, $action: String, $actorId: ID, $includeViews: Boolean) {
  case(id: $id) {
    id
    title
    members {
      user {
        id
        displayName
      }
    }
    auditEvents(
      first: 25
      after: $after
      action: $action
      actorId: $actorId
      includeViews: $includeViews
    ) {
      edges {
        cursor
        node {
          ...AuditEventItem_Event
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
}
    fragment AuditEventItem_Event on AuditEvent {
  id
  action
  occurredAt
  actor {
    id
    displayName
    email
  }
  targetType
  targetId
  details
  hash
}`) as unknown as TypedDocumentString<CaseAuditTimelineQuery, CaseAuditTimelineQueryVariables>;
export const ComparisonDocument = new TypedDocumentString(`
    query Comparison($mediaId: ID!, $withMediaId: ID, $withKnownFakeId: ID) {
  comparison(
    mediaId: $mediaId
    withMediaId: $withMediaId
    withKnownFakeId: $withKnownFakeId
  ) {
    media {
      id
      caseId
      originalName
      kind
      width
      height
      url
      sha256
      analysis {
        detector {
          model {
            isTestFixture
          }
        }
      }
    }
    otherMedia {
      id
      caseId
      originalName
      kind
      width
      height
      url
      sha256
      analysis {
        detector {
          model {
            isTestFixture
          }
        }
      }
    }
    knownFake {
      id
      originalName
      kind
      width
      height
      url
      sha256
      family
      generator
      source
      dataset
      notes
    }
    spaces {
      space
      distance
      score
    }
  }
}
    `) as unknown as TypedDocumentString<ComparisonQuery, ComparisonQueryVariables>;
export const GalleryMediaDocument = new TypedDocumentString(`
    query GalleryMedia($id: ID!, $first: Int, $after: String, $sort: MediaSort, $filter: MediaFilter) {
  case(id: $id) {
    id
    media(first: $first, after: $after, sort: $sort, filter: $filter) {
      edges {
        cursor
        node {
          ...EvidenceList_Media
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
      unfilteredCount
    }
  }
}
    fragment EvidenceList_Media on Media {
  id
  caseId
  originalName
  kind
  mimeType
  sizeBytes
  sha256
  width
  height
  createdAt
  url
  video {
    durationSec
  }
  sequence {
    frameCount
  }
  analysis {
    id
    status
    progress
    error
    attempts
    detector {
      installed
      pFake
      label
      subject
      rule
      threshold
      note
      model {
        id
        version
        sha256
        isTestFixture
      }
    }
    nearDuplicates {
      knownFakeId
      space
      distance
      score
      knownFake {
        id
        originalName
        family
        source
        generator
        promotedFromMediaId
      }
    }
  }
  verdict {
    id
    value
    createdAt
  }
}`) as unknown as TypedDocumentString<GalleryMediaQuery, GalleryMediaQueryVariables>;
export const MediaPositionDocument = new TypedDocumentString(`
    query MediaPosition($caseId: ID!, $mediaId: ID!, $sort: MediaSort, $filter: MediaFilter) {
  case(id: $caseId) {
    id
    mediaPosition(mediaId: $mediaId, sort: $sort, filter: $filter) {
      position
      total
      previous {
        id
        originalName
      }
      next {
        id
        originalName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MediaPositionQuery, MediaPositionQueryVariables>;
export const FaceHeatmapsDocument = new TypedDocumentString(`
    query FaceHeatmaps($id: ID!) {
  media(id: $id) {
    analysis {
      status
      faceHeatmaps {
        id
        kind
        faceIndex
        url
        overlayUrl
        width
        height
        frameIndex
      }
    }
  }
}
    `) as unknown as TypedDocumentString<FaceHeatmapsQuery, FaceHeatmapsQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    email
    displayName
    role
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    user {
      id
      email
      displayName
      role
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const CasesDocument = new TypedDocumentString(`
    query Cases($first: Int, $after: String) {
  cases(first: $first, after: $after) {
    edges {
      cursor
      node {
        ...CaseList_Case
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment CaseList_Case on Case {
  id
  title
  status
  createdAt
  myRole
}`) as unknown as TypedDocumentString<CasesQuery, CasesQueryVariables>;
export const CreateCaseDocument = new TypedDocumentString(`
    mutation CreateCase($input: CreateCaseInput!) {
  createCase(input: $input) {
    ...CaseList_Case
  }
}
    fragment CaseList_Case on Case {
  id
  title
  status
  createdAt
  myRole
}`) as unknown as TypedDocumentString<CreateCaseMutation, CreateCaseMutationVariables>;
export const CaseDocument = new TypedDocumentString(`
    query Case($id: ID!) {
  case(id: $id) {
    ...CaseView_Case
  }
}
    fragment CaseView_Case on Case {
  id
  title
  status
  createdAt
  myRole
  description
  updatedAt
  tags
  createdBy {
    id
    email
    displayName
    role
  }
  members {
    role
    addedAt
    assigned
    user {
      id
      email
      displayName
      role
    }
  }
}`) as unknown as TypedDocumentString<CaseQuery, CaseQueryVariables>;
export const UpdateCaseDocument = new TypedDocumentString(`
    mutation UpdateCase($id: ID!, $input: UpdateCaseInput!) {
  updateCase(id: $id, input: $input) {
    ...CaseView_Case
  }
}
    fragment CaseView_Case on Case {
  id
  title
  status
  createdAt
  myRole
  description
  updatedAt
  tags
  createdBy {
    id
    email
    displayName
    role
  }
  members {
    role
    addedAt
    assigned
    user {
      id
      email
      displayName
      role
    }
  }
}`) as unknown as TypedDocumentString<UpdateCaseMutation, UpdateCaseMutationVariables>;
export const AddCaseMemberDocument = new TypedDocumentString(`
    mutation AddCaseMember($caseId: ID!, $email: String!, $role: CaseRole!) {
  addCaseMember(caseId: $caseId, email: $email, role: $role) {
    ...CaseView_Case
  }
}
    fragment CaseView_Case on Case {
  id
  title
  status
  createdAt
  myRole
  description
  updatedAt
  tags
  createdBy {
    id
    email
    displayName
    role
  }
  members {
    role
    addedAt
    assigned
    user {
      id
      email
      displayName
      role
    }
  }
}`) as unknown as TypedDocumentString<AddCaseMemberMutation, AddCaseMemberMutationVariables>;
export const RemoveCaseMemberDocument = new TypedDocumentString(`
    mutation RemoveCaseMember($caseId: ID!, $userId: ID!) {
  removeCaseMember(caseId: $caseId, userId: $userId) {
    ...CaseView_Case
  }
}
    fragment CaseView_Case on Case {
  id
  title
  status
  createdAt
  myRole
  description
  updatedAt
  tags
  createdBy {
    id
    email
    displayName
    role
  }
  members {
    role
    addedAt
    assigned
    user {
      id
      email
      displayName
      role
    }
  }
}`) as unknown as TypedDocumentString<RemoveCaseMemberMutation, RemoveCaseMemberMutationVariables>;
export const SetCaseStatusDocument = new TypedDocumentString(`
    mutation SetCaseStatus($caseId: ID!, $status: CaseStatus!, $reason: String) {
  setCaseStatus(caseId: $caseId, status: $status, reason: $reason) {
    ...CaseView_Case
  }
}
    fragment CaseView_Case on Case {
  id
  title
  status
  createdAt
  myRole
  description
  updatedAt
  tags
  createdBy {
    id
    email
    displayName
    role
  }
  members {
    role
    addedAt
    assigned
    user {
      id
      email
      displayName
      role
    }
  }
}`) as unknown as TypedDocumentString<SetCaseStatusMutation, SetCaseStatusMutationVariables>;
export const SetCaseTagsDocument = new TypedDocumentString(`
    mutation SetCaseTags($caseId: ID!, $tags: [String!]!) {
  setCaseTags(caseId: $caseId, tags: $tags) {
    ...CaseView_Case
  }
}
    fragment CaseView_Case on Case {
  id
  title
  status
  createdAt
  myRole
  description
  updatedAt
  tags
  createdBy {
    id
    email
    displayName
    role
  }
  members {
    role
    addedAt
    assigned
    user {
      id
      email
      displayName
      role
    }
  }
}`) as unknown as TypedDocumentString<SetCaseTagsMutation, SetCaseTagsMutationVariables>;
export const SetCaseAssigneeDocument = new TypedDocumentString(`
    mutation SetCaseAssignee($caseId: ID!, $userId: ID!, $assigned: Boolean!) {
  setCaseAssignee(caseId: $caseId, userId: $userId, assigned: $assigned) {
    ...CaseView_Case
  }
}
    fragment CaseView_Case on Case {
  id
  title
  status
  createdAt
  myRole
  description
  updatedAt
  tags
  createdBy {
    id
    email
    displayName
    role
  }
  members {
    role
    addedAt
    assigned
    user {
      id
      email
      displayName
      role
    }
  }
}`) as unknown as TypedDocumentString<SetCaseAssigneeMutation, SetCaseAssigneeMutationVariables>;
export const CaseNotesDocument = new TypedDocumentString(`
    query CaseNotes($id: ID!) {
  case(id: $id) {
    id
    notes(first: 50) {
      ...NotesPanel_Notes
    }
  }
}
    fragment NotesPanel_Notes on NoteConnection {
  edges {
    cursor
    node {
      id
      body
      caseId
      mediaId
      createdAt
      author {
        id
        displayName
      }
    }
  }
  totalCount
}`) as unknown as TypedDocumentString<CaseNotesQuery, CaseNotesQueryVariables>;
export const MediaNotesDocument = new TypedDocumentString(`
    query MediaNotes($id: ID!) {
  media(id: $id) {
    id
    notes(first: 50) {
      ...NotesPanel_Notes
    }
  }
}
    fragment NotesPanel_Notes on NoteConnection {
  edges {
    cursor
    node {
      id
      body
      caseId
      mediaId
      createdAt
      author {
        id
        displayName
      }
    }
  }
  totalCount
}`) as unknown as TypedDocumentString<MediaNotesQuery, MediaNotesQueryVariables>;
export const AddNoteDocument = new TypedDocumentString(`
    mutation AddNote($caseId: ID!, $mediaId: ID, $body: String!) {
  addNote(caseId: $caseId, mediaId: $mediaId, body: $body) {
    id
  }
}
    `) as unknown as TypedDocumentString<AddNoteMutation, AddNoteMutationVariables>;
export const CaseMediaDocument = new TypedDocumentString(`
    query CaseMedia($id: ID!, $first: Int, $after: String) {
  case(id: $id) {
    id
    media(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...EvidenceList_Media
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
}
    fragment EvidenceList_Media on Media {
  id
  caseId
  originalName
  kind
  mimeType
  sizeBytes
  sha256
  width
  height
  createdAt
  url
  video {
    durationSec
  }
  sequence {
    frameCount
  }
  analysis {
    id
    status
    progress
    error
    attempts
    detector {
      installed
      pFake
      label
      subject
      rule
      threshold
      note
      model {
        id
        version
        sha256
        isTestFixture
      }
    }
    nearDuplicates {
      knownFakeId
      space
      distance
      score
      knownFake {
        id
        originalName
        family
        source
        generator
        promotedFromMediaId
      }
    }
  }
  verdict {
    id
    value
    createdAt
  }
}`) as unknown as TypedDocumentString<CaseMediaQuery, CaseMediaQueryVariables>;
export const MediaDocument = new TypedDocumentString(`
    query Media($id: ID!, $caseId: ID!) {
  media(id: $id) {
    id
    caseId
    originalName
    kind
    mimeType
    sizeBytes
    sha256
    width
    height
    createdAt
    url
    video {
      container
      codec
      profile
      durationSec
      fps
      frameCount
      width
      height
      rotation
      variableFrameRate
      audio {
        codec
        channels
        sampleRate
      }
    }
    sequence {
      frameCount
      ignored
      uncompressedBytes
      sequences {
        name
        frames
      }
    }
    uploadedBy {
      id
      email
      displayName
      role
    }
    analysis {
      id
      status
      progress
      error
      attempts
      detector {
        installed
        pFake
        label
        subject
        rule
        threshold
        note
        model {
          id
          version
          sha256
          isTestFixture
        }
      }
      nearDuplicates {
        knownFakeId
        space
        distance
        score
        knownFake {
          id
          originalName
          family
          source
          generator
          promotedFromMediaId
        }
      }
      codeVersion
      queuedAt
      startedAt
      finishedAt
      faces {
        box {
          x
          y
          width
          height
        }
        score
        primary
        pFake
      }
      heatmaps {
        id
        kind
        url
        overlayUrl
        width
        height
        frameIndex
      }
      signals {
        ...ForensicSignalsPanel_Signals
        maps {
          kind
          ...MapStatsLine_Map
        }
      }
      preprocessing
      frames {
        index
        timeSec
        memberName
        pFake
        subject
        width
        height
        thumbnailUrl
        faces {
          track
          box {
            x
            y
            width
            height
          }
          score
          pFake
        }
      }
      tracks {
        id
        primary
        frames
        meanPFake
        maxPFake
        fractionAbove
      }
      segments {
        startSec
        endSec
        firstFrame
        lastFrame
        peak
        track
      }
    }
    verdicts {
      ...VerdictBanner_Verdict
    }
  }
  case(id: $caseId) {
    id
    title
    status
    myRole
  }
}
    fragment ForensicSignalsPanel_Signals on ForensicSignals {
  jpeg {
    ...JpegSignalsView_Jpeg
  }
  metadata {
    ...MetadataSignalsView_Metadata
  }
  hashes {
    ...HashesView_Hashes
  }
}
fragment HashesView_Hashes on PerceptualHashes {
  phash
  dhash
}
fragment JpegSignalsView_Jpeg on JpegSignals {
  isJpeg
  estimatedQuality
  doubleCompression {
    suspected
    score
    method
    explanation
  }
  progressive
  subsampling
  quantizationTables {
    id
    values
  }
}
fragment MapStatsLine_Map on MapSignals {
  stats {
    mean
    p99
    max
  }
  parameters {
    name
    value
  }
}
fragment MetadataSignalsView_Metadata on MetadataSignals {
  camera {
    make
    model
  }
  software
  timestamps {
    original
    digitized
    modified
  }
  gpsPresent
  gps {
    latitude
    longitude
  }
  missing
  contradictions
  raw
}
fragment VerdictBanner_Verdict on Verdict {
  id
  value
  createdAt
  rationale
  analysisIds
  supersedesId
  givenBy {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<MediaQuery, MediaQueryVariables>;
export const GiveVerdictDocument = new TypedDocumentString(`
    mutation GiveVerdict($mediaId: ID!, $value: VerdictValue!, $rationale: String!, $analysisIds: [ID!]) {
  giveVerdict(
    mediaId: $mediaId
    value: $value
    rationale: $rationale
    analysisIds: $analysisIds
  ) {
    ...VerdictBanner_Verdict
  }
}
    fragment VerdictBanner_Verdict on Verdict {
  id
  value
  createdAt
  rationale
  analysisIds
  supersedesId
  givenBy {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<GiveVerdictMutation, GiveVerdictMutationVariables>;
export const SimilarDocument = new TypedDocumentString(`
    query Similar($id: ID!, $space: SimilaritySpace!, $scope: SimilarityScope!) {
  similar(mediaId: $id, space: $space, scope: $scope, k: 12) {
    score
    distance
    kind
    matchedFace {
      faceIndex
    }
    media {
      id
      caseId
      originalName
      url
    }
    knownFake {
      id
      originalName
      family
      source
      generator
      promotedFromMediaId
    }
  }
}
    `) as unknown as TypedDocumentString<SimilarQuery, SimilarQueryVariables>;
export const CaseReportsDocument = new TypedDocumentString(`
    query CaseReports($id: ID!) {
  case(id: $id) {
    id
    reports {
      ...ReportItem_Report
    }
  }
}
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
}`) as unknown as TypedDocumentString<CaseReportsQuery, CaseReportsQueryVariables>;
export const GenerateReportDocument = new TypedDocumentString(`
    mutation GenerateReport($caseId: ID!, $options: ReportOptionsInput) {
  generateReport(caseId: $caseId, options: $options) {
    ...ReportItem_Report
  }
}
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
}`) as unknown as TypedDocumentString<GenerateReportMutation, GenerateReportMutationVariables>;
