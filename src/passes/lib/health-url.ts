/**
 * Reads the URL a container health check calls (`curl -f http://localhost:3000/health`,
 * `wget -qO- http://127.0.0.1/up`), so the load balancer can check the same path and port.
 */
import { memoByText } from '../../util/memo.js';

export interface HealthUrl {
  protocol: 'HTTP' | 'HTTPS';
  /** The port in the URL, or 80/443 from the scheme. */
  port: number;
  /** Path and query, starting with `/`. */
  path: string;
}

/** `curl` or `wget` (any path to them), then anything up to a local URL, within one command. */
const CALL = /(?:^|[\s"'/;&|(])(?:curl|wget)(?=[\s"'])[^;&|\n]*?(?:^|[\s"'=])(?:(https?):\/\/)?(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d{1,5}))?(\/[^\s"'`;&|)<>]*)?/i;

/**
 * URLs by command text: a project repeats a few health checks over hundreds of services (the
 * ports pass asks for each target). The URLs are frozen: callers share them.
 */
const byText = memoByText((text) => {
  const url = urlIn(text);
  return url && Object.freeze(url);
});

/** The local URL a `CMD`/`CMD-SHELL` health check fetches with curl or wget, if any. */
export function healthCheckUrl(command: readonly string[]): HealthUrl | undefined {
  if (command.length < 2) return undefined;
  const kind = command[0];
  if (kind !== 'CMD' && kind !== 'CMD-SHELL') return undefined;
  const only = command[1];
  const text = command.length === 2 && typeof only === 'string' ? only : command.slice(1).join(' ');
  return byText(text);
}

function urlIn(text: string): HealthUrl | undefined {
  const m = CALL.exec(text);
  if (!m) return undefined;
  const protocol = (m[1] ?? 'http').toLowerCase() === 'https' ? 'HTTPS' : 'HTTP';
  const port = m[3] !== undefined ? Number(m[3]) : protocol === 'HTTPS' ? 443 : 80;
  if (port < 1 || port > 65535) return undefined;
  const path = m[4] ?? '/';
  return { protocol, port, path };
}
