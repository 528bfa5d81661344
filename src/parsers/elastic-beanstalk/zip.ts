/**
 * A small, defensive reader for `.zip` source bundles, built on `node:zlib` (`inflateRawSync`).
 *
 * Why our own: EB bundles are plain zips (stored or deflated entries) and ecsify only needs a
 * handful of small text files from them, so a reader that parses the central directory, keeps
 * entry names as data and inflates single entries on demand into memory is enough. Nothing is
 * ever written to disk, so entry names cannot escape anywhere; unsafe names (absolute, `..`,
 * drive letters, NUL) are still refused so that later path logic never sees them. Limits bound
 * the entry count, the size of each entry read and the total bytes inflated.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ZipLimits {
  /** Most entries accepted in the central directory (EB bundles hold a few thousand at most). */
  maxEntries: number;
  /** Most bytes one entry may inflate to when read. */
  maxEntryBytes: number;
  /** Most bytes inflated over the archive's lifetime. */
  maxTotalBytes: number;
  /** Largest archive accepted (EB's own source bundle limit is 500 MB). */
  maxArchiveBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 50_000,
  maxEntryBytes: 8 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxArchiveBytes: 512 * 1024 * 1024,
};

export interface ZipEntry {
  /** Name as stored, `\` turned into `/`. */
  name: string;
  /** Name as stored in the archive (for messages). */
  rawName: string;
  isDirectory: boolean;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
  flags: number;
}

/** A problem with the archive or one of its entries (the caller turns these into diagnostics). */
export interface ZipProblem {
  kind: 'invalid' | 'unsafe-entry' | 'limit' | 'entry-unreadable' | 'backslash';
  message: string;
  entry?: string;
}

/** Random access to the archive bytes (a file descriptor, or a buffer in tests). */
export interface ZipSource {
  size: number;
  read(offset: number, length: number): Buffer;
  close(): void;
}

export function bufferSource(buf: Buffer): ZipSource {
  return {
    size: buf.length,
    read: (offset, length) => buf.subarray(offset, Math.min(buf.length, offset + length)),
    close: () => undefined,
  };
}

export function fileSource(path: string): ZipSource {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      const len = Math.max(0, Math.min(length, size - offset));
      const out = Buffer.alloc(len);
      let done = 0;
      while (done < len) {
        const n = readSync(fd, out, done, len - done, offset + done);
        if (n <= 0) break;
        done += n;
      }
      return out.subarray(0, done);
    },
    close: () => closeSync(fd),
  };
}

export interface ZipArchive {
  /** Safe entries by normalised name (files and folders). */
  entries: Map<string, ZipEntry>;
  /** Inflates one entry; problems (limits, corrupt data) go to `problems` and give undefined. */
  read(entry: ZipEntry): Buffer | undefined;
  problems: ZipProblem[];
  close(): void;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

/**
 * Checks one entry name. Returns the normalised name, or why it is refused. Names are never
 * used as file-system paths by ecsify, but refusing these keeps every later path join safe.
 */
export function checkEntryName(raw: string): { name: string; backslash: boolean } | { refused: string } {
  if (raw.includes('\0')) return { refused: 'contains a NUL character' };
  const backslash = raw.includes('\\');
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/')) return { refused: 'is an absolute path' };
  if (/^[A-Za-z]:/.test(name)) return { refused: 'starts with a drive letter' };
  const parts = name.split('/');
  if (parts.some((p) => p === '..')) return { refused: 'climbs out of the bundle with `..`' };
  const clean = parts.filter((p, i) => p !== '.' && (p !== '' || i === parts.length - 1)).join('/');
  if (clean === '' || clean === '/') return { refused: 'is empty' };
  return { name: clean, backslash };
}

function findEocd(src: ZipSource): number {
  // The end record is 22 bytes plus a comment of up to 65535 bytes.
  const tailLen = Math.min(src.size, 22 + 0xffff);
  const tail = src.read(src.size - tailLen, tailLen);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD) return src.size - tailLen + i;
  }
  return -1;
}

