/** Runs the CLI in-process with captured output and a clean, pinned environment. */
import { run } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const TEST_VERSION = '0.0.0-test';

export async function runCli(
  argv: string[],
  options: { cwd: string; env?: Record<string, string>; tty?: boolean } ,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  // The stylish report comes as UTF-8 bytes, each piece whole characters (see ByteWriter).
  const text = (s: string | Uint8Array) => (typeof s === 'string' ? s : Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('utf8'));
  const code = await run(argv, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (s) => void (stdout += text(s)), isTTY: options.tty ?? false },
    stderr: { write: (s) => void (stderr += text(s)), isTTY: options.tty ?? false },
    version: TEST_VERSION,
  });
  return { code, stdout, stderr };
}
