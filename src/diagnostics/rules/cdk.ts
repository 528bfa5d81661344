import { defineRules } from './define.js';

/** Rules of the CDK emitter's checks (src/emitters/cdk/check.ts). */
export const cdkRules = defineRules({
  'cdk/untyped-resource': {
    severity: 'info',
    title: 'A resource of the CDK app is a generic CfnResource',
    doc: `What: a resource of the stack the CDK app cannot write as a typed L1 construct: its type, or
one of its properties or values, is not in the table of the resource types ecsify writes (most
often a resource or property added with x-aws-cloudformation). It is written as
\`new CfnResource(this, id, { type, properties })\` with CloudFormation's own property names.
Why: it synthesises the same template, but TypeScript does not check its properties, and it has
no typed attributes.
Fix: nothing is needed to deploy it. To work on it in the CDK, replace it with the L1 class of
its module (\`aws-cdk-lib/aws-sns\`'s \`CfnTopic\`, say) and camelCase its properties.`,
  },
});
