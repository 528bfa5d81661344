/**
 * `a`, `a and b`, `a, b and c`: a list in a message. With `limit`, a longer list names its first
 * `limit` items and counts the rest: `a, b and 998 more`.
 */
export function andList(items: readonly string[], limit = Infinity): string {
  if (items.length > limit) return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
  return joined(items, 'and');
}

/** `a`, `a or b`, `a, b or c`: alternatives in a message. */
export function orList(items: readonly string[]): string {
  return joined(items, 'or');
}

function joined(items: readonly string[], word: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1] as string}`;
}
