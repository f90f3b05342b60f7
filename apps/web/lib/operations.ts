/**
 * The web's GraphQL operations, written with graphql() from lib/gql (generated from the API's
 * schema.graphql by `npm run generate:web-types`), so graphqlRequest infers each result and its
 * variables. Fragments live beside the components that render them (`...EvidenceList_Media` is in
 * components/EvidenceList.tsx); the generator appends their definitions to these documents.
 */
// Only lib/gql is imported here: the API's SQL-per-request test and bench:api send these documents.
import { graphql } from './gql';
import type { CaseMediaQuery } from './gql/graphql';

export const ME_QUERY = graphql(`
  query Me {
    me {
      id
      email
      displayName
      role
    }
  }
`);

export const LOGIN_MUTATION = graphql(`
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
`);

export const LOGOUT_MUTATION = graphql(`
  mutation Logout {
    logout
  }
`);

export const CASES_QUERY = graphql(`
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
`);

export const CREATE_CASE_MUTATION = graphql(`
  mutation CreateCase($input: CreateCaseInput!) {
    createCase(input: $input) {
      ...CaseList_Case
    }
  }
`);

export const CASE_QUERY = graphql(`
  query Case($id: ID!) {
    case(id: $id) {
      ...CaseView_Case
    }
  }
`);

export const UPDATE_CASE_MUTATION = graphql(`
  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!) {
    updateCase(id: $id, input: $input) {
      ...CaseView_Case
    }
  }
`);

export const ADD_CASE_MEMBER_MUTATION = graphql(`
  mutation AddCaseMember($caseId: ID!, $email: String!, $role: CaseRole!) {
    addCaseMember(caseId: $caseId, email: $email, role: $role) {
      ...CaseView_Case
    }
  }
`);

export const REMOVE_CASE_MEMBER_MUTATION = graphql(`
  mutation RemoveCaseMember($caseId: ID!, $userId: ID!) {
    removeCaseMember(caseId: $caseId, userId: $userId) {
      ...CaseView_Case
    }
  }
`);

export const SET_CASE_STATUS_MUTATION = graphql(`
  mutation SetCaseStatus($caseId: ID!, $status: CaseStatus!, $reason: String) {
    setCaseStatus(caseId: $caseId, status: $status, reason: $reason) {
      ...CaseView_Case
    }
  }
`);

export const SET_CASE_TAGS_MUTATION = graphql(`
  mutation SetCaseTags($caseId: ID!, $tags: [String!]!) {
    setCaseTags(caseId: $caseId, tags: $tags) {
      ...CaseView_Case
    }
  }
`);

export const SET_CASE_ASSIGNEE_MUTATION = graphql(`
  mutation SetCaseAssignee($caseId: ID!, $userId: ID!, $assigned: Boolean!) {
    setCaseAssignee(caseId: $caseId, userId: $userId, assigned: $assigned) {
      ...CaseView_Case
    }
  }
`);

/** How many notes a notes panel shows (newest first); the documents say 50, so the cost is known. */
export const NOTES_SHOWN = 50;

export const CASE_NOTES_QUERY = graphql(`
  query CaseNotes($id: ID!) {
    case(id: $id) {
      id
      notes(first: 50) {
        ...NotesPanel_Notes
      }
    }
  }
`);

export const MEDIA_NOTES_QUERY = graphql(`
  query MediaNotes($id: ID!) {
    media(id: $id) {
      id
      notes(first: 50) {
        ...NotesPanel_Notes
      }
    }
  }
`);

export const ADD_NOTE_MUTATION = graphql(`
  mutation AddNote($caseId: ID!, $mediaId: ID, $body: String!) {
    addNote(caseId: $caseId, mediaId: $mediaId, body: $body) {
      id
    }
  }
`);

export const CASE_MEDIA_QUERY = graphql(`
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
`);

/** `fragment EvidenceList_Media …` as the generator appended it to CASE_MEDIA_QUERY. */
const EVIDENCE_LIST_MEDIA_FRAGMENT = ((document: string) =>
  document.slice(document.indexOf('fragment EvidenceList_Media')).trim())(CASE_MEDIA_QUERY.toString());

/** The API refuses documents with more aliases than this (LOUPE_GRAPHQL_MAX_ALIASES defaults to 15). */
export const MEDIA_BATCH_MAX = 10;

/**
 * One request that re-reads several media items by id (to follow their analyses), as aliases
 * `m0`, `m1`, … with variables `$id0`, `$id1`, …. At most MEDIA_BATCH_MAX ids. Its size varies,
 * so it is assembled here around the generated `EvidenceList_Media` fragment and typed by it.
 */
export function mediaBatchQuery(count: number): string {
  const n = Math.max(1, Math.min(count, MEDIA_BATCH_MAX));
  const indexes = Array.from({ length: n }, (_, i) => i);
  const variables = indexes.map((i) => `$id${i}: ID!`).join(', ');
  const fields = indexes.map((i) => `m${i}: media(id: $id${i}) { ...EvidenceList_Media }`).join('\n  ');
  return `query MediaBatch(${variables}) {\n  ${fields}\n}\n${EVIDENCE_LIST_MEDIA_FRAGMENT}`;
}
/** Each alias holds an EvidenceList_Media reference, read with useFragment. */
export type MediaBatchResult = Record<string, CaseMediaQuery['case']['media']['edges'][number]['node']>;

export const MEDIA_QUERY = graphql(`
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
`);

export const GIVE_VERDICT_MUTATION = graphql(`
  mutation GiveVerdict($mediaId: ID!, $value: VerdictValue!, $rationale: String!, $analysisIds: [ID!]) {
    giveVerdict(mediaId: $mediaId, value: $value, rationale: $rationale, analysisIds: $analysisIds) {
      ...VerdictBanner_Verdict
    }
  }
`);

/** How many hits "Find similar" asks for; the document says 12, so the cost is known. */
export const SIMILAR_K = 12;
export const SIMILAR_QUERY = graphql(`
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
`);

export const CASE_REPORTS_QUERY = graphql(`
  query CaseReports($id: ID!) {
    case(id: $id) {
      id
      reports {
        ...ReportItem_Report
      }
    }
  }
`);

export const GENERATE_REPORT_MUTATION = graphql(`
  mutation GenerateReport($caseId: ID!, $options: ReportOptionsInput) {
    generateReport(caseId: $caseId, options: $options) {
      ...ReportItem_Report
    }
  }
`);
