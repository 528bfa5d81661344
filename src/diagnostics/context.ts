import type { Origin } from '../ir/types.js';
import { RULES, type RuleId } from './catalog.js';
import type { Diagnostic, Severity } from './diagnostic.js';

export interface ReportOptions {
  origin?: Origin | undefined;
  hint?: string;
  notes?: string[];
  /** Overrides the catalog's default severity (e.g. an error only on Fargate). */
  severity?: Severity;
}

/**
 * Collects diagnostics for one run and keeps the texts of the files that were read (for code
 * frames). Secret values registered with `redact` are scrubbed from every message, hint, note
 * and source line that leaves this object, as a second line of defence behind the parsers,
 * which never put a secret value into a message in the first place.
 */
export interface Reporter {
  report(rule: RuleId, message: string, options?: ReportOptions): void;
  /** Registers a value judged secret so it never appears in diagnostics or code frames. */
  redact(value: string): void;
  /** Remembers a file's text for code frames (path relative to the project folder). */
  addSource(path: string, text: string): void;
  /** The diagnostics reported so far, in report order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Source lines with secrets masked, for renderers. */
  readonly sources: SourceLookup;
  hasErrors(): boolean;
  /** Masks registered secret values in any text (for error banners). */
  scrub(text: string): string;
}

/** Read access to the source texts for code frames; secrets are already masked. */
export interface SourceLookup {
  line(file: string, line: number): string | undefined;
}

const MASK = '****';
/** Shorter values would mask ordinary words; values that short are not worth a secret rule. */
const MIN_REDACT_LENGTH = 4;

/**
 * A value that cannot be mistaken for an ordinary word or name. Weak passwords (`postgres`,
 * `changeme`) are also service names and image names: masking them everywhere would garble
 * messages (`Service ****`), so they are masked only where they are assigned in a source line.
 */
function distinctive(v: string): boolean {
  return v.length >= 6 && !/^[A-Za-z][a-z]*$/.test(v) && !/^[a-z]+$/.test(v) && !/^\d+$/.test(v);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createReporter(): Reporter {
  const diagnostics: Diagnostic[] = [];
  const secrets = new Set<string>();
  const weak = new Set<string>();
  const texts = new Map<string, string>();
  const lineCache = new Map<string, string[]>();

  // One alternation of every secret (longest first), rebuilt only when a secret is added: a
  // run on a large project can hold thousands of secrets and thousands of diagnostics.
  let pattern: RegExp | undefined;
  const scrub = (s: string): string => {
    if (secrets.size === 0) return s;
    if (!pattern) {
      const alternatives = [...secrets].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp);
      pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return s.replace(pattern, MASK);
  };
  let cached: Diagnostic[] | undefined;
  // Weak values, masked in source lines only where they are the value of a `KEY=`/`key:` entry.
  let weakPattern: RegExp | undefined;
  const scrubLine = (line: string): string => {
    let out = scrub(line);
    if (weak.size > 0) {
      if (!weakPattern) {
        const alternatives = [...weak].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp);
        weakPattern = new RegExp(`([=:]\\s*['"]?)(?:${alternatives.join('|')})(?=['"]?\\s*,?\\s*(?:#.*)?$)`);
      }
      out = out.replace(weakPattern, `$1${MASK}`);
    }
    return out;
  };

  const reporter: Reporter = {
    report(rule, message, options = {}) {
      const def = RULES[rule];
      const d: Diagnostic = { rule, severity: options.severity ?? def.severity, message };
      if (options.origin) d.origin = options.origin;
      if (options.hint) d.hint = options.hint;
      if (options.notes && options.notes.length > 0) d.notes = options.notes;
      diagnostics.push(d);
      cached = undefined;
    },
    redact(value) {
      // Multi-line values are masked line by line so code frames of each line are covered.
      for (const part of value.split(/\r?\n/)) {
        const v = part.trim();
        if (v.length < MIN_REDACT_LENGTH) continue;
        if (distinctive(v)) {
          if (!secrets.has(v)) {
            secrets.add(v);
            pattern = undefined;
            cached = undefined;
          }
        } else if (!weak.has(v)) {
          weak.add(v);
          weakPattern = undefined;
        }
      }
      lineCache.clear();
    },
    addSource(path, text) {
      texts.set(path, text);
      lineCache.delete(path);
    },
    // Scrubbed on the way out, so a secret registered after a diagnostic was raised is still masked.
    // Identical reports (a value under a YAML anchor used by several services) are shown once.
    get diagnostics() {
      if (cached) return cached;
      const seen = new Set<string>();
      const unique = diagnostics.filter((d) => {
        const o = d.origin;
        const key = `${d.rule}\u0000${d.severity}\u0000${d.message}\u0000${o ? `${o.file}:${o.line}:${o.column}:${o.path}` : ''}\u0000${d.hint ?? ''}\u0000${(d.notes ?? []).join('\u0001')}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      cached = unique.map((d) => {
        const out: Diagnostic = { ...d, message: scrub(d.message) };
        if (d.hint !== undefined) out.hint = scrub(d.hint);
        if (d.notes) out.notes = d.notes.map(scrub);
        return out;
      });
      return cached;
    },
    sources: {
      line(file, line) {
        let lines = lineCache.get(file);
        if (!lines) {
          const text = texts.get(file);
          if (text === undefined) return undefined;
          lines = text.split(/\r?\n/).map(scrubLine);
          lineCache.set(file, lines);
        }
        return lines[line - 1];
      },
    },
    hasErrors() {
      return diagnostics.some((d) => d.severity === 'error');
    },
    scrub,
  };
  return reporter;
}
