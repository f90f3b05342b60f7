'use client';

import { useState } from 'react';

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
