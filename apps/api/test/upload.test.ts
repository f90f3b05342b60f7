import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '@loupe/config';
import { evidenceFiles } from './analysis.ts';
import { startHarness, type Harness } from './harness.ts';

const SAMPLE = join(projectRoot(), 'node_modules/@vladmandic/face-api/demo/sample1.jpg');

interface UploadResponse {
  media: {
    filename: string;
    id: string;
    sha256: string;
    sizeBytes: number;
    mimeType: string;
    duplicate: boolean;
    analysisId: string | null;
  }[];
  errors: { filename: string; code: string; message: string }[];
}

/** A tiny valid PNG whose header claims 100,000 × 100,000 pixels. */
function pngClaiming(width: number, height: number): Buffer {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  return png; // the IHDR CRC is now wrong too, as a hostile file's might be
}

describe('evidence upload', () => {
  let h: Harness;
  let alice: string;
  let bob: string;
  let caseId: string;
  let jpeg: Buffer;
  let png: Buffer;

  const upload = async (
    files: { name: string; type: string; bytes: Buffer }[],
    opts: { token?: string; caseId?: string; headers?: Record<string, string> } = {},
  ) => {
    const form = new FormData();
    for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
    const res = await fetch(`${h.url}/api/cases/${opts.caseId ?? caseId}/media`, {
      method: 'POST',
      headers: {
        ...(opts.token === undefined
          ? { authorization: `Bearer ${alice}` }
          : opts.token
            ? { authorization: `Bearer ${opts.token}` }
            : {}),
        ...opts.headers,
      },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as UploadResponse };
  };

  const storedFiles = () => evidenceFiles(h);

  beforeAll(async () => {
    h = await startHarness({ LOUPE_UPLOAD_MAX_BYTES: String(2_000_000) });
    alice = await h.user('alice@example.test');
    bob = await h.user('bob@example.test');
    const r = await h.gql<{ createCase: { id: string } }>(
      'mutation { createCase(input: { title: "Uploads" }) { id } }',
      {},
      { token: alice },
    );
    caseId = r.data!.createCase.id;
    jpeg = readFileSync(SAMPLE);
    png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
  });
  afterAll(() => h.stop());

  it('stores a JPEG and a PNG content-addressed, queues their analyses, and audits the upload', async () => {
    const { status, body } = await upload([
      { name: 'sample1.jpg', type: 'image/jpeg', bytes: jpeg },
      { name: 'blue.png', type: 'image/png', bytes: png },
    ]);
    expect(status).toBe(201);
    expect(body.errors).toEqual([]);
    expect(body.media).toHaveLength(2);
    const [j] = body.media;
    const { createHash } = await import('node:crypto');
    expect(j!.sha256).toBe(createHash('sha256').update(jpeg).digest('hex'));
    expect(j).toMatchObject({ sizeBytes: jpeg.length, mimeType: 'image/jpeg', duplicate: false });
    const stored = readFileSync(
      join(h.dataDir, 'evidence/originals', j!.sha256.slice(0, 2), j!.sha256.slice(2, 4), j!.sha256),
    );
    expect(stored.equals(jpeg)).toBe(true);
    const analyses = await h.prisma.analysis.findMany({
      where: { mediaId: { in: body.media.map((m) => m.id) } },
    });
    expect(analyses.map((a) => a.status)).toEqual(['QUEUED', 'QUEUED']);
    const jobs = await h.prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'analyze-media'`;
    expect(Number(jobs[0]!.n)).toBe(2);
    const events = await h.prisma.auditEvent.findMany({ where: { action: 'media.upload', caseId } });
    expect(events).toHaveLength(2);
    const media = await h.gql<{ media: { width: number; height: number; analysis: { status: string } } }>(
      'query($id: ID!) { media(id: $id) { width height analysis { status } } }',
      { id: j!.id },
      { token: alice },
    );
    const { width, height } = await sharp(jpeg).metadata();
    expect(media.data?.media).toMatchObject({ width, height, analysis: { status: 'QUEUED' } });
  });

  it('recognises the same bytes uploaded twice into one case as the same evidence', async () => {
    const before = await h.prisma.media.count();
    const { status, body } = await upload([{ name: 'again.jpg', type: 'image/jpeg', bytes: jpeg }]);
    expect(status).toBe(201);
    expect(body.media[0]).toMatchObject({ duplicate: true, analysisId: null });
    expect(await h.prisma.media.count()).toBe(before);
  });

  it.each([
    ['a zero-byte file', 'empty.jpg', 'image/jpeg', () => Buffer.alloc(0), /empty file/],
    [
      'a truncated JPEG',
      'cut.jpg',
      'image/jpeg',
      () => jpeg.subarray(0, Math.floor(jpeg.length / 2)),
      /truncated or corrupt/,
    ],
    [
      'a corrupt PNG',
      'bad.png',
      'image/png',
      () => Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 7)]),
      /corrupt|cannot be read/,
    ],
    [
      'a PNG declaring 100,000 × 100,000 px',
      'huge.png',
      'image/png',
      () => pngClaiming(100_000, 100_000),
      /100000 × 100000 pixels|cannot be read/,
    ],
    [
      'a PDF named .jpg',
      'report.jpg',
      'image/jpeg',
      () => Buffer.from('%PDF-1.7\n1 0 obj\n'),
      /a PDF document/,
    ],
    [
      'a ZIP named .jpg',
      'archive.jpg',
      'image/jpeg',
      () => Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]),
      // A zip is accepted only as a face-sequence set, named .zip.
      /declared as image\/jpeg but its bytes are application\/zip/,
    ],
    [
      'a PNG declared as JPEG',
      'blue.jpg',
      'image/jpeg',
      () => png,
      /declared as image\/jpeg but its bytes are image\/png/,
    ],
  ])('refuses %s with a clear error and keeps nothing', async (_n, name, type, bytes, message) => {
    const mediaBefore = await h.prisma.media.count();
    const filesBefore = storedFiles().length;
    const { status, body } = await upload([{ name, type, bytes: bytes() }]);
    expect(status).toBe(400);
    expect(body.media).toEqual([]);
    expect(body.errors[0]?.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]?.message).toMatch(message);
    expect(await h.prisma.media.count()).toBe(mediaBefore);
    expect(storedFiles().length).toBe(filesBefore);
  });

  it('keeps UTF-8 file names intact end to end, without control or bidi-override characters', async () => {
    const other = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const { status, body } = await upload([
      { name: 'фото-évidence.png', type: 'image/png', bytes: other },
      { name: 'صورة\u202Egnp.png', type: 'image/png', bytes: png },
    ]);
    expect(status).toBe(201);
    expect(body.media.map((m) => m.filename)).toEqual(['фото-évidence.png', 'صورةgnp.png']);
    const r = await h.gql<{ media: { originalName: string } }>(
      'query($id: ID!) { media(id: $id) { originalName } }',
      { id: body.media[0]!.id },
      { token: alice },
    );
    expect(r.data?.media.originalName).toBe('фото-évidence.png');
    const download = await fetch(`${h.url}/api/media/${body.media[0]!.id}/original?download=1`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    await download.arrayBuffer();
    const disposition = download.headers.get('content-disposition') ?? '';
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')).toBe(
      'фото-évidence.png',
    );
  });

  it('stops an oversize upload while streaming and leaves nothing on disk', async () => {
    const filesBefore = storedFiles().length;
    const big = Buffer.concat([jpeg, Buffer.alloc(3_000_000, 1)]);
    const { status, body } = await upload([{ name: 'big.jpg', type: 'image/jpeg', bytes: big }]);
    expect(status).toBe(413);
    expect(body.errors[0]).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(body.errors[0]?.message).toMatch(/larger than the 2 MB limit/);
    expect(storedFiles().length).toBe(filesBefore);
  });

  it('keeps the good files of a mixed upload and reports the bad one (207)', async () => {
    const other = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#aa2200' } })
      .png()
      .toBuffer();
    const { status, body } = await upload([
      { name: 'ok.png', type: 'image/png', bytes: other },
      { name: 'nope.jpg', type: 'image/jpeg', bytes: Buffer.from('%PDF-1.4') },
    ]);
    expect(status).toBe(207);
    expect(body.media).toHaveLength(1);
    expect(body.errors).toHaveLength(1);
  });

  it("answers NOT_FOUND for someone else's case and stores nothing", async () => {
    const filesBefore = storedFiles().length;
    const mediaBefore = await h.prisma.media.count();
    const { status, body } = await upload([{ name: 'x.png', type: 'image/png', bytes: png }], { token: bob });
    expect(status).toBe(404);
    expect(body.errors[0]?.code).toBe('NOT_FOUND');
    const unknown = await upload([{ name: 'x.png', type: 'image/png', bytes: png }], {
      caseId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
    expect(storedFiles().length).toBe(filesBefore);
    expect(await h.prisma.media.count()).toBe(mediaBefore);
  });

  it('requires authentication, and the CSRF header when authenticated by cookie', async () => {
    expect((await upload([{ name: 'x.png', type: 'image/png', bytes: png }], { token: '' })).status).toBe(
      401,
    );
    const cookie = `loupe_session=${alice}`;
    const noHeader = await upload([{ name: 'x.png', type: 'image/png', bytes: png }], {
      token: '',
      headers: { cookie },
    });
    expect(noHeader.status).toBe(403);
    const withHeader = await upload([{ name: 'x.png', type: 'image/png', bytes: png }], {
      token: '',
      headers: { cookie, 'x-loupe-csrf': '1' },
    });
    expect(withHeader.status).toBe(201);
  });

  it('serves originals only to members, audited, byte-identical, as a sandboxed download', async () => {
    const [m] = (await upload([{ name: 'sample1.jpg', type: 'image/jpeg', bytes: jpeg }])).body.media;
    const res = await fetch(`${h.url}/api/media/${m!.id}/original`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);
    const reads = await h.prisma.auditEvent.count({ where: { action: 'media.read', targetId: m!.id } });
    expect(reads).toBe(1);
    const outsider = await fetch(`${h.url}/api/media/${m!.id}/original`, {
      headers: { authorization: `Bearer ${bob}` },
    });
    expect(outsider.status).toBe(404);
  });

  it('keeps serving after all of the above', async () => {
    expect(await (await fetch(`${h.url}/healthz`)).json()).toEqual({ ok: true });
  });
});
