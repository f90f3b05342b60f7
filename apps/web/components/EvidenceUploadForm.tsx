'use client';

import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { formatBytes } from '@/lib/format';
import { UploadAbortedError, uploadEvidence, type UploadOutcome, type UploadProgress } from '@/lib/upload';
import { Alert } from './Alert';
import { ProgressBar } from './ProgressBar';
import { UploadResults } from './UploadResults';
import styles from './EvidenceUploadForm.module.css';

/**
 * What the API accepts (it checks the bytes, not this list): images, videos, and zips of face
 * crops. Extensions too, because browsers do not know every container's type (e.g. .mkv).
 */
export const ACCEPTED_TYPES = [
  'image/jpeg,image/png,image/webp,image/tiff,image/avif',
  'video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.m4v,.mov,.webm,.mkv',
  'application/zip,application/x-zip-compressed,.zip',
].join(',');
/** At most this many files per upload (each file is its own request; see UPLOADS_AT_ONCE). */
const MAX_FILES = 20;
/**
 * Files go one request each, so each has its own progress and its own refusal, and a refused or
 * interrupted file does not take the others with it; a few at a time keep the connection busy
 * without starving each other's progress.
 */
const UPLOADS_AT_ONCE = 3;

interface EvidenceUploadFormProps {
  caseId: string;
  /** Called after the API answered every file, whatever it accepted. */
  onUploaded: (outcome: UploadOutcome) => void;
}

type FileState =
  | { kind: 'waiting' }
  | { kind: 'sending'; progress: UploadProgress }
  | { kind: 'done'; outcome: UploadOutcome }
  | { kind: 'failed'; message: string };

interface Tracked {
  key: string;
  file: File;
  state: FileState;
}

function progressText(progress: UploadProgress): string {
  if (progress.total === null) return `${formatBytes(progress.loaded)} sent`;
  return `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`;
}

/** The per-file outcomes as one, for the results list; a request-level refusal names its file. */
function combine(files: Tracked[]): UploadOutcome {
  const combined: UploadOutcome = { status: 0, media: [], errors: [] };
  for (const { file, state } of files) {
    if (state.kind === 'done') {
      combined.media.push(...state.outcome.media);
      combined.errors.push(...state.outcome.errors.map((e) => ({ ...e, filename: e.filename ?? file.name })));
      combined.status = Math.max(combined.status, state.outcome.status);
    } else if (state.kind === 'failed') {
      combined.errors.push({ filename: file.name, code: 'UPLOAD_FAILED', message: state.message });
    }
  }
  return combined;
}

function FileRow({ item }: { item: Tracked }) {
  const { file, state } = item;
  let bar: { value: number | null; text: string } | null = null;
  let line: string;
  if (state.kind === 'waiting') {
    line = 'Waiting…';
  } else if (state.kind === 'sending') {
    const { loaded, total } = state.progress;
    const sent = total !== null && loaded >= total;
    const percent = total ? Math.min(100, (loaded / total) * 100) : 0;
    bar = sent
      ? { value: null, text: 'Checking the file on the server' }
      : { value: percent, text: progressText(state.progress) };
    line = sent ? 'Sent, being checked…' : `${Math.floor(percent)}% (${progressText(state.progress)})`;
  } else if (state.kind === 'failed') {
    line = state.message;
  } else {
    const refused = state.outcome.errors[0];
    const accepted = state.outcome.media[0];
    line = refused
      ? `Refused: ${refused.message}`
      : accepted?.duplicate
        ? 'Already in this case'
        : 'Uploaded';
  }
  const failed = state.kind === 'failed' || (state.kind === 'done' && state.outcome.errors.length > 0);
  return (
    <li className={styles.file} data-testid="upload-file" data-state={failed ? 'failed' : state.kind}>
      <span className={styles.fileName}>{file.name}</span>
      <span className="muted">{formatBytes(file.size)}</span>
      {bar ? <ProgressBar label={`Upload of ${file.name}`} value={bar.value} valueText={bar.text} /> : null}
      <span className={failed ? `${styles.fileLine} ${styles.fileLineError}` : styles.fileLine}>{line}</span>
    </li>
  );
}

