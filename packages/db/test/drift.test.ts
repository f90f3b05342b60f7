import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import internals from '@prisma/internals';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { startTestDatabase, type TestDatabase } from '../src/testing.ts';

// Proves the hand-written migrations produce exactly what schema.prisma describes: every model is
// a table, every field a column of the right type and nullability, every enum a Postgres enum
// with the same values, every @id/@unique/@@index an index on the same columns — and nothing
// extra on either side. Prisma's own diff needs the schema engine, which cannot be installed
// here, so the comparison uses Prisma's DMMF (wasm) against information_schema.

const schemaText = readFileSync(join(projectRoot(), 'prisma', 'schema.prisma'), 'utf8');

type Column = { table: string; column: string; type: string; nullable: boolean };

/** The Postgres type a Prisma field maps to, in the spelling format_type() uses. */
function expectedType(field: { type: string; kind: string; nativeType?: unknown; isList: boolean }): string {
  const [native, args] = (field.nativeType as [string, string[]] | undefined) ?? [];
  let t: string;
  if (field.kind === 'enum') t = `"${field.type}"`;
  else if (native === 'Uuid') t = 'uuid';
  else if (native === 'Char') t = `character(${args?.[0]})`;
  else if (native === 'Timestamptz') t = `timestamp(${args?.[0] ?? 6}) with time zone`;
  else {
    const scalar: Record<string, string> = {
      String: 'text',
      Int: 'integer',
      BigInt: 'bigint',
      Float: 'double precision',
      Boolean: 'boolean',
      DateTime: 'timestamp(3) without time zone',
      Json: 'jsonb',
    };
    t = scalar[field.type] ?? `?${field.type}`;
  }
  return field.isList ? `${t}[]` : t;
}

/** Unsupported("…") fields are left out of the DMMF; read them from the schema text. */
function unsupportedColumns(): Column[] {
  const out: Column[] = [];
  for (const block of schemaText.matchAll(/model\s+(\w+)\s*{([^}]*)}/g)) {
    const body = block[2] ?? '';
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? block[1]!;
    for (const line of body.matchAll(/^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\?)?([^\n]*)$/gm)) {
      out.push({
        table,
        column: /@map\("([^"]+)"\)/.exec(line[4] ?? '')?.[1] ?? line[1]!,
        type: line[2]!.replace(/^bit\((\d+)\)$/, 'bit($1)'),
        nullable: line[3] === '?',
      });
    }
  }
  return out;
}

describe('schema.prisma and the migrated database agree (no drift)', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let dmmf: Awaited<ReturnType<typeof internals.getDMMF>>;

  beforeAll(async () => {
    db = await startTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    dmmf = await internals.getDMMF({ datamodel: schemaText });
  });
  afterAll(async () => {
    await client.end();
    await db.stop();
  });

  const tableOf = (model: string) => {
    const m = dmmf.datamodel.models.find((x) => x.name === model)!;
    return m.dbName ?? m.name;
  };
  const columnOf = (model: string, field: string) => {
    const f = dmmf.datamodel.models.find((x) => x.name === model)!.fields.find((x) => x.name === field)!;
    return f.dbName ?? f.name;
  };

  it('has the same tables, columns, types and nullability', async () => {
    const expected: Column[] = [...unsupportedColumns()];
    for (const model of dmmf.datamodel.models) {
      for (const f of model.fields) {
        if (f.kind === 'object') continue;
        expected.push({
          table: model.dbName ?? model.name,
          column: f.dbName ?? f.name,
          type: expectedType(f as never),
          // Prisma creates scalar-list columns without NOT NULL.
          nullable: !f.isRequired || f.isList,
        });
      }
    }
    const { rows } = await client.query<Column>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             NOT a.attnotnull AS nullable
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
        AND a.attnum > 0 AND NOT a.attisdropped`);
    const key = (c: Column) => `${c.table}.${c.column}: ${c.type}${c.nullable ? ' NULL' : ' NOT NULL'}`;
    expect(rows.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('has the same enums with the same values in the same order', async () => {
    const { rows } = await client.query<{ name: string; labels: string[] }>(`
      SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    const actual = Object.fromEntries(rows.map((r) => [r.name, r.labels]));
    const expected = Object.fromEntries(
      dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]),
    );
    expect(actual).toEqual(expected);
  });

  it('has an index for every @id, @unique and @@index, with the same columns and uniqueness', async () => {
    const { rows } = await client.query<{ table: string; columns: string[]; unique: boolean }>(`
      SELECT t.relname AS table, i.indisunique AS unique,
             array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
    const actual = new Set(rows.map((r) => `${r.table}(${r.columns.join(',')})${r.unique ? ' unique' : ''}`));
    const indexes = (
      dmmf.datamodel as unknown as { indexes: { model: string; type: string; fields: { name: string }[] }[] }
    ).indexes;
    const expected = indexes.map(
      (i) =>
        `${tableOf(i.model)}(${i.fields.map((f) => columnOf(i.model, f.name)).join(',')})${i.type === 'normal' ? '' : ' unique'}`,
    );
    for (const e of expected) expect(actual, e).toContain(e);
    // The only indexes the schema cannot express are the vector/bit HNSW ones (column list
    // reads as the vector column).
    const extra = [...actual].filter((a) => !expected.includes(a));
    expect(extra.sort()).toEqual([
      'detector_embeddings(embedding)',
      'face_embeddings(embedding)',
      'frame_hashes(phash)',
      'perceptual_hashes(phash)',
    ]);
  });

  it('has a pgvector column with an HNSW index for each embedding space', async () => {
    const { rows } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE indexdef ILIKE '%USING hnsw%' ORDER BY indexname`,
    );
    expect(rows.map((r) => r.indexdef.replace(/^.* USING /, ''))).toEqual([
      'hnsw (embedding vector_cosine_ops)',
      'hnsw (embedding vector_l2_ops)',
      'hnsw (phash bit_hamming_ops)', // frame_hashes
      'hnsw (phash bit_hamming_ops)', // perceptual_hashes
    ]);
    const ext = await client.query(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
    expect(ext.rows[0]?.extversion).toMatch(/^\d+\.\d+/);
    // And the index is usable: a kNN query plans through it.
    await client.query('SET enable_seqscan = off');
    try {
      const plan = await client.query(
        `EXPLAIN SELECT id FROM detector_embeddings ORDER BY embedding <=> array_fill(0.1, ARRAY[1024])::vector LIMIT 5`,
      );
      expect(plan.rows.map((r) => Object.values(r)[0]).join('\n')).toMatch(
        /detector_embeddings_embedding_hnsw_idx/,
      );
    } finally {
      await client.query('RESET enable_seqscan');
    }
  });
});
