// The installed command's standard output and error (src/cli/fd-output.ts), with the system
// calls made to answer as a descriptor can: in parts, interrupted, would block, closed, full.
// (The real descriptors are in bundle.test.ts: a pipe, a closed pipe, /dev/full, a slow reader.)
import { describe, expect, it } from 'vitest';
import { fdOutput, type FdOutputDeps } from '../../src/cli/fd-output.js';

type Answer = number | 'all' | { error: string };

/** A descriptor whose writes answer in turn from `answers` ('all' once they run out). */
function descriptor(answers: Answer[] = [], terminal = false) {
  const written: number[] = [];
  const streamed: number[] = [];
  const calls = { write: 0, stream: 0, isTerminal: 0 };
  const listeners: ((e: NodeJS.ErrnoException) => void)[] = [];
  const take = (bytes: Uint8Array): number => {
    calls.write++;
    const a = answers.shift() ?? 'all';
    if (typeof a === 'object') throw Object.assign(new Error(a.error), { code: a.error });
    const n = a === 'all' ? bytes.length : Math.min(a, bytes.length);
    written.push(...bytes.subarray(0, n));
    return n;
  };
  const deps: FdOutputDeps = {
    writeText: (_fd, text) => take(Buffer.from(text)),
    writeBytes: (_fd, bytes, offset, length) => take(bytes.subarray(offset, offset + length)),
    stream: () => {
      calls.stream++;
      return {
        write: (chunk: string | Uint8Array) => streamed.push(...Buffer.from(chunk)),
        on: (_event: 'error', listener: (e: NodeJS.ErrnoException) => void) => listeners.push(listener),
      };
    },
    isTerminal: () => {
      calls.isTerminal++;
      return terminal;
    },
  };
  const failed: { code?: string } = {};
  const out = fdOutput(2, failed, deps);
  const text = (bytes: number[]) => Buffer.from(bytes).toString('utf8');
  return { out, failed, calls, listeners, written: () => text(written), streamed: () => text(streamed) };
}

describe('fdOutput', () => {
  it('writes text and bytes whole, in order, one call each', () => {
    const d = descriptor();
    d.out.write('one ');
    d.out.write(Buffer.from('two '));
    d.out.write('three\n');
    expect(d.written()).toBe('one two three\n');
    expect(d.calls).toEqual({ write: 3, stream: 0, isTerminal: 0 });
  });

  it.each<[string, Answer[]]>([
    ['a few bytes at a time', [3, 2, 2, 1]],
    ['cut inside a two-byte character', [2]],
    ['nothing, then the rest', [0, 'all']],
    ['interrupted before anything was written', [{ error: 'EINTR' }, 4, { error: 'EINTR' }]],
  ])('finishes a write that goes out in parts: %s', (_, answers) => {
    const d = descriptor(answers);
    d.out.write('héllo, wörld\n');
    d.out.write(Buffer.from('and more\n'));
    expect(d.written()).toBe('héllo, wörld\nand more\n');
    expect(d.failed).toEqual({});
    expect(d.calls.stream).toBe(0);
  });

  it("sends what would block, and everything after it, through Node's stream", () => {
    const d = descriptor([4, { error: 'EAGAIN' }]);
    d.out.write('first line\n');
    d.out.write('second line\n');
    expect(d.written()).toBe('firs');
    expect(d.streamed()).toBe('t line\nsecond line\n');
    expect(d.calls.stream).toBe(1);
    expect(d.calls.write).toBe(2); // no write to the descriptor once the stream has output queued
    expect(d.failed).toEqual({});
  });

  it('stops quietly at a closed pipe', () => {
    const d = descriptor([{ error: 'EPIPE' }]);
    d.out.write('lost\n');
    d.out.write('not tried\n');
    expect(d.calls.write).toBe(1);
    expect(d.failed).toEqual({});
  });

  it('stops at any other error and keeps its code for the exit', () => {
    const d = descriptor([5, { error: 'ENOSPC' }, { error: 'EIO' }]);
    d.out.write('partly written\n');
    d.out.write('not tried\n');
    expect(d.written()).toBe('partl');
    expect(d.calls.write).toBe(2);
    expect(d.failed).toEqual({ code: 'ENOSPC' });
  });

  it("treats the stream's errors as its own", () => {
    const closed = descriptor([{ error: 'EAGAIN' }]);
    closed.out.write('queued\n');
    closed.listeners.forEach((l) => l(Object.assign(new Error('EPIPE'), { code: 'EPIPE' })));
    closed.out.write('not sent\n');
    expect(closed.streamed()).toBe('queued\n');
    expect(closed.failed).toEqual({});

    const broken = descriptor([{ error: 'EAGAIN' }]);
    broken.out.write('queued\n');
    broken.listeners.forEach((l) => l(Object.assign(new Error('EIO'), { code: 'EIO' })));
    expect(broken.failed).toEqual({ code: 'EIO' });
  });

  it('asks whether it is a terminal once, and only when asked', () => {
    const d = descriptor([], true);
    expect(d.calls.isTerminal).toBe(0);
    expect(d.out.isTTY).toBe(true);
    expect(d.out.isTTY).toBe(true);
    expect(d.calls.isTerminal).toBe(1);
    expect(descriptor([], false).out.isTTY).toBe(false);
  });
});
