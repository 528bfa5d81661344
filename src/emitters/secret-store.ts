/** Where an existing secret the input names lives, as every emitter must read it the same way. */
import type { Application, Secret } from '../ir/types.js';

export const SECRETS_MANAGER_ARN = /^arn:[^:]+:secretsmanager:/;
export const SSM_ARN = /^arn:[^:]+:ssm:/;

/**
 * Secrets Manager or SSM Parameter Store for an existing secret: its ARN says, else the store
 * the input named (`existing.store`); registry credentials are always a Secrets Manager secret;
 * the rest is in the app's secrets backend.
 */
export function existingSecretStore(app: Application, secret: Secret): 'secretsmanager' | 'ssm' {
  const { arn, store } = secret.existing!;
  if (SECRETS_MANAGER_ARN.test(arn)) return 'secretsmanager';
  if (SSM_ARN.test(arn)) return 'ssm';
  if (store) return store;
  if (secret.reason === 'registry-credentials') return 'secretsmanager';
  return app.settings.secretsBackend === 'ssm' ? 'ssm' : 'secretsmanager';
}