/** Opens an archive: reads the central directory, never the entry data. */
export function openZip(src: ZipSource, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipArchive {
  const problems: ZipProblem[] = [];
  const entries = new Map<string, ZipEntry>();
  let inflatedTotal = 0;

  const archive: ZipArchive = {
    entries,
    problems,
    close: () => src.close(),
    read(entry) {
      return readEntry(entry);
    },
  };

  if (src.size > limits.maxArchiveBytes) {
    problems.push({ kind: 'limit', message: `the archive is ${src.size} bytes, over the ${limits.maxArchiveBytes}-byte limit` });
    return archive;
  }
  const eocd = src.size >= 22 ? findEocd(src) : -1;
  if (eocd < 0) {
    problems.push({ kind: 'invalid', message: 'it has no zip end-of-central-directory record (not a zip file, or truncated)' });
    return archive;
  }
  const end = src.read(eocd, 22);
  let count = end.readUInt16LE(10);
  let cdSize = end.readUInt32LE(12);
  let cdOffset = end.readUInt32LE(16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the real values are in the ZIP64 end record, found through its locator.
    const loc = eocd >= 20 ? src.read(eocd - 20, 20) : Buffer.alloc(0);
    if (loc.length < 20 || loc.readUInt32LE(0) !== SIG_EOCD64_LOCATOR) {
      problems.push({ kind: 'invalid', message: 'its ZIP64 end record is missing' });
      return archive;
    }
    const rec64Offset = Number(loc.readBigUInt64LE(8));
    const rec = src.read(rec64Offset, 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== SIG_EOCD64) {
      problems.push({ kind: 'invalid', message: 'its ZIP64 end record is damaged' });
      return archive;
    }
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (count > limits.maxEntries) {
    problems.push({ kind: 'limit', message: `it has ${count} entries, over the ${limits.maxEntries}-entry limit` });
    return archive;
  }
  if (cdOffset + cdSize > src.size) {
    problems.push({ kind: 'invalid', message: 'its central directory points past the end of the file' });
    return archive;
  }
  const cd = src.read(cdOffset, cdSize);
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) {
      problems.push({ kind: 'invalid', message: `its central directory is damaged at entry ${i + 1}` });
      break;
    }
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    p += 46 + nameLen + extraLen + commentLen;
    // Bit 11: UTF-8 names. Others are CP437 in theory; latin1 keeps them as distinct data.
    const rawName = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const z = readZip64Extra(extra, size === 0xffffffff, compressedSize === 0xffffffff, localHeaderOffset === 0xffffffff);
      if (!z) {
        problems.push({ kind: 'entry-unreadable', entry: rawName, message: `entry ${rawName} has a damaged ZIP64 size field` });
        continue;
      }
      size = z.size ?? size;
      compressedSize = z.compressedSize ?? compressedSize;
      localHeaderOffset = z.offset ?? localHeaderOffset;
    }
    const checked = checkEntryName(rawName);
    if ('refused' in checked && checked.refused === 'is empty' && /^[./\\]*$/.test(rawName)) continue; // `./` entries
    if ('refused' in checked) {
      problems.push({ kind: 'unsafe-entry', entry: rawName, message: `entry ${JSON.stringify(rawName)} ${checked.refused}` });
      continue;
    }
    if (checked.backslash) {
      problems.push({ kind: 'backslash', entry: rawName, message: `entry ${JSON.stringify(rawName)} uses \\ as a folder separator` });
    }
    const isDirectory = rawName.endsWith('/') || rawName.endsWith('\\');
    const name = checked.name.replace(/\/$/, '');
    if (entries.has(name) && !isDirectory) {
      problems.push({ kind: 'invalid', entry: rawName, message: `entry ${name} appears twice; the last one is read` });
    }
    entries.set(name, { name, rawName, isDirectory, method, compressedSize, size, crc, localHeaderOffset, flags });
  }

  function readEntry(entry: ZipEntry): Buffer | undefined {
    const fail = (kind: ZipProblem['kind'], message: string): undefined => {
      problems.push({ kind, entry: entry.name, message });
      return undefined;
    };
    if (entry.isDirectory) return Buffer.alloc(0);
    if (entry.flags & 0x1) return fail('entry-unreadable', `entry ${entry.name} is encrypted`);
    if (entry.size > limits.maxEntryBytes) {
      return fail('limit', `entry ${entry.name} unpacks to ${entry.size} bytes, over the ${limits.maxEntryBytes}-byte limit per file`);
    }
    if (inflatedTotal + entry.size > limits.maxTotalBytes) {
      return fail('limit', `reading entry ${entry.name} would unpack more than ${limits.maxTotalBytes} bytes in total`);
    }
    const local = src.read(entry.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== SIG_LOCAL) {
      return fail('entry-unreadable', `entry ${entry.name} has no local header where the directory says`);
    }
    const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + entry.compressedSize > src.size) {
      return fail('entry-unreadable', `entry ${entry.name} runs past the end of the archive`);
    }
    const raw = src.read(dataStart, entry.compressedSize);
    const zlib = nodeZlib();
    let out: Buffer;
    if (entry.method === 0) {
      out = Buffer.from(raw);
    } else if (entry.method === 8) {
      try {
        // The declared size can lie; maxOutputLength makes the inflater itself stop a zip bomb.
        out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(limits.maxEntryBytes, entry.size)) });
      } catch (e) {
        return fail('entry-unreadable', `entry ${entry.name} cannot be inflated (${(e as Error).message})`);
      }
    } else {
      return fail('entry-unreadable', `entry ${entry.name} uses compression method ${entry.method}; only stored and deflate are read`);
    }
    if (out.length !== entry.size) {
      return fail('entry-unreadable', `entry ${entry.name} unpacks to ${out.length} bytes, not the ${entry.size} its header declares`);
    }
    if (typeof zlib.crc32 === 'function' && zlib.crc32(out) >>> 0 !== entry.crc >>> 0) {
      return fail('entry-unreadable', `entry ${entry.name} fails its CRC-32 check`);
    }
    inflatedTotal += out.length;
    return out;
  }

  return archive;
}

