import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The safety net acts on process-wide events, which vitest itself listens to, so the API under
// test runs in a child process: a real process that must survive what used to kill it.
describe('process safety net', () => {
  let child: ChildProcess;
  let base = '';
  let stderr = '';

  beforeAll(async () => {
    const fixture = fileURLToPath(new URL('./safety-net.fixture.ts', import.meta.url));
    child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const port = /port=(\d+)/.exec(out)?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      });
      child.on('exit', (code) => reject(new Error(`fixture exited with ${code}: ${stderr}`)));
    });
  }, 60_000);
  afterAll(() => void child.kill());

  it.each(['/throw-in-callback', '/unhandled-error-event', '/floating-rejection'])(
    '%s answers 500 in the one error shape and the process keeps serving',
    async (path) => {
      const res = await fetch(base + path);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({
        error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
      });
      expect(await (await fetch(`${base}/ok`)).json()).toEqual({ ok: true });
      expect(child.exitCode).toBeNull();
      expect(stderr).toMatch(/in request req-under-test \(the process keeps serving\)/);
    },
  );
});
