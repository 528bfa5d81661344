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
  const code = await run(argv, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (s) => void (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s) => void (stderr += s), isTTY: options.tty ?? false },
    version: TEST_VERSION,
  });
  return { code, stdout, stderr };
}