export function EvidenceUploadForm({ caseId, onUploaded }: EvidenceUploadFormProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const aborts = useRef(new Set<() => void>());
  const cancelled = useRef(false);
  const [files, setFiles] = useState<File[]>([]);
  const [tracked, setTracked] = useState<Tracked[]>([]);
  const [uploading, setUploading] = useState(false);
  const [outcome, setOutcome] = useState<UploadOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  // Leaving the page cancels the uploads in flight.
  useEffect(() => {
    const pending = aborts.current;
    return () => pending.forEach((abort) => abort());
  }, []);

  const setState = (key: string, state: FileState) =>
    setTracked((current) => current.map((item) => (item.key === key ? { ...item, state } : item)));

  async function upload(chosen: File[]) {
    if (uploading) return;
    if (chosen.length === 0) {
      setError('Choose one or more files to upload.');
      return;
    }
    if (chosen.length > MAX_FILES) {
      setError(`Choose at most ${MAX_FILES} files per upload.`);
      return;
    }
    setError(null);
    setOutcome(null);
    setUploading(true);
    cancelled.current = false;
    const batch = Date.now();
    const items: Tracked[] = chosen.map((file, i) => ({
      key: `${batch}-${i}`,
      file,
      state: { kind: 'waiting' },
    }));
    setTracked(items);
    const finished = new Map<string, FileState>();
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        let state: FileState;
        if (cancelled.current) {
          state = { kind: 'failed', message: 'Upload cancelled.' };
        } else {
          setState(item.key, { kind: 'sending', progress: { loaded: 0, total: item.file.size } });
          const handle = uploadEvidence(caseId, [item.file], (progress) =>
            setState(item.key, { kind: 'sending', progress }),
          );
          aborts.current.add(handle.abort);
          try {
            state = { kind: 'done', outcome: await handle.promise };
          } catch (caught) {
            state = {
              kind: 'failed',
              message: caught instanceof UploadAbortedError ? 'Upload cancelled.' : (caught as Error).message,
            };
          } finally {
            aborts.current.delete(handle.abort);
          }
        }
        finished.set(item.key, state);
        setState(item.key, state);
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOADS_AT_ONCE, items.length) }, worker));
    const result = combine(items.map((item) => ({ ...item, state: finished.get(item.key)! })));
    setUploading(false);
    setOutcome(result);
    setFiles([]);
    if (inputRef.current) inputRef.current.value = '';
    onUploaded(result);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void upload(files);
  }

  // Dropping files starts their upload at once; the file input and the button remain the way to
  // do the same from the keyboard.
  const dropHandlers = {
    onDragEnter: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = uploading ? 'none' : 'copy';
    },
    onDragLeave: (event: DragEvent) => {
      if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
      setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      setDragging(false);
      const dropped = Array.from(event.dataTransfer.files);
      if (dropped.length === 0) return;
      if (uploading) {
        setError('Wait for the current upload to finish, then drop more files.');
        return;
      }
      void upload(dropped);
    },
  };

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const done = tracked.filter((item) => item.state.kind === 'done' || item.state.kind === 'failed').length;

  return (
    <form className="form upload-form" onSubmit={handleSubmit} noValidate aria-labelledby="upload-heading">
      <h3 id="upload-heading" className="form__title">
        Add evidence
      </h3>
      <div
        className={dragging ? `${styles.dropZone} ${styles.dropZoneActive}` : styles.dropZone}
        data-testid="evidence-drop-zone"
        {...dropHandlers}
      >
        <p className={styles.dropText} aria-hidden="true">
          {dragging ? 'Drop to upload' : 'Drop files here to upload them, or choose them below.'}
        </p>
        <div className="form__row">
          <div className="field field--grow">
            <label htmlFor="evidence-files">Evidence files</label>
            <input
              ref={inputRef}
              id="evidence-files"
              name="file"
              type="file"
              multiple
              accept={ACCEPTED_TYPES}
              aria-describedby="evidence-files-hint"
              disabled={uploading}
              onChange={(event) => {
                setFiles(Array.from(event.target.files ?? []));
                setError(null);
              }}
            />
            <p id="evidence-files-hint" className="field__hint">
              Images (JPEG, PNG, WebP, TIFF, AVIF), videos (MP4, MOV, WebM, MKV) or a .zip of face-crop
              sequences, up to {MAX_FILES} files at a time; you can also drop them onto this box. Originals
              are stored unchanged and fingerprinted with SHA-256 as they arrive.
              {files.length > 0
                ? ` Selected: ${files.length === 1 ? '1 file' : `${files.length} files`}, ${formatBytes(totalBytes)}.`
                : null}
            </p>
          </div>
          <button type="submit" className="button" disabled={uploading}>
            {uploading ? 'Uploading…' : 'Upload'}
          </button>
        </div>
      </div>

      {tracked.length > 0 && uploading ? (
        <div className="upload-progress">
          <div className="upload-progress__row">
            <p className="muted" aria-live="polite">
              {`Uploading ${tracked.length === 1 ? '1 file' : `${tracked.length} files`}: ${done} finished.`}
            </p>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                cancelled.current = true;
                aborts.current.forEach((abort) => abort());
              }}
            >
              Cancel upload
            </button>
          </div>
          <ul className={styles.files} aria-label="Files being uploaded">
            {tracked.map((item) => (
              <FileRow key={item.key} item={item} />
            ))}
          </ul>
        </div>
      ) : null}

      <Alert message={error} />
      {outcome ? <UploadResults caseId={caseId} outcome={outcome} /> : null}
    </form>
  );
}
