/** Options for {@link analyzeForensics}. */
export interface AnalyzeOptions {
  /** Default 4096: maps are produced at the original resolution, long side capped at this. */
  maxLongSide?: number;
  /**
   * Default true: render each map's colour overlay (ForensicMap.overlayPng). The worker passes false
   * for images, whose overlays are rendered on first view from the stored map and original
   * (renderMapOverlay), since full-resolution RGB PNGs were most of an analysis's CPU.
   */
  overlays?: boolean;
}

/**
 * A per-pixel forensic map. Maps are in display orientation (EXIF orientation applied), at the
 * image's resolution unless its long side exceeds `maxLongSide`; `width`/`height` give the map's size.
 */
export interface ForensicMap {
  kind: 'ELA' | 'NOISE';
  width: number;
  height: number;
  /** 8-bit grey-scale PNG, brighter = more suspicious. */
  png: Buffer;
  /**
   * Colour-mapped map (inferno) blended over a grey-scale copy of the image, same size; null when
   * AnalyzeOptions.overlays was false (renderMapOverlay gives the same bytes later).
   */
  overlayPng: Buffer | null;
  /** Of the normalised map 0..1. */
  stats: { mean: number; p99: number; max: number };
  /** How the map was computed (quality, scale, window, normalisation…), enough to reproduce it. */
  params: Record<string, number | string>;
}

export interface JpegSignals {
  isJpeg: boolean;
  /** 64 values each, natural (row-major 8×8) order, not the zig-zag order stored in the file. */
  quantizationTables: { id: number; values: number[] }[];
  /**
   * IJG-scale 1..100: the libjpeg quality whose scaled Annex K tables are nearest (sum of absolute
   * differences) to the file's luma table plus its first chroma table; null without a luma table.
   */
  estimatedQuality: number | null;
  /** Null when not JPEG. */
  doubleCompression: { suspected: boolean; score: number; method: string; explanation: string } | null;
  progressive: boolean;
  /** E.g. '4:2:0'; '4:0:0' for grey-scale; null when no frame header was found. */
  subsampling: string | null;
}

export interface MetadataSummary {
  camera: { make: string | null; model: string | null };
  software: string | null;
  /** Strings exactly as stored (EXIF style 'YYYY:MM:DD HH:MM:SS'). */
  timestamps: { original: string | null; digitized: string | null; modified: string | null };
  gpsPresent: boolean;
  gps: { latitude: number; longitude: number } | null;
  /** Tags a camera original normally has but this file lacks (exiftool names), e.g. 'Make'. */
  missing: string[];
  /** Human-readable inconsistencies, e.g. 'ModifyDate is earlier than DateTimeOriginal'. */
  contradictions: string[];
  /** A small, JSON-safe selection of the tags read (exiftool names). */
  raw: Record<string, string | number | boolean>;
}

export interface PerceptualHashes {
  /** 64 chars of '0'/'1', the textual form Postgres bit(64) accepts. */
  phash: string;
  dhash: string;
}

export interface ForensicReport {
  /** As displayed (EXIF orientation applied), like the maps. */
  width: number;
  height: number;
  /** Decoder's name for the container: 'jpeg', 'png', 'webp', 'tiff', 'gif', 'heif'. */
  format: string;
  maps: ForensicMap[];
  jpeg: JpegSignals;
  metadata: MetadataSummary;
  hashes: PerceptualHashes;
  timingsMs: Record<string, number>;
}
