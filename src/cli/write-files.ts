/**
 * Writes emitted files into the output folder atomically and without clobbering the user's
 * files: everything is written to a temporary folder next to the output first, then renamed into
 * place. `.ecsify-manifest.json` records what ecsify wrote (with content hashes), so a later run
 * may replace those files (and remove the ones it no longer generates) but refuses to overwrite
 * anything else, or a generated file the user has edited since, unless forced.
 *
 * A file that already holds exactly the bytes it would be given is left in place rather than
 * written again. Why: creating a file is by far the dearest step of writing one (a new inode:
 * 0.1–0.4 ms each on the ext4 disk we measure on, where opening an existing file for reading
 * costs ≈10 µs), and converting again after a small change leaves most files as they were: the
 * 973 task definitions of the 1000-service benchmark cost ≈250 ms to create, ≈15 ms to compare.
 * Nothing is weakened: the files that change still go through the temporary folder and a
 * rename, and every file ends with the new bytes.
 */
import type { Hash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { byteLength, eachUtf8Chunk, UTF8_CHUNK_BYTES } from '../emitters/pieces.js';
import type { EmittedFile } from '../emitters/types.js';

export const MANIFEST = '.ecsify-manifest.json';

interface Manifest {
  generator: string;
  files: Record<string, string>;
}

/**
 * A SHA-256 hash. `node:crypto` is loaded on the first file written, not when the CLI starts:
 * loading it costs ≈50 M instructions (≈6 ms), which `lint`, and a `convert` that stops on errors,
 * never need.
 */
function newSha256(): Hash {
  cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return cryptoModule.createHash('sha256');
}
let cryptoModule: typeof import('node:crypto') | undefined;

function sha256(text: string | Buffer): string {
  return newSha256().update(text).digest('hex');
}

function readManifest(outDir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(path.join(outDir, MANIFEST), 'utf8')) as Manifest;
    if (!m || typeof m.files !== 'object' || m.files === null) return undefined;
    // Only paths inside the output folder, as ecsify writes them: a manifest is a file like any
    // other (copied, or committed to a repository), and a stale entry is a file to delete.
    const files: Record<string, string> = {};
    for (const [p, hash] of Object.entries(m.files)) if (typeof hash === 'string' && insideOutput(p)) files[p] = hash;
    return { ...m, files };
  } catch {
    return undefined;
  }
}

/** A relative path with `/` between its parts, none of them empty, `.` or `..`. */
function insideOutput(p: string): boolean {
  return p !== '' && !p.includes('\\') && !p.includes('\0') && !path.posix.isAbsolute(p) && !/^[A-Za-z]:/.test(p) && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export type WriteOutcome =
  | { ok: true; written: string[]; removed: string[] }
  | { ok: false; conflicts: string[] }
  /** The file system refused (a read-only disk, no permission, a file where a folder goes). */
  | { ok: false; conflicts: []; unwritable: { path: string; reason: string } };

/** Why the file system refused, in words, from the error's code. */
function refusal(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'no space left on the device';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EEXIST':
    case 'EISDIR':
      return 'a file or folder is in the way';
    case 'ENOENT':
      return 'a folder cannot be created there';
    default:
      return e.code ?? e.message;
  }
}

/**
 * The existing files among `files` that ecsify may replace, by path, with their hash (what the
 * manifest says and the file holds), and the others: files that were not written by ecsify or
 * were edited since.
 */
function inspect(outDir: string, files: readonly EmittedFile[], manifest: Manifest | undefined): { conflicts: string[]; verified: Map<string, string> } {
  const conflicts: string[] = [];
  const verified = new Map<string, string>();
  if (!existsSync(outDir)) return { conflicts, verified };
  for (const f of files) {
    const target = path.join(outDir, f.path);
    if (!existsSync(target)) continue;
    const known = manifest?.files[f.path];
    let onDisk: string | undefined;
    let link = false;
    try {
      const stat = lstatSync(target);
      link = stat.isSymbolicLink();
      onDisk = (link ? statSync(target) : stat).isFile() ? sha256(readFileSync(target)) : undefined;
    } catch {
      onDisk = undefined;
    }
    if (!known || known !== onDisk) conflicts.push(f.path);
    // A link is replaced by a file even when what it points to holds the same bytes (as `holds` does).
    else if (!link) verified.set(f.path, known);
  }
  return { conflicts, verified };
}

/** `O_NOFOLLOW` where the platform has it: a symbolic link is never taken for the file itself. */
const READ_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * The SHA-256 of `file`'s bytes, encoded chunk by chunk into `scratch`, and, when a `target` is
 * given, whether it is a regular file holding exactly those bytes: sizes first, then chunk by
 * chunk (`read` takes what the file has there), so no second copy of a large file is held.
 */
