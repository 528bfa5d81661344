/**
 * cloudformation/secrets-from-eb.sh, for a stack converted from a live EB environment: when it
 * is written, and what it does when run by sh against a fake `aws` on PATH, which records each
 * call and what reached the command that stores the secret (on its standard input).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitCloudFormation, renderedTemplate } from '../../../src/emitters/cloudformation/emit.js';
import { propertiesQuery, propertyQuery, secretsFromEb } from '../../../src/emitters/cloudformation/secrets-script.js';
import { emitReport } from '../../../src/emitters/report/emit-report.js';
import type { Application } from '../../../src/ir/types.js';
import { VERSION, webApp } from './support.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ecsify-secrets-script-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const OPTIONS = { version: VERSION, inputLabel: 'eb://shop-prod', format: 'yaml' as const };

function liveApp(properties: string[]): Application {
  const a = webApp();
  a.source = { kind: 'eb-dockerrun-v2', files: ['eb://shop-prod/settings.cfg.yml'], environment: { name: 'shop-prod', application: 'shop', region: 'eu-west-1', properties } };
  a.secrets = [
    { name: 'DB.PASSWORD', reason: 'name' },
    { name: 'SECRET_KEY', reason: 'name' },
  ];
  return a;
}

// The fake CLI: logs its arguments, answers describe-stack-resource with the secret's ARN and
// describe-configuration-settings with $VALUES (as the CLI prints JSON), or for a one-property
// query (SSM) with $VALUE_<name> or None, and appends what put-secret-value or put-parameter
// reads from its file:// argument to $STORED.
const FAKE_AWS = `#!/bin/sh
echo "$*" >> "$LOG"
case "$1 $2" in
  "cloudformation describe-stack-resource") echo "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop-AppSecrets-AbCdEf" ;;
  "elasticbeanstalk describe-configuration-settings")
    [ -n "\${EB_FAIL:-}" ] && exit 254
    case "$*" in
      *"--output text"*) name=\${*##*OptionName==\\'}; name=\${name%%\\'*}; name=\$(printf '%s' "$name" | tr -c 'A-Za-z0-9_\\n' _); eval "v=\\\${VALUE_$name:-None}"; printf '%s\\n' "$v" ;;
      *) printf '%s\\n' "$VALUES" ;;
    esac ;;
  "secretsmanager put-secret-value"|"ssm put-parameter")
    for a in "$@"; do case $a in file://*) { cat "\${a#file://}"; echo; } >> "$STORED" ;; esac; done ;;
  *) echo "fake aws: unexpected $*" >&2; exit 255 ;;
esac
`;

async function script(a: Application): Promise<string> {
  const files = await emitCloudFormation(a, OPTIONS);
  const file = files.find((f) => f.path === 'cloudformation/secrets-from-eb.sh');
  if (!file) throw new Error('no secrets-from-eb.sh');
  return file.contents;
}

function run(text: string, args: string[], env: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmp, 'run-'));
  writeFileSync(path.join(dir, 'aws'), FAKE_AWS);
  chmodSync(path.join(dir, 'aws'), 0o755);
  writeFileSync(path.join(dir, 'secrets-from-eb.sh'), text);
  const log = path.join(dir, 'log');
  const stored = path.join(dir, 'stored');
  writeFileSync(log, '');
  const r = spawnSync('sh', [path.join(dir, 'secrets-from-eb.sh'), ...args], {
    encoding: 'utf8',
    env: { PATH: `${dir}:/usr/bin:/bin`, LOG: log, STORED: stored, ...env },
  });
  const read = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: read(log)!.trim().split('\n').filter(Boolean), stored: read(stored) };
}

const VALUES = '{\n    "DB.PASSWORD": "pw-\'\\"$(x)",\n    "SECRET_KEY": "sk-123"\n}';

describe('secrets-from-eb.sh', () => {
  it('is written only when every key of the stack secret is one of the environment\'s properties', async () => {
    expect(secretsFromEb(liveApp(['DB.PASSWORD', 'LOG_LEVEL', 'SECRET_KEY']), renderedTemplate(liveApp(['DB.PASSWORD', 'LOG_LEVEL', 'SECRET_KEY']), OPTIONS).built.facts)).toEqual(['DB.PASSWORD', 'SECRET_KEY']);
    const partial = liveApp(['SECRET_KEY']);
    expect((await emitCloudFormation(partial, OPTIONS)).map((f) => f.path)).toEqual(['cloudformation/template.yaml', 'cloudformation/release.sh']);
    const bundle = liveApp(['DB.PASSWORD', 'SECRET_KEY']);
    delete bundle.source.environment;
    expect((await emitCloudFormation(bundle, OPTIONS)).map((f) => f.path)).not.toContain('cloudformation/secrets-from-eb.sh');
    const ssmPartial = liveApp(['SECRET_KEY']);
    ssmPartial.settings.secretsBackend = 'ssm';
    expect((await emitCloudFormation(ssmPartial, OPTIONS)).map((f) => f.path)).not.toContain('cloudformation/secrets-from-eb.sh');
  });

  it('copies the values from the environment into the stack secret through a pipe, never as an argument', async () => {
    const text = await script(liveApp(['DB.PASSWORD', 'LOG_LEVEL', 'SECRET_KEY']));
    const r = run(text, ['shop-stack'], { VALUES });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Stored 2 value(s) from shop-prod in arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop-AppSecrets-AbCdEf.\n');
    expect(r.calls).toEqual([
      'cloudformation describe-stack-resource --stack-name shop-stack --logical-resource-id AppSecrets --query StackResourceDetail.PhysicalResourceId --output text',
      `elasticbeanstalk describe-configuration-settings --region eu-west-1 --application-name shop --environment-name shop-prod --query ${propertiesQuery(['DB.PASSWORD', 'SECRET_KEY'])} --output json`,
      'secretsmanager put-secret-value --secret-id arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop-AppSecrets-AbCdEf --secret-string file:///dev/stdin',
    ]);
    // Exactly what the CLI printed, quotes and `$(…)` untouched.
    expect(r.stored).toBe(`${VALUES}\n`);
    expect(r.calls.join('\n')).not.toContain('sk-123');
  });

  it('stores nothing when the environment lacks a property, or the read fails', async () => {
    const text = await script(liveApp(['DB.PASSWORD', 'SECRET_KEY']));
    const missing = run(text, ['shop-stack'], { VALUES: '{\n    "DB.PASSWORD": "pw",\n    "SECRET_KEY": null\n}' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('secrets-from-eb: the environment has no property SECRET_KEY; nothing was stored.\n');
    expect(missing.stored).toBeUndefined();
    const failed = run(text, ['shop-stack'], { VALUES, EB_FAIL: '1' });
    expect(failed.code).not.toBe(0);
    expect(failed.stored).toBeUndefined();
    expect(failed.calls.some((c) => c.startsWith('secretsmanager'))).toBe(false);
    const usage = run(text, [], { VALUES });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^usage: sh .*secrets-from-eb\.sh STACK\n$/);
  });

  it('with SSM, creates each SecureString parameter before the stack, only once every value was read', async () => {
    const a = liveApp(['DB.PASSWORD', 'SECRET_KEY']);
    a.settings.secretsBackend = 'ssm';
    a.settings.secretsKmsKeyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd';
    const text = await script(a);
    const r = run(text, [], { VALUE_DB_PASSWORD: 'pw-\'"$(x)', VALUE_SECRET_KEY: 'sk-123' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Stored 2 SecureString parameter(s) from shop-prod.\n');
    expect(r.calls).toEqual([
      `elasticbeanstalk describe-configuration-settings --region eu-west-1 --application-name shop --environment-name shop-prod --query ${propertyQuery('DB.PASSWORD')} --output text`,
      `elasticbeanstalk describe-configuration-settings --region eu-west-1 --application-name shop --environment-name shop-prod --query ${propertyQuery('SECRET_KEY')} --output text`,
      'ssm put-parameter --type SecureString --overwrite --name /shop/DB.PASSWORD --key-id arn:aws:kms:eu-west-1:111122223333:key/1234abcd --value file:///dev/stdin',
      'ssm put-parameter --type SecureString --overwrite --name /shop/SECRET_KEY --key-id arn:aws:kms:eu-west-1:111122223333:key/1234abcd --value file:///dev/stdin',
    ]);
    expect(r.stored).toBe('pw-\'"$(x)\nsk-123\n');
    const missing = run(text, [], { VALUE_DB_PASSWORD: 'pw' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('secrets-from-eb: the environment has no property SECRET_KEY; nothing was stored.\n');
    expect(missing.stored).toBeUndefined();
    expect(run(text, ['extra'], {}).code).toBe(2);
    const report = (await emitReport(a, { ...OPTIONS, diagnostics: [] }))[0]!.contents;
    expect(report).toContain(
      'Create the SSM parameters listed under Secrets, as SecureString. `sh cloudformation/secrets-from-eb.sh` creates them (`DB.PASSWORD` and `SECRET_KEY`) from the environment `shop-prod`, without writing them anywhere.',
    );
  });

  it('asks for exactly the deployed settings\' properties, one key per name', () => {
    expect(propertiesQuery(['A', "it's"])).toBe(
      "ConfigurationSettings[?DeploymentStatus=='deployed'] | [0].OptionSettings[?Namespace=='aws:elasticbeanstalk:application:environment'] | " +
        `{"A": [?OptionName=='A'] | [0].Value, "it's": [?OptionName=='it\\'s'] | [0].Value}`,
    );
  });

  it('is named in MIGRATION.md where the secrets are filled', async () => {
    const report = (await emitReport(liveApp(['DB.PASSWORD', 'SECRET_KEY']), { ...OPTIONS, diagnostics: [] }))[0]!.contents;
    expect(report.slice(report.indexOf('## Next steps'))).toContain(
      'Put the values into the secrets the stack created (see Secrets and the stack outputs). `sh cloudformation/secrets-from-eb.sh <stack>` copies them (`DB.PASSWORD` and `SECRET_KEY`) from the environment `shop-prod`, without writing them anywhere.',
    );
  });
});
