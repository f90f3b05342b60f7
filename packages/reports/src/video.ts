import {
  TEST_FIXTURE_WARNING,
  type ReportAnalysis,
  type ReportEvidence,
  type ReportVideoAnalysis,
  type ReportVideoFacts,
} from './bundle.ts';
import { body, ensureSpace, field, GREY, heading, MARGIN, RED } from './render.ts';
import { write } from './text.ts';

/**
 * The video parts of an evidence page: probe facts, the video score and its rule, a timeline of
 * p(fake) per track with the threshold and the suspicious segments, the sampled frames, and the
 * track and segment tables. Drawn with pdfkit's vector paths (no chart library, no raster).
 */

type Doc = PDFKit.PDFDocument;

const TRACK_COLOURS = ['#1f5fbf', '#d95f02', '#1b9e77', '#7570b3', '#e7298a', '#66a61e', '#a6761d'];
const SEGMENT_FILL = '#f6d5d2';
const WHOLE_FRAME_COLOUR = '#555555';

const sec = (s: number) => `${s.toFixed(2)} s`;
const p = (x: number | null | undefined, digits = 3) => (x == null ? '-' : x.toFixed(digits));
const fixtureMark = (a: ReportAnalysis) => (a.model?.isTestFixture ? ` [${TEST_FIXTURE_WARNING}]` : '');

/** Probe facts of a video, one line each. */
export function videoFacts(doc: Doc, f: ReportVideoFacts | null, at: { x: number; width: number }) {
  if (!f) {
    field(doc, 'Video', 'probe facts were not recorded', at);
    return;
  }
  field(doc, 'Container / codec', `${f.container}, ${f.codec}${f.profile ? ` (${f.profile})` : ''}`, at);
  field(
    doc,
    'Duration',
    `${sec(f.durationSec)}, ${f.frameCount} frames, ${f.fps.toFixed(3)} fps${f.variableFrameRate ? ' (variable frame rate)' : ''}`,
    at,
  );
  field(doc, 'Resolution', `${f.width} × ${f.height} px${f.rotation ? `, rotated ${f.rotation}°` : ''}`, at);
  field(
    doc,
    'Audio',
    f.audio.length
      ? f.audio
          .map(
            (a) =>
              `${a.codec}${a.channels ? `, ${a.channels} ch` : ''}${a.sampleRate ? `, ${a.sampleRate} Hz` : ''}`,
          )
          .join('; ')
      : 'none',
    at,
  );
}

/** Everything an analysis of a video adds after its common fields. */
export function videoAnalysis(
  doc: Doc,
  e: ReportEvidence,
  a: ReportAnalysis,
  thumbs: Map<number, Buffer> | undefined,
) {
  const v = a.video!;
  const fixture = fixtureMark(a);
  if (a.pFake != null)
    field(doc, 'Video score', `p(fake) ${a.pFake.toFixed(4)}${a.label ? ` (${a.label})` : ''}${fixture}`);
  if (v.rule) field(doc, 'Rule', v.rule);
  if (v.threshold != null) field(doc, 'Threshold', p(v.threshold, 2));
  field(
    doc,
    'Sampled frames',
    `${v.frames.length}, ${v.frames.filter((f) => f.subject === 'WHOLE_FRAME').length} without a face (whole frame scored)`,
  );
  if (v.frames.length === 0) return;
  const duration = Math.max(e.video?.durationSec ?? 0, ...v.frames.map((f) => f.timeSec), 0.001);
  timeline(doc, v, duration, fixture);
  frameStrip(doc, v, thumbs);
  trackTable(doc, v, fixture);
  segmentTable(doc, v, fixture);
}

interface Series {
  label: string;
  colour: string;
  width: number;
  points: { t: number; p: number }[];
}

function series(v: ReportVideoAnalysis): Series[] {
  const out: Series[] = v.tracks.map((t, i) => ({
    label: `track ${t.trackIndex}${t.primary ? ' (primary)' : ''}`,
    colour: TRACK_COLOURS[i % TRACK_COLOURS.length]!,
    width: t.primary ? 1.6 : 0.8,
    points: v.frames.flatMap((f) =>
      f.faces
        .filter((x) => x.track === t.trackIndex && x.pFake != null)
        .map((x) => ({ t: f.timeSec, p: x.pFake! })),
    ),
  }));
  const whole = v.frames.filter((f) => f.subject === 'WHOLE_FRAME' && f.pFake != null);
  if (whole.length)
    out.push({
      label: 'whole frame (no face)',
      colour: WHOLE_FRAME_COLOUR,
      width: 0.8,
      points: whole.map((f) => ({ t: f.timeSec, p: f.pFake! })),
    });
  return out.filter((s) => s.points.length > 0);
}

