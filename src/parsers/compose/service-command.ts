/**
 * `command` and `entrypoint`: a list is kept as is; a string is split into words the way Compose
 * splits it (go-shellwords, no shell). An unquoted shell operator ends the command there — Compose
 * silently drops the rest, and so does ECS when given the same words — so ecsify warns and
 * suggests `sh -c`.
 */
import type { Container } from '../../ir/types.js';
import { splitShellWords } from '../../util/shell-words.js';
import { isScalar, type YNode } from '../../yaml/node.js';
import { at, goString, invalid, Item, report, svc, type PathLike, type ServiceContext } from './to-ir-context.js';

/** The argv of a command value, or undefined (null, or an error already reported). */
export function readCommand(ctx: ServiceContext, node: YNode, path: PathLike, what: 'command' | 'entrypoint' | 'healthcheck test'): string[] | undefined {
  if (isScalar(node)) {
    if (node.value === null) return undefined;
    const text = goString(node) ?? '';
    const split = splitShellWords(text);
    if (split.error) {
      invalid(ctx, at(node, path), `${svc(ctx)} has a ${what} that Compose cannot split into words: ${split.error}.`, 'Close the quotes, quote the parenthesis, or write the command as a list of words.');
      return undefined;
    }
    if (split.dropped !== undefined) {
      const ran = split.words.length > 0 ? `\`${split.words.join(' ')}\`` : 'nothing';
      report(ctx, 'compose/shell-operators-in-command', at(node, path), `${svc(ctx)}'s ${what} contains a shell operator: Compose runs only ${ran} and drops \`${split.dropped}\`, and so will ECS.`, {
        hint: `Run it through a shell if that was meant: ${what}: ["sh", "-c", ${JSON.stringify(text)}].`,
        notes: ['Compose splits the string into words without a shell; `&&`, `||`, `;`, `|`, `<` and `>` end the command.'],
      });
    }
    return split.words;
  }
  if (node.kind === 'map') {
    invalid(ctx, at(node, path), `${svc(ctx)}'s ${what} must be a string or a list of strings, not a mapping.`, 'Write `["executable", "arg1", "arg2"]` or a single string.');
    return undefined;
  }
  const words: string[] = [];
  node.items.forEach((item, i) => {
    if (!isScalar(item) || item.value === null) {
      invalid(ctx, new Item(item, path, i), `${svc(ctx)}'s ${what} has an item that is not a string.`, 'Write every item of the list as a string.');
      return;
    }
    words.push(goString(item) as string);
  });
  return words;
}

export function mapCommand(ctx: ServiceContext, container: Container): void {
  // Each key read in turn rather than in a loop over a list of keys: see `keyIndex` (per service).
  const command = ctx.keys.get('command');
  const commandWords = command && readCommand(ctx, command.value, command, 'command');
  if (commandWords !== undefined) container.command = commandWords;
  const entrypoint = ctx.keys.get('entrypoint');
  const entrypointWords = entrypoint && readCommand(ctx, entrypoint.value, entrypoint, 'entrypoint');
  if (entrypointWords !== undefined) container.entryPoint = entrypointWords;
}
