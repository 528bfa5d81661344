import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/index.js')>();
  return {
    ...real,
    compile: () => {
      throw new Error('simulated bug');
    },
  };
});

const { runCli } = await import('../support/cli.js');

describe('internal failure', () => {
  it('prints a short banner with the version, asks for a report, exits 2, no stack trace', async () => {
    const r = await runCli(['lint', '.'], { cwd: '/tmp' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ecsify 0.0.0-test hit an internal error: simulated bug');
    expect(r.stderr).toContain('Please report it');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
