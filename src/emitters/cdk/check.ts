/**
 * Diagnostics about the CDK app: resources it writes untyped. The emitter is pure and cannot
 * report, so the CLI calls this before emitting `cdk`.
 */
import type { Reporter } from '../../diagnostics/context.js';
import type { Application } from '../../ir/types.js';
import type { EmitOptions } from '../types.js';
import { cdkStackCode, stackFilePath } from './emit-cdk.js';

export function checkCdk(app: Application, reporter: Reporter, options: EmitOptions): void {
  const { untyped } = cdkStackCode(app, options);
  for (const u of untyped) {
    reporter.report('cdk/untyped-resource', `Resource ${u.id} (${u.type}) is a generic CfnResource in ${stackFilePath(app)}: the CDK app's table does not type ${u.missing}.`, {
      hint: 'It synthesises the same template. To work on it in the CDK, replace it with the L1 class of its module.',
    });
  }
}
