/** The CLI's whole contact with the outside world, so tests can run it in-process. */
export interface CliStream {
  write(s: string): void;
  isTTY?: boolean;
}

export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliStream;
  stderr: CliStream;
  /** Overrides the version written into generated files (tests pin it). */
  version?: string;
}
