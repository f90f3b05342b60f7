import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { EvidenceStore } from '../index.ts';

/**
 * Adopts bytes held in memory into the store as an upload leaves an original: written to a temp
 * file, then kept under their SHA-256. For tests and benchmarks, which seed evidence without the
 * HTTP intake; returns what a Media or KnownFake row records of the file.
 */
export async function storeOriginalBytes(
  store: EvidenceStore,
  bytes: Buffer,
): Promise<{ sha256: string; sizeBytes: bigint; storageKey: string }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const temp = await store.tempPath();
  await writeFile(temp, bytes);
  return { sha256, sizeBytes: BigInt(bytes.length), storageKey: await store.adoptOriginal(temp, sha256) };
}
