import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

/** Thrown when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The repository root (the folder holding the workspace package.json). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'turbo.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');
const nodeEnv = z.enum(['development', 'production', 'test']).default('development');

function parse<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

const dataDir = (env: Env) => resolve(env.LOUPE_DATA_DIR ?? join(projectRoot(), 'data'));

// ---------------------------------------------------------------------------------------------
// Embedded database (PGlite served over the Postgres wire protocol)

const embeddedSchema = z.object({
  LOUPE_DB_HOST: z.string().default('127.0.0.1'),
  LOUPE_DB_PORT: port.default(54329),
  LOUPE_DB_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(100),
  LOUPE_DB_DIR: z.string().optional(),
});

export interface EmbeddedDbConfig {
  host: string;
  port: number;
  maxConnections: number;
  /** Where PGlite keeps its files; survives restarts. */
  dataDir: string;
  /** The server's random password (mode 0600), created at first start: <data dir>/embedded-db.password. */
  passwordFile: string;
}

export function loadEmbeddedDbConfig(env: Env = process.env): EmbeddedDbConfig {
  const c = parse(embeddedSchema, env);
  return {
    host: c.LOUPE_DB_HOST,
    port: c.LOUPE_DB_PORT,
    maxConnections: c.LOUPE_DB_MAX_CONNECTIONS,
    dataDir: resolve(c.LOUPE_DB_DIR ?? join(dataDir(env), 'pglite')),
    passwordFile: join(dataDir(env), 'embedded-db.password'),
  };
}

/** The URL under which the embedded database is reached (the password is URL-safe base64). */
export function embeddedDatabaseUrl(
  c: Pick<EmbeddedDbConfig, 'host' | 'port'> & { password: string },
): string {
  return `postgres://postgres:${encodeURIComponent(c.password)}@${c.host}:${c.port}/postgres`;
}

// ---------------------------------------------------------------------------------------------
// Settings common to every process that talks to the database

const dbSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  LOUPE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
});

export interface DatabaseConfig {
  url: string;
  poolSize: number;
}

