import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../schema/index.ts';
import { measureDocument, queryLimitRules, type QueryLimits } from './limits.ts';

// The CommonJS copy of graphql, the one Nexus builds the schema with (and the one Node loads for
// the API); Vite would otherwise hand this file the ESM copy, and graphql-js refuses to mix them.
const { parse, specifiedRules, validate } = createRequire(import.meta.url)('graphql') as typeof GraphQL;
const schema = buildSchema();
const LIST_ARGS = { first: 100, k: 200 };
const LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 15, maxDirectives: 50, maxCost: 20_000 };

const measure = (query: string) => measureDocument(schema, parse(query), LIST_ARGS)[0]!.measure;
const errors = (query: string, limits = LIMITS) =>
  validate(schema, parse(query), [...specifiedRules, ...queryLimitRules(limits, LIST_ARGS)]).map(
    (e) => e.message,
  );

/** `fragment Fi { me { id } ...Fi+1 ...Fi+1 }`: 2^n expansions in a document of n lines. */
const doublingFragments = (n: number) =>
  'query{...F0} ' +
  Array.from(
    { length: n },
    (_, i) => `fragment F${i} on Query{me{id} ${i < n - 1 ? `...F${i + 1} ...F${i + 1}` : ''}}`,
  ).join(' ');

describe('query limits', () => {
  it('counts depth from the top-level fields, as graphql-depth-limit did', () => {
    expect(measure('{ me { id } }').depth).toBe(1);
    expect(measure('{ cases { edges { node { id } } } }').depth).toBe(3);
    expect(measure('{ cases { edges { node { members { user { id } } } } } }').depth).toBe(5);
  });

  it('measures fragments and inline fragments as if they were written out', () => {
    const inline = '{ cases { edges { node { members { user { id } } } } } }';
    const spread =
      'query { cases { edges { ...E } } } fragment E on CaseEdge { node { ... on Case { members { ...U } } } } ' +
      'fragment U on CaseMember { user { id } }';
    expect(measure(spread)).toEqual(measure(inline));
  });

  it('counts aliases and directives inside fragments at every spread', () => {
    const q = 'query { ...A ...A } fragment A on Query { x: me { id @include(if: true) } y: me { id } }';
    expect(measure(q)).toMatchObject({ aliases: 4, directives: 2 });
  });

  it('multiplies page sizes through nested lists, taking the largest page for a variable', () => {
    const small = measure('{ cases(first: 2) { edges { node { id } } } }');
    const large = measure('{ cases(first: 100) { edges { node { id } } } }');
    expect(small.cost).toBe(1 + 2 * 3);
    expect(large.cost).toBe(1 + 100 * 3);
    expect(measure('query($n: Int) { cases(first: $n) { edges { node { id } } } }').cost).toBe(large.cost);
    // The schema default (20) applies when the argument is left out.
    expect(measure('{ cases { edges { node { id } } } }').cost).toBe(1 + 20 * 3);
    // Over the service's maximum is refused by the service; the estimate stops at the maximum.
    expect(measure('{ cases(first: 100000) { edges { node { id } } } }').cost).toBe(large.cost);
  });

  it('refuses 15 aliases × cases(100) × media(100) for cost, naming the limit', () => {
    const wide = `{ ${Array.from(
      { length: 15 },
      (_, i) => `a${i}: cases(first: 100) { edges { node { media(first: 100) { edges { node { id } } } } } }`,
    ).join(' ')} }`;
    expect(errors(wide)).toEqual([expect.stringMatching(/too expensive.*over the limit of 20000/)]);
    expect(errors(wide, { ...LIMITS, maxCost: 10_000_000 })).toEqual([]);
  });

  it('measures 2^60 fragment expansions without walking them, and refuses them', () => {
    // A walk per spread (the old depth rule) would never finish this document.
    const m = measure(doublingFragments(60));
    expect(m.cost).toBeGreaterThanOrEqual(1e15);
    expect(m.depth).toBe(1);
    expect(errors(doublingFragments(60))).toEqual([expect.stringMatching(/too expensive.*more than 10\^15/)]);
  });

  it('refuses a fragment cycle without overflowing the stack', () => {
    const cycle = 'query { ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }';
    expect(() => measure(cycle)).not.toThrow();
    expect(errors(cycle)).toEqual([expect.stringMatching(/Cannot spread fragment "A" within itself/)]);
    const selfCycle = 'query { ...A } fragment A on Query { me { id ...M } } fragment M on User { ...M }';
    expect(errors(selfCycle)).toEqual([expect.stringMatching(/within itself/)]);
  });

  it('reports each exceeded limit with its own message', () => {
    const deep = '{ cases { edges { node { members { user { id } } } } } }';
    expect(errors(deep, { ...LIMITS, maxDepth: 4 })).toEqual([
      'The operation exceeds maximum operation depth of 4.',
    ]);
    const aliased = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect(errors(aliased)).toEqual(['Too many aliases: at most 15 per request.']);
    const directed = `query Q { me { ${'id @include(if: true) '.repeat(51)} } }`;
    expect(errors(directed)).toEqual(['Too many directives: at most 50 per request.']);
  });
});
