'use client';

import { useState } from 'react';

/**
 * The API's small JPEG of an image item: a few kilobytes instead of the original, audited as a
 * thumbnail view (hidden in the timeline by default), not as a read of the evidence bytes.
 */
export const mediaThumbnailUrl = (mediaId: string) => `/api/media/${encodeURIComponent(mediaId)}/thumbnail`;

/** A small, lazily loaded preview of the original; a placeholder when the browser cannot show it (e.g. TIFF). */
export function EvidenceThumbnail({ url, name }: { url: string; name: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <span className="thumb thumb--none" title={`No preview for ${name}`}>
        No preview
      </span>
    );
  }
  return (
    <img
      className="thumb"
      src={url}
      alt={`Preview of ${name}`}
      loading="lazy"
      onError={() => setFailed(true)}
    />
  );
}
