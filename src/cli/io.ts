/** The CLI's whole contact with the outside world, so tests can run it in-process. */
export interface CliStream {
  /** Text, or text as UTF-8 bytes (the stylish report: see ByteWriter); a buffer is not reused. */
  write(s: string | Uint8Array): void;
  isTTY?: boolean;
}

export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliStream;
  stderr: CliStream;
  /** Overrides the version written into generated files (tests pin it). */
  version?: string;
  /** Told of each input text as it is read, before it is parsed (`LoadOptions.onSource`). */
  onSource?: (path: string, text: string) => void;
}
