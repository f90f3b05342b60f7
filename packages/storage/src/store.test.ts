import { mkdtempSync, rmSync, utimesSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from './index.ts';

describe('EvidenceStore.sweepTemp', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('removes partial uploads untouched for longer than the age, keeps recent ones and originals', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loupe-store-'));
    dirs.push(dataDir);
    const store = new EvidenceStore(dataDir);
    const stale = await store.tempPath();
    const fresh = await store.tempPath();
    writeFileSync(stale, 'half an upload');
    writeFileSync(fresh, 'an upload in progress');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    const kept = await store.adoptOriginal(await writeTemp(store, 'evidence'), 'a'.repeat(64));

    expect(await store.sweepTemp(3_600_000)).toBe(1);
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([fresh.split('/').pop()]);
    expect(await store.size(kept)).toBe('evidence'.length);
  });

  it('is a no-op before anything was ever uploaded', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loupe-store-'));
    dirs.push(dataDir);
    expect(await new EvidenceStore(dataDir).sweepTemp(0)).toBe(0);
  });
});

async function writeTemp(store: EvidenceStore, text: string): Promise<string> {
  const path = await store.tempPath();
  writeFileSync(path, text);
  return path;
}
