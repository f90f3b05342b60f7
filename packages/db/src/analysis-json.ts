import { z } from 'zod';

/**
 * The JSON an analysis stores in `analyses.signals` and `analyses.faces`, as one zod contract
 * shared by the writer (the worker) and every reader (GraphQL, reports, evaluation).
 *
 * - The writer checks what it stores with the strict schemas (`imageSignals`, `videoSignals`,
 *   `storedFaces`): a key or shape the readers do not know fails the analysis with the path of
 *   what was wrong, instead of being stored and silently misread.
 * - Readers go through `readSignals` / `readFaces`, which check each part on its own: a row
 *   written before a part existed, or seeded by hand, loses that part (null or empty), and the
 *   rest still reads. Nothing is guessed.
 * - The forensic parts (`jpeg`, `metadata`) are @loupe/forensics' own types; here they are only
 *   required to be objects, and every reader reads them field by field (forensic-signals.ts).
 */

const jsonObject = z.record(z.string(), z.unknown());

const box = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

/** A face as `analyses.faces` lists it: an image's faces, or a video's poster-frame faces per track. */
const storedFaceShape = {
  box,
  score: z.number(),
  /** Images: the largest face. Absent for a video's faces (scored per track). */
  primary: z.boolean().optional(),
  pFake: z.number().nullable().optional(),
  /** Videos and face sequences: the track the face belongs to. */
  track: z.number().int().optional(),
};
export const storedFace = z.strictObject(storedFaceShape);
export const storedFaces = z.array(storedFace);

export const detectorSignals = z.discriminatedUnion('installed', [
  z.strictObject({
    installed: z.literal(true),
    subject: z.enum(['FACE', 'WHOLE_IMAGE', 'WHOLE_FRAME']),
    /** Videos: how frame scores became the video's score, and the threshold segments use. */
    rule: z.string().optional(),
    threshold: z.number().optional(),
    note: z.string().nullable(),
  }),
  z.strictObject({ installed: z.literal(false), note: z.string(), problems: z.array(z.string()) }),
]);

const nearDuplicateShape = {
  knownFakeId: z.string(),
  space: z.enum(['PHASH', 'DETECTOR', 'FACE']),
  /** Hamming bits (PHASH), cosine distance (DETECTOR). */
  distance: z.number(),
  score: z.number(),
};
export const nearDuplicate = z.strictObject(nearDuplicateShape);

const mapSignals = z.strictObject({
  stats: z.strictObject({ mean: z.number(), p99: z.number(), max: z.number() }),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
});

const videoFactsShape = {
  framesSampled: z.number().int(),
  framesWithoutFace: z.number().int(),
  primaryTrack: z.number().int().nullable(),
  mappedFrames: z.strictObject({ top: z.array(z.number().int()), poster: z.number().int() }),
};
const videoFacts = z.strictObject(videoFactsShape);

const sequenceFactsShape = {
  nominalFps: z.number(),
  faceRule: z.string(),
  sequences: z.array(
    z.strictObject({ name: z.string(), frames: z.number().int(), scored: z.number().int() }),
  ),
};
const sequenceFacts = z.strictObject(sequenceFactsShape);

const common = {
  detector: detectorSignals,
  faceModel: z.strictObject({ id: z.string(), version: z.string() }),
  timingsMs: z.record(z.string(), z.number()),
  nearDuplicates: z.array(nearDuplicate),
};

/** An image's signals. */
export const imageSignals = z.strictObject({
  ...common,
  jpeg: jsonObject,
  metadata: jsonObject,
  /** Keyed by map kind (ELA, NOISE): the stats and parameters of each forensic map. */
  maps: z.record(z.string(), mapSignals),
});

/** A video's or a face sequence's signals. */
export const videoSignals = z.strictObject({
  ...common,
  video: videoFacts,
  sequence: sequenceFacts.optional(),
});

export type StoredFace = z.infer<typeof storedFace>;
export type DetectorSignals = z.infer<typeof detectorSignals>;
export type NearDuplicateSignal = z.infer<typeof nearDuplicate>;
export type ImageSignals = z.infer<typeof imageSignals>;
export type VideoSignals = z.infer<typeof videoSignals>;

// Readers are lenient where the writer is strict: unknown keys are dropped rather than refused
// (a newer writer may add one), and the detector's fields are each optional (rows from before a
// field existed). A part that still does not fit reads as null.
const detectorRead = z.object({
  installed: z.boolean(),
  subject: z.string().nullable().optional(),
  rule: z.string().optional(),
  threshold: z.number().optional(),
  note: z.string().nullable().optional(),
  problems: z.array(z.string()).optional(),
});
const nearDuplicateRead = z.object(nearDuplicateShape);
const videoFactsRead = z.object(videoFactsShape);
const sequenceFactsRead = z.object(sequenceFactsShape);
const storedFaceRead = z.object(storedFaceShape);

/** What readers get: each part checked on its own; a missing or malformed part is null (or empty). */
export interface SignalsView {
  detector: z.infer<typeof detectorRead> | null;
  nearDuplicates: NearDuplicateSignal[];
  /** Images only. */
  jpeg: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  maps: Record<string, unknown> | null;
  /** Videos and face sequences only. */
  video: z.infer<typeof videoFactsRead> | null;
  sequence: z.infer<typeof sequenceFactsRead> | null;
}

const part = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** Reads a stored `analyses.signals` value (null for a row without one). */
export function readSignals(value: unknown): SignalsView | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const s = value as Record<string, unknown>;
  return {
    detector: part(detectorRead, s.detector),
    // One bad entry does not hide the others.
    nearDuplicates: Array.isArray(s.nearDuplicates)
      ? s.nearDuplicates.flatMap((n) => part(nearDuplicateRead, n) ?? [])
      : [],
    jpeg: part(jsonObject, s.jpeg),
    metadata: part(jsonObject, s.metadata),
    maps: part(jsonObject, s.maps),
    video: part(videoFactsRead, s.video),
    sequence: part(sequenceFactsRead, s.sequence),
  };
}

/** Reads a stored `analyses.faces` value; entries of an unexpected shape are left out. */
export function readFaces(value: unknown): StoredFace[] {
  return Array.isArray(value) ? value.flatMap((f) => part(storedFaceRead, f) ?? []) : [];
}

/**
 * The writer's check: `signals` and `faces` exactly as the contract says, or an Error naming each
 * path that is not (the analysis then fails and is retried, like any other write failure).
 */
export function checkAnalysisJson(kind: 'image' | 'video', signals: unknown, faces: unknown): void {
  const problems: string[] = [];
  const check = (what: string, schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    if (!r.success)
      for (const issue of r.error.issues)
        problems.push(`${what}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`);
  };
  check('signals', kind === 'image' ? imageSignals : videoSignals, signals);
  check('faces', storedFaces, faces);
  if (problems.length)
    throw new Error(`analysis results do not match the stored contract: ${problems.slice(0, 5).join('; ')}`);
}