function databaseConfig(env: Env, problems: string[]): DatabaseConfig {
  const r = dbSchema.safeParse(env);
  if (!r.success) {
    problems.push(...r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    return { url: '', poolSize: 1 };
  }
  if (!r.data.DATABASE_URL) {
    problems.push(
      'DATABASE_URL: not set. `npm start` starts the embedded database and sets it; to run this process ' +
        'alone, point DATABASE_URL at a Postgres with pgvector.',
    );
  }
  return { url: r.data.DATABASE_URL ?? '', poolSize: r.data.LOUPE_DB_POOL_SIZE };
}

// ---------------------------------------------------------------------------------------------
// API server

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One `trust proxy` entry: a proxy-addr name, an address, or a subnet (`10.0.0.0/8`, `10.0.0.0/255.0.0.0`). */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

const trustedProxies = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    if (entries.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'list at least one proxy address (set LOUPE_TRUST_PROXY_HOPS=0 to trust none)',
      });
    }
    for (const entry of entries.filter((e) => !isProxyEntry(e))) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not loopback, linklocal, uniquelocal, an IP address or a subnet`,
      });
    }
  });

// Video caps, read by the API (uploads, sampling requests) and the worker (known-fakes import,
// the sampling cap it applies again).
const videoSchema = z.object({
  LOUPE_VIDEO_MAX_DURATION_SECONDS: z.coerce.number().positive().max(86_400).default(3600),
  LOUPE_VIDEO_MAX_PIXELS: z.coerce
    .number()
    .int()
    .min(1)
    .default(4096 * 2160),
  LOUPE_VIDEO_MAX_STREAMS: z.coerce.number().int().min(1).max(1000).default(8),
  LOUPE_VIDEO_MAX_SAMPLED_FRAMES: z.coerce.number().int().min(1).max(20_000).default(600),
});

const videoCaps = (c: z.output<typeof videoSchema>) => ({
  maxDurationSec: c.LOUPE_VIDEO_MAX_DURATION_SECONDS,
  maxPixelsPerFrame: c.LOUPE_VIDEO_MAX_PIXELS,
  maxStreams: c.LOUPE_VIDEO_MAX_STREAMS,
  maxSampledFrames: c.LOUPE_VIDEO_MAX_SAMPLED_FRAMES,
});

const apiSchema = z.object({
  NODE_ENV: nodeEnv,
  LOUPE_API_HOST: z.string().default('127.0.0.1'),
  LOUPE_API_PORT: port.default(4000),
  LOUPE_TRUST_PROXY: trustedProxies.default(['loopback']),
  LOUPE_TRUST_PROXY_HOPS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of proxies (0 trusts none)')
    .transform(Number)
    .pipe(z.number().max(10))
    .default(1),
  LOUPE_ADMIN_EMAIL: z.email().default('admin@loupe.local'),
  LOUPE_ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOUPE_COOKIE_SECURE: bool.optional(),
  LOUPE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(8 * 60),
  LOUPE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(72),
  LOUPE_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  LOUPE_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  LOUPE_REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  LOUPE_AUDIT_PUBLIC_KEY_FILE: z.string().optional(),
  LOUPE_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).default(200_000_000),
  ...videoSchema.shape,
  // Face-sequence zips: caps checked while reading the zip at intake (sizes counted as inflated).
  LOUPE_SEQUENCE_MAX_FILES: z.coerce.number().int().min(1).max(100_000).default(5000),
  LOUPE_SEQUENCE_MAX_SEQUENCES: z.coerce.number().int().min(1).max(10_000).default(64),
  LOUPE_SEQUENCE_MAX_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(512 * 1024 * 1024),
  LOUPE_SEQUENCE_MAX_RATIO: z.coerce.number().min(1).max(10_000).default(100),
  LOUPE_GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  LOUPE_GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).max(1000).default(15),
  LOUPE_GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(1).max(1000).default(50),
  LOUPE_GRAPHQL_MAX_COST: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  LOUPE_GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(2_000),
});

/** Video intake caps (as @loupe/video's VideoCaps) and the per-analysis sampling cap. */
export interface VideoLimits {
  maxDurationSec: number;
  maxPixelsPerFrame: number;
  maxStreams: number;
  maxSampledFrames: number;
}

export interface ApiConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /**
   * Which proxies' X-Forwarded-For entries are believed: at most `hops` of them, counted from the
   * connection inwards, and each only if its address matches `addresses` (proxy-addr syntax).
   */
  trustProxy: { addresses: string[]; hops: number };
  dataDir: string;
  database: DatabaseConfig;
  admin: { email: string; password?: string };
  /** Largest accepted upload, enforced while streaming. */
  uploadMaxBytes: number;
  /**
   * Caps a video must meet at intake (probed with ffprobe; the size cap is `uploadMaxBytes`), and
   * the most frames one analysis may sample (dense mode requests past it are refused).
   */
  video: VideoLimits;
  /** Caps a face-sequence zip must meet at intake (members, folders, inflated bytes, per-member ratio). */
  sequence: { maxFiles: number; maxSequences: number; maxUncompressedBytes: number; maxRatio: number };
  session: { cookieName: string; cookieSecure: boolean; idleMs: number; maxAgeMs: number };
  loginLimit: { maxAttempts: number; windowMs: number };
  /** Reports one user may request per hour (each renders every item of a case). */
  reportsPerHour: number;
  /**
   * The public half of the worker's audit-signing key (SPKI PEM), which verifyAuditChain trusts
   * for the signed checkpoints. Only ever the public key, read from this file: a key taken from
   * the database would be whatever someone who rewrote the database put there.
   */
  audit: { publicKeyFile: string };
  graphql: {
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    /** Largest estimated number of fields one request may resolve (page sizes multiplied through). */
    maxCost: number;
    /** Parsing stops past this many tokens: graphql-js's own rules are quadratic in places. */
    maxTokens: number;
    introspection: boolean;
  };
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  const problems: string[] = [];
  const database = databaseConfig(env, problems);
  const r = apiSchema.safeParse(env);
  if (!r.success) problems.push(...r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (problems.length > 0 || !r.success) throw new ConfigError(problems);
  const c = r.data;
  const production = c.NODE_ENV === 'production';
  return {
    env: c.NODE_ENV,
    host: c.LOUPE_API_HOST,
    port: c.LOUPE_API_PORT,
    trustProxy: { addresses: c.LOUPE_TRUST_PROXY, hops: c.LOUPE_TRUST_PROXY_HOPS },
    dataDir: dataDir(env),
    database,
    admin: { email: c.LOUPE_ADMIN_EMAIL.toLowerCase(), password: c.LOUPE_ADMIN_PASSWORD },
    uploadMaxBytes: c.LOUPE_UPLOAD_MAX_BYTES,
    video: videoCaps(c),
    sequence: {
      maxFiles: c.LOUPE_SEQUENCE_MAX_FILES,
      maxSequences: c.LOUPE_SEQUENCE_MAX_SEQUENCES,
      maxUncompressedBytes: c.LOUPE_SEQUENCE_MAX_UNCOMPRESSED_BYTES,
      maxRatio: c.LOUPE_SEQUENCE_MAX_RATIO,
    },
    session: {
      cookieName: 'loupe_session',
      cookieSecure: c.LOUPE_COOKIE_SECURE ?? production,
      idleMs: c.LOUPE_SESSION_IDLE_MINUTES * 60_000,
      maxAgeMs: c.LOUPE_SESSION_MAX_HOURS * 3_600_000,
    },
    loginLimit: { maxAttempts: c.LOUPE_LOGIN_MAX_ATTEMPTS, windowMs: c.LOUPE_LOGIN_WINDOW_MINUTES * 60_000 },
    reportsPerHour: c.LOUPE_REPORTS_PER_HOUR,
    audit: { publicKeyFile: auditPublicKeyFile(env) },
    graphql: {
      maxDepth: c.LOUPE_GRAPHQL_MAX_DEPTH,
      maxAliases: c.LOUPE_GRAPHQL_MAX_ALIASES,
      maxDirectives: c.LOUPE_GRAPHQL_MAX_DIRECTIVES,
      maxCost: c.LOUPE_GRAPHQL_MAX_COST,
      maxTokens: c.LOUPE_GRAPHQL_MAX_TOKENS,
      introspection: !production,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Worker

const auditSchema = z.object({
  LOUPE_AUDIT_KEY_FILE: z.string().optional(),
  LOUPE_AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(100),
  LOUPE_AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(10),
});

const workerSchema = z.object({
  NODE_ENV: nodeEnv,
  // Two analyses in flight: one's decoding, faces and maps overlap the other's detector run.
  LOUPE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  LOUPE_WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  LOUPE_WORKER_STALE_SECONDS: z.coerce.number().min(2).max(3600).default(45),
  LOUPE_MODELS_DIR: z.string().optional(),
  LOUPE_DETECTOR: z.string().optional(),
  LOUPE_ORT_PROVIDERS: z
    .string()
    .default('cpu')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['cpu', 'cuda', 'tensorrt', 'webgpu'])).min(1)),
  LOUPE_ORT_THREADS: z.coerce.number().int().min(0).max(256).default(0),
  LOUPE_ORT_SPIN: bool.default(false),
  LOUPE_DETECTOR_BATCH: z.coerce.number().int().min(1).max(256).default(8),
  LOUPE_DETECTOR_SESSIONS: z.coerce.number().int().min(1).max(16).default(1),
  LOUPE_FORENSICS_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  LOUPE_FORENSICS_NICE: z.coerce.number().int().min(0).max(19).default(10),
  LOUPE_MAX_MAP_SIDE: z.coerce.number().int().min(64).max(16384).default(4096),
  LOUPE_VIDEO_SAMPLE_FRAMES: z.coerce.number().int().min(1).max(1024).default(32),
  LOUPE_VIDEO_TOP_K: z.coerce.number().int().min(0).max(64).default(3),
  ...videoSchema.shape,
  ...auditSchema.shape,
});

export interface AuditConfig {
  /**
   * Ed25519 private key (PKCS#8 PEM) that signs checkpoints of the audit chain's head; created
   * with mode 0600 at first start when missing, its public key beside it as `.pub.pem`. Keep it
   * off the database's volume: whoever holds both can rewrite the chain and sign it again.
   */
  keyFile: string;
  /**
   * Where the worker also publishes the public key (LOUPE_AUDIT_PUBLIC_KEY_FILE; by default the
   * `.pub.pem` beside the key). Compose points it at a volume of its own, so the API, which reads
   * the public key there, never mounts the private key's volume.
   */
  publicKeyFile: string;
  /** A checkpoint is signed once this many events follow the last one… */
  checkpointEvery: number;
  /** …or once this many minutes have passed since it, if any event followed it. */
  checkpointMinutes: number;
}

/** The audit-signing key file: LOUPE_AUDIT_KEY_FILE, else <data dir>/keys/audit-ed25519.pem. */
export function auditKeyFile(env: Env = process.env): string {
  return resolve(env.LOUPE_AUDIT_KEY_FILE || join(dataDir(env), 'keys', 'audit-ed25519.pem'));
}

/**
 * The trusted public key the API verifies checkpoints with: LOUPE_AUDIT_PUBLIC_KEY_FILE, else the
 * `.pub.pem` the worker writes beside its signing key (<data dir>/keys/audit-ed25519.pub.pem).
 */
export function auditPublicKeyFile(env: Env = process.env): string {
  return resolve(env.LOUPE_AUDIT_PUBLIC_KEY_FILE || auditKeyFile(env).replace(/(\.pem)?$/, '.pub.pem'));
}

export interface WorkerConfig {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  database: DatabaseConfig;
  concurrency: number;
  shutdownGraceMs: number;
  /**
   * Dead-worker recovery: a RUNNING analysis whose heartbeat is older than staleMs is re-queued
   * (or failed after the last attempt). Workers beat every heartbeatMs and sweep every sweepMs.
   */
  liveness: { staleMs: number; heartbeatMs: number; sweepMs: number };
  models: {
    /** Folder of installed detectors (one sub-folder per model: model.onnx + manifest.json). */
    dir: string;
    /** Detector id to use when several are installed; default the first. */
    detector?: string | undefined;
    executionProviders: ('cpu' | 'cuda' | 'tensorrt' | 'webgpu')[];
    /** onnxruntime intra-op threads; 0 lets onnxruntime choose. */
    threads: number;
    /**
     * Whether idle onnxruntime threads spin-wait (its default) rather than sleep. Off by default:
     * the worker shares its cores with pixel threads, and spinning doubled face detection's CPU.
     */
    spin: boolean;
    batchSize: number;
    /**
     * Sessions of the detector that run side by side (DetectorBatcher); each holds the model's
     * weights. 1: one run at a time.
     */
    sessions: number;
  };
  /** Long-side cap for heatmaps and forensic maps. */
  maxMapSide: number;
  /**
   * Threads that run the forensics and map rendering beside face detection and the detector
   * (default: one per core); 0 runs them on the main thread, after the detector.
   */
  forensicsThreads: number;
  /**
   * Linux nice value of those threads (0–19; 0 leaves them at the worker's priority), so that on a
   * busy machine the detector's thread and the main thread get a core first.
   */
  forensicsNice: number;
  /**
   * Videos: frames sampled uniformly per analysis (unless the analysis asks otherwise), how many
   * of the most suspicious get maps, and the intake caps (known-fakes import) and sampling cap.
   */
  video: VideoLimits & { sampleFrames: number; topK: number };
  audit: AuditConfig;
}

/**
 * Heartbeat and sweep periods from the stale threshold: four beats fit in it, so one slow
 * database write never makes a live worker look dead; sweeping at a third of it bounds detection
 * at about 4/3 of the threshold (45 s → beat 11 s, sweep 15 s, re-queued within a minute).
 */
export function livenessTimings(staleSeconds: number): WorkerConfig['liveness'] {
  const staleMs = Math.round(staleSeconds * 1000);
  return { staleMs, heartbeatMs: Math.round(staleMs / 4), sweepMs: Math.round(staleMs / 3) };
}

export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const problems: string[] = [];
  const database = databaseConfig(env, problems);
  const r = workerSchema.safeParse(env);
  if (!r.success) problems.push(...r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (problems.length > 0 || !r.success) throw new ConfigError(problems);
  return {
    env: r.data.NODE_ENV,
    dataDir: dataDir(env),
    database,
    concurrency: r.data.LOUPE_WORKER_CONCURRENCY,
    shutdownGraceMs: r.data.LOUPE_WORKER_SHUTDOWN_GRACE_SECONDS * 1000,
    liveness: livenessTimings(r.data.LOUPE_WORKER_STALE_SECONDS),
    models: {
      dir: resolve(r.data.LOUPE_MODELS_DIR ?? join(dataDir(env), 'models')),
      detector: r.data.LOUPE_DETECTOR,
      executionProviders: r.data.LOUPE_ORT_PROVIDERS,
      threads: r.data.LOUPE_ORT_THREADS,
      spin: r.data.LOUPE_ORT_SPIN,
      batchSize: r.data.LOUPE_DETECTOR_BATCH,
      sessions: r.data.LOUPE_DETECTOR_SESSIONS,
    },
    maxMapSide: r.data.LOUPE_MAX_MAP_SIDE,
    // One per core: the detector runs in its own session thread and faces take the main thread only
    // briefly, so pixel work is what fills the cores (bench:throughput, fixture: 1.18 against 0.98
    // photos/s with one per core but one).
    forensicsThreads: r.data.LOUPE_FORENSICS_THREADS ?? availableParallelism(),
    // Pixel work can wait; the detector's one thread is what paces int8 analyses on a CPU
    // (bench:throughput -- int8 200, in turns: 2.35 and 2.28 photos/s at 10 against 2.23 and 2.26
    // at 0, the cores 94–95 % busy against 89–90 %; docs/performance.md).
    forensicsNice: r.data.LOUPE_FORENSICS_NICE,
    video: {
      ...videoCaps(r.data),
      sampleFrames: Math.min(r.data.LOUPE_VIDEO_SAMPLE_FRAMES, r.data.LOUPE_VIDEO_MAX_SAMPLED_FRAMES),
      topK: r.data.LOUPE_VIDEO_TOP_K,
    },
    audit: {
      keyFile: auditKeyFile(env),
      publicKeyFile: auditPublicKeyFile(env),
      checkpointEvery: r.data.LOUPE_AUDIT_CHECKPOINT_EVERY,
      checkpointMinutes: r.data.LOUPE_AUDIT_CHECKPOINT_MINUTES,
    },
  };
}

/** Settings for tools that only need the database (migrator, CLI). */
export function loadDatabaseConfig(env: Env = process.env): DatabaseConfig {
  const problems: string[] = [];
  const database = databaseConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return database;
}

/** The code version recorded with every analysis, so a result can be traced to the code that made it. */
export const CODE_VERSION = process.env.npm_package_version ?? '0.1.0';
