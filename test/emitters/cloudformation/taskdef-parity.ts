/**
 * Field-for-field comparison of a CloudFormation `AWS::ECS::TaskDefinition` with the JSON task
 * definition ecsify writes for the same service. The CloudFormation side is turned back into API
 * casing (an independent inverse of src/emitters/cloudformation/casing.ts); deploy-time values on
 * both sides (`${PLACEHOLDER}` in JSON, `Ref`/`GetAtt`/`${X}` in CloudFormation) become `<$>`.
 */

const INVERSE: Record<string, string> = {
  EFSVolumeConfiguration: 'efsVolumeConfiguration',
  FilesystemId: 'fileSystemId',
  IAM: 'iam',
  FSxWindowsFileServerVolumeConfiguration: 'fsxWindowsFileServerVolumeConfiguration',
  ProxyConfigurationProperties: 'properties',
};
const MAPS = new Set(['DockerLabels', 'Options', 'DriverOpts', 'Labels']);
export const DEPLOY = '<$>';

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A long-form intrinsic as the text it would become, with deploy-time parts as `<$>`. */
function intrinsicText(v: Record<string, unknown>): string | undefined {
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0]!;
  if (k === 'Ref' || k === 'Fn::GetAtt') return DEPLOY;
  if (k === 'Fn::Sub') {
    const arg = v[k];
    const text = Array.isArray(arg) ? (arg[0] as string) : (arg as string);
    // The JSON files write ARNs for the standard partition (`arn:aws:`), with placeholders for
    // the rest; the template takes the partition from the stack.
    return text
      .replace(/\$\{AWS::Partition\}/g, 'aws')
      .replace(/\$\{[^!}][^}]*\}/g, DEPLOY)
      .replace(/\$\{!/g, '${');
  }
  if (k.startsWith('Fn::')) return DEPLOY;
  return undefined;
}

/** `Ref`s that resolve to a literal known from the template (a log group's name). */
type Resolver = (ref: string) => string | undefined;

function fromCfn(v: unknown, resolve: Resolver, inMap = false): unknown {
  if (Array.isArray(v)) return v.map((x) => fromCfn(x, resolve));
  if (!isObj(v)) return v;
  if (Object.keys(v).length === 1 && typeof v['Ref'] === 'string') {
    const known = resolve(v['Ref']);
    if (known !== undefined) return known;
  }
  // A value that a parameter may replace (an own image: `!If [HasWebImage, !Ref WebImage, <the
  // input's image>]`) compares as it is when the parameters are empty: the JSON files' value.
  if (Object.keys(v).length === 1 && Array.isArray(v['Fn::If'])) return fromCfn((v['Fn::If'] as unknown[])[2], resolve, inMap);
  const text = intrinsicText(v);
  if (text !== undefined) return text;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (inMap) {
      out[k] = fromCfn(x, resolve);
      continue;
    }
    const name = INVERSE[k] ?? k.charAt(0).toLowerCase() + k.slice(1);
    out[name] = fromCfn(x, resolve, MAPS.has(k));
  }
  return out;
}

function fromJson(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$\{[A-Z][A-Z0-9_]*\}/g, DEPLOY);
  if (Array.isArray(v)) return v.map(fromJson);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x)]));
  return v;
}

/** Both sides in comparable form: deploy-time values on either side become one marker. */
export function comparableTaskDefinitions(
  cfnProperties: Record<string, unknown>,
  json: Record<string, unknown>,
  resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>,
  /** The stack name to assume: the JSON files name the log group after the app, the stack after itself. */
  stackName: string,
): { cfn: unknown; json: unknown } {
  // `Ref` of a log group is its name; ecsify names the log group (`/ecs/${AWS::StackName}`), so
  // with the stack named after the app that is the JSON files' literal `/ecs/<app>`.
  const resolve: Resolver = (ref) => {
    const r = resources[ref];
    let name = r?.Type === 'AWS::Logs::LogGroup' ? r.Properties?.['LogGroupName'] : undefined;
    if (isObj(name) && typeof name['Fn::Sub'] === 'string') name = name['Fn::Sub'].replace(/\$\{AWS::StackName\}/g, stackName);
    return typeof name === 'string' ? name : undefined;
  };
  const cfn = fromCfn(cfnProperties, resolve) as Record<string, unknown>;
  delete cfn['tags'];
  return { cfn, json: fromJson(json) };
}