function readZip64Extra(
  extra: Buffer,
  wantSize: boolean,
  wantCompressed: boolean,
  wantOffset: boolean,
): { size?: number; compressedSize?: number; offset?: number } | undefined {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      const body = extra.subarray(p + 4, p + 4 + len);
      let q = 0;
      const next = (): number | undefined => {
        if (q + 8 > body.length) return undefined;
        const v = Number(body.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      const out: { size?: number; compressedSize?: number; offset?: number } = {};
      if (wantSize) {
        const v = next();
        if (v === undefined) return undefined;
        out.size = v;
      }
      if (wantCompressed) {
        const v = next();
        if (v === undefined) return undefined;
        out.compressedSize = v;
      }
      if (wantOffset) {
        const v = next();
        if (v === undefined) return undefined;
        out.offset = v;
      }
      return out;
    }
    p += 4 + len;
  }
  return undefined;
}

/**
 * Files already in memory, read like a zip's entries: a lone `Dockerrun.aws.json`, which EB
 * also takes as a version's whole bundle.
 */
export function memoryArchive(files: ReadonlyMap<string, Buffer>): ZipArchive {
  const entries = new Map<string, ZipEntry>();
  for (const [name, buf] of files) {
    entries.set(name, { name, rawName: name, isDirectory: false, method: 0, compressedSize: buf.length, size: buf.length, crc: 0, localHeaderOffset: 0, flags: 0 });
  }
  return { entries, read: (e) => files.get(e.name), problems: [], close: () => undefined };
}

/**
 * `node:zlib`, loaded on the first entry read: only a `.zip` bundle needs it, and loading it at
 * start-up cost every run ≈27 M instructions (≈3 ms).
 */
function nodeZlib(): typeof import('node:zlib') {
  return (zlibModule ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib'));
}
let zlibModule: typeof import('node:zlib') | undefined;
