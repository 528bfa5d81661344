import { describe, expect, it } from 'vitest';
import type { EnvVar, Secret } from '../../src/ir/types.js';
import { arnProblem, secrets } from '../../src/passes/secrets.js';
import { app, at, check, container, run, service, type Case } from './support.js';

const env = (name: string, value: string): EnvVar => ({ name, value, origin: at(`services.web.environment.${name}`) });
const ref = (name: string): EnvVar => ({ name, secret: { secret: name }, origin: at(`services.web.environment.${name}`) });
const withEnv = (environment: EnvVar[], settings = {}, secretsList: Secret[] = [{ name: 'API_TOKEN', reason: 'name' }]) =>
  app([service(container('web', 'x:1', { environment }))], settings, { secrets: secretsList });

describe('secrets pass', () => {
  const cases: Case[] = [
    {
      name: "the app's KMS key goes to every secret that names none",
      given: withEnv([ref('API_TOKEN'), ref('DB_PASSWORD')], { secretsKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/app' }, [
        { name: 'API_TOKEN', reason: 'name' },
        { name: 'DB_PASSWORD', reason: 'name', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/own' },
      ]),
      check: (out) =>
        expect(out.secrets.map((s) => [s.name, s.kmsKeyArn])).toEqual([
          ['API_TOKEN', 'arn:aws:kms:eu-west-1:111122223333:key/app'],
          ['DB_PASSWORD', 'arn:aws:kms:eu-west-1:111122223333:key/own'],
        ]),
    },
    {
      name: 'consistent input: nothing to say, same object',
      given: withEnv([ref('API_TOKEN'), env('LOG_LEVEL', 'debug')]),
      check: (out, ran) => expect(ran.pairs).toEqual([]),
    },
    {
      name: 'a plain secret a parser missed becomes a reference, its value dropped',
      given: withEnv([env('STRIPE_KEY', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc')], {}, []),
      want: [{ rule: 'secrets/plaintext-value', path: 'services.web.environment.STRIPE_KEY' }],
      check: (out, ran) => {
        expect(out.services[0]?.task.containers[0]?.environment).toEqual([ref('STRIPE_KEY')]);
        expect(out.secrets).toEqual([{ name: 'STRIPE_KEY', reason: 'value', origin: at('services.web.environment.STRIPE_KEY') }]);
        expect(JSON.stringify(out)).not.toContain('sk_live_4eC39HqLyjWDarjtT1zdp7dc');
        expect(JSON.stringify(ran.diagnostics)).not.toContain('sk_live_4eC39HqLyjWDarjtT1zdp7dc');
      },
    },
    {
      name: "the user's word: --secret",
      given: withEnv([env('LICENSE', 'community-edition')], { secretNames: ['LICENSE'] }, []),
      want: [{ rule: 'secrets/plaintext-value', path: 'services.web.environment.LICENSE' }],
      check: (out) => expect(out.secrets.map((s) => [s.name, s.reason])).toEqual([['LICENSE', 'user']]),
    },
    {
      name: "the user's word: --not-secret keeps a value",
      given: withEnv([env('DB_PASSWORD', 'postgres')], { notSecretNames: ['DB_PASSWORD'] }, []),
      not: ['secrets/plaintext-value'],
      check: (out) => expect(out.services[0]?.task.containers[0]?.environment).toEqual([env('DB_PASSWORD', 'postgres')]),
    },
    {
      name: 'a name given to --secret and --not-secret',
      given: withEnv([env('X', 'y')], { secretNames: ['X'], notSecretNames: ['X'] }, []),
      want: [{ rule: 'secrets/conflicting-user-names', path: '-' }],
      not: ['secrets/plaintext-value'],
    },
    {
      name: '--secret naming no variable',
      given: withEnv([ref('API_TOKEN')], { secretNames: ['API_TOKN'] }),
      want: [{ rule: 'secrets/unused-user-name', path: '-' }],
    },
    {
      name: 'a reference to an undefined secret',
      given: withEnv([ref('MISSING')], {}, []),
      want: [{ rule: 'secrets/undefined-reference', path: 'services.web.environment.MISSING' }],
    },
    {
      name: 'registry credentials must be defined too',
      given: app([service(container('web', 'x:1', { repositoryCredentials: { secret: 'registry' } }))]),
      want: [{ rule: 'secrets/undefined-reference', path: 'services.web.image' }],
    },
    {
      name: 'Secrets Manager JSON keys may not contain :',
      given: withEnv([ref('a:b')], {}, [{ name: 'a:b', reason: 'compose-secret' }]),
      want: ['secrets/invalid-name'],
    },
    {
      name: 'SSM parameter names',
      given: withEnv([ref('db password')], { secretsBackend: 'ssm' }, [{ name: 'db password', reason: 'compose-secret' }]),
      want: ['secrets/invalid-name'],
    },
    {
      name: 'valid SSM names pass',
      given: withEnv([ref('DB_PASSWORD.v2')], { secretsBackend: 'ssm' }, [{ name: 'DB_PASSWORD.v2', reason: 'name' }]),
      not: ['secrets/invalid-name'],
    },
    {
      name: 'existing secrets are referenced by ARN, whatever their name',
      given: withEnv([ref('a:b')], {}, [{ name: 'a:b', reason: 'eb-environmentsecrets', existing: { arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-AbCdEf' } }]),
      not: ['secrets/invalid-name'],
    },
    {
      name: 'an existing secret whose ARN cannot exist (an example account) is an error at the secret',
      given: withEnv([ref('DB'), ref('REG')], {}, [
        { name: 'DB', reason: 'compose-secret', existing: { arn: 'arn:aws:secretsmanager:eu-west-3:xxx:secret:foo_bar' }, origin: at('secrets.DB.name') },
        { name: 'REG', reason: 'registry-credentials', existing: { arn: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:pull' } },
      ]),
      want: [{ rule: 'secrets/invalid-arn', path: 'secrets.DB.name' }],
      check: (_out, ran) => expect(ran.diagnostics.find((d) => d.rule === 'secrets/invalid-arn')?.message).toContain('the account `xxx` is not a 12-digit account id'),
    },
    {
      name: 'a secret file must name a defined secret',
      given: app([service(container('web', 'x:1', { secretFiles: [{ secret: 'db_password', path: '/run/secrets/db_password', origin: at('services.web.secrets[0]') }] }))]),
      want: [{ rule: 'secrets/undefined-reference', path: 'services.web.secrets[0]' }],
    },
  ];
  it.each(cases)('$name', (c) => void check(secrets, c));

  it('arnProblem accepts the ARNs ECS reads and names what is wrong with the others', () => {
    for (const ok of [
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-AbCdEf',
      'arn:aws:secretsmanager:us-gov-west-1:111122223333:secret:x:password::',
      'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:x',
      'arn:aws:ssm:eu-west-1:111122223333:parameter/app/db',
    ]) {
      expect(arnProblem(ok), ok).toBeUndefined();
    }
    expect(arnProblem('arn:aws:secretsmanager:eu-west-3:xxx:secret:foo_bar')).toBe('the account `xxx` is not a 12-digit account id');
    expect(arnProblem('arn:aws:secretsmanager:eu-west-3::secret:x')).toBe('it names no account');
    expect(arnProblem('arn:aws:secretsmanager::111122223333:secret:x')).toBe('it names no Region');
    expect(arnProblem('arn:aws:secretsmanager:europe:111122223333:secret:x')).toBe('the Region `europe` is not a Region name');
    expect(arnProblem('arn:aws:kms:eu-west-1:111122223333:key/x')).toBe('the service `kms` is neither secretsmanager nor ssm');
    expect(arnProblem('arn:amazon:ssm:eu-west-1:111122223333:parameter/x')).toMatch(/^the partition `amazon`/);
    expect(arnProblem('arn:aws:secretsmanager:eu-west-1:111122223333:db')).toBe('a Secrets Manager ARN ends in `secret:<name>`');
    expect(arnProblem('arn:aws:ssm:eu-west-1:111122223333:db')).toBe('an SSM ARN ends in `parameter/<name>`');
    expect(arnProblem('arn:aws:secretsmanager')).toMatch(/six parts/);
  });

  it('returns the same object when consistent', () => {
    const given = withEnv([ref('API_TOKEN')]);
    const ran = run(secrets, given);
    expect(ran.out).toStrictEqual(given);
  });
});
