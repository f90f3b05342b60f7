/**
 * Readers for the free-form JSON in `Analysis.signals` (jpeg, metadata, maps).
 *
 * The API passes these through as JSON, so every field is checked here: a field of an
 * unexpected shape is treated as absent ("—"), never guessed at.
 */
import type { HeatmapKind } from './types';

export interface QuantizationTable {
  id: string;
  /** 64 values, shown row by row as an 8×8 grid. */
  values: number[];
}

export interface DoubleCompression {
  suspected: boolean | null;
  score: number | null;
  method: string | null;
  explanation: string | null;
}

export interface JpegSignals {
  isJpeg: boolean;
  quantizationTables: QuantizationTable[];
  estimatedQuality: number | null;
  /** Null when the indicator was not computed. */
  doubleCompression: DoubleCompression | null;
  progressive: boolean | null;
  subsampling: string | null;
}

export interface MetadataSignals {
  camera: { make: string | null; model: string | null };
  software: string | null;
  timestamps: { original: string | null; digitized: string | null; modified: string | null };
  gpsPresent: boolean | null;
  gps: unknown;
  missing: string[];
  contradictions: string[];
  raw: unknown;
}

export interface MapStats {
  mean: number | null;
  p99: number | null;
  max: number | null;
}

export interface MapSignals {
  stats: MapStats | null;
  params: Record<string, unknown> | null;
}

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function asBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** Strings as they are, numbers as text, anything else absent. */
function asText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function asTextList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const text = asText(item);
    return text === null ? [] : [text];
  });
}

function readTables(value: unknown): QuantizationTable[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((table, index) => {
    if (!isRecord(table) || !Array.isArray(table['values'])) return [];
    const values = table['values'].map((v) => asNumber(v));
    if (values.length !== 64 || values.some((v) => v === null)) return [];
    return [{ id: asText(table['id']) ?? String(index), values: values as number[] }];
  });
}

function readDoubleCompression(value: unknown): DoubleCompression | null {
  if (!isRecord(value)) return null;
  return {
    suspected: asBoolean(value['suspected']),
    score: asNumber(value['score']),
    method: asText(value['method']),
    explanation: asText(value['explanation']),
  };
}

export function readJpegSignals(value: unknown): JpegSignals | null {
  if (!isRecord(value)) return null;
  return {
    isJpeg: value['isJpeg'] === true,
    quantizationTables: readTables(value['quantizationTables']),
    estimatedQuality: asNumber(value['estimatedQuality']),
    doubleCompression: readDoubleCompression(value['doubleCompression']),
    progressive: asBoolean(value['progressive']),
    subsampling: asText(value['subsampling']),
  };
}

export function readMetadataSignals(value: unknown): MetadataSignals | null {
  if (!isRecord(value)) return null;
  const camera = isRecord(value['camera']) ? value['camera'] : {};
  const timestamps = isRecord(value['timestamps']) ? value['timestamps'] : {};
  return {
    camera: { make: asText(camera['make']), model: asText(camera['model']) },
    software: asText(value['software']),
    timestamps: {
      original: asText(timestamps['original']),
      digitized: asText(timestamps['digitized']),
      modified: asText(timestamps['modified']),
    },
    gpsPresent: asBoolean(value['gpsPresent']),
    gps: value['gps'] ?? null,
    missing: asTextList(value['missing']),
    contradictions: asTextList(value['contradictions']),
    raw: value['raw'] ?? null,
  };
}

function readStats(value: unknown): MapStats | null {
  if (!isRecord(value)) return null;
  return { mean: asNumber(value['mean']), p99: asNumber(value['p99']), max: asNumber(value['max']) };
}

/** `maps` is keyed by heatmap kind (ELA, NOISE, …). */
export function readMapSignals(value: unknown): Partial<Record<HeatmapKind, MapSignals>> {
  if (!isRecord(value)) return {};
  const result: Partial<Record<HeatmapKind, MapSignals>> = {};
  for (const kind of ['DETECTOR', 'ELA', 'NOISE'] as const) {
    const entry = value[kind];
    if (!isRecord(entry)) continue;
    result[kind] = {
      stats: readStats(entry['stats']),
      params: isRecord(entry['params']) ? entry['params'] : null,
    };
  }
  return result;
}

/** GPS as "lat, lon" when it carries numeric latitude/longitude; otherwise null. */
export function gpsText(gps: unknown): string | null {
  if (!isRecord(gps)) return null;
  const lat = asNumber(gps['latitude'] ?? gps['lat']);
  const lon = asNumber(gps['longitude'] ?? gps['lon'] ?? gps['lng']);
  if (lat === null || lon === null) return null;
  return `${lat.toFixed(6)}, ${lon.toFixed(6)}`;
}

/** Compact "key=value" text for map parameters and similar small objects. */
export function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
