/**
 * Reads a labelled data set from disk in one of the layouts `loupe eval` accepts (docs/evaluation.md):
 * a CSV, `real/` + `fake/<family>/` folders, Celeb-DF v2 (List_of_testing_videos.txt) or
 * WildDeepfake face-sequence folders. Items are images, or videos (.mp4 .mov .mkv .webm) for the video pipeline.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { csvFields } from './csv.ts';
import { EvalInputError } from './errors.ts';

export interface DataItem {
  /** Absolute path. */
  path: string;
  /** Relative to the data folder, '/'-separated: the item's key in items.csv. */
  file: string;
  label: 0 | 1;
  family: string;
  split: string | null;
  /** Video or face sequence the frame belongs to (for video-level scores later), or null. */
  group: string | null;
}

export interface DataSet {
  layout: 'csv' | 'folders' | 'celeb-df-v2' | 'wilddeepfake';
  root: string;
  items: DataItem[];
  /** Things the reader could not use, said plainly (videos without frames, unreadable rows). */
  warnings: string[];
}

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.avif']);
export const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.mkv', '.webm']);

/** A video file goes through the video pipeline (sampled frames, face tracks, primary-track mean). */
export function isVideoFile(path: string): boolean {
  return VIDEO_EXTENSIONS.has(extname(path).toLowerCase());
}

const posix = (p: string) => p.split(sep).join('/');

/** Image files (and video files with `videos`) under a folder, sorted. */
function imagesUnder(dir: string, videos = false): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (
        entry.isFile() &&
        (IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()) || (videos && isVideoFile(p)))
      ) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

function parseLabel(value: string, where: string): 0 | 1 {
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'fake') return 1;
  if (v === '0' || v === 'real') return 0;
  throw new EvalInputError(`${where}: label must be 1/fake or 0/real, got '${value}'`);
}

/** A CSV with a header naming at least `file` and `label` (optional `family`, `split`); files relative to the CSV. */
export function readCsvSet(csvPath: string): DataSet {
  const root = resolve(csvPath, '..');
  const lines = readFileSync(csvPath, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = csvFields(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('file') < 0 || col('label') < 0) {
    throw new EvalInputError(
      `${csvPath}: the header must name the columns file and label (optional family, split)`,
    );
  }
  const items: DataItem[] = [];
  const warnings: string[] = [];
  lines.slice(1).forEach((line, i) => {
    const f = csvFields(line);
    const where = `${csvPath} line ${i + 2}`;
    const file = (f[col('file')] ?? '').trim();
    const path = resolve(root, file);
    if (!file || !path.startsWith(root + sep))
      throw new EvalInputError(`${where}: file must be a path inside ${root}`);
    if (!existsSync(path)) {
      warnings.push(`${where}: ${file} does not exist; skipped`);
      return;
    }
    const label = parseLabel(f[col('label')] ?? '', where);
    const family = (col('family') >= 0 ? f[col('family')]?.trim() : '') || (label ? 'fake' : 'real');
    const split = (col('split') >= 0 ? f[col('split')]?.trim() : '') || null;
    items.push({ path, file: posix(relative(root, path)), label, family, split, group: null });
  });
  return { layout: 'csv', root, items, warnings };
}

/** `real/**` and `fake/**`; the first folder under `fake/` names the family. */
export function readFolderSet(root: string): DataSet {
  const items: DataItem[] = [];
  for (const path of imagesUnder(join(root, 'real'), true)) {
    items.push({
      path,
      file: posix(relative(root, path)),
      label: 0,
      family: 'real',
      split: null,
      group: null,
    });
  }
  for (const path of imagesUnder(join(root, 'fake'), true)) {
    const rel = posix(relative(join(root, 'fake'), path)).split('/');
    const family = rel.length > 1 ? rel[0]! : 'fake';
    items.push({ path, file: posix(relative(root, path)), label: 1, family, split: null, group: null });
  }
  return { layout: 'folders', root, items, warnings: [] };
}

/**
 * Celeb-DF v2: `List_of_testing_videos.txt` lines are `<1 real | 0 fake> <folder>/<video>.mp4`
 * (note: 1 means REAL in this list). A video whose frames were extracted next to it, into a folder
 * of the same path without the extension (DeepfakeBench's frames layout), is evaluated frame by
 * frame; otherwise the video file itself goes through the video pipeline.
 */
export function readCelebDf(root: string): DataSet {
  const list = readFileSync(join(root, 'List_of_testing_videos.txt'), 'utf8').split(/\r?\n/);
  const items: DataItem[] = [];
  let missing = 0;
  list.forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^\s*([01])\s+(\S+)\s*$/.exec(line);
    if (!m)
      throw new EvalInputError(
        `List_of_testing_videos.txt line ${i + 1}: expected '<0|1> <path>', got '${line}'`,
      );
    const video = m[2]!;
    const label: 0 | 1 = m[1] === '1' ? 0 : 1;
    const family = label ? 'celeb-synthesis' : video.split('/')[0]!.toLowerCase();
    const framesDir = join(root, video.slice(0, video.length - extname(video).length));
    if (existsSync(framesDir) && statSync(framesDir).isDirectory()) {
      // Extracted frames (DeepfakeBench's layout): each frame an item, grouped by video.
      for (const path of imagesUnder(framesDir)) {
        items.push({ path, file: posix(relative(root, path)), label, family, split: 'test', group: video });
      }
    } else if (existsSync(join(root, video)) && isVideoFile(video)) {
      // The video itself: the video pipeline samples its frames.
      items.push({ path: join(root, video), file: video, label, family, split: 'test', group: null });
    } else missing++;
  });
  const warnings: string[] = [];
  if (missing > 0) {
    warnings.push(
      `${missing} listed video(s) are neither on disk nor extracted as frames; they were skipped`,
    );
  }
  return { layout: 'celeb-df-v2', root, items, warnings };
}

