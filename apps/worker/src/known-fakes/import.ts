import { createReadStream } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { appendAuditEvent } from '@loupe/audit';
import { ManipulationFamily, type Prisma, type PrismaClient } from '@loupe/db';
import { validateImageFile } from '@loupe/forensics';
import { checkDeclared, sniff, sniffVideo, streamToFile, type EvidenceStore } from '@loupe/storage';
import { CONTAINER_OF_MIME, probeVideo, type VideoCaps, type VideoFacts } from '@loupe/video';

// Files larger than this are refused, as an upload past the default LOUPE_UPLOAD_MAX_BYTES is.
const MAX_BYTES = 200_000_000;

export interface LabelRow {
  family: ManipulationFamily;
  generator: string | null;
  source: string | null;
  dataset: string | null;
  notes: string | null;
}

export interface ImportProblem {
  file: string;
  message: string;
}

export interface ImportSummary {
  total: number;
  imported: number;
  /** Already in the library (same SHA-256): skipped, which makes a re-run resume. */
  skipped: number;
  failed: number;
  errors: ImportProblem[];
  /** Files whose bytes repeat an earlier file of the same run (skipped; message names the first). */
  duplicates: ImportProblem[];
  knownFakeIds: string[];
  analysisIds: string[];
}

/** Splits one CSV line (RFC 4180 quoting) into fields. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

const COLUMNS = ['file', 'family', 'generator', 'source', 'dataset', 'notes'] as const;

/**
 * Parses labels.csv (header: file,family,generator,source,dataset,notes; file relative to the
 * folder). A row with an unknown family, no file or a repeated file is an error for that row only.
 */
export function parseLabels(text: string): { labels: Map<string, LabelRow>; errors: ImportProblem[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const labels = new Map<string, LabelRow>();
  const errors: ImportProblem[] = [];
  const header = csvFields(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const index = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  if (index.file < 0 || index.family < 0) {
    errors.push({ file: 'labels.csv', message: `the header must name the columns ${COLUMNS.join(',')}` });
    return { labels, errors };
  }
  const families = Object.values(ManipulationFamily) as string[];
  for (const [n, line] of lines.slice(1).entries()) {
    const f = csvFields(line);
    const get = (c: (typeof COLUMNS)[number]) => (index[c] >= 0 ? (f[index[c]] ?? '').trim() : '');
    const file = get('file').split(/[\\/]/).join(sep);
    const family = get('family').toUpperCase();
    const where = `labels.csv line ${n + 2}`;
    if (!file) errors.push({ file: where, message: 'no file named' });
    else if (!families.includes(family))
      errors.push({
        file,
        message: `${where}: unknown family "${get('family')}" (one of ${families.join(', ')})`,
      });
    else if (labels.has(file)) errors.push({ file, message: `${where}: the file is labelled twice` });
    else
      labels.set(file, {
        family: family as ManipulationFamily,
        generator: get('generator') || null,
        source: get('source') || null,
        dataset: get('dataset') || null,
        notes: get('notes') || null,
      });
  }
  return { labels, errors };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(p)));
    else if (e.isFile()) files.push(p);
  }
  return files;
}

/**
 * The same acceptance rules as an upload: magic bytes agree with the extension, then a full
 * decode of an image or an ffprobe of a video against the same caps (VideoError says why not).
 */
async function checkFile(
  path: string,
  head: Buffer,
  name: string,
  caps: VideoCaps,
): Promise<{ type: string; width: number; height: number; video: VideoFacts | null }> {
  const sniffed = sniff(head);
  const type = sniffed.type ?? sniffVideo(head)?.type;
  if (!type)
    throw new Error(
      `not an accepted image or video: it looks like ${sniffed.type === null ? sniffed.looksLike : 'another type'}`,
    );
  const mismatch = checkDeclared(type, '', name);
  if (mismatch) throw new Error(mismatch);
  if (type in CONTAINER_OF_MIME) {
    const video = await probeVideo(path, CONTAINER_OF_MIME[type as keyof typeof CONTAINER_OF_MIME], caps);
    return { type, width: video.width, height: video.height, video };
  }
  const { width, height } = await validateImageFile(path);
  return { type, width, height, video: null };
}

/** Default video caps when the caller passes none: those of LOUPE_VIDEO_* defaults. */
const DEFAULT_VIDEO_CAPS: VideoCaps = { maxDurationSec: 3600, maxPixelsPerFrame: 4096 * 2160, maxStreams: 8 };

/**
 * Imports every image and video under `folder` into the known-fakes library. Files already in the library
 * (by SHA-256) are skipped, so a re-run resumes; one bad file never stops the run. Each imported
 * item gets a queued Analysis, handed to `analyze` (enqueue, or run in-process).
 */
