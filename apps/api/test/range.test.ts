import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

// Browsers seek in a video with Range requests and need 206 answers; every partial read is still
// authorised, audited and served with the sandboxing headers.
describe('Range requests on evidence downloads', () => {
  let h: Harness;
  let token: string;
  let outsider: string;
  let url: string;
  let mediaId: string;
  let whole: Uint8Array;

  beforeAll(async () => {
    h = await startHarness();
    token = await h.user('rhea@example.test');
    outsider = await h.user('oscar@example.test');
    const caseId = await h.make.case(token);
    mediaId = await h.make.png(token, caseId);
    url = `${h.url}/api/media/${mediaId}/original`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    whole = new Uint8Array(await res.arrayBuffer());
    expect(whole.byteLength).toBeGreaterThan(20);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const get = (range: string, who = token) =>
    fetch(url, { headers: { authorization: `Bearer ${who}`, range } });

  it('answers 206 with exactly the asked bytes and the sandboxing headers', async () => {
    const res = await get('bytes=4-11');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 4-11/${whole.byteLength}`);
    expect(res.headers.get('content-length')).toBe('8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([...whole.slice(4, 12)]);
  });

  it('serves open-ended and suffix ranges', async () => {
    const tail = await get(`bytes=${whole.byteLength - 5}-`);
    expect(tail.status).toBe(206);
    expect([...new Uint8Array(await tail.arrayBuffer())]).toEqual([...whole.slice(-5)]);
    const suffix = await get('bytes=-3');
    expect(suffix.headers.get('content-range')).toBe(
      `bytes ${whole.byteLength - 3}-${whole.byteLength - 1}/${whole.byteLength}`,
    );
    expect([...new Uint8Array(await suffix.arrayBuffer())]).toEqual([...whole.slice(-3)]);
  });

  it('answers 416 for a range past the end, and the whole file for several ranges', async () => {
    const past = await get(`bytes=${whole.byteLength}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${whole.byteLength}`);
    const multi = await get('bytes=0-1,4-5');
    expect(multi.status).toBe(200);
    expect((await multi.arrayBuffer()).byteLength).toBe(whole.byteLength);
  });

  it('audits each partial read and refuses one to an outsider', async () => {
    const before = await h.prisma.auditEvent.count({ where: { action: 'media.read', targetId: mediaId } });
    await (await get('bytes=0-0')).arrayBuffer();
    expect(await h.prisma.auditEvent.count({ where: { action: 'media.read', targetId: mediaId } })).toBe(
      before + 1,
    );
    const denied = await get('bytes=0-9', outsider);
    expect(denied.status).toBe(404);
    expect(denied.headers.get('content-range')).toBeNull();
  });
});
