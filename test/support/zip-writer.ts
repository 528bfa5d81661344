/**
 * A small, deterministic zip writer for tests (stored or deflated entries, fixed timestamps), so
 * zip fixtures can be built without the `zip` CLI and are byte-identical on every machine. It can
 * also write hostile archives (raw entry names, wrong sizes, bad CRCs) for the reader's tests.
 */
import zlib from 'node:zlib';

export interface ZipInput {
  /** Entry name exactly as stored (may be hostile: `../x`, `/etc/passwd`, `a\\b`). */
  name: string;
  data?: string | Buffer;
  /** 0 = stored, 8 = deflate (default), or any other number to test unsupported methods. */
  method?: number;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
  /** Write this CRC instead of the real one. */
  crc?: number;
  /** Set the "encrypted" flag. */
  encrypted?: boolean;
}

/** DOS date/time for 2024-01-01 00:00:00, so archives do not depend on the clock. */
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

export function writeZip(entries: ZipInput[], options: { comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : (e.data ?? Buffer.alloc(0));
    const isDir = e.name.endsWith('/');
    const method = isDir ? 0 : (e.method ?? 8);
    const body = method === 8 ? zlib.deflateRawSync(data) : data;
    const crc = e.crc ?? (zlib.crc32(data) >>> 0);
    const size = e.declaredSize ?? data.length;
    const flags = 0x800 | (e.encrypted ? 0x1 : 0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by: Unix, zip 3.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(isDir ? 0x41ed0010 : 0x81a40000, 38); // drwxr-xr-x / -rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, end, comment]);
}

/** Zips text files given as `{relative path: contents}` (sorted by path, deflated). */
export function zipFiles(files: Record<string, string>): Buffer {
  return writeZip(
    Object.keys(files)
      .sort()
      .map((name) => ({ name, data: files[name] as string })),
  );
}
