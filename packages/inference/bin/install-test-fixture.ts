// `npm run models:install-fixture`: installs Loupe's deterministic test-fixture detector into the
// models directory, for tests and demos. It is flagged as a test fixture everywhere it appears:
// its scores are not evidence. Loupe never installs it by itself.
import { loadWorkerConfig } from '@loupe/config';
import { writeFixtureDetector } from '../src/fixture/fixture.ts';

const config = loadWorkerConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1/unused', ...process.env });
const written = await writeFixtureDetector(config.models.dir, { dim: 1024 });
console.log(`Installed the test-fixture detector at ${written.dir}`);
console.log('It is NOT a deepfake detector: results it produces are labelled "test fixture — not evidence".');
console.log('Restart the worker (or `npm start`) to load it.');
