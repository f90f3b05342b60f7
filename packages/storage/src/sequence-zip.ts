import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { sniff, type AcceptedType } from './sniff.ts';

// Face sequences arrive as a zip of face-crop images, one folder per sequence (how WildDeepfake is
// distributed). A zip is hostile input: every name, attribute and size in it is checked here, and
// sizes are counted while inflating — the header's sizes are only ever used to refuse early, never
// to accept. yauzl reads the central directory and inflates one member at a time from the file,
// so nothing is extracted to disk and at most one member is in memory.

export interface SequenceCaps {
  /** Image members, all sequences together. */
  maxFiles: number;
  /** Folders holding images. */
  maxSequences: number;
  /** Bytes after inflating, all members together. */
  maxUncompressedBytes: number;
  /** Inflated / compressed bytes of one member. */
  maxRatio: number;
}

export interface SequenceFacts {
  /** In natural name order; `name` is the folder path inside the zip, '.' for images at the top. */
  sequences: { name: string; frames: string[] }[];
  frameCount: number;
  uncompressedBytes: number;
  /** Operating-system clutter that was skipped (macOS `__MACOSX/`, `.DS_Store`). */
  ignored: string[];
}

/** The zip cannot be evidence; the message says which member and why. */
export class SequenceZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SequenceZipError';
  }
}

/** One face crop is small; a member this large is held in memory only to be refused. */
export const MAX_MEMBER_BYTES = 64 * 1024 * 1024;
/** Below this many inflated bytes the ratio is not judged (a tiny member can compress well). */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const ENCRYPTED = 0x1;
const UTF8_NAMES = 0x800;

const MIB = (n: number) => `${Math.round(n / (1024 * 1024))} MiB`;

/** Skipped, not refused: archivers add these on their own and they carry no evidence. */
const isClutter = (name: string) => name.startsWith('__MACOSX/') || posix.basename(name) === '.DS_Store';

/** Natural order: "frame2" before "frame10"; digits compare as numbers, the rest by code point. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const n = BigInt(x) - BigInt(y);
      if (n !== 0n) return n < 0n ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

const ACCEPTED_NAMES = 'JPEG, PNG, WebP, TIFF or AVIF';

/**
 * Reads every member of a face-sequence zip, refusing it at the first problem with a
 * SequenceZipError: unsafe names, links, encryption, non-image or nested-zip members, too many
 * members or folders, too many bytes after inflating, a member that inflates out of proportion.
 * `checkImage` is given each image member's bytes (a full decode, by the caller's rules).
 */
export async function inspectSequenceZip(
  path: string,
  caps: SequenceCaps,
  checkImage: (bytes: Buffer, type: AcceptedType) => Promise<void>,
): Promise<SequenceFacts> {
  const zip = await openZip(path);
  try {
    if (zip.entryCount === 0) throw new SequenceZipError('The zip is empty.');
    const bySequence = new Map<string, string[]>();
    const ignored: string[] = [];
    const seen = new Set<string>();
    let files = 0;
    let declared = 0;
    let inflated = 0;
    for await (const entry of entries(zip)) {
      const name = checkName(entry);
      if (seen.has(name)) throw new SequenceZipError(`${name} appears twice in the zip.`);
      seen.add(name);
      if (isClutter(name)) {
        ignored.push(name);
        continue;
      }
      if (name.endsWith('/')) continue;
      if (++files > caps.maxFiles)
        throw new SequenceZipError(`The zip holds more than ${caps.maxFiles} files (the limit per upload).`);
      declared += entry.uncompressedSize;
      if (declared > caps.maxUncompressedBytes) throw overTotal(caps);
      if (
        entry.uncompressedSize > RATIO_FLOOR_BYTES &&
        entry.uncompressedSize > caps.maxRatio * Math.max(1, entry.compressedSize)
      )
        throw overRatio(name, caps);
      const bytes = await readMember(zip, entry, name, {
        remaining: caps.maxUncompressedBytes - inflated,
        caps,
      });
      inflated += bytes.length;
      const found = sniff(bytes.subarray(0, 64));
      if (found.type === null) {
        if (found.looksLike === 'a ZIP archive')
          throw new SequenceZipError(`${name} is a zip inside the zip; nested archives are refused.`);
        throw new SequenceZipError(
          `${name} is ${found.looksLike}, not an image; a face-sequence zip holds only ${ACCEPTED_NAMES} images.`,
        );
      }
      try {
        await checkImage(bytes, found.type);
      } catch (error) {
        throw new SequenceZipError(`${name}: ${(error as Error).message}`);
      }
      const folder = posix.dirname(name);
      bySequence.set(folder, [...(bySequence.get(folder) ?? []), name]);
      if (bySequence.size > caps.maxSequences)
        throw new SequenceZipError(
          `The zip holds more than ${caps.maxSequences} sequences (folders of images, the limit per upload).`,
        );
    }
    if (files === 0)
      throw new SequenceZipError(
        'The zip holds no images: a face-sequence zip has one folder of face crops per sequence.',
      );
    const sequences = [...bySequence.entries()]
      .sort(([a], [b]) => naturalCompare(a, b))
      .map(([name, frames]) => ({ name, frames: frames.sort(naturalCompare) }));
    return { sequences, frameCount: files, uncompressedBytes: inflated, ignored };
  } finally {
    zip.close();
  }
}

