/**
 * The CloudFormation resource specification, from `@aws-cdk/aws-service-spec` (the database the
 * AWS CDK generates its L1 constructs from; it mirrors the CloudFormation registry schemas).
 * Loaded once per test process (about half a second).
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

export type SpecType =
  | { type: 'string'; allowedValues?: string[] }
  | { type: 'integer'; allowedValues?: number[] }
  | { type: 'number' }
  | { type: 'boolean' }
  | { type: 'json' }
  | { type: 'date-time' }
  | { type: 'null' }
  | { type: 'tag' }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'array'; element: SpecType }
  | { type: 'map'; element: SpecType }
  | { type: 'union'; types: SpecType[] };

export interface SpecProperty {
  type: SpecType;
  previousTypes?: SpecType[];
  required?: boolean;
}

export interface SpecResource {
  cloudFormationType: string;
  properties: Record<string, SpecProperty>;
  attributes: Record<string, { type: SpecType }>;
}

export interface SpecTypeDefinition {
  name: string;
  properties: Record<string, SpecProperty>;
}

type Db = ReturnType<typeof loadAwsServiceSpecSync>;
let db: Db | undefined;

function database(): Db {
  db ??= loadAwsServiceSpecSync();
  return db;
}

const resourceCache = new Map<string, SpecResource | undefined>();

export function resourceSpec(type: string): SpecResource | undefined {
  if (!resourceCache.has(type)) {
    const found = database().lookup('resource', 'cloudFormationType', 'equals', type);
    resourceCache.set(type, found.length > 0 ? (found[0] as unknown as SpecResource) : undefined);
  }
  return resourceCache.get(type);
}

export function typeDefinition(ref: { $ref: string }): SpecTypeDefinition {
  return database().get('typeDefinition', ref as never) as unknown as SpecTypeDefinition;
}