function hashOf(file: EmittedFile, scratch: Buffer, target?: string, read?: Buffer): { hash: string; held: boolean } {
  const hash = newSha256();
  const fd = target === undefined ? undefined : openSameSize(target, byteLength(file));
  let held = fd !== undefined;
  let at = 0;
  try {
    eachUtf8Chunk(file, scratch, (bytes) => {
      hash.update(bytes);
      if (held) held = fileHas(fd as number, at, bytes, read as Buffer);
      at += bytes.length;
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { hash: hash.digest('hex'), held };
}

/** A descriptor of `target` when it is a regular file (a link is not followed) of `size` bytes. */
function openSameSize(target: string, size: number): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(target, READ_NO_FOLLOW);
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size === size) return fd;
  } catch {
    // No such file, or not one to read: not the same.
  }
  if (fd !== undefined) closeSync(fd);
  return undefined;
}

/** Whether the file `fd` holds `bytes` at `at` (read through `read`). */
function fileHas(fd: number, at: number, bytes: Buffer, read: Buffer): boolean {
  try {
    for (let done = 0; done < bytes.length; ) {
      const n = readSync(fd, read, 0, Math.min(read.length, bytes.length - done), at + done);
      if (n === 0 || !read.subarray(0, n).equals(bytes.subarray(done, done + n))) return false;
      done += n;
    }
    return true;
  } catch {
    return false;
  }
}

