import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvalInputError } from './errors.ts';
import { readDataSet } from './layouts.ts';

let root: string;
const touch = (rel: string, text = 'x') => {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'loupe-layouts-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readDataSet', () => {
  it('reads real/ + fake/<family>/ folders', () => {
    touch('real/a.jpg');
    touch('real/sub/b.png');
    touch('fake/face_swap/c.jpg');
    touch('fake/d.webp');
    touch('fake/notes.txt');
    const set = readDataSet(root);
    expect(set.layout).toBe('folders');
    expect(set.items.map((i) => [i.file, i.label, i.family])).toEqual([
      ['real/a.jpg', 0, 'real'],
      ['real/sub/b.png', 0, 'real'],
      ['fake/d.webp', 1, 'fake'],
      ['fake/face_swap/c.jpg', 1, 'face_swap'],
    ]);
  });

  it('reads a CSV with quoted fields, fake/real words and splits; missing files are warned about', () => {
    touch('x/1.jpg');
    touch('x/a,b.jpg');
    writeFileSync(
      join(root, 'set.csv'),
      'file,label,family,split\nx/1.jpg,fake,splice,test\n"x/a,b.jpg",0,,calibration\nx/gone.jpg,1,splice,test\n',
    );
    const set = readDataSet(join(root, 'set.csv'));
    expect(set.items.map((i) => [i.file, i.label, i.family, i.split])).toEqual([
      ['x/1.jpg', 1, 'splice', 'test'],
      ['x/a,b.jpg', 0, 'real', 'calibration'],
    ]);
    expect(set.warnings).toEqual([expect.stringContaining('x/gone.jpg does not exist')]);
  });

  it('reads Celeb-DF v2 (1 = real in its list): extracted frames where present, else the video file', () => {
    writeFileSync(
      join(root, 'List_of_testing_videos.txt'),
      '1 YouTube-real/00170.mp4\n0 Celeb-synthesis/id0_id1_0000.mp4\n0 Celeb-synthesis/id9_id2_0001.mp4\n0 Celeb-synthesis/gone.mp4\n',
    );
    touch('YouTube-real/00170/000.png');
    touch('YouTube-real/00170/001.png');
    touch('Celeb-synthesis/id0_id1_0000/000.png');
    touch('Celeb-synthesis/id9_id2_0001.mp4');
    const set = readDataSet(root);
    expect(set.layout).toBe('celeb-df-v2');
    expect(set.items.map((i) => [i.file, i.label, i.group])).toEqual([
      ['YouTube-real/00170/000.png', 0, 'YouTube-real/00170.mp4'],
      ['YouTube-real/00170/001.png', 0, 'YouTube-real/00170.mp4'],
      ['Celeb-synthesis/id0_id1_0000/000.png', 1, 'Celeb-synthesis/id0_id1_0000.mp4'],
      ['Celeb-synthesis/id9_id2_0001.mp4', 1, null],
    ]);
    expect(set.warnings).toEqual([
      '1 listed video(s) are neither on disk nor extracted as frames; they were skipped',
    ]);
  });

  it('reads WildDeepfake face-sequence folders, grouped by sequence', () => {
    touch('real_test/seq1/0.png');
    touch('fake_test/seq7/0.png');
    touch('fake_test/seq7/1.png');
    const set = readDataSet(root);
    expect(set.layout).toBe('wilddeepfake');
    expect(set.items.map((i) => [i.file, i.label, i.split, i.group])).toEqual([
      ['real_test/seq1/0.png', 0, 'test', 'real_test/seq1'],
      ['fake_test/seq7/0.png', 1, 'test', 'fake_test/seq7'],
      ['fake_test/seq7/1.png', 1, 'test', 'fake_test/seq7'],
    ]);
  });

  it.each([
    ['a missing path', (r: string) => join(r, 'nope'), /no such file or folder/],
    ['a folder of unknown layout', (r: string) => r, /no known layout/],
    [
      'a CSV without a label column',
      (r: string) => (writeFileSync(join(r, 'a.csv'), 'file\nx.jpg\n'), join(r, 'a.csv')),
      /file and label/,
    ],
    [
      'a CSV label that is not 0/1',
      (r: string) => (
        touch('x.jpg'),
        writeFileSync(join(r, 'a.csv'), 'file,label\nx.jpg,maybe\n'),
        join(r, 'a.csv')
      ),
      /label must be/,
    ],
    [
      'a CSV path outside the set',
      (r: string) => (writeFileSync(join(r, 'a.csv'), 'file,label\n../etc/passwd,1\n'), join(r, 'a.csv')),
      /inside/,
    ],
    [
      'a folder with real/ and fake/ but no image or video',
      (r: string) => (touch('real/notes.txt'), touch('fake/x/readme.md'), r),
      /no image or video files found/,
    ],
  ])('refuses %s with a clear error', (_name, path, message) => {
    const p = path(root);
    expect(() => readDataSet(p)).toThrow(EvalInputError);
    expect(() => readDataSet(p)).toThrow(message);
  });
});
