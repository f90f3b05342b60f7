/**
 * Reads the forensic parts of Analysis.signals (`jpeg`, `metadata`, `maps`; see analysis-json.ts)
 * into the shapes GraphQL serves (JpegSignals, MetadataSignals, MapSignals) and reports print.
 *
 * The worker writes @loupe/forensics' JpegSignals / MetadataSummary / ForensicMap stats and params,
 * but a row may predate a field or come from a seed, so each field is checked once here: a field of
 * an unexpected shape is served as null (or left out of a list), never guessed at. Clients get typed
 * fields and need not re-validate.
 */

type JsonRecord = Record<string, unknown>;

export interface QuantizationTableSignal {
  id: number;
  values: number[];
}

export interface JpegSignalsView {
  isJpeg: boolean;
  quantizationTables: QuantizationTableSignal[];
  estimatedQuality: number | null;
  doubleCompression: {
    suspected: boolean | null;
    score: number | null;
    method: string | null;
    explanation: string | null;
  } | null;
  progressive: boolean | null;
  subsampling: string | null;
}

export interface MetadataSignalsView {
  camera: { make: string | null; model: string | null };
  software: string | null;
  timestamps: { original: string | null; digitized: string | null; modified: string | null };
  gpsPresent: boolean | null;
  gps: { latitude: number; longitude: number } | null;
  missing: string[];
  contradictions: string[];
  raw: JsonRecord | null;
}

export interface MapSignalsView {
  kind: 'DETECTOR' | 'ELA' | 'NOISE';
  stats: { mean: number | null; p99: number | null; max: number | null } | null;
  parameters: { name: string; value: string }[];
}

const MAP_KINDS = ['DETECTOR', 'ELA', 'NOISE'] as const;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function asBoolean(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** Strings as they are (blank is absent), finite numbers as text, anything else absent. */
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

/** Tables of exactly 64 finite numbers; the table id falls back to its position. */
function readTables(value: unknown): QuantizationTableSignal[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((table: unknown, index) => {
    if (!isRecord(table) || !Array.isArray(table['values'])) return [];
    const values = (table['values'] as unknown[]).map(asNumber);
    if (values.length !== 64 || values.some((v) => v === null)) return [];
    const id = asNumber(table['id']);
    return [{ id: id !== null && Number.isInteger(id) ? id : index, values: values as number[] }];
  });
}

/** The stored `signals.jpeg`; null when none was recorded. */
export function readJpegSignals(value: unknown): JpegSignalsView | null {
  if (!isRecord(value)) return null;
  const dc = value['doubleCompression'];
  const quality = asNumber(value['estimatedQuality']);
  return {
    isJpeg: value['isJpeg'] === true,
    quantizationTables: readTables(value['quantizationTables']),
    estimatedQuality: quality === null ? null : Math.round(quality),
    doubleCompression: isRecord(dc)
      ? {
          suspected: asBoolean(dc['suspected']),
          score: asNumber(dc['score']),
          method: asText(dc['method']),
          explanation: asText(dc['explanation']),
        }
      : null,
    progressive: asBoolean(value['progressive']),
    subsampling: asText(value['subsampling']),
  };
}

/** GPS with numeric latitude and longitude (also under lat / lon / lng); otherwise null. */
function readGps(value: unknown): MetadataSignalsView['gps'] {
  if (!isRecord(value)) return null;
  const latitude = asNumber(value['latitude'] ?? value['lat']);
  const longitude = asNumber(value['longitude'] ?? value['lon'] ?? value['lng']);
  return latitude === null || longitude === null ? null : { latitude, longitude };
}

/** The stored `signals.metadata`; null when none was recorded. */
export function readMetadataSignals(value: unknown): MetadataSignalsView | null {
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
    gps: readGps(value['gps']),
    missing: asTextList(value['missing']),
    contradictions: asTextList(value['contradictions']),
    raw: isRecord(value['raw']) ? value['raw'] : null,
  };
}

/** Parameter values as text: strings as they are, anything else as JSON. */
function parameterText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The stored `signals.maps` (keyed by heatmap kind) as a list in DETECTOR, ELA, NOISE order;
 * kinds with no recorded entry are left out.
 */
export function readMapSignals(value: unknown): MapSignalsView[] {
  if (!isRecord(value)) return [];
  return MAP_KINDS.flatMap((kind) => {
    const entry = value[kind];
    if (!isRecord(entry)) return [];
    const stats = entry['stats'];
    const params = entry['params'];
    return [
      {
        kind,
        stats: isRecord(stats)
          ? { mean: asNumber(stats['mean']), p99: asNumber(stats['p99']), max: asNumber(stats['max']) }
          : null,
        parameters: isRecord(params)
          ? Object.entries(params)
              .filter(([, v]) => v !== undefined && v !== null)
              .map(([name, v]) => ({ name, value: parameterText(v) }))
          : [],
      },
    ];
  });
}
