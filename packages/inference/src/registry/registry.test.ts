import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelRegistry, sha256File } from './index.ts';
import { writeTestDetector } from './test-model.ts';

const dirs: string[] = [];
const registries: ModelRegistry[] = [];

function modelsDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'loupe-models-'));
  dirs.push(d);
  return d;
}

async function load(dir: string, opts: Parameters<typeof ModelRegistry.load>[1] = {}) {
  const logs: string[] = [];
  const registry = await ModelRegistry.load(dir, { ...opts, log: (m) => logs.push(m) });
  registries.push(registry);
  return { registry, logs };
}

afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ModelRegistry.load', () => {
  it('treats a missing or empty models directory as "no detector installed"', async () => {
    const missing = await load(join(tmpdir(), 'loupe-no-such-models-dir'));
    expect(missing.registry.detectors()).toEqual([]);
    expect(missing.registry.problems).toEqual([]);
    expect(missing.registry.primary()).toBeNull();
    const empty = await load(modelsDir());
    expect(empty.registry.detectors()).toEqual([]);
    expect(empty.registry.primary()).toBeNull();
    expect(empty.registry.problems).toEqual([]);
  });

  it('reports a models path that is not a directory instead of throwing', async () => {
    const file = join(modelsDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const { registry } = await load(file);
    expect(registry.detectors()).toEqual([]);
    expect(registry.problems[0]!.error).toMatch(/cannot list the models directory: .*ENOTDIR/);
  });

  it('loads a good model once, with provenance, and makes it primary', async () => {
    const root = modelsDir();
    const dir = writeTestDetector(root, { id: 'good' });
    const { registry, logs } = await load(root);
    expect(registry.problems).toEqual([]);
    const d = registry.get('good')!;
    expect(d).not.toBeNull();
    expect(registry.primary()).toBe(d);
    expect(registry.detectors()).toEqual([d]);
    expect(d.executionProviders).toEqual(['cpu']);
    expect(d.fixedBatch).toBeNull();
    expect(d.provenance).toEqual({
      id: 'good',
      version: '0.0.1',
      sha256: await sha256File(join(dir, 'model.onnx')),
      isTestFixture: true,
    });
    expect(d.session.outputNames).toEqual(['embedding', 'logits', 'patch_logits']);
    expect(logs.join('\n')).toMatch(/loaded detector good .*TEST FIXTURE/);
    expect(registry.get('other')).toBeNull();
  });

  it('refuses a model whose bytes do not match the manifest sha256, naming file and both hashes', async () => {
    const root = modelsDir();
    const dir = writeTestDetector(root, { id: 'tampered' });
    const modelPath = join(dir, 'model.onnx');
    const expected = await sha256File(modelPath);
    appendFileSync(modelPath, Buffer.from([0]));
    const actual = await sha256File(modelPath);
    const { registry } = await load(root);
    expect(registry.detectors()).toEqual([]);
    expect(registry.problems).toHaveLength(1);
    const { error } = registry.problems[0]!;
    expect(error).toContain(`sha256 mismatch for ${modelPath}`);
    expect(error).toContain(expected);
    expect(error).toContain(actual);
  });

  it('refuses a manifest whose input/output names do not match the model', async () => {
    const root = modelsDir();
    writeTestDetector(root, {
      id: 'renamed-output',
      manifest: (m) => {
        m.outputs.logits = { name: 'scores', classes: ['real', 'fake'] };
      },
    });
    writeTestDetector(root, { id: 'renamed-input', names: { input: 'images' } });
    const { registry } = await load(root);
    expect(registry.detectors()).toEqual([]);
    const errors = Object.fromEntries(registry.problems.map((p) => [p.dir.split('/').pop(), p.error]));
    expect(errors['renamed-output']).toContain(
      'outputs.logits.name "scores" is not a model output (the model has [embedding, logits, patch_logits])',
    );
    expect(errors['renamed-input']).toContain(
      'model inputs are [images] but the manifest declares the single input "pixel_values"',
    );
  });

  it('refuses dimensions that contradict the model metadata', async () => {
    const root = modelsDir();
    writeTestDetector(root, {
      id: 'wrong-dims',
      manifest: (m) => {
        m.outputs.embedding = { name: 'embedding', dim: 1024, normalized: true };
        m.outputs.patchLogits = { name: 'patch_logits', grid: [14, 14] };
      },
    });
    const { registry } = await load(root);
    const error = registry.problems[0]!.error;
    expect(error).toContain(
      'output "embedding" (outputs.embedding) has shape [batch, 8], expected [N, 1024]',
    );
    expect(error).toContain(
      'output "patch_logits" (outputs.patchLogits) has shape [batch, 256, 2], expected [N, 196, 2]',
    );
  });

  it('reports broken folders without stopping the good ones', async () => {
    const root = modelsDir();
    writeTestDetector(root, { id: 'a-good' });
    mkdirSync(join(root, 'b-no-manifest'));
    mkdirSync(join(root, 'c-bad-manifest'));
    writeFileSync(join(root, 'c-bad-manifest', 'manifest.json'), JSON.stringify({ id: 'c' }));
    writeTestDetector(root, { id: 'd-missing-file', manifest: (m) => void (m.file = 'absent.onnx') });
    writeTestDetector(root, { id: 'e-good', grid: null });
    const { registry } = await load(root);
    expect(registry.detectors().map((d) => d.manifest.id)).toEqual(['a-good', 'e-good']);
    expect(registry.problems.map((p) => p.dir.split('/').pop())).toEqual([
      'b-no-manifest',
      'c-bad-manifest',
      'd-missing-file',
    ]);
    expect(registry.problems[0]!.error).toContain('manifest.json');
    expect(registry.problems[1]!.error).toMatch(/Invalid detector manifest .*\n.*version:/);
    expect(registry.problems[2]!.error).toContain('absent.onnx');
  });

  it('falls back to cpu with one log line when the configured execution provider is unavailable', async () => {
    const root = modelsDir();
    writeTestDetector(root, { id: 'fallback' });
    const { registry, logs } = await load(root, { executionProviders: ['no-such-provider'] });
    expect(registry.get('fallback')!.executionProviders).toEqual(['cpu']);
    const lines = logs.filter((l) => l.includes('falling back to cpu'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^detector fallback: execution providers \[no-such-provider\] unavailable \(.+\)/,
    );
  });

  it('honours a configured primary detector and says when it is not installed', async () => {
    const root = modelsDir();
    writeTestDetector(root, { id: 'first' });
    writeTestDetector(root, { id: 'second' });
    expect((await load(root, { primary: 'second' })).registry.primary()?.manifest.id).toBe('second');
    const { registry } = await load(root, { primary: 'absent' });
    expect(registry.primary()).toBeNull();
    expect(registry.problems).toEqual([
      { dir: root, error: 'configured detector "absent" is not installed' },
    ]);
  });

  it('close() releases the sessions', async () => {
    const root = modelsDir();
    writeTestDetector(root, { id: 'closing' });
    const { registry } = await load(root);
    await registry.close();
    expect(registry.detectors()).toEqual([]);
  });
});
