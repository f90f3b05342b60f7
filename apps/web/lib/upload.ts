/**
 * Evidence upload: `POST /api/cases/:caseId/media` (multipart, parts named `file`) through the
 * web origin's /api proxy. XMLHttpRequest rather than fetch, for upload progress events.
 */

/** A file the API accepted (or already had in this case: `duplicate`). */
export interface UploadedMedia {
  filename: string;
  id: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  duplicate: boolean;
  analysisId: string | null;
}

/** A file (or, with no filename, the whole request) the API refused. */
export interface UploadRefusal {
  filename: string | null;
  code: string;
  message: string;
}

export interface UploadOutcome {
  /** HTTP status: 201 all accepted, 207 some refused, 4xx/5xx all refused; 0 if no answer came. */
  status: number;
  media: UploadedMedia[];
  errors: UploadRefusal[];
}

export interface UploadProgress {
  loaded: number;
  /** Null when the browser cannot tell the total size. */
  total: number | null;
}

export interface UploadHandle {
  promise: Promise<UploadOutcome>;
  abort: () => void;
}

export class UploadAbortedError extends Error {
  constructor() {
    super('The upload was cancelled.');
    this.name = 'UploadAbortedError';
  }
}

export function uploadUrl(caseId: string): string {
  return `/api/cases/${encodeURIComponent(caseId)}/media`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readMedia(value: unknown): UploadedMedia[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (!isRecord(item) || typeof item['id'] !== 'string') return [];
    return [
      {
        filename: typeof item['filename'] === 'string' ? item['filename'] : '',
        id: item['id'],
        sha256: typeof item['sha256'] === 'string' ? item['sha256'] : '',
        sizeBytes: typeof item['sizeBytes'] === 'number' ? item['sizeBytes'] : 0,
        mimeType: typeof item['mimeType'] === 'string' ? item['mimeType'] : '',
        duplicate: item['duplicate'] === true,
        analysisId: typeof item['analysisId'] === 'string' ? item['analysisId'] : null,
      },
    ];
  });
}

function readErrors(value: unknown): UploadRefusal[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (!isRecord(item)) return [];
    const message = typeof item['message'] === 'string' && item['message'] ? item['message'] : null;
    return [
      {
        filename: typeof item['filename'] === 'string' && item['filename'] ? item['filename'] : null,
        code: typeof item['code'] === 'string' ? item['code'] : 'INTERNAL_SERVER_ERROR',
        message: message ?? 'The file was refused.',
      },
    ];
  });
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again, then upload.';
  if (status === 413) return 'The upload is too large.';
  if (status === 502 || status === 503) return 'The Loupe API is unreachable. Please try again shortly.';
  return `The upload failed (HTTP ${status}).`;
}

/** Reads the API's JSON answer; anything else becomes one request-level refusal. */
export function parseUploadResponse(status: number, text: string): UploadOutcome {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (isRecord(body) && (Array.isArray(body['media']) || Array.isArray(body['errors']))) {
    const outcome = { status, media: readMedia(body['media']), errors: readErrors(body['errors']) };
    if (status >= 400 && outcome.errors.length === 0) {
      outcome.errors.push({ filename: null, code: 'HTTP_ERROR', message: fallbackMessage(status) });
    }
    return outcome;
  }
  // e.g. the proxy's `{ error: { code, message } }` when the API is down.
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : null;
  const message = error && typeof error['message'] === 'string' ? error['message'] : fallbackMessage(status);
  const code = error && typeof error['code'] === 'string' ? error['code'] : 'HTTP_ERROR';
  return { status, media: [], errors: [{ filename: null, code, message }] };
}

/**
 * Sends `files` to the case in one multipart request. Resolves with the API's per-file outcome
 * (also for 4xx answers); rejects with UploadAbortedError when aborted, or an Error when no answer
 * arrives at all.
 */
export function uploadEvidence(
  caseId: string,
  files: readonly File[],
  onProgress: (progress: UploadProgress) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadOutcome>((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);

    xhr.open('POST', uploadUrl(caseId));
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    // Cookie-authenticated uploads must carry this header (CSRF protection).
    xhr.setRequestHeader('X-Loupe-CSRF', '1');

    xhr.upload.onprogress = (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : null });
    };
    xhr.onload = () => resolve(parseUploadResponse(xhr.status, xhr.responseText));
    xhr.onerror = () =>
      reject(
        new Error(
          'The upload was interrupted before the server answered. Check your connection; very large files may also exceed the server’s size limit.',
        ),
      );
    xhr.ontimeout = () => reject(new Error('The upload timed out.'));
    xhr.onabort = () => reject(new UploadAbortedError());

    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
