import type { CSSProperties, ReactNode } from 'react';

export interface PixelSize {
  width: number;
  height: number;
}

/** Tallest a picture is shown, as a CSS length. */
const MAX_HEIGHT = '70vh';

/**
 * A box with the picture's aspect ratio, as wide as its column allows and at most MAX_HEIGHT tall.
 * The original and every heatmap use the same frame, so they show at the same displayed size and
 * anything positioned in percentages (face boxes) lines up with the pixels underneath.
 */
export function PictureFrame({ size, children }: { size: PixelSize | null; children: ReactNode }) {
  const style: CSSProperties | undefined =
    size && size.width > 0 && size.height > 0
      ? {
          aspectRatio: `${size.width} / ${size.height}`,
          width: `min(100%, calc(${MAX_HEIGHT} * ${size.width / size.height}))`,
        }
      : undefined;
  return (
    <div className={style ? 'picture__frame picture__frame--sized' : 'picture__frame'} style={style}>
      {children}
    </div>
  );
}
