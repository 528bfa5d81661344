/**
 * The shapes of the properties of the resource types the CloudFormation emitter writes, as the
 * AWS CDK's L1 classes type them (see scripts/build-cdk-spec.mjs, which writes
 * spec.generated.ts from the database the CDK generates those classes from).
 */

/**
 * `s` string, `n` number, `b` boolean, `j` JSON (written as it is), `t` a tag (`{ key, value }`),
 * `['a', T]` a list, `['m', T]` a map (keys kept), `['r', id]` a named structure of `structs`.
 */
export type Shape = 's' | 'n' | 'b' | 'j' | 't' | ['a', Shape] | ['m', Shape] | ['r', string];

export interface CdkResourceSpec {
  /** The aws-cdk-lib module (`aws-ecs`). */
  module: string;
  /** The L1 class (`CfnService`). */
  cls: string;
  /** Shapes by CloudFormation property name. */
  props: Record<string, Shape>;
  /** Shapes of the attributes (`Fn::GetAtt`), by name (`GroupId`, `DNSName`). */
  attrs: Record<string, Shape>;
}

export interface CdkSpec {
  resources: Record<string, CdkResourceSpec>;
  structs: Record<string, Record<string, Shape>>;
}
