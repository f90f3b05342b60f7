'use client';

import Link from 'next/link';
import { notFound, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { isAnalysisPending } from '@/lib/analysis';
import { galleryQuery, readGalleryView } from '@/lib/gallery-operations';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import { MEDIA_QUERY } from '@/lib/operations';
import { useCurrentUser } from '@/lib/session';
import type { MediaCase, MediaDetail, VerdictRef } from '@/lib/types';
import { usePolling } from '@/lib/usePolling';
import { Alert } from './Alert';
import { AnalysisPanel } from './AnalysisPanel';
import { FacesPanel } from './FacesPanel';
import { ForensicSignalsPanel } from './ForensicSignalsPanel';
import { LoadingState } from './LoadingState';
import { MediaFacts } from './MediaFacts';
import { MediaNavigation } from './MediaNavigation';
import { MediaPictures } from './MediaPictures';
import { NearDuplicateBanner } from './NearDuplicateBanner';
import { NotesPanel } from './NotesPanel';
import { PromoteToKnownFakes } from './PromoteToKnownFakes';
import { SimilarPanel } from './SimilarPanel';
import { TestFixtureBanner } from './TestFixtureBanner';
import { SequenceEvidence } from './SequenceEvidence';
import { VideoEvidence } from './VideoEvidence';
import { VerdictBanner } from './VerdictBanner';
import { VerdictPanel } from './VerdictPanel';

const POLL_MS = 1500;

type MediaState =
  | { kind: 'loading' }
  | { kind: 'ready'; media: MediaDetail; caseInfo: MediaCase }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'error'; message: string };

function BackLink({ caseId }: { caseId: string }) {
  // Back to the case page as it was shown: the same view, order and filter.
  const query = galleryQuery(readGalleryView(useSearchParams()));
  return (
    <p className="breadcrumb">
      <Link href={`/cases/${encodeURIComponent(caseId)}${query}`}>← Back to case</Link>
    </p>
  );
}

/** Why the viewer cannot give a verdict on this case's evidence, or null when they can. */
function verdictReadOnlyReason(caseInfo: MediaCase, isAdmin: boolean): string | null {
  if (caseInfo.status === 'CLOSED')
    return 'This case is closed and read-only. Reopen it (with a reason) to give a verdict.';
  if (!caseInfo.myRole && !isAdmin) return 'Only members of the case give verdicts.';
  return null;
}

/** Why the viewer cannot add notes on this item, or null when they can. */
function notesReadOnlyReason(caseInfo: MediaCase, isAdmin: boolean): string | null {
  if (caseInfo.status === 'CLOSED') return 'The case is closed: notes cannot be added until it is reopened.';
  if (!isAdmin && caseInfo.myRole !== 'LEAD' && caseInfo.myRole !== 'INVESTIGATOR')
    return 'Your role in this case does not allow adding notes.';
  return null;
}

/** One piece of evidence: its facts, its analysis (followed live until done) and the pictures. */
export function MediaView({ caseId, mediaId }: { caseId: string; mediaId: string }) {
  const router = useRouter();
  const user = useCurrentUser();
  const [state, setState] = useState<MediaState>({ kind: 'loading' });
  const [pollError, setPollError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let active = true;
    setState({ kind: 'loading' });
    graphqlRequest(MEDIA_QUERY, { id: mediaId, caseId })
      .then(({ media, case: caseInfo }) => {
        if (active) setState({ kind: 'ready', media, caseInfo });
      })
      .catch((error: unknown) => {
        if (!active) return;
        switch (errorCode(error)) {
          case 'UNAUTHENTICATED':
            router.replace('/login');
            return;
          case 'NOT_FOUND':
          case 'BAD_USER_INPUT':
            setState({ kind: 'not-found' });
            return;
          case 'FORBIDDEN':
            setState({ kind: 'forbidden' });
            return;
          default:
            setState({ kind: 'error', message: errorMessage(error) });
        }
      });
    return () => {
      active = false;
    };
  }, [mediaId, caseId, router, reloadKey]);

  const pending = state.kind === 'ready' && isAnalysisPending(state.media.analysis);
  usePolling(pending, POLL_MS, async () => {
    try {
      const { media, case: caseInfo } = await graphqlRequest(MEDIA_QUERY, {
        id: mediaId,
        caseId,
      });
      setState({ kind: 'ready', media, caseInfo });
      setPollError(null);
    } catch (error) {
      if (errorCode(error) === 'UNAUTHENTICATED') {
        router.replace('/login');
        return;
      }
      setPollError(`Could not refresh the analysis: ${errorMessage(error)}`);
    }
  });

  switch (state.kind) {
    case 'loading':
      return <LoadingState label="Loading evidence…" />;
    case 'not-found':
      // The app's 404 page (app/not-found.tsx), as for a route that does not exist.
      return notFound();
    case 'forbidden':
      return (
        <div className="notice-page">
          <BackLink caseId={caseId} />
          <h1>Access denied</h1>
          <p className="muted">You do not have permission to view this evidence.</p>
        </div>
      );
    case 'error':
      return (
        <div className="notice-page">
          <BackLink caseId={caseId} />
          <Alert message={state.message} />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setReloadKey((n) => n + 1)}
          >
            Try again
          </button>
        </div>
      );
    case 'ready': {
      const { media, caseInfo } = state;
      const fixture = media.analysis?.detector?.model?.isTestFixture === true;
      const addVerdict = (verdict: VerdictRef) =>
        setState({ ...state, media: { ...media, verdicts: [verdict, ...media.verdicts] } });
      return (
        <article className="media-page">
          <BackLink caseId={media.caseId} />
          <MediaNavigation caseId={media.caseId} mediaId={media.id} />
          <header className="media-page__header">
            <p className="media-page__kicker">Evidence</p>
            <h1 id="media-title">{media.originalName}</h1>
          </header>
          <VerdictBanner verdicts={media.verdicts} />
          <NearDuplicateBanner matches={media.analysis?.nearDuplicates ?? []} fixture={fixture} />
          {fixture ? <TestFixtureBanner /> : null}
          <Alert message={pollError} />
          <div className="media-page__columns">
            <MediaFacts media={media} />
            <AnalysisPanel analysis={media.analysis} />
          </div>
          {media.kind === 'VIDEO' ? (
            <VideoEvidence media={media} fixture={fixture} />
          ) : media.kind === 'SEQUENCE' ? (
            <SequenceEvidence media={media} fixture={fixture} />
          ) : (
            <>
              <MediaPictures media={media} />
              <FacesPanel analysis={media.analysis} />
            </>
          )}
          <ForensicSignalsPanel analysis={media.analysis} />
          <SimilarPanel mediaId={media.id} fixture={fixture} />
          <VerdictPanel
            mediaId={media.id}
            analysis={media.analysis}
            readOnlyReason={verdictReadOnlyReason(caseInfo, user.role === 'ADMIN')}
            onGiven={addVerdict}
          />
          <NotesPanel
            caseId={media.caseId}
            mediaId={media.id}
            readOnlyReason={notesReadOnlyReason(caseInfo, user.role === 'ADMIN')}
          />
          {user.role === 'ADMIN' ? <PromoteToKnownFakes mediaId={media.id} /> : null}
        </article>
      );
    }
  }
}
