/**
 * Standard output or error for the installed command (src/cli/launcher.ts): written straight to
 * the file descriptor, safe when its reader goes away (`ecsify lint big | head -1`). A closed
 * pipe stops the output quietly, as Unix tools do, and the run goes on to its exit code; any
 * other write error stops the output and makes the exit code 2 (the launcher reads `failed`).
 *
 * Why not `process.stdout` / `process.stderr`: the first use of either builds a Node stream (for
 * a pipe a `net.Socket`, which loads Node's stream and net modules; for a terminal the `tty`
 * module too), ≈48 M instructions, ≈5 ms, before the first byte, where a one-service `lint`
 * spends ≈30 ms of its own in all. Node writes to pipes and files synchronously on Linux anyway,
 * so a `writeSync` loop writes the same bytes in the same order. Where the descriptor is
 * non-blocking (a reader that set it so) and would block (`EAGAIN`), that output and the rest of
 * it go through Node's stream after all, which waits for the reader.
 *
 * Imports nothing: the launcher, which includes it, loads nothing of ecsify's but the bundle.
 */

/** What the launcher gives the run (as src/cli/io.ts's CliStream). */
export interface FdOutput {
  write(s: string | Uint8Array): void;
  /** Asked of the descriptor when first read (`FdOutputDeps.isTerminal`). */
  readonly isTTY: boolean;
}

/** The system calls `fdOutput` makes, given by the launcher (and by tests, to make them fail). */
export interface FdOutputDeps {
  /** `fs.writeSync(fd, text)`: the bytes written. */
  writeText(fd: number, text: string): number;
  /** `fs.writeSync(fd, bytes, offset, length)`: the bytes written. */
  writeBytes(fd: number, bytes: Uint8Array, offset: number, length: number): number;
  /** Node's stream for the descriptor, made on first need (`process.stdout` / `process.stderr`). */
  stream(): { write(chunk: string | Uint8Array): unknown; on(event: 'error', listener: (e: NodeJS.ErrnoException) => void): unknown };
  isTerminal(fd: number): boolean;
}

export function fdOutput(fd: number, failed: { code?: string }, deps: FdOutputDeps): FdOutput {
  let open = true;
  let stream: ReturnType<FdOutputDeps['stream']> | undefined;
  let tty: boolean | undefined;
  const fail = (e: NodeJS.ErrnoException) => {
    open = false;
    if (e.code !== 'EPIPE') failed.code ??= e.code ?? 'EIO';
  };
  const viaStream = (chunk: string | Uint8Array) => {
    if (!stream) {
      stream = deps.stream();
      stream.on('error', fail);
    }
    stream.write(chunk);
  };
  return {
    write: (s) => {
      if (!open) return;
      if (stream) return viaStream(s);
      // A string is written as it is (no copy into a buffer) unless it goes out in parts.
      let bytes: Uint8Array | undefined = typeof s === 'string' ? undefined : s;
      let done = 0;
      for (;;) {
        try {
          if (bytes === undefined) {
            const n = deps.writeText(fd, s as string);
            if (n === Buffer.byteLength(s as string)) return;
            bytes = Buffer.from(s as string);
            done = n;
          }
          if (done >= bytes.length) return;
          done += deps.writeBytes(fd, bytes, done, bytes.length - done);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EINTR') continue; // interrupted before anything was written: again
          if (code === 'EAGAIN') return viaStream(bytes === undefined ? s : bytes.subarray(done));
          return fail(e as NodeJS.ErrnoException);
        }
      }
    },
    get isTTY() {
      return (tty ??= deps.isTerminal(fd));
    },
  };
}
