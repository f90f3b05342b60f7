// Entry of a pixel thread (pool.ts). The thread runs TypeScript sources: under `node --import tsx`
// (Dockerfile, scripts/start.mjs) or the tsx CLI (npm start, benches) it inherits tsx's loader through
// execArgv, but under vitest or plain node it has none, so tsx's scoped import loads the handler
// the same way in every case. tsx is a root dependency the runtime images keep (the worker needs it).
import { tsImport } from 'tsx/esm/api';

await tsImport('./thread.ts', import.meta.url);