const WDF_FOLDERS = ['real_train', 'real_test', 'fake_train', 'fake_test'];

/** WildDeepfake: `{real,fake}_{train,test}/**` folders of face-sequence images; the parent folder is the sequence. */
export function readWildDeepfake(root: string): DataSet {
  const items: DataItem[] = [];
  const warnings: string[] = [];
  for (const top of WDF_FOLDERS) {
    const dir = join(root, top);
    if (!existsSync(dir)) continue;
    const label: 0 | 1 = top.startsWith('fake') ? 1 : 0;
    const split = top.endsWith('test') ? 'test' : 'train';
    for (const path of imagesUnder(dir)) {
      const file = posix(relative(root, path));
      items.push({
        path,
        file,
        label,
        family: label ? 'wilddeepfake' : 'real',
        split,
        group: file.split('/').slice(0, -1).join('/'),
      });
    }
    const archives = readdirSync(dir).filter((n) => /\.(tar|tar\.gz|tgz|zip)$/i.test(n));
    if (archives.length)
      warnings.push(
        `${top}: ${archives.length} archive(s) not unpacked; unpack them to evaluate their frames`,
      );
  }
  return { layout: 'wilddeepfake', root, items, warnings };
}

/**
 * Recognises the layout of `dataPath` (a folder, or a CSV file) and reads it. A folder's own
 * labels.csv wins over its real/ + fake/ folders (it also carries the split).
 */
export function readDataSet(dataPath: string): DataSet {
  const p = resolve(dataPath);
  if (!existsSync(p)) throw new EvalInputError(`--data ${dataPath}: no such file or folder`);
  let set: DataSet;
  if (statSync(p).isFile()) {
    if (extname(p).toLowerCase() !== '.csv')
      throw new EvalInputError(`--data ${dataPath}: a file must be a .csv`);
    set = readCsvSet(p);
  } else if (existsSync(join(p, 'List_of_testing_videos.txt'))) set = readCelebDf(p);
  else if (WDF_FOLDERS.some((d) => existsSync(join(p, d)))) set = readWildDeepfake(p);
  else if (existsSync(join(p, 'labels.csv'))) set = readCsvSet(join(p, 'labels.csv'));
  else if (existsSync(join(p, 'real')) || existsSync(join(p, 'fake'))) set = readFolderSet(p);
  else {
    throw new EvalInputError(
      `--data ${dataPath}: no known layout (real/ + fake/ folders, labels.csv, List_of_testing_videos.txt, ` +
        'or WildDeepfake real_test/ fake_test/ folders)',
    );
  }
  if (set.items.length === 0) throw new EvalInputError(`--data ${dataPath}: no image or video files found`);
  return set;
}
