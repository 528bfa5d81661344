/**
 * Command lines as EB wrote them (one string, run through a shell for Procfile lines and
 * container commands) → ECS command lists, which ECS runs without a shell.
 */
import { splitShellWords } from '../../util/shell-words.js';

export interface CommandList {
  words: string[];
  /** The line needed a shell and was wrapped as `sh -c <line>`. */
  viaShell: boolean;
  /** Why it needed the shell (for messages). */
  why?: string;
}

/** Why a command line needs a shell to mean what it says, or undefined when plain words do. */
export function shellNeed(line: string): string | undefined {
  const split = splitShellWords(line);
  if (split.error) return `it cannot be split into words (${split.error})`;
  if (split.dropped !== undefined) return `it uses the shell operator \`${/^(&&|\|\||>>|<<)/.exec(split.dropped)?.[1] ?? split.dropped.charAt(0)}\``;
  // Outside single quotes, `$` expands a variable and backticks run a command.
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && quote !== "'") {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      else if (quote === '"' && (c === '$' || c === '`')) return c === '$' ? 'it expands a variable' : 'it runs a command in backticks';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '$') return 'it expands a variable';
    else if (c === '`') return 'it runs a command in backticks';
    else if (c === '~' && (i === 0 || /\s/.test(line[i - 1] as string))) return 'it uses `~`';
    else if ((c === '*' || c === '?') && !/^[a-z]+:\/\//i.test(line)) return 'it uses a file-name pattern';
  }
  if (/^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(line)) return 'it sets a variable before the command';
  return undefined;
}

/** A shell command line as an ECS command: plain words, or `sh -c` when the shell matters. */
export function shellLineToCommand(line: string): CommandList {
  const trimmed = line.trim();
  const why = shellNeed(trimmed);
  if (why) return { words: ['sh', '-c', trimmed], viaShell: true, why };
  return { words: splitShellWords(trimmed).words, viaShell: false };
}

/** Finds a port the command line binds (`-p 3000`, `--port=8080`, `--bind :8000`, `port=5000`). */
export function portInCommand(line: string): number | undefined {
  const patterns = [
    /(?:^|\s)(?:-p|--port)[=\s]+(\d{2,5})\b/,
    /(?:^|\s)(?:-b|--bind)[=\s]+(?:[a-z]+:\/\/)?(?:[\w.-]*|\[[^\]]*\]):(\d{2,5})\b/,
    /(?:^|\s)(?:--http|--http-socket|--socket)[=\s]+(?:[\w.-]*):(\d{2,5})\b/,
    /(?:^|\s)-port[=\s]+(\d{2,5})\b/,
    /(?:^|\s)(?:server\.)?port=(\d{2,5})\b/i,
    /(?:^|\s)(?:--urls|ASPNETCORE_URLS=)[=\s]*https?:\/\/[^:\s]+:(\d{2,5})\b/,
    // PHP's built-in web server: php -S 0.0.0.0:8080
    /(?:^|\s)-S\s+(?:[\w.-]*|\[[^\]]*\]):(\d{2,5})\b/,
  ];
  for (const re of patterns) {
    const m = re.exec(line);
    if (m) {
      const n = Number(m[1]);
      if (n >= 1 && n <= 65535) return n;
    }
  }
  return undefined;
}
