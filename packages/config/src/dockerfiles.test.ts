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

  // Node 20 left support on 2026-04-30; the images must run a release line that is still
  // maintained (end dates from the Node.js release schedule). This fails when that date passes.
  const LTS_END: Record<number, string> = { 22: '2027-04-30', 24: '2028-04-30' };

  it.each(['apps/api/Dockerfile', 'apps/worker/Dockerfile', 'apps/web/Dockerfile'])(
    '%s builds and runs on a maintained Node LTS',
    (file) => {
      const images = [...readFileSync(join(root, file), 'utf8').matchAll(/^FROM node:(\d+)-/gm)].map((m) =>
        Number(m[1]),
      );
      expect(images.length).toBeGreaterThan(0);
      for (const major of images) {
        expect(LTS_END[major], `node:${major}`).toBeDefined();
        expect(new Date(`${LTS_END[major]}T00:00:00Z`).getTime()).toBeGreaterThan(Date.now());
      }
    },
  );

  // The API verifies the audit checkpoints with the worker's public key, published on a volume of
  // its own: the API must never mount the private key's volume (it could then re-sign a chain).
  it('compose gives the API only the public key, read-only; the worker the key and the public key', () => {
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const service = (name: string) =>
      new RegExp(`^  ${name}:\\n([\\s\\S]*?)(?=^  \\S|^\\S)`, 'm').exec(compose)?.[1] ?? '';
    expect(service('api')).not.toMatch(/- audit-key:/);
    expect(service('api')).toContain('- audit-pub:/audit-pub:ro');
    expect(service('api')).toContain('LOUPE_AUDIT_PUBLIC_KEY_FILE: /audit-pub/audit-ed25519.pub.pem');
    expect(service('worker')).toMatch(/- audit-key:\/keys\n/);
    expect(service('worker')).toMatch(/- audit-pub:\/audit-pub\n/);
    expect(service('worker')).toContain('LOUPE_AUDIT_PUBLIC_KEY_FILE: /audit-pub/audit-ed25519.pub.pem');
    // Whichever image mounts a fresh volume first sets its owner: both must leave it the worker's.
    expect(readFileSync(join(root, 'apps/worker/Dockerfile'), 'utf8')).toMatch(
      /mkdir -p [^\n]*\/keys[^\n]*chown node:node[^\n]*chmod 700 \/keys/,
    );
    for (const file of ['apps/api/Dockerfile', 'apps/worker/Dockerfile']) {
      expect(readFileSync(join(root, file), 'utf8'), file).toMatch(
        /mkdir -p [^\n]*\/audit-pub[^\n]*chown node:node[^\n]*\/audit-pub/,
      );
    }
  });
});
