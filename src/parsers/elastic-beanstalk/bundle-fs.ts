/**
 * Read-only access to an EB source bundle, whether it is a folder or a `.zip`: the parsers ask
 * for paths relative to the bundle root and never touch the file system themselves.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { decodeText, type DecodedText } from '../../util/text-encoding.js';
import type { IgnoreMatcher } from './ebignore.js';
import type { ZipArchive } from './zip.js';

export interface BundleEntry {
  name: string;
  dir: boolean;
}

/** Files larger than this are not read as text (configuration files are tiny). */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024;

export interface Bundle {
  kind: 'folder' | 'zip';
  /** Absolute path of the folder or the zip file. */
  root: string;
  /** Prefix inside the archive/folder where the bundle starts ('' = the root). */
  base: string;
  /** Entries directly inside `dir` ('' = the bundle root), sorted by name; ignored files left out. */
  list(dir: string): BundleEntry[];
  /** 'file', 'dir', or undefined when absent (or ignored). */
  kindOf(rel: string): 'file' | 'dir' | undefined;
  /**
   * Text of a file (UTF-8, or UTF-16 by its byte order mark), or undefined when absent, ignored,
   * too large or unreadable. Files that are not plain UTF-8 are listed in `encodings`.
   */
  readText(rel: string): string | undefined;
  /** The bytes of a file, on the same terms as `readText` (for files handed on unchanged). */
  readBytes(rel: string): Buffer | undefined;
  /** Every file under `dir`, depth-first in name order, at most `max`. */
  walk(dir: string, max: number): string[];
  /** Paths `.ebignore` left out that ecsify would otherwise have looked at. */
  readonly ignoredSeen: Set<string>;
  /** Why a read failed (a zip entry over a limit, a damaged entry), for the caller to report. */
  readonly readProblems: string[];
  /** Files read that are UTF-16 or hold bytes that are not UTF-8, by path, for the caller to report. */
  readonly encodings: Map<string, DecodedText>;
  /** Re-roots the bundle at a sub-folder (a zip whose files sit in one top folder). */
  withBase(base: string): Bundle;
}

/** `bytes` as text, noting in `encodings` a file that is not plain UTF-8. */
function decoded(encodings: Map<string, DecodedText>, rel: string, bytes: Buffer): string {
  const d = decodeText(bytes);
  if (d.encoding !== 'utf-8' || d.invalid) encodings.set(rel, d);
  return d.text;
}

function join(base: string, rel: string): string {
  if (!base) return rel;
  if (!rel) return base;
  return `${base}/${rel}`;
}

