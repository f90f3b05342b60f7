import sharp from 'sharp';
import { verifyAuditChain } from '@loupe/audit';
import {
  readJpegSignals,
  readMetadataSignals,
  readSignals,
  type AnalysisFrame,
  type FaceTrack,
  type PrismaClient,
  type SignalsView,
  type SuspiciousSegment,
  type User,
} from '@loupe/db';
import { evaluationSummary, qualifyingRun } from '@loupe/eval';
import { analysedRegion, overlayKey } from '@loupe/inference/heatmap';
import {
  BUNDLE_FORMAT,
  GENERATOR_VERSION,
  type ReportAnalysis,
  type ReportBundle,
  type ReportImages,
  type ReportNearDuplicate,
  type ReportNote,
  type ReportOptions,
  type ReportPerson,
  type ReportSignals,
  type ReportVideoAnalysis,
  type ReportVideoFacts,
} from '@loupe/reports';
import type { EvidenceStore } from '@loupe/storage';

const THUMB_SIDE = 480;
const MAP_SIDE = 480;
const FRAME_SIDE = 160;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const who = (u: Pick<User, 'id' | 'email' | 'displayName'> | null | undefined): ReportPerson | null =>
  u ? { id: u.id, email: u.email, displayName: u.displayName } : null;

const note = (n: { id: string; body: string; author: User; createdAt: Date }): ReportNote => ({
  id: n.id,
  body: n.body,
  author: who(n.author),
  createdAt: n.createdAt.toISOString(),
});

/** The probe facts stored at intake, or null when they are missing or not the expected shape. */
function videoFacts(stored: unknown): ReportVideoFacts | null {
  const f = stored as Partial<ReportVideoFacts> | null;
  if (!f || typeof f.durationSec !== 'number' || typeof f.codec !== 'string') return null;
  return {
    container: String(f.container ?? 'unknown'),
    codec: f.codec,
    profile: f.profile ?? null,
    durationSec: f.durationSec,
    fps: Number(f.fps ?? 0),
    variableFrameRate: Boolean(f.variableFrameRate),
    width: Number(f.width ?? 0),
    height: Number(f.height ?? 0),
    rotation: Number(f.rotation ?? 0),
    frameCount: Number(f.frameCount ?? 0),
    audio: Array.isArray(f.audio)
      ? f.audio.map((a) => ({
          codec: a.codec,
          channels: a.channels ?? null,
          sampleRate: a.sampleRate ?? null,
        }))
      : [],
  };
}

function videoAnalysis(
  a: { frames: AnalysisFrame[]; tracks: FaceTrack[]; segments: SuspiciousSegment[] },
  s: SignalsView | null,
): ReportVideoAnalysis {
  const mapped = s?.video?.mappedFrames;
  return {
    rule: s?.detector?.rule ?? null,
    threshold: s?.detector?.threshold ?? null,
    mappedFrame: mapped?.top?.[0] ?? mapped?.poster ?? null,
    frames: a.frames.map((f) => ({
      index: f.frameIndex,
      timeSec: f.timeSec,
      pFake: f.pFake,
      subject: f.subject,
      faces: (Array.isArray(f.faces) ? (f.faces as { track?: unknown; pFake?: unknown }[]) : []).map((x) => ({
        track: Number(x.track),
        pFake: typeof x.pFake === 'number' ? x.pFake : null,
      })),
      thumbnailStorageKey: f.thumbnailStorageKey,
    })),
    tracks: a.tracks.map((t) => ({
      trackIndex: t.trackIndex,
      primary: t.primary,
      frameCount: t.frameCount,
      meanPFake: t.meanPFake,
      maxPFake: t.maxPFake,
      fractionAbove: t.fractionAbove,
    })),
    segments: a.segments.map((g) => ({
      trackIndex: g.trackIndex,
      startSec: g.startSec,
      endSec: g.endSec,
      firstFrame: g.firstFrame,
      lastFrame: g.lastFrame,
      peakPFake: g.peakPFake,
    })),
  };
}

