// `npm run eval:make-set [-- --out DIR]`: writes Loupe's own labelled benchmark set (nothing downloaded).
import { parseArgs } from 'node:util';
import { createOrtFaceDetector } from '@loupe/inference';
import { makeBenchmarkSet, SET_VERSION } from '../src/make-set/index.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: `data/eval/${SET_VERSION}` } } });
  const outDir = values.out!;
  const faces = await createOrtFaceDetector({ log: () => {} });
  try {
    const t0 = performance.now();
    const set = await makeBenchmarkSet({ outDir, faces, log: (line) => console.log(line) });
    const count = new Map<string, number>();
    for (const it of set.items) count.set(it.family, (count.get(it.family) ?? 0) + 1);
    console.log(
      `wrote ${set.items.length} files to ${outDir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    for (const [family, n] of count) console.log(`  ${family.padEnd(14)} ${n}`);
    for (const note of set.notes) console.log(`note: ${note}`);
    console.log(`labels: ${outDir}/labels.csv (file,label,family,split); recipes: ${outDir}/set.json`);
    return 0;
  } finally {
    await faces.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`eval:make-set: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
