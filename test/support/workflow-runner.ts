/**
 * GitHub Actions, as far as the generated workflows need it, for tests: GitHub's own workflow
 * parser checks the file (schema, expressions), and `runWorkflow` plays one event through its
 * one job on this machine: each `if:` and `${{ }}` evaluated by GitHub's expression evaluator
 * (@actions/expressions) with the `github`, `vars`, `inputs`, `env` and `steps` contexts, each
 * `run:` script run by bash as the runner runs it (`bash --noprofile --norc -eo pipefail`, with
 * $GITHUB_OUTPUT), and `uses:` steps recorded, not run. `aws` and `docker` are fakes on PATH
 * that record their calls and answer as the AWS CLI and Docker would; no network.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { load } from 'js-yaml';

/** GitHub's errors for a workflow file (none for a valid one). */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || !parsed.value) return errors.length > 0 ? errors : ['no workflow'];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return (template.errors ?? []).map((e) => e.Message);
}

/** GitHub's errors for each workflow an output folder holds (`.github/workflows/…: error`). */
export async function workflowErrorsIn(outDir: string): Promise<string[]> {
  const dir = path.join(outDir, '.github/workflows');
  if (!existsSync(dir)) return [];
  const errors: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    for (const e of await workflowErrors(name, readFileSync(path.join(dir, name), 'utf8'))) errors.push(`.github/workflows/${name}: ${e}`);
  }
  return errors;
}

type Context = Record<string, unknown>;

function evaluate(expression: string, context: Context): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const tree = new Parser(lexed.tokens, Object.keys(context), []).parse();
  return new Evaluator(tree, JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary).evaluate();
}

/** A value with `${{ … }}` in it, as GitHub expands it. */
function expand(value: unknown, context: Context): string {
  return String(value).replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => evaluate(e, context).coerceString());
}

// The fake AWS CLI. State files under $STATE: `repos` (ECR repositories), `pushed` (repo:tag).
const FAKE_AWS = `#!/bin/sh
echo "aws $*" >> "$LOG"
case "$1 $2" in
  "sts get-caller-identity") echo 123456789012 ;;
  "ecr get-login-password") echo fake-ecr-password ;;
  "ecr describe-repositories") grep -qxF "$4" "$STATE/repos" 2>/dev/null || { echo "RepositoryNotFoundException" >&2; exit 254; } ;;
  "ecr create-repository") echo "$4" >> "$STATE/repos"; echo '{}' ;;
  "ecr describe-images") grep -qxF "$4:\${6#imageTag=}" "$STATE/pushed" 2>/dev/null || { echo "ImageNotFoundException" >&2; exit 254; } ;;
  "cloudformation describe-stacks")
    if [ -n "\${STACK_MISSING:-}" ]; then echo "An error occurred (ValidationError): Stack with id $4 does not exist" >&2; exit 254; fi
    case "$*" in
      *StackStatus*) echo UPDATE_COMPLETE ;;
      *ClusterName*) echo shop-cluster ;;
      *Job*Command*) echo "aws ecs run-task --cluster shop-cluster --task-definition shop-job --started-by job" ;;
      *) echo None ;;
    esac ;;
  "cloudformation deploy") exit "\${DEPLOY_STATUS:-0}" ;;
  "ecs run-task") echo "arn:aws:ecs:eu-west-1:123456789012:task/shop-cluster/t1" ;;
  "ecs describe-tasks")
    case "$*" in
      *lastStatus*) echo STOPPED ;;
      *exitCode*) echo "\${EXIT_CODE:-0}" ;;
      *) echo None ;;
    esac ;;
  *) echo "fake aws: unexpected $*" >&2; exit 255 ;;
esac
`;

// The fake Docker: \`login\` keeps what it read on stdin; \`buildx build\` checks that its
// context and Dockerfile exist in the checkout, and records the image as pushed.
const FAKE_DOCKER = `#!/bin/sh
echo "docker $*" >> "$LOG"
case "$1" in
  login) cat > "$STATE/login-stdin" ;;
  buildx)
    [ "$2" = build ] || { echo "fake docker: unexpected $*" >&2; exit 1; }
    shift 2
    image=''; file=''; push=''
    while [ $# -gt 1 ]; do
      case $1 in
        --tag) image=$2; shift ;;
        --file) file=$2; shift ;;
        --platform|--target|--build-arg) shift ;;
        --push) push=yes ;;
      esac
      shift
    done
    context=$1
    case $context in *://*) ;; *) [ -d "$context" ] || { echo "fake docker: no context $context" >&2; exit 1; } ;; esac
    if [ -n "$file" ]; then [ -f "$file" ] || { echo "fake docker: no Dockerfile $file" >&2; exit 1; }; fi
    [ -n "$push" ] && printf '%s\\n' "\${image#*/}" >> "$STATE/pushed" ;;
  *) echo "fake docker: unexpected $*" >&2; exit 1 ;;
esac
`;