function signals(
  read: SignalsView | null,
  hashes: { phash: string; dhash: string } | undefined,
): ReportSignals {
  // The same field-by-field reading GraphQL serves (@loupe/db forensic-signals.ts).
  const jpeg = readJpegSignals(read?.jpeg);
  const metadata = readMetadataSignals(read?.metadata);
  const dc = jpeg?.doubleCompression;
  const camera = [metadata?.camera.make, metadata?.camera.model].filter(Boolean).join(' ');
  return {
    isJpeg: jpeg?.isJpeg ?? false,
    jpegQuality: jpeg?.estimatedQuality ?? null,
    doubleCompression:
      dc && dc.suspected !== null && dc.score !== null && dc.explanation !== null
        ? { suspected: dc.suspected, score: dc.score, explanation: dc.explanation }
        : null,
    metadataContradictions: metadata?.contradictions ?? [],
    metadataMissing: metadata?.missing ?? [],
    software: metadata?.software ?? null,
    camera: camera || null,
    phash: hashes?.phash ?? null,
    dhash: hashes?.dhash ?? null,
  };
}

/**
 * Reads everything a case report shows from the database into its bundle (no rendering here).
 * The audit trail is read up to now; the report's own generation event follows it.
 */
export async function collectBundle(
  prisma: PrismaClient,
  report: { id: string; caseId: string; requestedById: string },
  options: ReportOptions,
  generatedAt: Date,
): Promise<ReportBundle> {
  const c = await prisma.case.findUniqueOrThrow({
    where: { id: report.caseId },
    include: {
      createdBy: true,
      members: { include: { user: true }, orderBy: { addedAt: 'asc' } },
      notes: {
        where: { mediaId: null },
        include: { author: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
      media: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        include: {
          uploadedBy: true,
          analyses: {
            orderBy: { queuedAt: 'desc' },
            include: {
              heatmaps: { orderBy: [{ kind: 'asc' }, { frameIndex: 'asc' }, { faceIndex: 'asc' }] },
              frames: { orderBy: { frameIndex: 'asc' } },
              tracks: { orderBy: { trackIndex: 'asc' } },
              segments: { orderBy: [{ startSec: 'asc' }, { id: 'asc' }] },
            },
          },
          verdicts: { orderBy: { createdAt: 'desc' }, include: { givenBy: true } },
          notes: { include: { author: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
        },
      },
    },
  });
  const requestedBy = await prisma.user.findUnique({ where: { id: report.requestedById } });
  const hashRows = await prisma.$queryRaw<{ analysis_id: string; phash: string; dhash: string }[]>`
    SELECT p.analysis_id::text AS analysis_id, p.phash::text AS phash, p.dhash::text AS dhash
    FROM perceptual_hashes p WHERE p.case_id = ${report.caseId}::uuid`;
  const hashes = new Map(hashRows.map((r) => [r.analysis_id, r]));
  // The known fakes named by near-duplicate flags, as the library describes them now.
  // Each analysis' stored signals, read once (@loupe/db analysis-json.ts).
  const stored = new Map(c.media.flatMap((m) => m.analyses.map((a) => [a.id, readSignals(a.signals)])));
  const fakeIds = [
    ...new Set([...stored.values()].flatMap((s) => s?.nearDuplicates ?? []).map((n) => n.knownFakeId)),
  ];
  const fakes = new Map(
    (
      await prisma.knownFake.findMany({
        where: { id: { in: fakeIds } },
        select: {
          id: true,
          originalName: true,
          sha256: true,
          family: true,
          generator: true,
          source: true,
          dataset: true,
        },
      })
    ).map(({ id, ...f }) => [id, f]),
  );
  const nearDuplicates = (s: SignalsView | null): ReportNearDuplicate[] =>
    (s?.nearDuplicates ?? []).map((n) => ({
      knownFakeId: n.knownFakeId,
      space: n.space,
      distance: n.distance,
      score: n.score,
      knownFake: fakes.get(n.knownFakeId) ?? null,
    }));
  // The evaluation that qualifies each model's scores (same rule as GraphQL Analysis.evaluation).
  const evaluations = new Map<string, string | null>();
  for (const a of c.media.flatMap((m) => m.analyses)) {
    if (!a.modelId || !a.modelVersion || !a.modelSha256) continue;
    const key = `${a.modelId}\n${a.modelVersion}\n${a.modelSha256}`;
    if (evaluations.has(key)) continue;
    const runs = await prisma.evaluation.findMany({
      where: { modelId: a.modelId, modelVersion: a.modelVersion, modelSha256: a.modelSha256 },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 20,
    });
    const run = qualifyingRun(runs);
    evaluations.set(key, run ? evaluationSummary(run) : null);
  }

  const events = options.includeAuditTrail
    ? await prisma.auditEvent.findMany({ where: { caseId: report.caseId }, orderBy: { id: 'asc' } })
    : [];
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => Boolean(id)))];
  const actors = new Map(
    (await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })).map(
      (u) => [u.id, u.email],
    ),
  );
  const chain = await verifyAuditChain(prisma);

  return {
    format: BUNDLE_FORMAT,
    reportId: report.id,
    generatorVersion: GENERATOR_VERSION,
    generatedAt: generatedAt.toISOString(),
    requestedBy: who(requestedBy),
    options,
    case: {
      id: c.id,
      title: c.title,
      status: c.status,
      description: c.description,
      createdAt: c.createdAt.toISOString(),
      closedAt: iso(c.closedAt),
      createdBy: who(c.createdBy),
      members: c.members.map((m) => ({ ...who(m.user)!, role: m.role, addedAt: m.addedAt.toISOString() })),
      tags: c.tags,
      notes: c.notes.map(note),
    },
    evidence: c.media.map((m) => ({
      id: m.id,
      originalName: m.originalName,
      sha256: m.sha256,
      sizeBytes: Number(m.sizeBytes),
      mimeType: m.mimeType,
      width: m.width,
      height: m.height,
      storageKey: m.storageKey,
      kind: m.kind,
      ...(m.kind === 'VIDEO' && { video: videoFacts(m.videoFacts) }),
      acquiredAt: m.createdAt.toISOString(),
      uploadedBy: who(m.uploadedBy),
      analyses: m.analyses.map((a): ReportAnalysis => {
        // Videos and face sequences: their frames, tracks and segments, once an analysis made them.
        const read = stored.get(a.id) ?? null;
        const video = m.kind !== 'IMAGE' && a.frames.length > 0 ? videoAnalysis(a, read) : undefined;
        return {
          id: a.id,
          status: a.status,
          error: a.error,
          codeVersion: a.codeVersion,
          finishedAt: iso(a.finishedAt),
          model:
            a.modelId && a.modelVersion && a.modelSha256
              ? {
                  id: a.modelId,
                  version: a.modelVersion,
                  sha256: a.modelSha256,
                  isTestFixture: Boolean(a.modelIsTestFixture),
                }
              : null,
          pFake: a.pFake,
          label: a.label,
          evaluation: evaluations.get(`${a.modelId}\n${a.modelVersion}\n${a.modelSha256}`) ?? null,
          detectorNote: read?.detector?.note ?? null,
          // A video's JPEG and camera-tag signals would describe nothing: it has its own section.
          signals: a.status === 'DONE' && !video ? signals(read, hashes.get(a.id)) : null,
          // A video has maps for a few frames; the report shows the most suspicious frame's.
          heatmaps: a.heatmaps
            .filter((h) => !video || h.frameIndex === video.mappedFrame)
            .map((h) => ({
              id: h.id,
              kind: h.kind,
              width: h.width,
              height: h.height,
              storageKey: h.storageKey,
              overlayStorageKey: h.overlayStorageKey,
              analysedRegion: analysedRegion(h.analysedRegion),
              faceIndex: h.faceIndex,
            })),
          nearDuplicates: nearDuplicates(read),
          ...(video && { video }),
        };
      }),
      verdicts: m.verdicts.map((v) => ({
        id: v.id,
        value: v.value,
        rationale: v.rationale,
        analysisIds: v.analysisIds,
        givenBy: who(v.givenBy),
        createdAt: v.createdAt.toISOString(),
        supersedesId: v.supersedesId,
      })),
      notes: m.notes.map(note),
    })),
    auditTrail: events.map((e) => ({
      id: e.id.toString(),
      occurredAt: e.occurredAt.toISOString(),
      actor: e.actorId ? (actors.get(e.actorId) ?? e.actorId) : null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      details: e.details,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    auditChain: {
      ok: chain.ok,
      checked: chain.checked,
      firstBroken: chain.firstBroken
        ? { id: chain.firstBroken.id.toString(), reason: chain.firstBroken.reason }
        : null,
    },
  };
}

async function downscale(store: EvidenceStore, key: string | null, side: number): Promise<Buffer | null> {
  if (!key) return null;
  try {
    return await sharp(store.path(key), { failOn: 'none' })
      .rotate()
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer();
  } catch {
    // A missing or unreadable file shows as "(no thumbnail)" in the PDF; `loupe evidence verify` names it.
    return null;
  }
}

/** Downscaled thumbnails and maps for the PDF (never the full-resolution files). */
export async function collectImages(store: EvidenceStore, bundle: ReportBundle): Promise<ReportImages> {
  const images: ReportImages = { thumbnails: new Map(), maps: new Map(), frames: new Map() };
  for (const e of bundle.evidence) {
    // A video's (or face sequence's) thumbnail is its poster frame, the middle sample, from the
    // latest analysis that sampled frames; the original is not a picture sharp can read.
    const sampled = e.analyses.find((a) => a.video?.frames.length)?.video?.frames;
    const posterKey = sampled?.[Math.floor(sampled.length / 2)]?.thumbnailStorageKey;
    const picture = !e.kind || e.kind === 'IMAGE';
    const thumb = await downscale(store, picture ? e.storageKey : (posterKey ?? null), THUMB_SIDE);
    if (thumb) images.thumbnails.set(e.id, thumb);
    for (const a of e.analyses) {
      if (!a.video) continue;
      const frames = new Map<number, Buffer>();
      for (const f of a.video.frames) {
        const img = await downscale(store, f.thumbnailStorageKey, FRAME_SIDE);
        if (img) frames.set(f.index, img);
      }
      images.frames!.set(a.id, frames);
    }
    if (!bundle.options.includeMaps) continue;
    for (const a of e.analyses) {
      const maps = new Map<string, Buffer>();
      // The PDF's map row is about the primary face (as before per-face maps); the bundle lists every map.
      for (const h of a.heatmaps.filter((x) => x.faceIndex === null || x.faceIndex === 0)) {
        const wanted =
          h.kind === 'DETECTOR'
            ? { name: 'DETECTOR_OVERLAY', key: (await detectorOverlay(store, e, a.id, h)) ?? h.storageKey }
            : { name: h.kind, key: h.storageKey };
        const img = await downscale(store, wanted.key, MAP_SIDE);
        if (img) maps.set(wanted.name, img);
      }
      images.maps.set(a.id, maps);
    }
  }
  return images;
}

/**
 * The stored DETECTOR overlay, or for an image one rendered from its map now (and kept, as a view
 * in the web app would); null when there is none, and the PDF shows the grey map instead.
 */
async function detectorOverlay(
  store: EvidenceStore,
  e: ReportBundle['evidence'][number],
  analysisId: string,
  h: ReportBundle['evidence'][number]['analyses'][number]['heatmaps'][number],
): Promise<string | null> {
  if (h.overlayStorageKey || !h.id || (e.kind && e.kind !== 'IMAGE')) return h.overlayStorageKey;
  try {
    return await overlayKey(
      store,
      {
        id: h.id,
        analysisId,
        kind: 'DETECTOR',
        width: h.width,
        height: h.height,
        storageKey: h.storageKey,
        overlayStorageKey: null,
        frameIndex: null,
        analysedRegion: h.analysedRegion ?? null,
      },
      e.storageKey,
    );
  } catch {
    // A missing or unreadable file: the grey map stands in; `loupe evidence verify` names the file.
    return null;
  }
}
