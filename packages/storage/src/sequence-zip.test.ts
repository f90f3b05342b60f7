import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  inspectSequenceZip,
  naturalCompare,
  readSequenceFrames,
  readSequenceMember,
  type SequenceCaps,
} from './sequence-zip.ts';
import { buildZip, zerosBomb, type ZipMember } from './testing/zip.ts';

const dir = mkdtempSync(join(tmpdir(), 'loupe-seqzip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CAPS: SequenceCaps = {
  maxFiles: 50,
  maxSequences: 4,
  maxUncompressedBytes: 64 * 1024 * 1024,
  maxRatio: 100,
};
// Enough of each format's header for the sniffer; decoding is the caller's check (a stub here).
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 3),
]);
const acceptAll = async () => undefined;

let n = 0;
const write = (members: readonly ZipMember[]) => {
  const path = join(dir, `z${n++}.zip`);
  writeFileSync(path, buildZip(members));
  return path;
};

describe('naturalCompare', () => {
  it('orders digit runs as numbers', () => {
    expect(['f10.png', 'f2.png', 'f1.png', 'f02.png', 'e.png'].sort(naturalCompare)).toEqual([
      'e.png',
      'f1.png',
      'f2.png',
      'f02.png',
      'f10.png',
    ]);
  });
});

describe('inspectSequenceZip', () => {
  it('reads folders as sequences and frames in natural name order, skipping macOS clutter', async () => {
    const path = write([
      { name: 'seq10/', data: Buffer.alloc(0) },
      { name: 'seq10/10.png', data: PNG },
      { name: 'seq10/9.png', data: PNG, method: 0 },
      { name: 'seq2/frame_1.jpg', data: JPEG },
      { name: 'top.jpg', data: JPEG },
      { name: '__MACOSX/seq2/._frame_1.jpg', data: Buffer.from('resource fork') },
      { name: 'seq2/.DS_Store', data: Buffer.from('finder') },
    ]);
    const types: string[] = [];
    const facts = await inspectSequenceZip(path, CAPS, async (_b, type) => void types.push(type));
    expect(facts.sequences).toEqual([
      { name: '.', frames: ['top.jpg'] },
      { name: 'seq2', frames: ['seq2/frame_1.jpg'] },
      { name: 'seq10', frames: ['seq10/9.png', 'seq10/10.png'] },
    ]);
    expect(facts.frameCount).toBe(4);
    expect(facts.uncompressedBytes).toBe(2 * PNG.length + 2 * JPEG.length);
    expect(facts.ignored).toEqual(['__MACOSX/seq2/._frame_1.jpg', 'seq2/.DS_Store']);
    expect(types.sort()).toEqual(['image/jpeg', 'image/jpeg', 'image/png', 'image/png']);

    const read = [];
    for await (const f of readSequenceFrames(path, facts))
      read.push([f.sequence, f.position, f.name, f.bytes.length]);
    expect(read).toEqual([
      [0, 0, 'top.jpg', JPEG.length],
      [1, 0, 'seq2/frame_1.jpg', JPEG.length],
      [2, 0, 'seq10/9.png', PNG.length],
      [2, 1, 'seq10/10.png', PNG.length],
    ]);
    expect((await readSequenceMember(path, 'seq10/9.png')).equals(PNG)).toBe(true);
  });

  const bomb = zerosBomb(1024 * 1024 * 1024);
  const refusals: [string, () => string, RegExp][] = [
    ['an empty zip', () => write([]), /The zip is empty/],
    ['a zip of folders only', () => write([{ name: 'a/' }, { name: 'a/b/' }]), /holds no images/],
    [
      'a name climbing out with ..',
      () => write([{ name: 'a/../../evil.png', data: PNG }]),
      /climbs out of the zip/,
    ],
    ['a leading ..', () => write([{ name: '../evil.png', data: PNG }]), /"\.\.\/evil\.png" climbs out/],
    ['an absolute path', () => write([{ name: '/etc/evil.png', data: PNG }]), /is an absolute path/],
    ['a drive letter', () => write([{ name: 'C:/evil.png', data: PNG }]), /is an absolute path/],
    ['a backslash', () => write([{ name: 'seq\\1.png', data: PNG }]), /has a backslash/],
    [
      'a symbolic link',
      () => write([{ name: 'seq/1.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]),
      /"seq\/1\.png" is a symbolic link/,
    ],
    ['an encrypted member', () => write([{ name: 'seq/1.png', data: PNG, encrypted: true }]), /is encrypted/],
    [
      'a PDF among the frames',
      () =>
        write([
          { name: 'seq/1.png', data: PNG },
          { name: 'seq/notes.pdf', data: Buffer.from('%PDF-1.7 x') },
        ]),
      /seq\/notes\.pdf is a PDF document, not an image/,
    ],
    [
      'a text file',
      () => write([{ name: 'readme.txt', data: Buffer.from('hello') }]),
      /readme\.txt is an unrecognised format, not an image/,
    ],
    [
      'a nested zip',
      () => write([{ name: 'inner.zip', data: buildZip([{ name: 'a.png', data: PNG }]) }]),
      /inner\.zip is a zip inside the zip/,
    ],
    [
      'the same name twice',
      () =>
        write([
          { name: 'a/1.png', data: PNG },
          { name: 'a/1.png', data: PNG },
        ]),
      /a\/1\.png appears twice/,
    ],
    [
      'too many files',
      () => write(Array.from({ length: 51 }, (_, i) => ({ name: `s/${i}.png`, data: PNG }))),
      /more than 50 files/,
    ],
    [
      'too many sequences',
      () => write(Array.from({ length: 5 }, (_, i) => ({ name: `s${i}/0.png`, data: PNG }))),
      /more than 4 sequences/,
    ],
    [
      'a 1 GiB bomb that declares its size',
      () => write([{ name: 's/0.png', raw: bomb }]),
      /inflates to more than 64 MiB .*possible zip bomb/,
    ],
    [
      'a 1 GiB bomb that declares 200 bytes',
      () => write([{ name: 's/0.png', raw: bomb, declaredSize: 200 }]),
      /s\/0\.png is corrupt or does not match its declared size/,
    ],
    [
      'bytes that are not a zip',
      () => {
        const path = join(dir, `z${n++}.zip`);
        writeFileSync(path, 'PK\x03\x04 but nothing else');
        return path;
      },
      /not a readable zip archive/,
    ],
  ];

  it.each(refusals)('refuses %s with a message that says why', async (_what, make, message) => {
    const path = make();
    const before = readdirSync(dir).length;
    await expect(inspectSequenceZip(path, CAPS, acceptAll)).rejects.toThrow(message);
    expect(readdirSync(dir)).toHaveLength(before);
  });

  it('refuses a member that inflates far past its compressed size even under the total cap', async () => {
    const path = write([{ name: 's/0.png', raw: zerosBomb(16 * 1024 * 1024) }]);
    await expect(
      inspectSequenceZip(path, { ...CAPS, maxUncompressedBytes: 1024 ** 3 }, acceptAll),
    ).rejects.toThrow(/s\/0\.png inflates to more than 100 times its compressed size/);
  });

  it('refuses members that are each small but together pass the total cap', async () => {
    const big = Buffer.concat([JPEG, Buffer.alloc(3 * 1024 * 1024, 1)]);
    const path = write(Array.from({ length: 3 }, (_, i) => ({ name: `s/${i}.jpg`, data: big })));
    await expect(
      inspectSequenceZip(path, { ...CAPS, maxUncompressedBytes: 8 * 1024 * 1024, maxRatio: 1e6 }, acceptAll),
    ).rejects.toThrow(/inflates to more than 8 MiB/);
  });

  it("names the member the caller's image check refused", async () => {
    const path = write([{ name: 'seq/7.jpg', data: JPEG }]);
    await expect(
      inspectSequenceZip(path, CAPS, async () => {
        throw new Error('The image is truncated or corrupt.');
      }),
    ).rejects.toThrow('seq/7.jpg: The image is truncated or corrupt.');
  });
});
