import { crc32, deflateRawSync, constants } from 'node:zlib';

// A tiny zip writer for tests. Unlike an archiver library it writes whatever it is told — names
// with '..' or backslashes, symlink attributes, the encryption flag, sizes that lie — so the
// reader's refusals can be tested against the zips an attacker would send.

export interface ZipMember {
  name: string;
  /** The member's bytes; ignored when `raw` gives the compressed data directly. */
  data?: Buffer;
  /** Deflate (default) or store. */
  method?: 0 | 8;
  /** Already compressed data (with `uncompressedSize` and `crc` as they should be declared). */
  raw?: { data: Buffer; uncompressedSize: number; crc: number };
  /** Declared sizes that differ from the truth (zip bombs that lie). */
  declaredSize?: number;
  /** Unix mode stored in the external attributes (0o120777 is a symbolic link). */
  mode?: number;
  /** Sets the "encrypted" flag (the data is not actually encrypted). */
  encrypted?: boolean;
}

/** Builds a zip archive in memory. */
export function buildZip(members: readonly ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const method = m.raw ? 8 : (m.method ?? 8);
    const data = m.data ?? Buffer.alloc(0);
    const body = m.raw ? m.raw.data : method === 8 ? deflateRawSync(data) : data;
    const size = m.declaredSize ?? (m.raw ? m.raw.uncompressedSize : data.length);
    const crc = m.raw ? m.raw.crc : crc32(data);
    const flags = 0x800 | (m.encrypted ? 1 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode bits mean what they say
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    const mode = m.mode ?? (m.name.endsWith('/') ? 0o40755 : 0o100644);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Raw deflate data that inflates to `bytes` zero bytes (a multiple of 16 MiB) while being about
 * a thousandth of that: one fully flushed block of zeros repeated, then an empty final block.
 * The CRC is of the zeros, so only the size cap can stop it.
 */
export function zerosBomb(bytes: number): { data: Buffer; uncompressedSize: number; crc: number } {
  const chunk = 16 * 1024 * 1024;
  const zeros = Buffer.alloc(chunk);
  const block = deflateRawSync(zeros, { finishFlush: constants.Z_FULL_FLUSH });
  const count = Math.ceil(bytes / chunk);
  let crc = 0;
  for (let i = 0; i < count; i++) crc = crc32(zeros, crc);
  const final = deflateRawSync(Buffer.alloc(0));
  return {
    data: Buffer.concat([...Array.from({ length: count }, () => block), final]),
    uncompressedSize: count * chunk,
    crc,
  };
}