/** Writes `file` to `target`, chunk by chunk (see eachUtf8Chunk); the SHA-256 of its bytes. */
function writeHashed(target: string, file: EmittedFile, scratch: Buffer): string {
  const hash = newSha256();
  const fd = openSync(target, 'w');
  try {
    eachUtf8Chunk(file, scratch, (bytes) => {
      hash.update(bytes);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    });
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export interface OutputOptions {
  force: boolean;
  generator: string;
}

/** Writes `files` into `outDir` in one go (see `OutputWriter`). */
export function writeOutput(outDir: string, files: readonly EmittedFile[], options: OutputOptions): WriteOutcome {
  const w = new OutputWriter(outDir, options);
  w.add(files);
  return w.finish();
}

/**
 * An output folder being written. Files are added in batches (one emitter's output at a time)
 * and go into a temporary folder as they come, so the caller need not hold every emitter's
 * output at once: a 1000-service project emits ≈19 MB of text, which the heap held as ≈50 MB
 * of strings and pieces until the end. Measured on the benchmark's writing path, the peak went
 * from ≈173 to ≈167 MB: most of what remains is garbage V8 collects late, not live output.
 * `finish` moves the files into place, or reports why not; until then the output folder is not
 * touched.
 *
 * Without --force, a file that exists and was not written by ecsify (or was edited since) is a
 * conflict: once one is found nothing more is written, but later batches are still checked so
 * that every conflict is reported. `abort` drops what was written (an emitter failed).
 */
export class OutputWriter {
  private readonly exists: boolean;
  private readonly manifest: Manifest | undefined;
  private tmp: string | undefined;
  /** Folders made so far: a thousand files share a handful of folders. */
  private readonly made = new Set<string>();
  // Files are encoded a chunk at a time into one buffer (see eachUtf8Chunk), never whole.
  private readonly scratch = Buffer.allocUnsafe(UTF8_CHUNK_BYTES);
  private readonly read = Buffer.allocUnsafe(UTF8_CHUNK_BYTES);
  private readonly hashes = new Map<string, string>();
  private readonly changed: string[] = [];
  private readonly conflicts: string[] = [];
  private failure: WriteOutcome | undefined;

  constructor(
    private readonly outDir: string,
    private readonly options: OutputOptions,
  ) {
    let exists = false;
    try {
      exists = existsSync(outDir);
      if (exists && !statSync(outDir).isDirectory()) this.failure = { ok: false, conflicts: [], unwritable: { path: outDir, reason: 'it is a file, not a folder' } };
    } catch (e) {
      this.failure = unwritable(e, outDir);
    }
    this.exists = exists;
    this.manifest = exists && !this.failure ? readManifest(outDir) : undefined;
  }

  /** Writes a batch of files into the temporary folder (or finds them unchanged in place). */
  add(files: readonly EmittedFile[]): void {
    if (this.failure) return;
    try {
      if (!this.options.force) {
        const found = inspect(this.outDir, files, this.manifest);
        this.conflicts.push(...found.conflicts);
        if (this.conflicts.length > 0) return;
        this.write(files, found.verified);
      } else this.write(files, new Map());
    } catch (e) {
      this.failure = unwritable(e, this.outDir);
    }
  }

  private write(files: readonly EmittedFile[], verified: ReadonlyMap<string, string>): void {
    const tmp = (this.tmp ??= this.makeTmp());
    for (const f of files) {
      const p = path.join(tmp, f.path);
      if (!this.exists) {
        // A new folder: every file is written, and hashed as it is.
        this.ensureDir(path.dirname(p));
        this.hashes.set(f.path, writeHashed(p, f, this.scratch));
        this.changed.push(f.path);
        continue;
      }
      // With --force, the file in place is compared in the same pass (nothing was verified).
      const { hash, held } = hashOf(f, this.scratch, this.options.force ? path.join(this.outDir, f.path) : undefined, this.read);
      this.hashes.set(f.path, hash);
      if (held || verified.get(f.path) === hash) continue;
      this.ensureDir(path.dirname(p));
      writeHashed(p, f, this.scratch);
      this.changed.push(f.path);
    }
  }

  private makeTmp(): string {
    const parent = path.dirname(path.resolve(this.outDir));
    mkdirSync(parent, { recursive: true });
    return mkdtempSync(path.join(parent, '.ecsify-tmp-'));
  }

  private ensureDir(dir: string): void {
    if (this.made.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.made.add(dir);
  }

  /** Moves the files into place and writes the manifest; or the conflicts, or why it could not. */
  finish(): WriteOutcome {
    try {
      if (this.failure) return this.failure;
      if (this.conflicts.length > 0) return { ok: false, conflicts: this.conflicts };
      try {
        return this.commit();
      } catch (e) {
        return unwritable(e, this.outDir);
      }
    } finally {
      this.abort();
    }
  }

  /** Removes the temporary folder (after `finish`, what is left of it). */
  abort(): void {
    if (this.tmp !== undefined) rmSync(this.tmp, { recursive: true, force: true });
    this.tmp = undefined;
  }

  private commit(): WriteOutcome {
    const tmp = (this.tmp ??= this.makeTmp());
    // In the order the files came; the manifest lists them sorted.
    const written = [...this.hashes.keys()];
    const manifest: Manifest = { generator: this.options.generator, files: {} };
    for (const p of [...written].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) manifest.files[p] = this.hashes.get(p) as string;
    writeFileSync(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    if (!this.exists) {
      renameSync(tmp, this.outDir);
      this.tmp = undefined;
      return { ok: true, written, removed: [] };
    }
    for (const p of this.changed) {
      const target = path.join(this.outDir, p);
      this.ensureDir(path.dirname(target));
      renameSync(path.join(tmp, p), target);
    }
    const removed: string[] = [];
    for (const [old, hash] of Object.entries(this.manifest?.files ?? {})) {
      if (old in manifest.files || !throughFolders(this.outDir, old)) continue;
      const target = path.join(this.outDir, old);
      try {
        if (sha256(readFileSync(target)) === hash) {
          unlinkSync(target);
          removed.push(old);
        }
      } catch {
        // Already gone.
      }
    }
    pruneEmptyFolders(this.outDir, removed);
    renameSync(path.join(tmp, MANIFEST), path.join(this.outDir, MANIFEST));
    return { ok: true, written, removed };
  }
}

/**
 * Whether the folders on the way to `rel` inside `outDir` are folders, not symbolic links: a
 * stale file is removed only where ecsify wrote it, never through a link to elsewhere.
 */
function throughFolders(outDir: string, rel: string): boolean {
  const parts = rel.split('/');
  let at = outDir;
  for (let i = 0; i < parts.length - 1; i++) {
    at = path.join(at, parts[i] as string);
    try {
      if (!lstatSync(at).isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The folders that held only files just removed (`cdk/lib/` after `--emit task-definitions`):
 * removed too, deepest first. `rmdir` takes only an empty folder, so one that still holds
 * anything (a file of the user's, a file written now) stays.
 */
function pruneEmptyFolders(outDir: string, removed: readonly string[]): void {
  const folders = new Set<string>();
  // Manifest paths use `/` on every platform.
  for (const p of removed) for (let d = path.posix.dirname(p); d !== '.'; d = path.posix.dirname(d)) folders.add(d);
  const deepestFirst = [...folders].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? 1 : a > b ? -1 : 0));
  for (const d of deepestFirst) {
    try {
      rmdirSync(path.join(outDir, ...d.split('/')));
    } catch {
      // Not empty, or gone: kept as it is.
    }
  }
}

/** The file system's refusal as an outcome; anything else is a bug and is thrown again. */
function unwritable(e: unknown, outDir: string): WriteOutcome {
  // Only the file system's own refusals are the user's to fix.
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string' || typeof err.syscall !== 'string') throw e;
  return { ok: false, conflicts: [], unwritable: { path: err.path ?? outDir, reason: refusal(err) } };
}