/**
 * The image members of an already inspected zip, sequence by sequence and frame by frame in the
 * order of `facts`, one at a time. Sizes are still counted (the stored zip was checked at intake,
 * but a reader never trusts a header).
 */
export async function* readSequenceFrames(
  path: string,
  facts: SequenceFacts,
): AsyncGenerator<{ sequence: number; position: number; name: string; bytes: Buffer }> {
  const zip = await openZip(path);
  try {
    const byName = new Map<string, Entry>();
    for await (const entry of entries(zip)) byName.set(checkName(entry), entry);
    for (const [sequence, s] of facts.sequences.entries()) {
      for (const [position, name] of s.frames.entries()) {
        const entry = byName.get(name);
        if (!entry) throw new SequenceZipError(`${name} is missing from the stored zip.`);
        const bytes = await readMember(zip, entry, name, { remaining: MAX_MEMBER_BYTES, caps: null });
        yield { sequence, position, name, bytes };
      }
    }
  } finally {
    zip.close();
  }
}

/** One member by name (maps are drawn from frames read a second time). */
export async function readSequenceMember(path: string, wanted: string): Promise<Buffer> {
  const zip = await openZip(path);
  try {
    for await (const entry of entries(zip)) {
      const name = checkName(entry);
      if (name === wanted)
        return await readMember(zip, entry, name, { remaining: MAX_MEMBER_BYTES, caps: null });
    }
    throw new SequenceZipError(`${wanted} is missing from the stored zip.`);
  } finally {
    zip.close();
  }
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      path,
      // Names stay raw so that backslashes and traversal are refused with our message, not
      // silently rewritten; entry sizes are asserted while inflating.
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) =>
        error || !zip
          ? reject(new SequenceZipError(`The file is not a readable zip archive: ${firstLine(error)}.`))
          : resolve(zip),
    ),
  );
}

async function* entries(zip: ZipFile): AsyncGenerator<Entry> {
  for (;;) {
    const next = await new Promise<Entry | null>((resolve, reject) => {
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      const onEntry = (e: Entry) => (cleanup(), resolve(e));
      const onEnd = () => (cleanup(), resolve(null));
      const onError = (e: Error) => (
        cleanup(),
        reject(new SequenceZipError(`The zip is corrupt: ${firstLine(e)}.`))
      );
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

/** The member's name, or a refusal for a name or attribute no face crop has. */
function checkName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  const name = raw.toString((entry.generalPurposeBitFlag & UTF8_NAMES) !== 0 ? 'utf8' : 'latin1');
  const shown = JSON.stringify(name);
  // eslint-disable-next-line no-control-regex
  if (name === '' || /[\u0000-\u001f]/.test(name))
    throw new SequenceZipError(`A member has an empty name or control characters in it (${shown}).`);
  if (name.includes('\\'))
    throw new SequenceZipError(`${shown} has a backslash in its name; zip paths use '/'.`);
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name))
    throw new SequenceZipError(`${shown} is an absolute path; members must be relative.`);
  if (name.split('/').some((part) => part === '..'))
    throw new SequenceZipError(`${shown} climbs out of the zip with '..'; refused.`);
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
    throw new SequenceZipError(`${shown} is a symbolic link; a face-sequence zip holds only images.`);
  if ((entry.generalPurposeBitFlag & ENCRYPTED) !== 0)
    throw new SequenceZipError(`${shown} is encrypted; send the zip without a password.`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw new SequenceZipError(
      `${shown} uses compression method ${entry.compressionMethod}; only stored and deflated members are read.`,
    );
  return name;
}

const overTotal = (caps: SequenceCaps) =>
  new SequenceZipError(
    `The zip inflates to more than ${MIB(caps.maxUncompressedBytes)} (the limit per upload); refused as a possible zip bomb.`,
  );
const overRatio = (name: string, caps: SequenceCaps) =>
  new SequenceZipError(
    `${name} inflates to more than ${caps.maxRatio} times its compressed size; refused as a possible zip bomb.`,
  );

/** Inflates one member into memory, counting bytes as they come and stopping at the first cap. */
async function readMember(
  zip: ZipFile,
  entry: Entry,
  name: string,
  limits: { remaining: number; caps: SequenceCaps | null },
): Promise<Buffer> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, s) =>
      error || !s ? reject(new SequenceZipError(`${name} cannot be read: ${firstLine(error)}.`)) : resolve(s),
    ),
  );
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limits.remaining) throw limits.caps ? overTotal(limits.caps) : tooBig(name);
      if (size > MAX_MEMBER_BYTES) throw tooBig(name);
      if (
        limits.caps &&
        size > RATIO_FLOOR_BYTES &&
        size > limits.caps.maxRatio * Math.max(1, entry.compressedSize)
      )
        throw overRatio(name, limits.caps);
      chunks.push(chunk);
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof SequenceZipError) throw error;
    // yauzl's size assertion, a CRC-less inflate error, a truncated file.
    throw new SequenceZipError(
      `${name} is corrupt or does not match its declared size: ${firstLine(error)}.`,
    );
  }
  return Buffer.concat(chunks, size);
}

const tooBig = (name: string) =>
  new SequenceZipError(`${name} is larger than ${MIB(MAX_MEMBER_BYTES)}; a face crop is far smaller.`);

const firstLine = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]
    ?.replace(/\.$/, '');
