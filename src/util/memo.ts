/**
 * A pure function of one text, remembered by that text. Projects repeat a few values over
 * thousands of keys (sizes and durations, image references, health-check commands, variable
 * names, commands), and a lookup costs less than the parse or match it saves: on the
 * 1000-service benchmark file each of these ran once per service, in code V8 had not optimised.
 *
 * Shared by every run in the process (in memory only, like the reporter's masked values), so
 * only for pure functions whose results callers do not change (freeze an object result, or copy
 * it out). Emptied when it holds `limit` texts, more than a project could need, so a long-lived
 * process does not grow without bound.
 */
export function memoByText<T>(compute: (text: string) => T, limit = MEMO_LIMIT): (text: string) => T {
  // Results kept as they are, `undefined` as NONE: one lookup answers a hit either way.
  const known = new Map<string, T | typeof NONE>();
  return (text) => {
    const found = known.get(text);
    if (found !== undefined) return found === NONE ? (undefined as T) : found;
    const result = compute(text);
    if (known.size >= limit) known.clear();
    known.set(text, result === undefined ? NONE : result);
    return result;
  };
}

const NONE: unique symbol = Symbol('none');
const MEMO_LIMIT = 10_000;
