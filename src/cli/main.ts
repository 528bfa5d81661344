/**
 * The command line: parses flags (commander), calls the library, renders diagnostics, returns
 * the exit code. `run` is used in-process by the tests and by the launcher (`launcher.ts`, the installed command).
 *
 * Exit codes: 0 clean, 1 errors (or too many warnings), 2 usage error, unreadable input or an
 * internal failure (a bug: a short banner asks for a report).
 */
import { Command, CommanderError } from 'commander';
import { EMIT_KINDS } from '../emitters/kinds.js';
import { addInputOptions, UsageError } from './common-options.js';
import type { ConvertFlags } from './convert.js';
import { parseEmitList } from './emit-list.js';
import type { CliIo } from './io.js';
import type { LintFlags } from './lint.js';
import { ecsifyVersion } from './version.js';

/** Kept here rather than imported from render/ so `--help` loads no renderer. */
const RENDER_FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
type RenderFormat = (typeof RENDER_FORMATS)[number];

const EXAMPLES = `
Examples:
  $ ecsify convert                           convert the Compose project in this folder into ./ecs
  $ ecsify convert ./my-eb-app -o infra      convert an Elastic Beanstalk app folder (or a .zip bundle)
  $ ecsify convert eb://shop-prod --region eu-west-1
                                             convert a running EB environment: its settings and deployed version
  $ ecsify convert --emit task-definitions -o - | aws ecs register-task-definition --cli-input-json file:///dev/stdin
  $ ecsify convert --emit cloudformation -o - > stack.yaml
                                             print the whole stack's template (--emit ir -o -: the IR)
  $ ecsify lint --format github              annotate a pull request from GitHub Actions
  $ ecsify lint --format sarif > ecsify.sarif
  $ ecsify explain fargate/bind-mount        what a rule finds, why, and how to fix it
`;

/** `--max-warnings N`; -1 means no limit, as in ESLint, whose habit many pipelines carry over. */
function parseCount(value: string): number | undefined {
  if (value === '-1') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings takes a whole number, or -1 for no limit (got "${value}")`);
  return Number(value);
}

function renderFormat(value: string): RenderFormat {
  if (!(RENDER_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${RENDER_FORMATS.join(', ')} (got "${value}")`);
  }
  return value as RenderFormat;
}

function templateFormat(value: string): 'yaml' | 'json' {
  if (value !== 'yaml' && value !== 'json') throw new UsageError(`--format must be yaml or json (got "${value}")`);
  return value;
}

function explicitFlags(cmd: Command): { launchType: boolean; secretsBackend: boolean } {
  return { launchType: cmd.getOptionValueSource('launchType') === 'cli', secretsBackend: cmd.getOptionValueSource('secretsBackend') === 'cli' };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  let exit = 0;
  const program = new Command('ecsify')
    .description('Compile Docker Compose projects and Elastic Beanstalk apps to Amazon ECS.')
    .version(io.version ?? ecsifyVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run `ecsify --help` for usage)')
    .addHelpText('after', EXAMPLES);

  addInputOptions(
    program
      .command('convert')
      .description('convert an input into ECS task definitions, a CloudFormation stack and more')
      .argument('[paths...]', 'Compose project folder, Compose file, EB app folder or .zip bundle, or eb://ENVIRONMENT (default: .)')
      .option('-o, --output <dir>', 'output folder, or - to print one task definition', 'ecs')
      .option('--emit <list>', `what to write, comma-separated: ${EMIT_KINDS.join(', ')}, or all`, 'all')
      .option('--format <format>', 'template format: yaml or json', 'yaml')
      .option('--force', 'overwrite files that ecsify did not generate')
      .option('--dump-ir-after <pass>', 'with convert: also write the IR after a pass (or all) into debug/'),
  ).action(async (paths: string[], raw: Record<string, unknown>, cmd: Command) => {
    const flags = { ...raw, emit: parseEmitList(String(raw['emit'])), format: templateFormat(String(raw['format'])) } as ConvertFlags;
    flags.explicit = explicitFlags(cmd);
    const { convertCommand } = await import('./convert.js');
    exit = await convertCommand(io, paths, flags);
  });

  addInputOptions(
    program
      .command('lint')
      .description('report what will break on ECS, without writing files')
      .argument('[paths...]', 'inputs to check (default: .)')
      .option('--format <format>', `output format: ${RENDER_FORMATS.join(', ')}`, 'stylish')
      .option('--max-warnings <n>', 'exit with 1 when there are more warnings than this (-1: no limit)'),
  ).action(async (paths: string[], raw: Record<string, unknown>, cmd: Command) => {
    const flags = { ...raw, format: renderFormat(String(raw['format'])) } as LintFlags;
    flags.explicit = explicitFlags(cmd);
    if (raw['maxWarnings'] !== undefined) flags.maxWarnings = parseCount(String(raw['maxWarnings']));
    else delete flags.maxWarnings;
    const { lintCommand } = await import('./lint.js');
    exit = await lintCommand(io, paths, flags);
  });

  program
    .command('explain')
    .description('print the documentation of a rule (or list every rule)')
    .argument('[rule]', 'rule id, e.g. compose/unsupported-key')
    .action(async (rule: string | undefined) => {
      const { explainCommand } = await import('./explain.js');
      exit = explainCommand(io, rule);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`ecsify: ${e.message}\n`);
      return 2;
    }
    return internalFailure(io, e);
  }
}

/** A bug in ecsify: a short banner, no stack trace unless ECSIFY_DEBUG is set. */
function internalFailure(io: CliIo, e: unknown): number {
  const version = io.version ?? ecsifyVersion();
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(
    `\necsify ${version} hit an internal error: ${message}\n` +
      'This is a bug in ecsify, not a problem with your input. Please report it at\n' +
      'https://github.com/ecsify/ecsify/issues with the command you ran and, if you can, the input\n' +
      '(remove anything secret first).\n',
  );
  if (io.env['ECSIFY_DEBUG'] && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
  return 2;
}
