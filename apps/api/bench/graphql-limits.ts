// `npm run bench:graphql`: how long the API takes to refuse the abusive documents of issue 8,
// end to end over HTTP (parse + validation + answer) against the real API on the embedded
// database, anonymous. Prints median and range per document; asserts nothing.
import { startHarness } from '../test/harness.ts';

const runs = Number(process.argv[2] ?? 5);

const doubling = (n: number) =>
  'query{...F0} ' +
  Array.from(
    { length: n },
    (_, i) => `fragment F${i} on Query{me{id} ${i < n - 1 ? `...F${i + 1} ...F${i + 1}` : ''}}`,
  ).join(' ');

const documents: [string, string][] = [
  ['nested spreads, 24 levels (old: 3.2 s)', doubling(24)],
  ['nested spreads, 30 levels (old: 252 s)', doubling(30)],
  ['nested spreads, 140 levels (~1,960 tokens, near the parser limit)', doubling(140)],
  ['1,987 tokens of one repeated field (accepted)', `{ ${'me { id } '.repeat(397)} }`],
  [
    'fragment cycle (old: stack overflow, HTTP 500)',
    'query{...A} fragment A on Query{me{id} ...B} fragment B on Query{...A}',
  ],
  [
    '15 aliases × cases(100) × media(100) + auditEvents(100) (old: 15 s)',
    `{ ${Array.from(
      { length: 15 },
      (_, i) =>
        `a${i}: cases(first: 100) { edges { node { media(first: 100) { edges { node { id } } } ` +
        'auditEvents(first: 100) { edges { node { id } } } } } }',
    ).join(' ')} }`,
  ],
  ['{ me { id } } (baseline, answered)', '{ me { id } }'],
];

const h = await startHarness();
try {
  console.log(`Refusal time over HTTP, ${runs} runs each (ms: median [min–max]) and the answer`);
  for (const [name, query] of documents) {
    const times: number[] = [];
    let outcome = '';
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const r = await h.gql(query);
      times.push(performance.now() - started);
      outcome = `${r.status} ${r.errors?.[0]?.extensions?.code ?? 'ok'}`;
    }
    times.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(1);
    console.log(
      `${name.padEnd(70)} ${f(times[Math.floor(times.length / 2)]!)} [${f(times[0]!)}–${f(times.at(-1)!)}]  ${outcome}`,
    );
  }
} finally {
  await h.stop();
}
