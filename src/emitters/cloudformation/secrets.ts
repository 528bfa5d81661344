/**
 * Secrets: with Secrets Manager, one secret per application holding a JSON object (one key per
 * secret environment variable) that the task definitions read with `…:KEY::`; it is created
 * EMPTY (no `SecretString`, so no value is ever in the template and a stack update never
 * overwrites what the user stored). Registry credentials get a secret of their own. With SSM,
 * SecureString parameters cannot be created by CloudFormation: they are expected under
 * `/<app>/<NAME>`. Secrets the input names (`existing`) are referenced as they are, except that a
 * Secrets Manager secret named without its ARN gets one: ECS accepts a bare name in `valueFrom`
 * only for SSM parameters, and `credentialsParameter` only as an ARN.
 */
import type { Secret } from '../../ir/types.js';
import { FIXED, TAGGABLE, type Ctx } from './context.js';
import { Intrinsic, ref, sub, subLiteral } from './intrinsics.js';
import { existingSecretStore, SECRETS_MANAGER_ARN, SSM_ARN } from '../secret-store.js';

/** What the execution role must be allowed to read. */
export interface SecretAccess {
  secretsManager: unknown[];
  ssmParameters: unknown[];
  kmsKeys: string[];
}

export interface SecretsPlan {
  /** `valueFrom` of a secret environment variable (the same text as the JSON task definitions where no ARN is involved). */
  valueFrom(secret: Secret): unknown;
  registryCredentials(secret: Secret): unknown;
  access: SecretAccess;
}

/** Secrets Manager appends `-` and six random characters to a secret's name in its ARN. */
const FULL_SECRET_ARN = /:secret:.+-[A-Za-z0-9]{6}$/;

/**
 * The partial ARN of a Secrets Manager secret given by name (`arn:…:secret:NAME`, without the
 * random suffix; ECS and Secrets Manager accept it), as `Fn::Sub` text.
 */
function secretArnText(name: string): string {
  return `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${subLiteral(name)}`;
}

/**
 * `valueFrom` of an existing secret. ARNs and SSM parameter names are kept as written (ECS takes
 * a parameter's name in the task's Region); a Secrets Manager secret given by name gets its ARN.
 */
function existingValueFrom(ctx: Ctx, secret: Secret): unknown {
  const { arn, jsonKey } = secret.existing!;
  const selector = jsonKey ? `:${jsonKey}::` : '';
  if (/^arn:/.test(arn) || existingSecretStore(ctx.app, secret) === 'ssm') return `${arn}${selector}`;
  return sub(`${secretArnText(arn)}${subLiteral(selector)}`);
}

