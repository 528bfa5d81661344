/**
 * Where a conversion's output stands in the user's Git repository, for the CI workflow: its
 * paths are relative to the repository's root (GitHub runs it in a checkout), and it releases
 * on pushes to the default branch.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RepositoryLayout } from '../emitters/ci/github-workflow.js';
import { isLiveInput } from '../parsers/live-input.js';

export interface RepositoryFacts {
  layout: RepositoryLayout;
  /**
   * The output folder (which the workflow's paths name) is outside the repository found. (The
   * project folder never is: the repository is looked for from it.)
   */
  outputOutside: boolean;
}

/** The nearest folder at or above `dir` that holds `.git` (a folder, or a file for a worktree). */
export function gitRoot(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; ) {
    try {
      statSync(path.join(at, '.git'));
      return at;
    } catch {
      // Not here: one level up.
    }
    const up = path.dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

/**
 * The branch a push to which releases: the remote's default branch (`refs/remotes/origin/HEAD`,
 * which `git clone` writes), else the branch checked out when it is `main` or `master`, else
 * `main`.
 */
export function defaultBranch(root: string | undefined): string {
  if (root === undefined) return 'main';
  const gitDir = resolveGitDir(root);
  const symbolic = (file: string, prefix: string) => {
    try {
      const m = /^ref: (\S+)\s*$/.exec(readFileSync(path.join(gitDir, file), 'utf8'));
      return m?.[1]?.startsWith(prefix) ? m[1].slice(prefix.length) : undefined;
    } catch {
      return undefined;
    }
  };
  const remote = symbolic('refs/remotes/origin/HEAD', 'refs/remotes/origin/');
  if (remote) return remote;
  const head = symbolic('HEAD', 'refs/heads/');
  return head === 'main' || head === 'master' ? head : 'main';
}

/** `.git` itself, or for a worktree or submodule the folder its `gitdir:` line names. */
function resolveGitDir(root: string): string {
  const dotGit = path.join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const m = /^gitdir: (.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    if (m?.[1]) return path.resolve(root, m[1]);
  } catch {
    // Unreadable: as if there were no such file.
  }
  return dotGit;
}

/** `/`-separated, `.` for the folder itself. */
function relative(from: string, to: string): string {
  const rel = path.relative(from, to).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

const isOutside = (rel: string) => rel === '..' || rel.startsWith('../') || path.isAbsolute(rel);

/**
 * The layout for one input: `input` as the user gave it, `projectDir` as the loader resolved it,
 * `outDir` absolute. A project folder counts only when it is a folder on disk (not a .zip bundle
 * or a live environment, whose build contexts are in no repository).
 */
export function repositoryFacts(cwd: string, input: string, projectDir: string, outDir: string): RepositoryFacts {
  let projectIsFolder = false;
  if (!isLiveInput(input)) {
    try {
      projectIsFolder = statSync(projectDir).isDirectory() && !/\.zip$/i.test(input);
    } catch {
      projectIsFolder = false;
    }
  }
  // Without a `.git` above the project, the working folder stands in for the repository's root.
  const root = gitRoot(projectIsFolder ? projectDir : outDir);
  const base = root ?? path.resolve(cwd);
  const outputDir = relative(base, outDir);
  const project = projectIsFolder ? relative(base, projectDir) : undefined;
  return {
    layout: { outputDir, ...(project !== undefined ? { projectDir: project } : {}), branch: defaultBranch(root) },
    // Without a repository, the working folder is only a guess at its root: nothing to flag.
    outputOutside: root !== undefined && isOutside(outputDir),
  };
}
