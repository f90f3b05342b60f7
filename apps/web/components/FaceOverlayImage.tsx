'use client';

import { useEffect, useRef, useState } from 'react';
import type { Face } from '@/lib/types';
import { PictureFrame, type PixelSize } from './PictureFrame';

interface FaceOverlayImageProps {
  url: string;
  name: string;
  mimeType: string;
  /** Stored dimensions; replaced by the decoded image's own once it loads. */
  size: PixelSize | null;
  faces: Face[];
  /** Reports the decoded size so the heatmaps can use the same frame. */
  onSize?: (size: PixelSize) => void;
}

function percent(value: number, of: number): string {
  return `${(value / of) * 100}%`;
}

/**
 * The original image with each detected face outlined. Boxes are in original-image pixels
 * (after EXIF orientation, as browsers display it) and are placed in percentages of the frame.
 */
export function FaceOverlayImage({ url, name, mimeType, size, faces, onSize }: FaceOverlayImageProps) {
  const imageRef = useRef<HTMLImageElement>(null);
  const [natural, setNatural] = useState<PixelSize | null>(null);
  const [failed, setFailed] = useState(false);
  const basis = natural ?? size;

  function readNaturalSize(image: HTMLImageElement) {
    if (image.naturalWidth > 0 && image.naturalHeight > 0) {
      const decoded = { width: image.naturalWidth, height: image.naturalHeight };
      setNatural(decoded);
      onSize?.(decoded);
    }
  }

  // An image that finished loading before hydration fires no load event.
  useEffect(() => {
    if (imageRef.current?.complete) readNaturalSize(imageRef.current);
  }, []);

  if (failed) {
    return (
      <p className="picture__missing">
        This browser cannot display {mimeType} images. Download the original to view it.
      </p>
    );
  }

  return (
    <PictureFrame size={basis}>
      <img
        ref={imageRef}
        className="picture__image"
        src={url}
        alt={`Original: ${name}`}
        onLoad={(event) => readNaturalSize(event.currentTarget)}
        onError={() => setFailed(true)}
      />
      {basis ? (
        <div className="face-layer" aria-hidden="true">
          {faces.map((face, index) => (
            <div
              key={index}
              className={face.primary ? 'face-box face-box--primary' : 'face-box'}
              data-testid="face-box"
              style={{
                left: percent(face.box.x, basis.width),
                top: percent(face.box.y, basis.height),
                width: percent(face.box.width, basis.width),
                height: percent(face.box.height, basis.height),
              }}
            >
              <span className="face-box__label">{index + 1}</span>
            </div>
          ))}
        </div>
      ) : null}
    </PictureFrame>
  );
}
