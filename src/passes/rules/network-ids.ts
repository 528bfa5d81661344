/**
 * Lint: VPC and subnet ids that no VPC or subnet can have (examples write `vpc-123456` or
 * `subnet-abc`). They become the defaults of the stack's network parameters, which CloudFormation
 * checks against the account when the stack is created. Values that refer to something else
 * (`{{resolve:…}}`, an EB `Ref`) are left alone.
 */
import { andList } from '../../util/and-list.js';
import type { Pass } from '../pass.js';

const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/i;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/i;
const REFERENCE = /[{}$`]/;

export const networkIds: Pass = {
  name: 'network-ids',
  run(app, ctx) {
    const n = app.settings.network;
    if (!n) return app;
    const bad: string[] = [];
    if (n.vpcId !== undefined && !REFERENCE.test(n.vpcId) && !VPC_ID.test(n.vpcId)) bad.push(`VPC id \`${n.vpcId}\``);
    for (const id of [...(n.subnets ?? []), ...(n.publicSubnets ?? [])]) {
      if (!REFERENCE.test(id) && !SUBNET_ID.test(id)) bad.push(`subnet id \`${id}\``);
    }
    if (bad.length === 0) return app;
    ctx.reporter.report('network/invalid-id', `The network settings name the ${andList(bad)}, which AWS never gives (vpc- or subnet- and 8 or 17 hexadecimal digits).`, {
      origin: n.origin,
      hint: 'Write the ids of your VPC and subnets (aws ec2 describe-subnets), or leave them out and choose them when you deploy the stack.',
    });
    return app;
  },
};
