import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { knnQueries, scopeClause, type SimilarityFilter } from './vectors.ts';

const root = projectRoot();

/** Product sources: apps' and packages' src trees, without tests, generated code or the web app. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'generated' ? [] : sources(path);
    return /\.(ts|mts)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

describe('the vector repository', () => {
  it('holds every pgvector distance operator in product code', () => {
    const files = ['apps', 'packages'].flatMap((top) =>
      readdirSync(join(root, top), { withFileTypes: true })
        .filter((e) => e.isDirectory() && e.name !== 'web')
        .flatMap((e) => {
          try {
            return sources(join(root, top, e.name, 'src'));
          } catch {
            return [];
          }
        }),
    );
    expect(files.length).toBeGreaterThan(50);
    // <=> cosine, <-> L2, <~> Hamming, <#> inner product, ::vector casts of vector literals.
    const elsewhere = files
      .filter((f) => /<=>|<->|<~>|<#>|::vector\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(elsewhere).toEqual(['packages/db/src/vectors.ts']);
  });

  it('scopes media results to the viewer’s cases, and known fakes to everyone', () => {
    const base: SimilarityFilter = {
      scope: 'MY_CASES',
      viewerId: 'u1',
      isAdmin: false,
      excludeMediaId: 'm1',
    };
    const mine = scopeClause(base);
    expect(mine.sql).toContain('case_members');
    expect(mine.values).toEqual(['u1', 'm1']);
    expect(scopeClause({ ...base, isAdmin: true }).sql).not.toContain('case_members');
    expect(scopeClause({ ...base, scope: 'KNOWN_FAKES' }).sql).toBe('e.known_fake_id IS NOT NULL');
    // Every kNN statement orders by the distance it selects and is limited: what an HNSW index serves.
    for (const space of ['DETECTOR', 'FACE', 'PHASH'] as const) {
      for (const q of knnQueries({ space, value: '[1,0]', modelId: 'm', modelVersion: '1' }, base, 7)) {
        expect(q.text).toMatch(
          /ORDER BY e\.(embedding|phash) <[=~-]> \$\d+::(vector|bit\(64\)) LIMIT \$\d+$/,
        );
        expect(q.values.at(-1)).toBe(7);
      }
    }
  });
});