/** 1, 2 or 5 × 10^k seconds, so that about `count` ticks span the duration. */
function tickStep(duration: number, count: number) {
  const raw = duration / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
}

function timeline(doc: Doc, v: ReportVideoAnalysis, duration: number, fixture: string) {
  heading(doc, `Timeline: p(fake) of each sampled frame${fixture}`, 11);
  const lines = series(v);
  const height = 130;
  ensureSpace(doc, height + 60 + 12 * Math.ceil((lines.length + 2) / 3));
  const left = MARGIN + 34;
  const width = doc.page.width - MARGIN - left - 6;
  const top = doc.y + 4;
  const x = (t: number) => left + (Math.min(Math.max(t, 0), duration) / duration) * width;
  const y = (pf: number) => top + height - Math.min(Math.max(pf, 0), 1) * height;

  doc.save();
  // Suspicious segments, shaded behind everything.
  for (const s of v.segments)
    doc.rect(x(s.startSec), top, Math.max(1, x(s.endSec) - x(s.startSec)), height).fill(SEGMENT_FILL);
  // Grid and y axis labels.
  doc.fontSize(7).fillColor(GREY);
  for (const g of [0, 0.25, 0.5, 0.75, 1]) {
    doc
      .moveTo(left, y(g))
      .lineTo(left + width, y(g))
      .lineWidth(0.3)
      .strokeColor('#cccccc')
      .stroke();
    write(doc, g.toFixed(2), { x: left - 22, y: y(g) - 4, width: 20, align: 'right', lineBreak: false });
  }
  // x axis ticks and labels.
  const step = tickStep(duration, 8);
  for (let t = 0; t <= duration + 1e-9; t += step) {
    doc
      .moveTo(x(t), top + height)
      .lineTo(x(t), top + height + 3)
      .lineWidth(0.5)
      .strokeColor('#000000')
      .stroke();
    write(doc.fillColor(GREY), `${Number(t.toFixed(3))}`, {
      x: x(t) - 15,
      y: top + height + 4,
      width: 30,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.rect(left, top, width, height).lineWidth(0.6).strokeColor('#000000').stroke();
  // Threshold.
  if (v.threshold != null) {
    doc
      .moveTo(left, y(v.threshold))
      .lineTo(left + width, y(v.threshold))
      .dash(3, { space: 2 })
      .lineWidth(0.8)
      .strokeColor(RED)
      .stroke()
      .undash();
  }
  // One line per track, a dot at each sampled frame.
  for (const s of lines) {
    s.points.forEach((pt, i) => (i === 0 ? doc.moveTo(x(pt.t), y(pt.p)) : doc.lineTo(x(pt.t), y(pt.p))));
    doc.lineWidth(s.width).strokeColor(s.colour).stroke();
    for (const pt of s.points) doc.circle(x(pt.t), y(pt.p), 1.4).fill(s.colour);
  }
  doc.restore();
  // Axis titles.
  doc.fontSize(7).fillColor('black');
  write(doc, 'time (s)', { x: left, y: top + height + 13, width, align: 'center', lineBreak: false });
  doc.save().rotate(-90, { origin: [MARGIN + 4, top + height / 2] });
  write(doc, 'p(fake)', {
    x: MARGIN + 4 - 30,
    y: top + height / 2 - 4,
    width: 60,
    align: 'center',
    lineBreak: false,
  });
  doc.restore();
  // Legend.
  const items: { label: string; draw: (lx: number, ly: number) => void }[] = lines.map((s) => ({
    label: s.label,
    draw: (lx, ly) => {
      doc
        .moveTo(lx, ly)
        .lineTo(lx + 14, ly)
        .lineWidth(s.width)
        .strokeColor(s.colour)
        .stroke();
    },
  }));
  if (v.threshold != null)
    items.push({
      label: `threshold ${p(v.threshold, 2)}`,
      draw: (lx, ly) => {
        doc
          .moveTo(lx, ly)
          .lineTo(lx + 14, ly)
          .dash(3, { space: 2 })
          .lineWidth(0.8)
          .strokeColor(RED)
          .stroke()
          .undash();
      },
    });
  items.push({
    label: `suspicious segment (${v.segments.length})`,
    draw: (lx, ly) => {
      doc.rect(lx, ly - 3, 14, 6).fill(SEGMENT_FILL);
    },
  });
  const legendTop = top + height + 26;
  const colWidth = (doc.page.width - 2 * MARGIN) / 3;
  items.forEach((it, i) => {
    const lx = MARGIN + (i % 3) * colWidth;
    const ly = legendTop + Math.floor(i / 3) * 12;
    doc.save();
    it.draw(lx, ly + 3);
    doc.restore();
    write(doc.fontSize(7).fillColor('black'), it.label, {
      x: lx + 18,
      y: ly,
      width: colWidth - 20,
      lineBreak: false,
    });
  });
  doc.x = MARGIN;
  doc.y = legendTop + Math.ceil(items.length / 3) * 12 + 4;
  doc.fillColor('black');
}

function frameStrip(doc: Doc, v: ReportVideoAnalysis, thumbs: Map<number, Buffer> | undefined) {
  heading(doc, 'Sampled frames', 11);
  body(
    doc,
    'Each sampled frame with its time and p(fake); frames at or above the threshold are framed in red.',
    GREY,
  );
  const perRow = 8;
  const cell = (doc.page.width - 2 * MARGIN) / perRow;
  const picture = { w: cell - 4, h: (cell - 4) * 0.75 };
  const rowHeight = picture.h + 16;
  let rowTop = doc.y;
  v.frames.forEach((f, i) => {
    const col = i % perRow;
    if (col === 0 && i > 0) rowTop += rowHeight;
    if (col === 0 && rowTop + rowHeight > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      rowTop = doc.y;
    }
    const top = rowTop + 4;
    const x = MARGIN + col * cell + 2;
    const img = thumbs?.get(f.index);
    if (img) doc.image(img, x, top, { fit: [picture.w, picture.h], align: 'center', valign: 'center' });
    else
      write(doc.fontSize(6).fillColor(GREY), '(no thumbnail)', {
        x,
        y: top + picture.h / 2 - 3,
        width: picture.w,
        align: 'center',
        lineBreak: false,
      });
    const above = v.threshold != null && f.pFake != null && f.pFake >= v.threshold;
    doc
      .rect(x, top, picture.w, picture.h)
      .lineWidth(above ? 1.5 : 0.3)
      .strokeColor(above ? RED : '#999999')
      .stroke();
    write(doc.fontSize(6).fillColor(above ? RED : 'black'), `${f.timeSec.toFixed(2)} s · ${p(f.pFake, 2)}`, {
      x,
      y: top + picture.h + 3,
      width: picture.w,
      align: 'center',
      lineBreak: false,
    });
  });
  doc.x = MARGIN;
  doc.y = rowTop + rowHeight + 6;
  doc.fillColor('black');
}

function table(doc: Doc, cols: { title: string; width: number }[], rows: string[][]) {
  const line = (cells: string[], bold: boolean) => {
    ensureSpace(doc, 14);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      write(doc.fontSize(8).fillColor('black'), c, {
        bold,
        x: x + 2,
        y: y + 2,
        width: cols[i]!.width - 4,
        lineBreak: false,
      });
      x += cols[i]!.width;
    });
    doc
      .moveTo(MARGIN, y + 13)
      .lineTo(x, y + 13)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.x = MARGIN;
    doc.y = y + 13;
  };
  line(
    cols.map((c) => c.title),
    true,
  );
  for (const r of rows) line(r, false);
  doc.moveDown(0.5);
}

function trackTable(doc: Doc, v: ReportVideoAnalysis, fixture: string) {
  heading(doc, `Face tracks${fixture}`, 11);
  if (v.tracks.length === 0) {
    body(doc, 'No face was found in any sampled frame: whole frames were scored.', GREY);
    return;
  }
  const pct = (x: number | null) => (x == null ? '-' : `${(x * 100).toFixed(0)} %`);
  table(
    doc,
    [
      { title: 'Track', width: 110 },
      { title: 'Frames', width: 60 },
      { title: 'Mean p(fake)', width: 90 },
      { title: 'Max p(fake)', width: 90 },
      { title: `Frames ≥ threshold`, width: 110 },
    ],
    v.tracks.map((t) => [
      `${t.trackIndex}${t.primary ? ' (primary)' : ''}`,
      String(t.frameCount),
      p(t.meanPFake),
      p(t.maxPFake),
      pct(t.fractionAbove),
    ]),
  );
}

function segmentTable(doc: Doc, v: ReportVideoAnalysis, fixture: string) {
  heading(doc, `Suspicious segments${fixture}`, 11);
  if (v.segments.length === 0) {
    body(doc, 'No run of sampled frames reached the threshold.', GREY);
    return;
  }
  table(
    doc,
    [
      { title: 'Start – end', width: 150 },
      { title: 'Sampled frames', width: 100 },
      { title: 'Peak p(fake)', width: 90 },
      { title: 'Track', width: 90 },
    ],
    v.segments.map((s) => [
      `${sec(s.startSec)} – ${sec(s.endSec)}`,
      `${s.firstFrame}–${s.lastFrame}`,
      p(s.peakPFake),
      s.trackIndex == null ? 'whole frame' : String(s.trackIndex),
    ]),
  );
}
