import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const SHA256 = /^[0-9a-f]{64}$/;
const KEY = /^[a-z]+(\/[0-9a-zA-Z_.-]+)+$/;

/** Evidence storage on local disk: originals content-addressed and write-once; derived files by analysis. */
export class EvidenceStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'evidence');
  }

  /** The key under which an original with this SHA-256 lives. */
  originalKey(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('invalid sha256');
    return `originals/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  derivedKey(analysisId: string, name: string): string {
    return `derived/${analysisId}/${name}`;
  }

  /** Absolute path of a key, refusing anything that would escape the store. */
  path(key: string): string {
    if (!KEY.test(key) || key.split('/').some((p) => p === '..' || p === '.'))
      throw new Error(`invalid storage key: ${key}`);
    const p = resolve(this.root, key);
    if (!p.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${key}`);
    return p;
  }

  /** The folder for files being received (same file system, so moving one in is atomic). */
  async tempDir(): Promise<string> {
    const dir = join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Removes files left in the tmp folder by uploads that never finished (a process killed
   * mid-upload) and not written to for `olderThanMs`. Age, not "everything", because other API
   * processes sharing this store may be receiving uploads right now. Returns how many went.
   */
  async sweepTemp(olderThanMs: number, now = Date.now()): Promise<number> {
    const dir = join(this.root, 'tmp');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile() || now - info.mtimeMs < olderThanMs) continue;
      await rm(path, { force: true });
      removed += 1;
    }
    return removed;
  }

  /** A fresh temporary file path inside the store. */
  async tempPath(): Promise<string> {
    return join(await this.tempDir(), randomUUID());
  }

  /**
   * Moves a fully written, already hashed temporary file into its content-addressed place. If the
   * same content is already stored, the temporary file is removed and the original is kept
   * untouched (originals are never overwritten).
   */
  async adoptOriginal(tempFile: string, sha256: string): Promise<string> {
    const key = this.originalKey(sha256);
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    if (await exists(target)) {
      await rm(tempFile, { force: true });
      return key;
    }
    await rename(tempFile, target);
    return key;
  }

  async writeDerived(key: string, bytes: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, target);
  }

  /** The stored bytes, or one inclusive byte range of them (HTTP Range requests). */
  read(key: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.path(key), range);
  }

  async size(key: string): Promise<number> {
    return (await stat(this.path(key))).size;
  }

  /** Re-hashes a stored file (chain-of-custody checks). */
  async sha256(key: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(this.read(key), hash);
    return hash.digest('hex');
  }

  async removeDerived(analysisId: string): Promise<void> {
    await rm(join(this.root, 'derived', analysisId), { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export interface StreamedFile {
  path: string;
  size: number;
  sha256: string;
  /** The first bytes, for type sniffing. */
  head: Buffer;
}

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than the ${Math.round(limit / 1_000_000)} MB limit.`);
    this.name = 'TooLargeError';
  }
}

/**
 * Streams `input` into `path` while hashing it, never holding the whole file in memory. Stops
 * and deletes the partial file as soon as more than `maxBytes` arrive.
 */
export async function streamToFile(input: Readable, path: string, maxBytes: number): Promise<StreamedFile> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const out = createWriteStream(path, { flags: 'wx' });
  try {
    await pipeline(
      input,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > maxBytes) throw new TooLargeError(maxBytes);
          hash.update(chunk);
          if (headLength < 64) {
            chunks.push(chunk.subarray(0, 64 - headLength));
            headLength += Math.min(chunk.length, 64 - headLength);
          }
          yield chunk;
        }
      },
      out,
    );
  } catch (error) {
    // pipeline rejects as soon as the input fails, which can be before the file's open() has
    // returned. Removing the file then would race that open, which creates it afterwards and
    // leaves it behind; wait until the stream has opened (or failed to) and closed.
    out.destroy();
    if (!out.closed) await new Promise<void>((closed) => out.once('close', () => closed()));
    await rm(path, { force: true });
    throw error;
  }
  return { path, size, sha256: hash.digest('hex'), head: Buffer.concat(chunks) };
}

export {
  ACCEPTED,
  VIDEO_ACCEPTED,
  SEQUENCE_ACCEPTED,
  checkDeclared,
  sniff,
  sniffVideo,
  sniffZip,
  type AcceptedType,
  type AcceptedVideoType,
  type AcceptedSequenceType,
} from './sniff.ts';
export {
  inspectSequenceZip,
  readSequenceFrames,
  readSequenceMember,
  naturalCompare,
  SequenceZipError,
  MAX_MEMBER_BYTES,
  type SequenceCaps,
  type SequenceFacts,
} from './sequence-zip.ts';
