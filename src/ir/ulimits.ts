/**
 * The ulimits a container may set: those Docker knows, which are the names ECS's `Ulimit` takes
 * (ecs.md, `ulimits`). Docker refuses any other name ("invalid ulimit type"), and a soft limit
 * above the hard one; -1 is no limit.
 */
export const ULIMIT_NAMES: readonly string[] = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

/** The soft limit is above the hard limit (-1 being none). */
export function softAboveHard(soft: number, hard: number): boolean {
  return hard !== -1 && (soft === -1 || soft > hard);
}
