/** Bytes gathered before they are handed on: a few dozen pieces of a multi-MB report. */
const CHUNK = 1 << 16;
/** Room past CHUNK, so that the diagnostic that crosses it rarely needs a larger buffer. */
const SLACK = 1 << 14;

/** Node's own UTF-8 writer behind `Buffer#write` (not in its published types). */
interface Utf8Writable {
  utf8Write(s: string, offset: number): number;
}

/** `TypedArray#fill` itself (`Buffer#fill` checks and converts its arguments first). */
const fill = Uint8Array.prototype.fill;

function allocate(size: number): Buffer & Utf8Writable {
  return Buffer.allocUnsafe(size) as Buffer & Utf8Writable;
}

/**
 * Whether this Node has `utf8Write` (every release since 0.x has; it is not public API, so a
 * Node without it gets `Buffer#write`, which gives the same bytes).
 */
const HAS_UTF8_WRITE = typeof (Buffer.prototype as Partial<Utf8Writable>).utf8Write === 'function';

/** `s` as bytes, for text the renderer itself writes over and over (colour codes, rule ids). */
export function bytesOf(s: string): Uint8Array {
  return Buffer.from(s, 'utf8');
}

/**
 * Writes rendered text as UTF-8 straight into a buffer and hands it to `write` about 64 KB at a
 * time, at the boundaries the renderer marks (whole diagnostics). Each handed-out chunk is a
 * buffer of its own, never written to again (a stream may still hold it, queued).
 *
 * Why bytes: the stylish report of a 1000-service project is 4 MB in ≈10,000 diagnostics. Built
 * as template strings, gathered in arrays and joined, then encoded by the stream, it allocated
 * ≈19 MB on the JS heap to print 4 MB, and the collector's time grows with that. Here a message or
 * source line is copied once, from the string into the buffer (`utf8Write`, native); the
 * renderer's own pieces (colour codes, rule ids, file names) are bytes made once and copied with
 * `TypedArray.set`, and numbers are written digit by digit, so no string is made per diagnostic.
 */
export class ByteWriter {
  private buf = allocate(CHUNK + SLACK);
  private at = 0;

  constructor(private readonly write: (chunk: Uint8Array) => void) {}

  /** Any text, as UTF-8 (a lone surrogate as EF BF BD, as a stream writing the string does). */
  text(s: string): void {
    // At most three bytes per UTF-16 unit (a surrogate pair: four bytes for two units).
    if (this.at + 3 * s.length > this.buf.length) this.grow(3 * s.length);
    // `utf8Write` is what `write(s, offset)` calls after checking its arguments, which took
    // three times as long as the copy itself for these short texts.
    this.at += HAS_UTF8_WRITE ? this.buf.utf8Write(s, this.at) : this.buf.write(s, this.at, 'utf8');
  }

  /** Bytes made with `bytesOf`. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.at + n > this.buf.length) this.grow(n);
    // `set`, not a byte loop: the renderer runs once per process, mostly before V8 optimises
    // it, where a loop of a few bytes costs more than the native copy (≈30 M instructions
    // less for the 1000-service run with the native `set` here and `fill` in `spaces`).
    this.buf.set(b, this.at);
    this.at += n;
  }

  /** One ASCII character, by its code. */
  byte(c: number): void {
    if (this.at >= this.buf.length) this.grow(1);
    this.buf[this.at++] = c;
  }

  /** `n` spaces (none for `n` below 1 or not a number, as `' '.repeat` gives). */
  spaces(n: number): void {
    if (!(n > 0)) return;
    if (this.at + n > this.buf.length) this.grow(n);
    fill.call(this.buf, 32, this.at, this.at + n);
    this.at += n;
  }

  /** A non-negative integer in decimal, as `String(n)` writes it, padded on the left to `width`. */
  int(n: number, width = 0): void {
    if (!small(n)) {
      this.text(String(n).padStart(width)); // no line or column of a real file
      return;
    }
    const digits = digitCount(n);
    if (width > digits) this.spaces(width - digits);
    if (this.at + digits > this.buf.length) this.grow(digits);
    const buf = this.buf;
    let end = this.at + digits;
    this.at = end;
    while (n >= 10) {
      const rest = (n / 10) | 0;
      buf[--end] = 48 + n - rest * 10;
      n = rest;
    }
    buf[--end] = 48 + n;
  }

  /** Where the next byte goes in `buffer`. */
  get offset(): number {
    return this.at;
  }

  /**
   * The buffer being written: bytes written into it stay as they are (a buffer is handed on or
   * outgrown, never written to again), so `again` can copy them later.
   */
  get buffer(): Uint8Array {
    return this.buf;
  }

  /**
   * Bytes written before, `from` to `to` of a `buffer` this writer had. Copied natively: a
   * code frame is ≈100 bytes, and a byte loop runs mostly unoptimised here (run once).
   */
  again(b: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.at + n > this.buf.length) this.grow(n);
    if (b === this.buf) this.buf.copyWithin(this.at, from, to);
    else this.buf.set(b.subarray(from, to), this.at);
    this.at += n;
  }

  /** A place the text may be cut: hands on what was gathered once it reaches the chunk size. */
  boundary(): void {
    if (this.at >= CHUNK) this.flush();
  }

  /** Hands on what is left (nothing when nothing is). */
  flush(): void {
    if (this.at === 0) return;
    const out = this.buf.subarray(0, this.at);
    this.buf = allocate(CHUNK + SLACK);
    this.at = 0;
    this.write(out);
  }

  /** Makes room for `more` bytes past `at` (a diagnostic longer than the slack). */
  private grow(more: number): void {
    const next = allocate(Math.max(2 * this.buf.length, this.at + more));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
}

/**
 * Whether `n` is a whole number from 0 to below 2^31, as lines and columns are, written digit by
 * digit (integer division by `| 0`); anything else is written as `String` gives it.
 */
function small(n: number): boolean {
  return n >= 0 && n < 0x7fffffff && n === Math.floor(n);
}

/** `String(n).length`, for the width of line numbers. */
export function decimalWidth(n: number): number {
  return small(n) ? digitCount(n) : String(n).length;
}

/** How many decimal digits a `small` number has. */
function digitCount(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  let d = 6;
  for (let m = 1000000; n >= m && d < 10; m *= 10) d++;
  return d;
}
