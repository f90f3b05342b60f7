import { z } from 'zod';

/**
 * The manifest.json that sits next to a detector's ONNX file. It pins the exact file (sha256),
 * states where the weights come from and under which licence, and describes preprocessing and
 * outputs precisely enough that every score can be reproduced. Objects are strict: a misspelt key
 * ("normalised") is an error rather than a silently ignored setting.
 */

const name = z.string().min(1, 'must be a non-empty string');
const positiveInt = z.number().int('must be an integer').positive('must be > 0');
const rgbTriple = z.tuple([z.number(), z.number(), z.number()], {
  error: 'must be an array of 3 numbers (R, G, B)',
});

const inputSchema = z
  .strictObject({
    name,
    size: positiveInt,
    mean: rgbTriple,
    std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()], {
      error: 'must be an array of 3 positive numbers (R, G, B)',
    }),
    rescale: z.number().positive('must be > 0'),
    resize: z.strictObject({
      shortestEdge: positiveInt,
      resample: z.literal('bicubic', { error: 'only "bicubic" (PIL BICUBIC) is implemented' }),
    }),
    crop: z.strictObject({
      type: z.literal('center', { error: 'only "center" is implemented' }),
      size: positiveInt,
    }),
    faceCrop: z
      .strictObject({
        enabled: z.boolean(),
        scale: z.number().min(1, 'must be ≥ 1 (the face box is enlarged, never shrunk)'),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.crop.size !== v.size) {
      ctx.addIssue({
        code: 'custom',
        path: ['crop', 'size'],
        message: `must equal input.size (${v.size}): the crop is the model input`,
      });
    }
    if (v.crop.size > v.resize.shortestEdge) {
      ctx.addIssue({
        code: 'custom',
        path: ['crop', 'size'],
        message: `must be ≤ resize.shortestEdge (${v.resize.shortestEdge}); padding is not implemented`,
      });
    }
  });

const outputsSchema = z.strictObject({
  embedding: z.strictObject({ name, dim: positiveInt, normalized: z.boolean() }),
  logits: z.strictObject({
    name,
    classes: z
      .tuple([name, name], { error: 'must be an array of exactly 2 class names, e.g. ["real", "fake"]' })
      .refine((c) => c.includes('fake'), 'must contain "fake"')
      .refine((c) => c[0] !== c[1], 'class names must differ'),
  }),
  patchLogits: z
    .strictObject({
      name,
      grid: z.tuple([positiveInt, positiveInt], { error: 'must be [rows, columns]' }),
    })
    .optional(),
});

export const manifestSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-" (used as a key)'),
    version: name,
    name,
    description: z.string().optional(),
    paper: z.string().optional(),
    /** A synthetic model for tests and demos: its scores are never evidence. */
    isTestFixture: z.boolean().default(false),
    file: z
      .string()
      .regex(/^[^/\\]+\.onnx$/, 'must be a plain file name ending in .onnx, inside the model folder')
      .refine((f) => f !== '..' && !f.startsWith('.'), 'must not be hidden or a parent reference'),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hex digit SHA-256 of the ONNX file')
      .transform((s) => s.toLowerCase()),
    license: name,
    source: name,
    input: inputSchema,
    outputs: outputsSchema,
    calibration: z
      .strictObject({
        temperature: z.number().positive('must be > 0').default(1),
        threshold: z.number().gt(0, 'must be in (0, 1)').lt(1, 'must be in (0, 1)').default(0.5),
        // Written by `loupe calibrate`: when and on what the values were fitted. Among folders with
        // the same id, the registry uses the one fitted last.
        fittedAt: z.iso.datetime().optional(),
        fittedOn: z.string().min(1).optional(),
      })
      .default({ temperature: 1, threshold: 0.5 }),
  })
  .superRefine((m, ctx) => {
    if (m.outputs.embedding.name === m.outputs.logits.name) {
      ctx.addIssue({ code: 'custom', path: ['outputs', 'logits', 'name'], message: 'same as embedding' });
    }
  });

export type DetectorManifest = z.output<typeof manifestSchema>;
export type DetectorInputSpec = DetectorManifest['input'];
export type DetectorOutputsSpec = DetectorManifest['outputs'];
export type DetectorCalibration = DetectorManifest['calibration'];

/** A manifest that failed validation; `problems` lists every offending field. */
export class ManifestError extends Error {
  constructor(
    readonly problems: string[],
    readonly source?: string,
  ) {
    super(
      `Invalid detector manifest${source ? ` ${source}` : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ManifestError';
  }
}

/**
 * Validates a manifest (a parsed object, or JSON text) and returns it with defaults applied.
 * `source` (usually the file path) is only used in the error message.
 */
export function parseManifest(json: unknown, source?: string): DetectorManifest {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new ManifestError([`not valid JSON: ${(e as Error).message}`], source);
    }
  }
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    throw new ManifestError(
      result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
      source,
    );
  }
  return result.data;
}
