import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';
import { copyToTemp, readTree, tempDir } from '../support/fs-tree.js';
import { REPO_ROOT } from '../support/paths.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples/compose-webapp');

function project(files: Record<string, string>): string {
  const root = tempDir();
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, 'app', p)), { recursive: true });
    writeFileSync(path.join(root, 'app', p), text);
  }
  return root;
}

const ONE_SERVICE = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n' };

describe('ecsify convert', () => {
  it('converts the bundled example and says where it wrote what', async () => {
    const root = copyToTemp(EXAMPLE, 'compose-webapp');
    const r = await runCli(['convert', 'compose-webapp', '-o', 'out'], { cwd: root });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('into out/:');
    expect(r.stdout).toContain('task-definitions/webapp-web.json');
    expect(existsSync(path.join(root, 'out/task-definitions/webapp-web.json'))).toBe(true);
    expect(existsSync(path.join(root, 'out/ir.json'))).toBe(true);
  });

  it('is deterministic and writes no absolute paths', async () => {
    const a = copyToTemp(EXAMPLE, 'compose-webapp');
    const b = copyToTemp(EXAMPLE, 'compose-webapp');
    await runCli(['convert', 'compose-webapp', '-o', 'out'], { cwd: a });
    await runCli(['convert', 'compose-webapp', '-o', 'out'], { cwd: b });
    const ta = readTree(path.join(a, 'out'));
    const tb = readTree(path.join(b, 'out'));
    expect([...ta.entries()]).toEqual([...tb.entries()]);
    for (const [p, text] of ta) {
      expect(text.includes(a), `${p} holds an absolute path`).toBe(false);
    }
  });

  it('writes only the kinds named with --emit', async () => {
    const root = project(ONE_SERVICE);
    const r = await runCli(['convert', 'app', '-o', 'out', '--emit', 'ir'], { cwd: root });
    expect(r.code).toBe(0);
    expect([...readTree(path.join(root, 'out')).keys()]).toEqual(['.ecsify-manifest.json', 'ir.json']);
  });

  it('reruns over its own output, refuses to overwrite other files unless --force', async () => {
    const root = project(ONE_SERVICE);
    expect((await runCli(['convert', 'app', '-o', 'out'], { cwd: root })).code).toBe(0);
    expect((await runCli(['convert', 'app', '-o', 'out'], { cwd: root })).code).toBe(0);
    writeFileSync(path.join(root, 'out/ir.json'), '{"mine": true}\n');
    const refused = await runCli(['convert', 'app', '-o', 'out'], { cwd: root });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('out/ir.json: error cli/output-exists:');
    expect(readFileSync(path.join(root, 'out/ir.json'), 'utf8')).toBe('{"mine": true}\n');
    const forced = await runCli(['convert', 'app', '-o', 'out', '--force'], { cwd: root });
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(root, 'out/ir.json'), 'utf8')).not.toContain('mine');
  });

  it('refuses, with an error and no stack trace, an output too large for one string', async () => {
    // 270 services share one 2 MiB value through an alias: a 2 MB input whose ir.json would be
    // past V8's longest string (2^29 - 24 characters), which crashed the run.
    const big = 'a'.repeat(2 * 1024 * 1024);
    let text = `x-big: &big "${big}"\nservices:\n`;
    for (let i = 0; i < 270; i++) text += `  s${i}:\n    image: nginx:1.27\n    environment: {BIG: *big}\n`;
    const root = project({ 'compose.yaml': text });
    // The report comes first and is written (into a temporary folder) before ir.json fails.
    const r = await runCli(['convert', 'app', '-o', 'out', '--emit', 'report,ir'], { cwd: root });
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain('ecsify: error cli/output-too-large: the ir output of app is larger than one JavaScript string can hold');
    expect(r.code).toBe(1);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith('.ecsify-tmp'))).toEqual([]);
  }, 60_000);

  it('says why when the output cannot be written (-o names a file, or a path through one): exit 2, no stack trace', async () => {
    const root = project(ONE_SERVICE);
    for (const [out, why, where] of [
      ['app/compose.yaml', 'it is a file, not a folder', 'app/compose.yaml'],
      ['app/compose.yaml/out', 'a file or folder is in the way', 'app/compose.yaml'],
    ]) {
      const r = await runCli(['convert', 'app', '-o', out as string], { cwd: root });
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).toContain(`ecsify: error cli/output-unwritable: cannot write into ${out}: ${why} (${where}).`);
      expect(r.code).toBe(2);
    }
    expect(readFileSync(path.join(root, 'app/compose.yaml'), 'utf8')).toBe(ONE_SERVICE['compose.yaml']);
    expect(readTree(root).size).toBe(1);
  });

  it('prints a single task definition with -o -', async () => {
    const root = project(ONE_SERVICE);
    const r = await runCli(['convert', 'app', '-o', '-'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ family: 'app-web' });
  });

  it('refuses -o - when there are several task definitions (cli/single-output)', async () => {
    const root = copyToTemp(EXAMPLE, 'compose-webapp');
    const r = await runCli(['convert', 'compose-webapp', '-o', '-'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cli/single-output');
    expect(r.stdout).toBe('');
  });

  it('prints the CloudFormation template or the IR with -o -, whatever the number of services', async () => {
    const root = copyToTemp(EXAMPLE, 'compose-webapp');
    const template = await runCli(['convert', 'compose-webapp', '--emit', 'cloudformation', '-o', '-'], { cwd: root });
    expect(template.code, template.stderr).toBe(0);
    expect(template.stdout).toMatch(/^# Generated by ecsify/);
    expect(template.stdout).toContain('AWS::ECS::Cluster');
    expect(template.stdout).not.toContain('release.sh STACK'); // the template alone, not the script beside it
    // The same bytes as the file the folder output gets.
    const written = await runCli(['convert', 'compose-webapp', '--emit', 'cloudformation', '-o', 'out'], { cwd: root });
    expect(written.code, written.stderr).toBe(0);
    expect(template.stdout).toBe(readFileSync(path.join(root, 'out/cloudformation/template.yaml'), 'utf8'));
    const json = await runCli(['convert', 'compose-webapp', '--emit', 'cloudformation', '--format', 'json', '-o', '-'], { cwd: root });
    expect(JSON.parse(json.stdout)).toHaveProperty('Resources');
    // The IR; and with several kinds, the template comes before the IR.
    const ir = await runCli(['convert', 'compose-webapp', '--emit', 'ir', '-o', '-'], { cwd: root });
    expect(ir.code, ir.stderr).toBe(0);
    expect((JSON.parse(ir.stdout) as { application: { services: { name: string }[] } }).application.services.map((s) => s.name)).toEqual(expect.arrayContaining(['web', 'worker']));
    const both = await runCli(['convert', 'compose-webapp', '--emit', 'ir,cloudformation', '-o', '-'], { cwd: root });
    expect(both.stdout).toBe(template.stdout);
    // Nothing printable: a usage error, nothing on stdout.
    const report = await runCli(['convert', 'compose-webapp', '--emit', 'report', '-o', '-'], { cwd: root });
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('-o - prints a task definition, the CloudFormation template or the IR; --emit report makes none of them.');
    expect(report.stdout).toBe('');
  });

  it('writes nothing and exits 1 when the input has errors', async () => {
    const root = project({ 'compose.yaml': 'services:\n  web:\n    image: [nginx\n' });
    const r = await runCli(['convert', 'app', '-o', 'out'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('yaml/syntax');
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('converts several inputs into one folder per application', async () => {
    const root = project(ONE_SERVICE);
    mkdirSync(path.join(root, 'other'));
    writeFileSync(path.join(root, 'other/compose.yaml'), 'services:\n  api:\n    image: httpd:2.4\n');
    const r = await runCli(['convert', 'app', 'other', '-o', 'out', '--emit', 'task-definitions'], { cwd: root });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(root, 'out/app/task-definitions/app-web.json'))).toBe(true);
    expect(existsSync(path.join(root, 'out/other/task-definitions/other-api.json'))).toBe(true);
  });

  it('refuses to write two inputs of one application into one folder (cli/output-shared)', async () => {
    const root = project({ 'compose.yaml': 'name: webapp\nservices:\n  web:\n    image: nginx:1.27\n' });
    mkdirSync(path.join(root, 'other'));
    writeFileSync(path.join(root, 'other/compose.yaml'), 'name: webapp\nservices:\n  api:\n    image: httpd:2.4\n');
    const r = await runCli(['convert', 'app', 'other', '-o', 'out', '--emit', 'task-definitions'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ecsify: error cli/output-shared: app and other both convert into out/webapp/ (application webapp); nothing was written for other.');
    // The first input's files stay as written.
    expect(existsSync(path.join(root, 'out/webapp/task-definitions/webapp-web.json'))).toBe(true);
    expect(existsSync(path.join(root, 'out/webapp/task-definitions/webapp-api.json'))).toBe(false);
  });

  it('lets a flag given on the command line win over x-ecsify, and x-ecsify over the default', async () => {
    const root = project({
      'compose.yaml': 'x-ecsify:\n  launch-type: ec2\nservices:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n',
    });
    const fromFile = await runCli(['convert', 'app', '-o', '-'], { cwd: root });
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ requiresCompatibilities: ['EC2'], networkMode: 'bridge' });
    const fromFlag = await runCli(['convert', 'app', '-o', '-', '--launch-type', 'fargate'], { cwd: root });
    expect(JSON.parse(fromFlag.stdout)).toMatchObject({ requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc' });
  });

  it('times passes with --debug', async () => {
    const root = project(ONE_SERVICE);
    const r = await runCli(['convert', 'app', '-o', 'out', '--debug', '--dump-ir-after', 'all'], { cwd: root });
    expect(r.code).toBe(0);
  });
});

describe('ecsify lint', () => {
  it('exits 0 on a clean project', async () => {
    const root = project({ 'compose.yaml': 'services:\n  worker:\n    image: busybox:1.36\n    command: ["sleep", "infinity"]\n' });
    const r = await runCli(['lint', 'app', '--format', 'json'], { cwd: root });
    expect(JSON.parse(r.stdout).filter((d: { severity: string }) => d.severity !== 'info')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('tells io.onSource of every input text it reads, before any diagnostic is out (the launcher tunes V8 by their size)', async () => {
    const root = project({ '.env': 'TAG=1.27\n', 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    read_only: yes-please\n' });
    const seen: string[] = [];
    let stderr = '';
    const quiet = { write: () => {} };
    const code = await run(['lint', 'app'], {
      cwd: root,
      env: {},
      stdout: quiet,
      stderr: { write: (s: string | Uint8Array) => void (stderr += String(s)) },
      onSource: (file, text) => {
        expect(stderr).toBe('');
        seen.push(`${file}=${text}`);
      },
    });
    expect(code).toBe(1);
    expect(seen.sort()).toEqual(['.env=TAG=1.27\n', 'compose.yaml=services:\n  web:\n    image: nginx:${TAG}\n    read_only: yes-please\n']);
  });

  it('counts warnings against --max-warnings', async () => {
    const root = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    develop: {}\n' });
    const loose = await runCli(['lint', 'app'], { cwd: root });
    expect(loose.code).toBe(0);
    expect(loose.stdout).toContain('warning');
    const strict = await runCli(['lint', 'app', '--max-warnings', '0'], { cwd: root });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('more than --max-warnings 0');
    // -1 is no limit, as in ESLint.
    const unlimited = await runCli(['lint', 'app', '--max-warnings', '-1'], { cwd: root });
    expect(unlimited.code).toBe(0);
    expect(unlimited.stderr).not.toContain('--max-warnings');
    const negative = await runCli(['lint', 'app', '--max-warnings', '-2'], { cwd: root });
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('--max-warnings takes a whole number, or -1 for no limit (got "-2")');
  });

  it('exits 1 on errors and points at the line', async () => {
    const root = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    image: httpd\n' });
    const r = await runCli(['lint', 'app'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('app/compose.yaml:4:5: error yaml/duplicate-key');
    expect(r.stdout).toContain(' > 4 |     image: httpd');
  });

  it('renders every format', async () => {
    const root = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    develop: {}\n' });
    const json = await runCli(['lint', 'app', '--format', 'json'], { cwd: root });
    expect(JSON.parse(json.stdout)[0]).toHaveProperty('rule');
    const sarif = await runCli(['lint', 'app', '--format', 'sarif'], { cwd: root });
    expect(JSON.parse(sarif.stdout).version).toBe('2.1.0');
    const gh = await runCli(['lint', 'app', '--format', 'github'], { cwd: root });
    expect(gh.stdout).toMatch(/^::warning file=app\/compose\.yaml,line=\d+,col=\d+,title=/m);
  });

  it('gives every SARIF result a location code scanning accepts', async () => {
    type Log = { runs: { results: { ruleId: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    // A Node.js app with no Procfile: findings about the default process have no line of their own.
    const root = project({ 'package.json': '{"name": "x", "scripts": {"start": "node server.js"}}\n', '.elasticbeanstalk/config.yml': 'global:\n  default_platform: Node.js 20 running on 64bit Amazon Linux 2023\n' });
    const results = (JSON.parse((await runCli(['lint', 'app', '--format', 'sarif'], { cwd: root })).stdout) as Log).runs[0]!.results;
    expect(results.map((r) => r.ruleId)).toContain('eb/default-process');
    for (const r of results) expect(r.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'app/.elasticbeanstalk/config.yml' }, region: { startLine: 1 } });
    // An input that cannot be read: the path given.
    const missing = (JSON.parse((await runCli(['lint', 'nothing-here', '--format', 'sarif'], { cwd: root })).stdout) as Log).runs[0]!.results;
    expect(missing[0]?.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe('nothing-here');
    // Far above the folder ecsify runs in, paths are absolute: a file: URI, not "/…".
    const deep = path.join(root, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    const far = (JSON.parse((await runCli(['lint', '../../app', '--format', 'sarif'], { cwd: deep })).stdout) as Log).runs[0]!.results;
    expect(far[0]?.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe(pathToFileURL(path.join(root, 'app/.elasticbeanstalk/config.yml')).href);
  });

  it('colours only on a TTY and never with NO_COLOR', async () => {
    const root = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    develop: {}\n' });
    expect((await runCli(['lint', 'app'], { cwd: root, tty: false })).stdout).not.toContain('\u001b[');
    expect((await runCli(['lint', 'app'], { cwd: root, tty: true })).stdout).toContain('\u001b[');
    expect((await runCli(['lint', 'app'], { cwd: root, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('reads the Compose files named by COMPOSE_FILE in the project .env', async () => {
    const root = project({ '.env': 'COMPOSE_FILE=base.yml:extra.yml\n', 'base.yml': 'services:\n  web:\n    image: nginx:1.27\n', 'extra.yml': 'services:\n  web:\n    develop: {}\n' });
    const r = await runCli(['lint', 'app', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((d: { rule: string }) => d.rule)).toContain('compose/unsupported-key');
  });

  it('exits 2 when the folder holds nothing ecsify can read', async () => {
    const root = project({ 'README.md': 'hi\n' });
    const r = await runCli(['lint', 'app'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('input/not-recognised');
  });

  it('reports an EB environment secret that is no ARN in the EB front end, and an ARN ECS cannot read once, as secrets/invalid-arn', async () => {
    const root = project({
      'Dockerrun.aws.json': '{"AWSEBDockerrunVersion": "1", "Image": {"Name": "nginx:1.27"}}',
      '.ebextensions/01.config':
        'option_settings:\n  aws:elasticbeanstalk:application:environmentsecrets:\n    KMS_THING: arn:aws:kms:eu-west-1:111122223333:key/abc\n    BARE: db-password\n',
    });
    const r = await runCli(['lint', 'app', '--format', 'json'], { cwd: root });
    const found = (JSON.parse(r.stdout) as { rule: string; message: string }[]).filter((d) => /KMS_THING|BARE/.test(d.message) && d.rule !== 'eb/secret-reference');
    expect(found.map((d) => `${d.rule}: ${d.message}`)).toEqual([
      'secrets/invalid-arn: Secret KMS_THING points at `arn:aws:kms:eu-west-1:111122223333:key/abc`, which is not a valid ARN: the service `kms` is neither secretsmanager nor ssm.',
      'eb/option-value: Environment secret BARE is not a Secrets Manager or SSM parameter ARN.',
    ]);
  });

  it('names the folders below that hold an app, nearest first, when the folder itself holds none', async () => {
    const root = project({
      'README.md': 'hi\n',
      'environments/prod/Dockerrun.aws.json': '{"AWSEBDockerrunVersion": "1", "Image": {"Name": "nginx:1.27"}}',
      'environments/dev/.ebextensions/01.config': 'option_settings: []\n',
      'deploy/local/stack/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'node_modules/pkg/compose.yaml': 'services: {}\n',
      'too/deep/to/look/compose.yaml': 'services: {}\n',
    });
    const r = await runCli(['lint', 'app', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(2);
    const [d] = JSON.parse(r.stdout) as { rule: string; hint: string }[];
    expect(d?.rule).toBe('input/not-recognised');
    expect(d?.hint).toContain('Below it, environments/dev, environments/prod, deploy/local/stack hold apps ecsify reads: give one of them, e.g. app/environments/dev.');
  });

  it('names the YAML files of a folder with no Compose file under a standard name, and how to read one', async () => {
    const root = project({ 'docker-compose.production.yaml': 'services:\n  web:\n    image: nginx:1.27\n', 'b.yml': 'x: 1\n', 'notes.txt': 'hi\n' });
    const r = await runCli(['lint', 'app', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(2);
    const [d] = JSON.parse(r.stdout) as { rule: string; hint: string }[];
    expect(d?.rule).toBe('input/not-recognised');
    expect(d?.hint).toContain('The folder has docker-compose.production.yaml, b.yml: name a Compose file with -f app/docker-compose.production.yaml.');
  });
});
