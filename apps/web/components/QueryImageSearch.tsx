'use client';

import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import {
  QUERY_IMAGE_K,
  QUERY_IMAGE_SCOPES,
  knownFakeUrl,
  searchByImage,
  type QueryImageAnswer,
} from '@/lib/compare-operations';
import { SCOPE_LABELS, bitsToHex } from '@/lib/format';
import { errorMessage } from '@/lib/graphql';
import type { SimilarItem, SimilarityScope } from '@/lib/types';
import { Alert } from './Alert';
import { CompareStage } from './CompareStage';
import styles from './CompareView.module.css';
import { FileSize } from './FileSize';
import { SimilarResults } from './SimilarResults';

/** Scope labels for a search started from a case page (its own case is "this case"). */
const SCOPE_OPTION: Record<SimilarityScope, string> = {
  THIS_CASE: `${SCOPE_LABELS.THIS_CASE} (its evidence)`,
  MY_CASES: SCOPE_LABELS.MY_CASES,
  KNOWN_FAKES: SCOPE_LABELS.KNOWN_FAKES,
};

type Search =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'done'; scope: SimilarityScope; answer: QueryImageAnswer }
  | { kind: 'error'; message: string };

const pictureOf = (item: SimilarItem) =>
  item.media
    ? { src: item.media.url, name: item.media.originalName }
    : item.knownFake
      ? { src: knownFakeUrl(item.knownFake.id), name: item.knownFake.originalName }
      : null;

/**
 * "Is this picture already known?": an image that is NOT evidence (a screenshot, a forwarded
 * copy) is dropped here or chosen with the file input, and matched by perceptual hash against this
 * case, all the investigator's cases or the known fakes. The API keeps nothing of it but its
 * hashes in the audit trail; it never becomes evidence.
 */
export function QueryImageSearch({ caseId }: { caseId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [scope, setScope] = useState<SimilarityScope>('KNOWN_FAKES');
  const [search, setSearch] = useState<Search>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const [comparing, setComparing] = useState<SimilarItem | null>(null);
  const inputId = useId();
  const scopeId = useId();
  const running = useRef<AbortController | null>(null);

  // The preview is a local object URL: the browser shows the file without sending it anywhere else.
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  useEffect(() => {
    if (!file) return;
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setSearch({ kind: 'searching' });
    setComparing(null);
    searchByImage(file, { scope, caseId, signal: controller.signal })
      .then((answer) => {
        if (!controller.signal.aborted) setSearch({ kind: 'done', scope, answer });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setSearch({ kind: 'error', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [file, scope, caseId]);

  const take = (files: FileList | null | undefined) => {
    const chosen = files?.[0];
    if (chosen) setFile(chosen);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer?.files);
  };

  return (
    <section className="card" aria-labelledby="query-image-heading">
      <h2 id="query-image-heading" className="card__title">
        Search by image
      </h2>
      <p className="field__hint">
        Matches by <strong>perceptual hash only</strong> (resizes and re-encodes of the same picture).
        Detector and face similarity need the analysis worker&apos;s models and are not offered for a dropped
        image yet: to search by those, add the image to a case as evidence. The image is not added to any case
        and not kept: Loupe records its SHA-256 and hash in the audit trail, nothing else.
      </p>
      <div className="form__row">
        <div className="field">
          <label htmlFor={scopeId}>Search in</label>
          <select
            id={scopeId}
            value={scope}
            onChange={(event) => setScope(event.target.value as SimilarityScope)}
          >
            {QUERY_IMAGE_SCOPES.map((value) => (
              <option key={value} value={value}>
                {SCOPE_OPTION[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div
        className={over ? `${styles.dropzone} ${styles.dropzoneActive}` : styles.dropzone}
        data-testid="query-dropzone"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop an image here, or choose one:</p>
        <label htmlFor={inputId}>Query image (JPEG, PNG, WebP, TIFF or AVIF)</label>
        <input
          id={inputId}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/tiff,image/avif"
          onChange={(event) => take(event.currentTarget.files)}
        />
      </div>
      {file && preview ? (
        <div className={styles.queryRow} data-testid="query-image">
          <img className={styles.preview} src={preview} alt={`Query image ${file.name}`} />
          <div className={styles.queryFacts}>
            <p>
              <strong>{file.name || 'Dropped image'}</strong> · <FileSize bytes={file.size} />
            </p>
            {search.kind === 'done' && search.answer.phash ? (
              <p>
                Perceptual hash <code>{bitsToHex(search.answer.phash) ?? search.answer.phash}</code>
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
      {search.kind === 'searching' ? (
        <p className="loading" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          Searching {SCOPE_LABELS[scope].toLowerCase()}…
        </p>
      ) : null}
      {search.kind === 'error' ? <Alert message={search.message} /> : null}
      {search.kind === 'done' ? (
        <div data-testid="query-results">
          <p className="field__hint" role="status">
            Up to {QUERY_IMAGE_K} items by perceptual hash in {SCOPE_LABELS[search.scope].toLowerCase()}, most
            similar first.
          </p>
          <SimilarResults
            space="PHASH"
            scope={search.scope}
            items={search.answer.items}
            fixture={false}
            renderAction={(item) =>
              pictureOf(item) ? (
                <p className="similar-card__facts">
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={`Compare with the query: ${pictureOf(item)!.name}`}
                    onClick={() => setComparing(item)}
                  >
                    Compare
                  </button>
                </p>
              ) : null
            }
          />
        </div>
      ) : null}
      {comparing && preview && file && pictureOf(comparing) ? (
        <section aria-label="Query image compared" data-testid="query-compare">
          <CompareStage
            left={{ label: 'Query image', name: file.name || 'Dropped image', src: preview, size: null }}
            right={{
              label: comparing.knownFake ? 'Known fake' : 'Evidence',
              name: pictureOf(comparing)!.name,
              src: pictureOf(comparing)!.src,
              size: null,
            }}
          />
        </section>
      ) : null}
    </section>
  );
}
