import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

// Evidence lists show thumbnails: each one is audited as a view of its own (not a read of the
// original bytes), and the case timeline leaves views out unless asked.
describe('thumbnail views in the audit trail', () => {
  let h: Harness;
  let token: string;
  let outsider: string;
  let caseId: string;
  let mediaId: string;
  let sha256: string;

  const auth = (who: string) => ({ headers: { authorization: `Bearer ${who}` } });
  const trail = async (args: { includeViews?: boolean; action?: string }) => {
    const r = await h.gql<{
      case: { auditEvents: { totalCount: number; edges: { node: { action: string; targetId: string } }[] } };
    }>(
      `query($id: ID!, $v: Boolean, $a: String) {
        case(id: $id) { auditEvents(first: 200, includeViews: $v, action: $a) { totalCount edges { node { action targetId } } } }
      }`,
      { id: caseId, v: args.includeViews, a: args.action },
      { token },
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.case.auditEvents;
  };

  beforeAll(async () => {
    h = await startHarness();
    token = await h.user('tia@example.test');
    outsider = await h.user('otto@example.test');
    caseId = await h.make.case(token);
    const photo = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 90, b: 40 } },
    })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'street.jpg');
    const res = await fetch(`${h.url}/api/cases/${caseId}/media`, {
      method: 'POST',
      ...auth(token),
      body: form,
    });
    expect(res.status).toBe(201);
    ({ id: mediaId, sha256 } = ((await res.json()) as { media: { id: string; sha256: string }[] }).media[0]!);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('serves a small JPEG, audited as media.thumbnail.read, not as a read of the original', async () => {
    const r = await h.gql<{ media: { thumbnailUrl: string | null } }>(
      'query($id: ID!) { media(id: $id) { thumbnailUrl } }',
      { id: mediaId },
      { token },
    );
    expect(r.data?.media.thumbnailUrl).toBe(`/api/media/${mediaId}/thumbnail`);
    for (let i = 0; i < 2; i++) {
      // The second request is served from the stored thumbnail; both are audited.
      const res = await fetch(`${h.url}/api/media/${mediaId}/thumbnail`, auth(token));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 213]);
    }
    const views = await h.prisma.auditEvent.findMany({ where: { caseId, action: 'media.thumbnail.read' } });
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({ targetType: 'Media', targetId: mediaId, details: { sha256 } });
    expect(await h.prisma.auditEvent.count({ where: { caseId, action: 'media.read' } })).toBe(0);

    const denied = await fetch(`${h.url}/api/media/${mediaId}/thumbnail`, auth(outsider));
    expect(denied.status).toBe(404);
  });

  it('leaves views out of the case timeline unless includeViews is true or the action names one', async () => {
    await (await fetch(`${h.url}/api/media/${mediaId}/original`, auth(token))).arrayBuffer();
    const hidden = await trail({});
    const shown = await trail({ includeViews: true });
    const actions = (t: typeof hidden) => t.edges.map((e) => e.node.action);
    expect(actions(hidden)).not.toContain('media.thumbnail.read');
    // A read of the original bytes is never a "view": it always shows.
    expect(actions(hidden)).toContain('media.read');
    expect(actions(hidden)).toContain('media.upload');
    expect(actions(shown).filter((a) => a === 'media.thumbnail.read')).toHaveLength(2);
    expect(shown.totalCount).toBe(hidden.totalCount + 2);
    expect(actions(shown).filter((a) => a !== 'media.thumbnail.read')).toEqual(actions(hidden));
    expect(await trail({ includeViews: false })).toEqual(hidden);
    const named = await trail({ action: 'media.thumbnail.read' });
    expect(named.totalCount).toBe(2);
    expect(named.edges.map((e) => e.node.targetId)).toEqual([mediaId, mediaId]);
    // Nothing was deleted: the chain still holds every view.
    expect(await h.prisma.auditEvent.count({ where: { caseId } })).toBe(shown.totalCount);
  });
});
