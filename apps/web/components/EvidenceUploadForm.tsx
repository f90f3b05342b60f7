'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatBytes } from '@/lib/format';
import { UploadAbortedError, uploadEvidence, type UploadOutcome, type UploadProgress } from '@/lib/upload';
import { Alert } from './Alert';
import { ProgressBar } from './ProgressBar';
import { UploadResults } from './UploadResults';

/**
 * What the API accepts (it checks the bytes, not this list): images, videos, and zips of face
 * crops. Extensions too, because browsers do not know every container's type (e.g. .mkv).
 */
export const ACCEPTED_TYPES = [
  'image/jpeg,image/png,image/webp,image/tiff,image/avif',
  'video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.m4v,.mov,.webm,.mkv',
  'application/zip,application/x-zip-compressed,.zip',
].join(',');
/** The API takes at most this many files per request. */
const MAX_FILES = 20;

interface EvidenceUploadFormProps {
  caseId: string;
  /** Called after the API answered, whatever it accepted. */
  onUploaded: (outcome: UploadOutcome) => void;
}

function progressText(progress: UploadProgress): string {
  if (progress.total === null) return `${formatBytes(progress.loaded)} sent`;
  return `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`;
}

export function EvidenceUploadForm({ caseId, onUploaded }: EvidenceUploadFormProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<(() => void) | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [outcome, setOutcome] = useState<UploadOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const uploading = progress !== null;

  // Leaving the page cancels an upload in flight.
  useEffect(() => () => abortRef.current?.(), []);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (uploading) return;
    if (files.length === 0) {
      setError('Choose one or more image files to upload.');
      return;
    }
    if (files.length > MAX_FILES) {
      setError(`Choose at most ${MAX_FILES} files per upload.`);
      return;
    }
    setError(null);
    setOutcome(null);
    setProgress({ loaded: 0, total: files.reduce((sum, file) => sum + file.size, 0) });
    const handle = uploadEvidence(caseId, files, setProgress);
    abortRef.current = handle.abort;
    try {
      const result = await handle.promise;
      setOutcome(result);
      setFiles([]);
      if (inputRef.current) inputRef.current.value = '';
      onUploaded(result);
    } catch (caught) {
      setError(caught instanceof UploadAbortedError ? 'Upload cancelled.' : (caught as Error).message);
    } finally {
      abortRef.current = null;
      setProgress(null);
    }
  }

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const percent = progress?.total ? Math.min(100, (progress.loaded / progress.total) * 100) : 0;
  const sent = progress !== null && progress.total !== null && progress.loaded >= progress.total;

  return (
    <form className="form upload-form" onSubmit={handleSubmit} noValidate aria-labelledby="upload-heading">
      <h3 id="upload-heading" className="form__title">
        Add evidence
      </h3>
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
            sequences, up to {MAX_FILES} files at a time. Originals are stored unchanged and fingerprinted
            with SHA-256 as they arrive.
            {files.length > 0
              ? ` Selected: ${files.length === 1 ? '1 file' : `${files.length} files`}, ${formatBytes(totalBytes)}.`
              : null}
          </p>
        </div>
        <button type="submit" className="button" disabled={uploading}>
          {uploading ? 'Uploading…' : 'Upload'}
        </button>
      </div>

      {progress ? (
        <div className="upload-progress">
          <ProgressBar
            label="Upload progress"
            value={sent ? null : percent}
            valueText={sent ? 'Checking the files on the server' : progressText(progress)}
          />
          <div className="upload-progress__row">
            <p className="muted" aria-live="polite">
              {sent
                ? 'Sent. The server is checking and fingerprinting the files…'
                : `Uploading… ${Math.floor(percent)}% (${progressText(progress)})`}
            </p>
            {sent ? null : (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => abortRef.current?.()}
              >
                Cancel upload
              </button>
            )}
          </div>
        </div>
      ) : null}

      <Alert message={error} />
      {outcome ? <UploadResults caseId={caseId} outcome={outcome} /> : null}
    </form>
  );
}
