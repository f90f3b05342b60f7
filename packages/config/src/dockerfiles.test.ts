import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './index.ts';

// The images run `npm ci` on the workspace manifests copied before the sources (for layer
// caching); a workspace missing there makes every image build fail. Docker cannot run here, so
// this keeps the Dockerfiles in step with the workspaces.
describe('Dockerfiles', () => {
  const root = projectRoot();
  const workspaces = ['apps', 'packages'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((name) => existsSync(join(root, dir, name, 'package.json')))
      .map((name) => `${dir}/${name}`),
  );

  it.each(['apps/api/Dockerfile', 'apps/worker/Dockerfile', 'apps/web/Dockerfile'])(
    '%s copies every workspace manifest',
    (file) => {
      const text = readFileSync(join(root, file), 'utf8');
      for (const ws of workspaces) expect(text, ws).toContain(`COPY ${ws}/package.json ${ws}/`);
    },
  );
});
