/**
 * Unit parsing shared by every parser: sizes, durations, CPUs. Nobody downstream re-parses
 * strings; these turn input text into the IR's units (bytes → MiB, durations → seconds,
 * CPUs → ECS CPU units).
 */
import { memoByText } from '../util/memo.js';

export const MIB = 1024 * 1024;

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/**
 * Parses a byte size the way Docker (go-units `RAMInBytes`) does: a number of bytes, or a number
 * with a binary unit `b k m g t p`, optionally followed by `b`/`ib` (`512M`, `0.5g`, `2Gb`,
 * `67108864b`). Returns undefined when the text is not a size.
 */
export function parseByteSize(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  return byteSizes(input);
}

// A project writes a few sizes and durations (`512M`, `30s`) over thousands of keys.
const byteSizes = memoByText(byteSize);
const durations = memoByText(durationSeconds);

function byteSize(input: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s?([kKmMgGtTpP])?(?:[iI]?[bB])?\s*$/.exec(input);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  return Math.floor(value * (BYTE_UNITS[unit] as number));
}

/** Bytes to whole MiB, rounded up (ECS takes whole MiB). */
export function bytesToMiB(bytes: number): number {
  return Math.ceil(bytes / MIB);
}

/** A size given in text or bytes, in MiB (rounded up), or undefined if it is not a size. */
export function parseMemoryMiB(input: string | number): number | undefined {
  const bytes = parseByteSize(input);
  return bytes === undefined ? undefined : bytesToMiB(bytes);
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  // µ (micro sign) and μ (Greek mu), escaped: see DURATION_PART.
  '\u00b5s': 1e-6,
  '\u03bcs': 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

/**
 * One `<number><unit>` of a duration; sticky, positioned by `lastIndex` before each match. The
 * two micro signs are escaped: esbuild copies a regular expression's characters as written, and
 * one non-ASCII character in the bundle makes V8 hold all of its source as two-byte text.
 */
const DURATION_PART = /([0-9]*\.?[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h|d|w)/y;

/**
 * Parses a Go-style duration (`30s`, `1m30s`, `1.5h`, `500ms`, `2d`) into seconds. A bare `0` is
 * zero; any other number without a unit is not a duration (Compose rejects it: "missing unit").
 */
export function parseDurationSeconds(input: string): number | undefined {
  return durations(input);
}

function durationSeconds(input: string): number | undefined {
  const s = input.trim();
  if (s === '0' || s === '+0' || s === '-0') return 0;
  const re = DURATION_PART;
  let total = 0;
  let pos = 0;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    pos = 1;
  }
  if (pos >= s.length) return undefined;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * (DURATION_UNITS[m[2] as string] as number);
    pos = re.lastIndex;
  }
  return sign * total;
}

/** Whole seconds for ECS fields, rounded up so that a sub-second value is never 0. */
export function wholeSeconds(seconds: number): number {
  return Math.ceil(seconds - 1e-9);
}

/** CPUs (`0.5`, `"2"`) to ECS CPU units (1024 per vCPU), or undefined if not a number. */
export function cpusToUnits(input: string | number): number | undefined {
  const text = typeof input === 'number' ? undefined : input.trim();
  const n = text === undefined ? (input as number) : Number(text);
  if (!Number.isFinite(n) || n < 0 || text === '') return undefined;
  return Math.round(n * 1024);
}
