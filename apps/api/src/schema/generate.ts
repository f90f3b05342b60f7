// `npm run generate -w @loupe/api`: writes schema.graphql and nexus-typegen.ts (both committed,
// so schema changes show up in review).
import { buildSchema } from './index.ts';

buildSchema({ writeArtifacts: true });
// makeSchema writes asynchronously; give it a tick before exiting.
setTimeout(() => console.log('wrote apps/api/schema.graphql and src/schema/nexus-typegen.ts'), 50);