export async function importKnownFakes(options: {
  prisma: PrismaClient;
  store: EvidenceStore;
  folder: string;
  createdById: string;
  labelsCsv?: string | null;
  /** Family for files without a label row; when unset such files are errors. */
  defaultFamily?: ManipulationFamily | null;
  /** Caps a video must meet, as for an upload (LOUPE_VIDEO_*). */
  videoCaps?: VideoCaps;
  analyze: (analysisId: string) => Promise<void>;
  progress?: (line: string) => void;
}): Promise<ImportSummary> {
  const { prisma, store, folder } = options;
  const parsed = options.labelsCsv
    ? parseLabels(await readFile(options.labelsCsv, 'utf8'))
    : { labels: new Map<string, LabelRow>(), errors: [] };
  const labelsPath = options.labelsCsv ? relative(folder, options.labelsCsv) : null;
  const files = (await walk(folder)).filter((f) => relative(folder, f) !== labelsPath);
  const summary: ImportSummary = {
    total: files.length,
    imported: 0,
    skipped: 0,
    failed: 0,
    errors: [...parsed.errors],
    duplicates: [],
    knownFakeIds: [],
    analysisIds: [],
  };
  const badRows = new Set(parsed.errors.map((e) => e.file));
  const seen = new Set(files.map((f) => relative(folder, f)));
  for (const file of parsed.labels.keys()) {
    if (!seen.has(file))
      summary.errors.push({ file, message: 'labels.csv names a file that is not in the folder' });
  }
  const importedNow = new Map<string, string>();
  const started = performance.now();
  for (const [n, path] of files.entries()) {
    const name = relative(folder, path);
    let temp: string | null = null;
    try {
      const label =
        parsed.labels.get(name) ??
        (badRows.has(name)
          ? null
          : options.defaultFamily
            ? { family: options.defaultFamily, generator: null, source: null, dataset: null, notes: null }
            : null);
      if (!label)
        throw new Error(
          badRows.has(name) ? 'its labels.csv row is invalid' : 'no labels.csv row (and no --family)',
        );
      temp = await store.tempPath();
      const streamed = await streamToFile(createReadStream(path), temp, MAX_BYTES);
      const existing = await prisma.knownFake.findUnique({ where: { sha256: streamed.sha256 } });
      if (existing) {
        summary.skipped++;
        const first = importedNow.get(streamed.sha256);
        if (first) summary.duplicates.push({ file: name, message: `same bytes as ${first}` });
      } else {
        const info = await checkFile(temp, streamed.head, name, options.videoCaps ?? DEFAULT_VIDEO_CAPS);
        const storageKey = await store.adoptOriginal(temp, streamed.sha256);
        temp = null;
        const { knownFakeId, analysisId } = await prisma.$transaction(async (tx) => {
          const knownFake = await tx.knownFake.create({
            data: {
              sha256: streamed.sha256,
              sizeBytes: BigInt(streamed.size),
              mimeType: info.type,
              originalName: name.slice(0, 255),
              width: info.width,
              height: info.height,
              ...(info.video && {
                kind: 'VIDEO' as const,
                durationSec: info.video.durationSec,
                frameRate: info.video.fps,
                videoCodec: info.video.codec,
                videoFacts: info.video as unknown as Prisma.InputJsonObject,
              }),
              storageKey,
              ...label,
              createdById: options.createdById,
            },
          });
          const analysis = await tx.analysis.create({
            data: { knownFakeId: knownFake.id, codeVersion: 'import' },
          });
          await appendAuditEvent(tx, {
            actorId: options.createdById,
            action: 'knownFake.import',
            targetType: 'KnownFake',
            targetId: knownFake.id,
            details: {
              sha256: streamed.sha256,
              file: name,
              ...label,
              ...(info.video && { kind: 'VIDEO', durationSec: info.video.durationSec }),
            },
          });
          return { knownFakeId: knownFake.id, analysisId: analysis.id };
        });
        summary.imported++;
        importedNow.set(streamed.sha256, name);
        summary.knownFakeIds.push(knownFakeId);
        summary.analysisIds.push(analysisId);
        await options.analyze(analysisId);
      }
    } catch (error) {
      // A file imported twice in one run (same bytes under two names) lands here as a skip.
      const message = String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
      if (/Unique constraint|known_fakes_sha256_key/.test(message)) summary.skipped++;
      else {
        summary.failed++;
        summary.errors.push({ file: name, message });
      }
    } finally {
      if (temp) await rm(temp, { force: true });
    }
    const seconds = (performance.now() - started) / 1000;
    options.progress?.(
      `${n + 1}/${files.length} (${((n + 1) / Math.max(seconds, 1e-3)).toFixed(1)} files/s) imported ${summary.imported}, skipped ${summary.skipped}, failed ${summary.failed}`,
    );
  }
  return summary;
}
