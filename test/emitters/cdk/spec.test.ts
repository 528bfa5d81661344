/**
 * The CDK emitter's table of property shapes (src/emitters/cdk/spec.generated.ts) is what
 * scripts/build-cdk-spec.mjs writes from the installed @aws-cdk/aws-service-spec, and covers
 * every resource type the CloudFormation emitter writes; and the L1 property names follow the
 * CDK's own camelCase.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { propName } from '../../../src/emitters/cdk/stack-code.js';
import { REPO_ROOT } from '../../support/paths.js';
import { listFiles } from '../../support/fs-tree.js';

interface SpecScript {
  RESOURCE_TYPES: string[];
  generate(): unknown;
  render(table: unknown): string;
}

describe('the CDK property table', () => {
  it('is what the script writes from the installed database', async () => {
    const script = (await import(path.join(REPO_ROOT, 'scripts/build-cdk-spec.mjs'))) as SpecScript;
    const committed = readFileSync(path.join(REPO_ROOT, 'src/emitters/cdk/spec.generated.ts'), 'utf8');
    expect(committed, 'run `npm run build:cdk-spec`').toBe(script.render(script.generate()));
  });

  it('has every resource type the CloudFormation emitter writes', async () => {
    const script = (await import(path.join(REPO_ROOT, 'scripts/build-cdk-spec.mjs'))) as SpecScript;
    const dir = path.join(REPO_ROOT, 'src/emitters/cloudformation');
    const written = new Set<string>();
    for (const f of listFiles(dir)) {
      for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/Type: '(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+(?:::[A-Za-z0-9]+)?)'/g)) written.add(m[1] as string);
    }
    // Parameter types, not resources.
    for (const t of ['AWS::EC2::VPC::Id', 'AWS::EC2::SecurityGroup::Id']) written.delete(t);
    expect([...written].filter((t) => !script.RESOURCE_TYPES.includes(t)).sort()).toEqual([]);
  });
});

describe('L1 property names', () => {
  const table: [string, string][] = [
    ['Cluster', 'cluster'],
    ['EnableECSManagedTags', 'enableEcsManagedTags'],
    ['VPCZoneIdentifier', 'vpcZoneIdentifier'],
    ['MemoryGiBPerVCpu', 'memoryGiBPerVCpu'],
    ['Ipv6Address', 'ipv6Address'],
    ['CidrIpv6', 'cidrIpv6'],
    ['S3Bucket', 's3Bucket'],
    ['SSESpecification', 'sseSpecification'],
    ['DBInstanceClass', 'dbInstanceClass'],
    ['ARN', 'arn'],
  ];
  for (const [cfn, cdk] of table) {
    it(`${cfn} → ${cdk}`, () => expect(propName(cfn)).toBe(cdk));
  }
});
