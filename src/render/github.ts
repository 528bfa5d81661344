/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=<rule>::message`, which
 * the runner turns into annotations on the pull request.
 */
import type { Severity } from '../diagnostics/diagnostic.js';
import { andList } from '../util/and-list.js';
import type { RenderInput } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Annotations of each kind (error, warning, notice) GitHub shows for one step; the others are
 * only in the step's log, without a word (actions/toolkit, docs/problem-matchers.md).
 */
export const ANNOTATIONS_PER_KIND = 10;

export function renderGithub(input: RenderInput): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of input.diagnostics) counts[d.severity]++;
  const lines = input.diagnostics.map((d) => {
    const props: string[] = [];
    if (d.origin) {
      props.push(`file=${escapeProperty(d.origin.file)}`, `line=${d.origin.line}`, `col=${d.origin.column}`);
    }
    props.push(`title=${escapeProperty(d.rule)}`);
    const message = d.hint ? `${d.message}\nHint: ${d.hint}` : d.message;
    return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}`;
  });
  // Said first, so it is among the notices GitHub shows.
  const over = (['error', 'warning', 'info'] as const).filter((k) => counts[k] > ANNOTATIONS_PER_KIND);
  if (over.length > 0) {
    const found = over.map((k) => `${counts[k]} ${k === 'info' ? 'notes' : `${k}s`}`);
    lines.unshift(
      `::notice title=ecsify::${escapeData(`ecsify found ${andList(found)}; GitHub shows at most ${ANNOTATIONS_PER_KIND} annotations of each kind per step, so the others are only in this step's log. Run ecsify lint locally for all of them with code frames.`)}`,
    );
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
