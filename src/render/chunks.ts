/** Text gathered before it is handed on: a few dozen pieces of a multi-MB report. */
const CHUNK = 1 << 16;

/**
 * Gathers pieces of text and hands them to `write` joined, about 64 KB at a time, at the
 * boundaries the renderer marks (whole diagnostics). A run with thousands of diagnostics prints
 * megabytes: written as they are built, neither the whole text nor its UTF-8 copy is ever held.
 * Pieces are joined once per chunk: `+=` would build a tree of pieces that writing first copies.
 */
export class ChunkWriter {
  private readonly parts: string[] = [];
  private size = 0;

  constructor(private readonly write: (chunk: string) => void) {}

  add(piece: string): void {
    this.parts.push(piece);
    this.size += piece.length;
  }

  /** A place the text may be cut: writes what was gathered once it reaches the chunk size. */
  boundary(): void {
    if (this.size >= CHUNK) this.flush();
  }

  /** Writes what is left (nothing when nothing is). */
  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts.length = 0;
    this.size = 0;
  }
}
