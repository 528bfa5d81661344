/**
 * Input files as text: UTF-8, or UTF-16 when a byte order mark says so (YAML 1.2 §5.2, which
 * go-yaml and so Docker Compose follow: Windows PowerShell 5 writes `>` redirections as
 * UTF-16LE with a mark). Node's own `readFileSync(p, 'utf8')` read such a file as NUL-laced
 * garbage, and turned bytes that are not UTF-8 (a file saved as Latin-1) into U+FFFD without a
 * word.
 */
import { isUtf8 } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  /** The text; a byte order mark is kept as U+FEFF, as the parsers expect it. */
  text: string;
  encoding: TextEncodingName;
  /**
   * The first bytes that are not UTF-8 (UTF-8 files only): the offset in `text` of the U+FFFD
   * that replaced them, and the first such byte.
   */
  invalid?: { at: number; byte: number };
}

export function decodeText(bytes: Buffer): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: `\ufeff${bytes.subarray(2, bytes.length - (bytes.length % 2)).toString('utf16le')}`, encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16();
    return { text: `\ufeff${swapped.toString('utf16le')}`, encoding: 'utf-16be' };
  }
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text, encoding: 'utf-8' };
  const badByte = firstInvalidUtf8(bytes);
  // The characters before the bad byte decode as they are; the bad byte is the next U+FFFD.
  const at = bytes.subarray(0, badByte).toString('utf8').length;
  return { text, encoding: 'utf-8', invalid: { at, byte: bytes[badByte] as number } };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += n + 1;
  }
  return -1;
}

/** `0xE9` */
export function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

// What diagnostics about encodings say (the Compose and the Elastic Beanstalk readers).

/** `UTF-16LE`, as a message names an encoding. */
export function encodingLabel(encoding: TextEncodingName): string {
  return encoding === 'utf-16le' ? 'UTF-16LE' : encoding === 'utf-16be' ? 'UTF-16BE' : 'UTF-8';
}

/** `compose.yaml is not UTF-8: byte 0xE9 here is not a UTF-8 character` */
export function notUtf8(path: string, invalid: { byte: number }): string {
  return `${path} is not UTF-8: byte ${hexByte(invalid.byte)} here is not a UTF-8 character`;
}

export const SAVE_AS_UTF8 = 'Save the file as UTF-8; in PowerShell, write it with `Set-Content -Encoding utf8` rather than `>`.';
export const NOT_UTF8_HINT = `${SAVE_AS_UTF8} Such bytes come from an editor set to Latin-1 or Windows-1252.`;