/** A folder on disk. `ignore` is the bundle's `.ebignore`, if any. */
export function folderBundle(root: string, ignore?: IgnoreMatcher, base = ''): Bundle {
  const ignoredSeen = new Set<string>();
  const readProblems: string[] = [];
  const encodings = new Map<string, DecodedText>();
  const abs = (rel: string): string => path.join(root, ...join(base, rel).split('/').filter(Boolean));
  const isIgnored = (rel: string, dir: boolean): boolean => {
    // The EB CLI's own folder is configuration, not bundle content: .ebignore does not apply.
    if (!ignore || rel === '' || rel === '.elasticbeanstalk' || rel.startsWith('.elasticbeanstalk/')) return false;
    if (ignore.ignores(rel, dir)) {
      ignoredSeen.add(rel);
      return true;
    }
    return false;
  };
  const kindAbs = (p: string): 'file' | 'dir' | undefined => {
    try {
      const st = statSync(p);
      return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  };
  const bundle: Bundle = {
    kind: 'folder',
    root,
    base,
    ignoredSeen,
    readProblems,
    encodings,
    withBase: (b) => folderBundle(root, ignore, join(base, b)),
    list(dir) {
      let dirents: Dirent[];
      try {
        dirents = readdirSync(abs(dir), { withFileTypes: true });
      } catch {
        return [];
      }
      const out: BundleEntry[] = [];
      for (const d of dirents) {
        let isDir = d.isDirectory();
        if (d.isSymbolicLink()) {
          const k = kindAbs(path.join(abs(dir), d.name));
          if (!k) continue;
          isDir = k === 'dir';
        } else if (!isDir && !d.isFile()) {
          continue;
        }
        const rel = dir ? `${dir}/${d.name}` : d.name;
        if (isIgnored(rel, isDir)) continue;
        out.push({ name: d.name, dir: isDir });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    kindOf(rel) {
      const k = kindAbs(abs(rel));
      if (!k) return undefined;
      return isIgnored(rel, k === 'dir') ? undefined : k;
    },
    readText(rel) {
      const bytes = bundle.readBytes(rel);
      return bytes && decoded(encodings, rel, bytes);
    },
    readBytes(rel) {
      if (bundle.kindOf(rel) !== 'file') return undefined;
      try {
        const p = abs(rel);
        if (statSync(p).size > MAX_TEXT_BYTES) {
          readProblems.push(`${rel} is larger than ${MAX_TEXT_BYTES} bytes`);
          return undefined;
        }
        return readFileSync(p);
      } catch {
        return undefined;
      }
    },
    walk(dir, max) {
      return walkWith(bundle, dir, max);
    },
  };
  return bundle;
}

function walkWith(bundle: Bundle, dir: string, max: number): string[] {
  const out: string[] = [];
  const visit = (d: string, depth: number): void => {
    if (depth > 12) return;
    for (const e of bundle.list(d)) {
      if (out.length >= max) return;
      const rel = d ? `${d}/${e.name}` : e.name;
      if (e.dir) visit(rel, depth + 1);
      else out.push(rel);
    }
  };
  visit(dir, 0);
  return out;
}

/** A zip archive read into memory entry by entry. */
export function zipBundle(root: string, archive: ZipArchive, base = ''): Bundle {
  const ignoredSeen = new Set<string>();
  const readProblems: string[] = [];
  const encodings = new Map<string, DecodedText>();
  // Folder index: every folder (explicit or implied by a file path) → its children.
  const children = new Map<string, Map<string, boolean>>();
  const addChild = (dir: string, name: string, isDir: boolean): void => {
    let m = children.get(dir);
    if (!m) children.set(dir, (m = new Map()));
    if (!m.get(name)) m.set(name, isDir);
  };
  for (const e of archive.entries.values()) {
    const parts = e.name.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const isDir = i < parts.length - 1 || e.isDirectory;
      addChild(dir, parts[i] as string, isDir);
    }
  }
  const bundle: Bundle = {
    kind: 'zip',
    root,
    base,
    ignoredSeen,
    readProblems,
    encodings,
    withBase: (b) => zipBundle(root, archive, join(base, b)),
    list(dir) {
      const m = children.get(join(base, dir));
      if (!m) return [];
      return [...m.entries()]
        .map(([name, isDir]) => ({ name, dir: isDir }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    kindOf(rel) {
      const full = join(base, rel);
      if (full === '') return 'dir';
      if (children.has(full)) return 'dir';
      const e = archive.entries.get(full);
      if (!e) return undefined;
      return e.isDirectory ? 'dir' : 'file';
    },
    readText(rel) {
      const bytes = bundle.readBytes(rel);
      return bytes && decoded(encodings, rel, bytes);
    },
    readBytes(rel) {
      const e = archive.entries.get(join(base, rel));
      if (!e || e.isDirectory) return undefined;
      if (e.size > MAX_TEXT_BYTES) {
        readProblems.push(`${rel} is larger than ${MAX_TEXT_BYTES} bytes`);
        return undefined;
      }
      const before = archive.problems.length;
      const buf = archive.read(e);
      if (!buf) {
        for (const p of archive.problems.slice(before)) readProblems.push(p.message);
        return undefined;
      }
      return buf;
    },
    walk(dir, max) {
      return walkWith(bundle, dir, max);
    },
  };
  return bundle;
}