export interface WorkflowEvent {
  name: 'push' | 'workflow_dispatch';
  /** For workflow_dispatch: the inputs given (the others take their defaults). */
  inputs?: Record<string, string>;
}

export interface WorkflowRun {
  status: 'success' | 'failure';
  /** The steps that ran (by name, or `uses`), in order; skipped ones are left out. */
  ran: string[];
  failedStep?: string;
  /** Every aws and docker call, in order. */
  calls: string[];
  /** What the scripts printed (stdout and stderr), in order. */
  output: string;
  /** What docker login read on stdin. */
  loginStdin?: string;
}

export interface RunOptions {
  vars: Record<string, string>;
  sha?: string;
  /** Extra environment for the fakes (STACK_MISSING, EXIT_CODE, DEPLOY_STATUS). */
  env?: Record<string, string>;
  /** Kept between runs (ECR repositories, pushed images); a fresh one when left out. */
  state?: string;
}

/** Plays `event` through the workflow's job in `checkout` (the repository's root). */
export function runWorkflow(checkout: string, workflowText: string, event: WorkflowEvent, options: RunOptions): WorkflowRun {
  const doc = load(workflowText) as { on: Record<string, { inputs?: Record<string, { default?: unknown }> }>; jobs: Record<string, Job> };
  const jobs = Object.values(doc.jobs);
  if (jobs.length !== 1) throw new Error('the runner plays workflows of one job');
  const job = jobs[0] as Job;
  const work = mkdtempSync(path.join(checkout, '..', 'runner-'));
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'aws'), FAKE_AWS);
  writeFileSync(path.join(bin, 'docker'), FAKE_DOCKER);
  chmodSync(path.join(bin, 'aws'), 0o755);
  chmodSync(path.join(bin, 'docker'), 0o755);
  const state = options.state ?? path.join(work, 'state');
  mkdirSync(state, { recursive: true });
  const log = path.join(work, 'calls.log');
  writeFileSync(log, '');

  const declared = doc.on.workflow_dispatch?.inputs ?? {};
  const inputs =
    event.name === 'workflow_dispatch'
      ? Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, event.inputs?.[k] ?? (v.default === undefined ? '' : String(v.default))]))
      : {};
  const sha = options.sha ?? '0123456789abcdef0123456789abcdef01234567';
  const context: Context = { github: { event_name: event.name, sha }, vars: options.vars, inputs, env: {}, steps: {} };
  const jobEnv = Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, expand(v, context)]));
  context['env'] = jobEnv;
  const steps = context['steps'] as Record<string, { outputs: Record<string, string> }>;

  const run: WorkflowRun = { status: 'success', ran: [], calls: [], output: '' };
  for (const [i, step] of job.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${i + 1}`;
    if (step.if !== undefined && !truthy(evaluate(step.if.replace(/^\$\{\{(.*)\}\}$/s, '$1'), context))) continue;
    run.ran.push(name);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, context)]));
    if (step.uses !== undefined) {
      for (const v of Object.values(step.with ?? {})) expand(v, context);
      if (step.id) steps[step.id] = { outputs: {} };
      continue;
    }
    const script = path.join(work, `step-${i}.sh`);
    const outputs = path.join(work, `step-${i}.out`);
    writeFileSync(script, String(step.run));
    writeFileSync(outputs, '');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: checkout,
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env['PATH']}`,
        HOME: work,
        GITHUB_OUTPUT: outputs,
        GITHUB_SHA: sha,
        GITHUB_WORKSPACE: checkout,
        LOG: log,
        STATE: state,
        RELEASE_POLL_SECONDS: '0',
        ...options.env,
        ...jobEnv,
        ...stepEnv,
      },
    });
    run.output += r.stdout + r.stderr;
    const values = Object.fromEntries(
      readFileSync(outputs, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (step.id) steps[step.id] = { outputs: values };
    if (r.status !== 0) {
      run.status = 'failure';
      run.failedStep = name;
      break;
    }
  }
  run.calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const stdin = path.join(state, 'login-stdin');
  if (existsSync(stdin)) run.loginStdin = readFileSync(stdin, 'utf8');
  return run;
}

interface Job {
  env?: Record<string, unknown>;
  steps: Step[];
}

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  run?: string;
}
