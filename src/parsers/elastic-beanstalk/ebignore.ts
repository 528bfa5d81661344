/**
 * `.ebignore` matching (gitignore syntax): the EB CLI leaves matching files out of the bundle it
 * uploads, so ecsify must not let them decide what the bundle is.
 *
 * Supported: comments, `!` negation, `\` escapes of a leading `#`/`!`, trailing `/` (folders
 * only), leading or inner `/` (anchored to the bundle root), `*`, `?`, `[...]`, `**`. As in git,
 * a file inside an ignored folder stays ignored even if a later rule re-includes it.
 */

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  re: RegExp;
}

export interface IgnoreMatcher {
  /** Is the path (relative, `/`-separated) left out of the bundle? */
  ignores(path: string, isDir: boolean): boolean;
  readonly ruleCount: number;
}

function globToRegExp(glob: string, anchored: boolean): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === glob.length) re += '.*';
          else re += '(?:.*/)?';
          i += 2; // skip `**` and the following `/`
          continue;
        }
      }
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
      } else {
        let cls = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      re += (glob[i + 1] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(anchored ? `^${re}$` : `^(?:.*/)?${re}$`);
}

export function parseIgnore(text: string): IgnoreMatcher {
  const rules: Rule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line === '') continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ negate, dirOnly, re: globToRegExp(line, anchored) });
  }

  const matchOne = (path: string, isDir: boolean): boolean | undefined => {
    let verdict: boolean | undefined;
    for (const r of rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.re.test(path)) verdict = !r.negate;
    }
    return verdict;
  };

  return {
    ruleCount: rules.length,
    ignores(path, isDir) {
      if (rules.length === 0) return false;
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) {
        if (matchOne(parts.slice(0, i).join('/'), true) === true) return true;
      }
      return matchOne(path, isDir) === true;
    },
  };
}
