import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { streamToFile, TooLargeError } from './index.ts';

// A body that breaks at once (busboy's "Unexpected end of file" on a part without its closing
// boundary) rejects streamToFile before the output file's open() has returned. The partial file
// must still be gone afterwards: removing it before the open finished let the open create it
// again, which left a file in evidence/tmp for a few runs in a thousand (a fresh-clone CI run saw
// it in multipart.test.ts).

/** An input that yields a few bytes and then fails, as a part stream of a broken body does. */
const breaking = () =>
  new Readable({
    read() {
      this.push(Buffer.from('abc'));
      this.destroy(new Error('Unexpected end of file'));
    },
  });

describe('streamToFile', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-stream-'));
    dirs.push(dir);
    return dir;
  };

  it('writes, hashes and keeps the head of a complete stream', async () => {
    const dir = tempDir();
    const file = await streamToFile(
      Readable.from([Buffer.from('hello '), Buffer.from('world')]),
      join(dir, 'f'),
      100,
    );
    expect(file.size).toBe(11);
    expect(file.sha256).toBe('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9');
    expect(file.head.toString()).toBe('hello world');
  });

  it('leaves no file behind when the input breaks before the file is even open, 4,000 times', async () => {
    const dir = tempDir();
    for (let round = 0; round < 500; round++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => streamToFile(breaking(), join(dir, `${round}-${i}`), 1_000)),
      );
      for (const outcome of outcomes) expect(outcome.status).toBe('rejected');
    }
    // A late open would create its file after the rejection: give any still in flight time to land.
    await sleep(50);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file behind when the input is over the size cap', async () => {
    const dir = tempDir();
    const input = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(streamToFile(input, join(dir, 'f'), 1_000)).rejects.toBeInstanceOf(TooLargeError);
    await sleep(50);
    expect(readdirSync(dir)).toEqual([]);
  });
});
