'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { COMPARISON_QUERY, comparisonVariables, parseCompareTarget } from '@/lib/compare-operations';
import { FAMILY_LABELS, SPACE_LABELS, formatDistance, formatScore, label } from '@/lib/format';
import type { ComparisonQuery } from '@/lib/gql/graphql';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { Alert } from './Alert';
import { CompareStage, type ComparePicture } from './CompareStage';
import styles from './CompareView.module.css';
import { FixtureMark } from './FixtureMark';
import { LoadingState } from './LoadingState';

type Comparison = ComparisonQuery['comparison'];

type State =
  { kind: 'loading' } | { kind: 'ready'; comparison: Comparison } | { kind: 'error'; message: string };

const sizeOf = (i: { width: number | null; height: number | null }) =>
  i.width && i.height ? { width: i.width, height: i.height } : null;

const mediaPath = (m: { caseId: string; id: string }) =>
  `/cases/${encodeURIComponent(m.caseId)}/media/${encodeURIComponent(m.id)}`;

function Match({
  other,
  knownFake,
}: {
  other: Comparison['otherMedia'] | null;
  knownFake: Comparison['knownFake'] | null;
}) {
  if (knownFake)
    return (
      <section className="card" aria-labelledby="compare-match-heading">
        <h2 id="compare-match-heading" className="card__title">
          Known fake
        </h2>
        <table className={styles.table} data-testid="compare-known-fake">
          <tbody>
            <tr>
              <th scope="row">Name</th>
              <td>{knownFake.originalName}</td>
            </tr>
            <tr>
              <th scope="row">Family</th>
              <td>{label(FAMILY_LABELS, knownFake.family)}</td>
            </tr>
            <tr>
              <th scope="row">Source</th>
              <td>{knownFake.source ?? 'not recorded'}</td>
            </tr>
            <tr>
              <th scope="row">Generator</th>
              <td>{knownFake.generator ?? 'not recorded'}</td>
            </tr>
            {knownFake.dataset ? (
              <tr>
                <th scope="row">Dataset</th>
                <td>{knownFake.dataset}</td>
              </tr>
            ) : null}
            {knownFake.notes ? (
              <tr>
                <th scope="row">Notes</th>
                <td>{knownFake.notes}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">SHA-256</th>
              <td>
                <code>{knownFake.sha256}</code>
              </td>
            </tr>
          </tbody>
        </table>
      </section>
    );
  if (!other) return null;
  return (
    <section className="card" aria-labelledby="compare-match-heading">
      <h2 id="compare-match-heading" className="card__title">
        Other evidence
      </h2>
      <table className={styles.table}>
        <tbody>
          <tr>
            <th scope="row">Name</th>
            <td>
              <Link href={mediaPath(other)}>{other.originalName}</Link>
            </td>
          </tr>
          <tr>
            <th scope="row">SHA-256</th>
            <td>
              <code>{other.sha256}</code>
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** An evidence item side by side with a similar item or a known fake, with how close they are. */
export function CompareView({
  caseId,
  mediaId,
  with: withValue,
}: {
  caseId: string;
  mediaId: string;
  with: string | null;
}) {
  const target = parseCompareTarget(withValue);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const targetKey = withValue ?? '';

  useEffect(() => {
    const parsed = parseCompareTarget(targetKey);
    if (!parsed) return;
    let live = true;
    setState({ kind: 'loading' });
    graphqlRequest(COMPARISON_QUERY, comparisonVariables(mediaId, parsed))
      .then((r) => live && setState({ kind: 'ready', comparison: r.comparison }))
      .catch((error: unknown) => live && setState({ kind: 'error', message: errorMessage(error) }));
    return () => {
      live = false;
    };
  }, [mediaId, targetKey]);

  const back = (
    <p className="breadcrumb">
      <Link href={`/cases/${encodeURIComponent(caseId)}/media/${encodeURIComponent(mediaId)}`}>
        ← Back to the item
      </Link>
    </p>
  );
  if (!target)
    return (
      <article className="media-page">
        {back}
        <Alert message="Nothing to compare with: open this page from a similar item or a known-fake match." />
      </article>
    );
  if (state.kind === 'loading') return <LoadingState label="Loading the comparison…" />;
  if (state.kind === 'error')
    return (
      <article className="media-page">
        {back}
        <Alert message={state.message} />
      </article>
    );

  const { media, otherMedia, knownFake, spaces } = state.comparison;
  const other = otherMedia ?? knownFake;
  const fixture = media.analysis?.detector?.model?.isTestFixture === true;
  const left: ComparePicture = {
    label: 'This item',
    name: media.originalName,
    src: media.url,
    size: sizeOf(media),
  };
  const right: ComparePicture | null = other
    ? {
        label: knownFake ? 'Known fake' : 'Other evidence',
        name: other.originalName,
        src: other.url,
        size: sizeOf(other),
      }
    : null;
  const stills = media.kind === 'IMAGE' && other?.kind === 'IMAGE';

  return (
    <article className="media-page" aria-labelledby="compare-title">
      {back}
      <header className="media-page__header">
        <p className="media-page__kicker">Comparison</p>
        <h1 id="compare-title">
          {media.originalName} and {other?.originalName ?? 'an item'}
        </h1>
      </header>
      <section className="card" aria-labelledby="compare-closeness-heading">
        <h2 id="compare-closeness-heading" className="card__title">
          How close they are
        </h2>
        {spaces.length === 0 ? (
          <p className="empty">
            No space in common: one of the two has no completed analysis with vectors yet.
          </p>
        ) : (
          <table className={styles.table} data-testid="compare-spaces">
            <thead>
              <tr>
                <th scope="col">Space</th>
                <th scope="col">Score</th>
                <th scope="col">Distance</th>
              </tr>
            </thead>
            <tbody>
              {spaces.map((s) => (
                <tr key={s.space} data-testid="compare-space">
                  <th scope="row">{SPACE_LABELS[s.space]}</th>
                  <td>
                    {formatScore(s.score)} <FixtureMark fixture={fixture && s.space === 'DETECTOR'} />
                  </td>
                  <td>{formatDistance(s.space, s.distance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="field__hint">
          Score 1 is identical. Perceptual hash: 1 − differing bits / 64; detector: cosine similarity (same
          model only); face: 1 − L2 / 2 for the closest pair of faces.
        </p>
      </section>
      {right && stills ? (
        <section className="card" aria-labelledby="compare-pictures-heading">
          <h2 id="compare-pictures-heading" className="card__title">
            Side by side
          </h2>
          <CompareStage left={left} right={right} />
        </section>
      ) : (
        <p className="empty">
          The side-by-side view is for still images; open each item&apos;s own page for its video or sequence.
        </p>
      )}
      <div className={styles.facts}>
        <Match other={otherMedia} knownFake={knownFake} />
      </div>
    </article>
  );
}
