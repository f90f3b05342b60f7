/**
 * Issue 10 item 3: comparing an item side by side with a match, and searching with a dropped image.
 * GraphQL for the comparison; the query image goes through the API's one multipart intake
 * (`POST /api/similar`), which hashes it, forgets its bytes and audits the query.
 */
import { graphql } from './gql';
import type { ManipulationFamily, SimilarityScope, SimilarItem } from './types';

/** What `?with=` names: other evidence by id, or a known fake as `knownFake:<id>`. */
export type CompareTarget = { mediaId: string } | { knownFakeId: string };

const KNOWN_FAKE_PREFIX = 'knownFake:';

export function parseCompareTarget(value: string | null | undefined): CompareTarget | null {
  if (!value) return null;
  if (value.startsWith(KNOWN_FAKE_PREFIX)) {
    const id = value.slice(KNOWN_FAKE_PREFIX.length);
    return id ? { knownFakeId: id } : null;
  }
  return { mediaId: value };
}

/** The comparison page of `mediaId` (in `caseId`) with a target. */
export function compareHref(caseId: string, mediaId: string, target: CompareTarget): string {
  const value = 'mediaId' in target ? target.mediaId : `${KNOWN_FAKE_PREFIX}${target.knownFakeId}`;
  return `/cases/${encodeURIComponent(caseId)}/media/${encodeURIComponent(mediaId)}/compare?with=${encodeURIComponent(value)}`;
}

/** A known fake's own picture: readable by everyone signed in, each read audited by the API. */
export const knownFakeUrl = (id: string) => `/api/known-fakes/${encodeURIComponent(id)}/original`;

/**
 * Both items of a comparison, with how close they are in each space both have vectors in (a
 * missing space is left out, never guessed). Typed from the document: ComparisonQuery in lib/gql.
 */
export const COMPARISON_QUERY = graphql(`
  query Comparison($mediaId: ID!, $withMediaId: ID, $withKnownFakeId: ID) {
    comparison(mediaId: $mediaId, withMediaId: $withMediaId, withKnownFakeId: $withKnownFakeId) {
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
`);

export const comparisonVariables = (mediaId: string, target: CompareTarget) => ({
  mediaId,
  withMediaId: 'mediaId' in target ? target.mediaId : null,
  withKnownFakeId: 'knownFakeId' in target ? target.knownFakeId : null,
});

/** How many hits a query-image search asks for. */
export const QUERY_IMAGE_K = 12;

/** Where a dropped image is searched: the API accepts these three. */
export const QUERY_IMAGE_SCOPES: readonly SimilarityScope[] = ['THIS_CASE', 'MY_CASES', 'KNOWN_FAKES'];

export interface QueryImageAnswer {
  phash: string;
  items: SimilarItem[];
}

export class QueryImageError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'QueryImageError';
  }
}

interface RawItem {
  score: number;
  distance: number;
  kind: 'MEDIA' | 'KNOWN_FAKE';
  media: { id: string; caseId: string; originalName: string; url: string } | null;
  knownFake: {
    id: string;
    originalName: string;
    family: ManipulationFamily;
    source: string | null;
    generator: string | null;
    promotedFromMediaId: string | null;
  } | null;
}

/**
 * Searches with an image that is not evidence: PHASH only (detector and face vectors need the
 * worker's models). The API keeps nothing of the file but its hashes in the audit trail.
 */
export async function searchByImage(
  file: File,
  options: { scope: SimilarityScope; caseId: string; signal?: AbortSignal },
): Promise<QueryImageAnswer> {
  const params = new URLSearchParams({ space: 'PHASH', scope: options.scope, k: String(QUERY_IMAGE_K) });
  if (options.scope === 'THIS_CASE') params.set('caseId', options.caseId);
  const form = new FormData();
  form.append('file', file, file.name || 'query-image');
  let response: Response;
  try {
    response = await fetch(`/api/similar?${params.toString()}`, {
      method: 'POST',
      // Cookie-authenticated multipart requests must carry this header (CSRF protection).
      headers: { 'X-Loupe-CSRF': '1' },
      body: form,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new QueryImageError(
      'The search could not reach Loupe. Check your connection and try again.',
      'NETWORK',
    );
  }
  const body = (await response.json().catch(() => null)) as {
    phash?: string;
    results?: RawItem[];
    error?: { code?: string; message?: string };
  } | null;
  if (!response.ok || !body?.results) {
    throw new QueryImageError(
      body?.error?.message ?? `The search failed (HTTP ${response.status}).`,
      body?.error?.code ?? 'HTTP',
    );
  }
  return {
    phash: body.phash ?? '',
    items: body.results.map((r) => ({
      score: r.score,
      distance: r.distance,
      kind: r.kind,
      matchedFace: null,
      media: r.media
        ? { id: r.media.id, caseId: r.media.caseId, originalName: r.media.originalName, url: r.media.url }
        : null,
      knownFake: r.knownFake
        ? {
            id: r.knownFake.id,
            originalName: r.knownFake.originalName,
            family: r.knownFake.family,
            source: r.knownFake.source,
            generator: r.knownFake.generator,
            promotedFromMediaId: r.knownFake.promotedFromMediaId,
          }
        : null,
    })),
  };
}
