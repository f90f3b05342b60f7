import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

// Every broken shape of multipart body, sent to every multipart route, straight to the API
// (issue 8: a body without its closing boundary used to end the API process). Each must answer
// 400 with a clear message, keep no partial file, and leave the API serving.

const SAMPLE = join(import.meta.dirname, '../../../node_modules/@vladmandic/face-api/demo/sample1.jpg');
const CRLF = '\r\n';
const part = (headers: string[]) => `--BND${CRLF}${headers.join(CRLF)}${CRLF}${CRLF}`;
const fileHeaders = [
  'Content-Disposition: form-data; name="file"; filename="x.jpg"',
  'Content-Type: image/jpeg',
];

interface Shape {
  name: string;
  contentType: string;
  body: () => Buffer;
  message: RegExp;
}

const shapes: Shape[] = [
  {
    // The 110-byte reproduction from the issue.
    name: 'a part without the closing boundary',
    contentType: 'multipart/form-data; boundary=BND',
    body: () => Buffer.from(`${part(fileHeaders)}abc`),
    message: /Malformed multipart request: Unexpected end of (form|file)/,
  },
  {
    name: 'a whole JPEG without the closing boundary',
    contentType: 'multipart/form-data; boundary=BND',
    body: () => Buffer.concat([Buffer.from(part(fileHeaders)), readFileSync(SAMPLE)]),
    message: /Malformed multipart request: Unexpected end of (form|file)/,
  },
  {
    name: 'truncated part headers',
    contentType: 'multipart/form-data; boundary=BND',
    body: () => Buffer.from(`--BND${CRLF}Content-Disposition: form-da`),
    message: /Malformed multipart request: (Malformed part header|Unexpected end of form)/,
  },
  {
    name: 'oversized part headers',
    contentType: 'multipart/form-data; boundary=BND',
    body: () =>
      Buffer.from(`${part([...fileHeaders, `X-Padding: ${'a'.repeat(40_000)}`])}abc${CRLF}--BND--${CRLF}`),
    message: /Malformed multipart request: Malformed part header/,
  },
  {
    name: 'no boundary parameter',
    contentType: 'multipart/form-data',
    body: () => Buffer.from(`${part(fileHeaders)}abc${CRLF}--BND--${CRLF}`),
    message: /Malformed multipart request: Multipart: Boundary not found/,
  },
  {
    name: 'an empty boundary parameter',
    contentType: 'multipart/form-data; boundary=',
    body: () => Buffer.from(`${part(fileHeaders)}abc${CRLF}--BND--${CRLF}`),
    message: /Malformed multipart request/,
  },
  {
    name: 'a body that is not multipart at all',
    contentType: 'multipart/form-data; boundary=BND',
    body: () => Buffer.from('this is not a multipart body'),
    message: /Malformed multipart request: Unexpected end of form/,
  },
];

describe('multipart intake refuses broken bodies on every route and keeps serving', () => {
  let h: Harness;
  let token: string;
  let routes: { name: string; path: string }[];

  const tmpFiles = () => {
    try {
      return readdirSync(join(h.dataDir, 'evidence', 'tmp'));
    } catch {
      return [];
    }
  };
  const originals = () => {
    try {
      return readdirSync(join(h.dataDir, 'evidence', 'originals'), { recursive: true });
    } catch {
      return [];
    }
  };

  const send = (path: string, contentType: string, body: Buffer) =>
    fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: new Uint8Array(body),
    });

  beforeAll(async () => {
    h = await startHarness();
    token = await h.user('multipart@example.test');
    const r = await h.gql<{ createCase: { id: string } }>(
      'mutation { createCase(input: { title: "Multipart" }) { id } }',
      {},
      { token },
    );
    routes = [
      { name: 'upload', path: `/api/cases/${r.data!.createCase.id}/media` },
      { name: 'similar', path: '/api/similar?space=PHASH&scope=KNOWN_FAKES' },
    ];
  });
  afterAll(() => h.stop());

  for (const shape of shapes) {
    it(`${shape.name}: 400 with a clear message on each route, no file kept`, async () => {
      for (const route of routes) {
        const res = await send(route.path, shape.contentType, shape.body());
        const body = (await res.json()) as { error?: { code: string; message: string } };
        expect({ route: route.name, status: res.status }).toEqual({ route: route.name, status: 400 });
        expect(body.error?.code).toBe('BAD_USER_INPUT');
        expect(body.error?.message).toMatch(shape.message);
        expect(tmpFiles()).toEqual([]);
        expect(await (await fetch(`${h.url}/healthz`)).json()).toEqual({ ok: true });
      }
      expect(originals()).toEqual([]);
    });
  }

  it('a client that hangs up mid-part leaves no partial file, and the API keeps serving', async () => {
    for (const route of routes) {
      const url = new URL(route.path, h.url);
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'multipart/form-data; boundary=BND',
          'content-length': String(10_000_000),
        },
      });
      req.on('error', () => undefined);
      req.write(part(fileHeaders));
      req.write(Buffer.alloc(256 * 1024, 0xff));
      // The part is being written to disk (so there is a partial file to lose)… then the client vanishes.
      await expect.poll(tmpFiles, { timeout: 10_000 }).toHaveLength(1);
      req.destroy();
      await expect.poll(tmpFiles, { timeout: 10_000 }).toEqual([]);
      expect(await (await fetch(`${h.url}/healthz`)).json()).toEqual({ ok: true });
    }
    expect(originals()).toEqual([]);
  });

  it('still accepts a well-formed upload afterwards', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(readFileSync(SAMPLE))], { type: 'image/jpeg' }), 'ok.jpg');
    const res = await fetch(`${h.url}${routes[0]!.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(res.status).toBe(201);
  });
});
