import sharp from 'sharp';
import { type Analysis, type Media, type PrismaClient, videoColumns } from '@loupe/db';
import type { EvidenceStore } from '@loupe/storage';
import { storeOriginalBytes } from '@loupe/storage/testing';
import type { VideoFacts } from '@loupe/video';

/**
 * The worker tests' setups, written once: who owns the evidence, and evidence as an upload leaves
 * it. (The API's tests have their own in apps/api/test/seed.ts, which seeds finished analyses.)
 */

export interface Owner {
  userId: string;
  caseId: string;
}

/** A user and a case they created, both named after `tag` (its e-mail: the tag, lower-case, dashed). */
export async function seedOwner(
  prisma: PrismaClient,
  tag: string,
  role: 'ADMIN' | 'INVESTIGATOR' = 'INVESTIGATOR',
): Promise<Owner> {
  const email = `${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.test`;
  const user = await prisma.user.create({ data: { email, displayName: tag, passwordHash: 'x', role } });
  const created = await prisma.case.create({ data: { title: tag, createdById: user.id } });
  return { userId: user.id, caseId: created.id };
}

export interface EvidenceOptions {
  originalName: string;
  /** Default image/jpeg. */
  mimeType?: string;
  /** A video's probed facts: the Media row is a VIDEO with the fields the upload path sets. */
  video?: VideoFacts;
}

/**
 * What an upload leaves for the worker: the original adopted into the store under its SHA-256, its
 * Media row (an image's size read by sharp, null when it cannot be read) and a QUEUED analysis.
 */
export async function seedQueuedEvidence(
  prisma: PrismaClient,
  store: EvidenceStore,
  owner: Owner,
  bytes: Buffer,
  options: EvidenceOptions,
): Promise<{ media: Media; analysis: Analysis }> {
  const { originalName, mimeType = 'image/jpeg', video } = options;
  const file = await storeOriginalBytes(store, bytes);
  const size = video
    ? { width: video.width, height: video.height }
    : await sharp(bytes)
        .metadata()
        .then((m) => ({ width: m.width ?? null, height: m.height ?? null }))
        .catch(() => ({ width: null, height: null }));
  const media = await prisma.media.create({
    data: {
      caseId: owner.caseId,
      ...file,
      mimeType,
      originalName,
      ...size,
      ...(video && videoColumns(video)),
      uploadedById: owner.userId,
    },
  });
  const analysis = await prisma.analysis.create({ data: { mediaId: media.id, codeVersion: 'test' } });
  return { media, analysis };
}