/** Resource (for IAM) of an existing secret given by ARN or by name. */
function existingResource(ctx: Ctx, secret: Secret): { kind: 'secretsmanager' | 'ssm'; resource: unknown } {
  const arnOrName = secret.existing!.arn;
  const kind = existingSecretStore(ctx.app, secret);
  if (SECRETS_MANAGER_ARN.test(arnOrName)) {
    return { kind, resource: FULL_SECRET_ARN.test(arnOrName) ? arnOrName : `${arnOrName}-??????` };
  }
  if (SSM_ARN.test(arnOrName)) return { kind, resource: arnOrName };
  if (kind === 'ssm') {
    const name = arnOrName.replace(/^\/+/, '');
    return { kind, resource: sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${subLiteral(name)}`) };
  }
  return { kind, resource: sub(`${secretArnText(arnOrName)}-??????`) };
}

function tags(ctx: Ctx, type: string): Record<string, unknown> {
  const t = TAGGABLE.has(type) ? ctx.stack.tagList() : undefined;
  return t ? { Tags: t } : {};
}

/** The JSON the user stores in the app secret, with `…` for every value. */
export function secretTemplateJson(names: string[]): string {
  return JSON.stringify(Object.fromEntries(names.map((n) => [n, '…'])));
}

export function planSecrets(ctx: Ctx): SecretsPlan {
  const { app, stack, names } = ctx;
  const access: SecretAccess = { secretsManager: [], ssmParameters: [], kmsKeys: [] };
  const ssm = app.settings.secretsBackend === 'ssm';
  const envSecrets = app.secrets.filter((s) => s.reason !== 'registry-credentials');
  const created = envSecrets.filter((s) => !s.existing).map((s) => s.name);

  for (const s of app.secrets) {
    if (s.kmsKeyArn && !access.kmsKeys.includes(s.kmsKeyArn)) access.kmsKeys.push(s.kmsKeyArn);
    if (!s.existing) continue;
    const r = existingResource(ctx, s);
    const list = r.kind === 'ssm' ? access.ssmParameters : access.secretsManager;
    if (!list.some((x) => JSON.stringify(x) === JSON.stringify(r.resource))) list.push(r.resource);
  }
  access.kmsKeys.sort();

  let appSecret: string | undefined;
  if (created.length > 0 && !ssm) {
    appSecret = names.id('secret:app', FIXED.appSecret);
    ctx.facts.appSecret = { id: appSecret, keys: created };
    stack.addResource(appSecret, {
      Type: 'AWS::SecretsManager::Secret',
      // Deleting the stack schedules the secret for deletion (recoverable for 30 days).
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: {
        Description: `Secret environment variables of ${app.name}, as one JSON object with the keys ${created.join(', ')}. Created empty by ecsify: put the values in (see the stack outputs).`.slice(0, 2048),
        // The app's customer-managed key (x-ecsify secrets-kms-key); the execution role may decrypt with it.
        ...(app.settings.secretsKmsKeyArn ? { KmsKeyId: app.settings.secretsKmsKeyArn } : {}),
        ...tags(ctx, 'AWS::SecretsManager::Secret'),
      },
    });
    access.secretsManager.unshift(ref(appSecret));
    stack.addOutput(names.id('output:secrets', 'SecretsToFill'), {
      Description: `Store the secret values (keys ${created.join(', ')}) in this secret before setting Running to true.`.slice(0, 1024),
      Value: sub(`aws secretsmanager put-secret-value --secret-id \${${appSecret}} --secret-string '${subLiteral(secretTemplateJson(created))}'`),
    });
  }
  if (created.length > 0 && ssm) {
    const prefix = `/${app.name}/`;
    ctx.facts.ssmParameters = { prefix, keys: created };
    access.ssmParameters.unshift(sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${subLiteral(prefix)}*`));
    stack.addOutput(names.id('output:ssm', 'SsmParametersToCreate'), {
      Description:
        'CloudFormation cannot create SecureString parameters: create these (aws ssm put-parameter --type SecureString --name NAME --value VALUE) before setting Running to true.',
      Value: created.map((n) => `${prefix}${n}`).join(' '),
    });
  }

  const registry = new Map<string, string>();
  for (const s of app.secrets.filter((x) => x.reason === 'registry-credentials' && !x.existing)) {
    const id = names.id(`secret:registry:${s.name}`, `${names.secret(s.name)}RegistryCredentials`);
    stack.addResource(id, {
      Type: 'AWS::SecretsManager::Secret',
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: {
        Description: `Private registry credentials (${s.name}) for ${app.name}, as {"username": "…", "password": "…"}. Created empty by ecsify.`.slice(0, 2048),
        ...(s.kmsKeyArn ? { KmsKeyId: s.kmsKeyArn } : {}),
        ...tags(ctx, 'AWS::SecretsManager::Secret'),
      },
    });
    access.secretsManager.push(ref(id));
    stack.addOutput(names.id(`output:registry:${s.name}`, `${id}ToFill`), {
      Description: 'Store the registry user name and password in this secret before setting Running to true.',
      Value: sub(`aws secretsmanager put-secret-value --secret-id \${${id}} --secret-string '{"username":"…","password":"…"}'`),
    });
    registry.set(s.name, id);
  }

  return {
    access,
    valueFrom(secret: Secret): unknown {
      if (secret.existing) return existingValueFrom(ctx, secret);
      if (ssm) return `/${app.name}/${secret.name}`;
      if (!appSecret) throw new Error(`internal: secret ${secret.name} has no app secret`);
      return sub(`\${${appSecret}}:${subLiteral(secret.name)}::`);
    },
    registryCredentials(secret: Secret): unknown {
      if (secret.existing) return existingValueFrom(ctx, secret);
      const id = registry.get(secret.name);
      if (!id) throw new Error(`internal: registry secret ${secret.name} was not planned`);
      return ref(id);
    },
  };
}

export function isIntrinsic(v: unknown): v is Intrinsic {
  return v instanceof Intrinsic;
}
