/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=<rule>::message`, which
 * the runner turns into annotations on the pull request.
 */
import type { Severity } from '../diagnostics/diagnostic.js';
import type { RenderInput } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithub(input: RenderInput): string {
  const lines = input.diagnostics.map((d) => {
    const props: string[] = [];
    if (d.origin) {
      props.push(`file=${escapeProperty(d.origin.file)}`, `line=${d.origin.line}`, `col=${d.origin.column}`);
    }
    props.push(`title=${escapeProperty(d.rule)}`);
    const message = d.hint ? `${d.message}\nHint: ${d.hint}` : d.message;
    return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}`;
  });
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
