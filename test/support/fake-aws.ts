/**
 * A fake AWS endpoint on 127.0.0.1 for the live-environment reader: Elastic Beanstalk's Query
 * protocol (form-encoded POST, XML answers, elastic-beanstalk.md §10) and S3 GetObject
 * (path-style GET). The real SDK clients talk to it through AWS_ENDPOINT_URL; nothing is stubbed.
 * It records every call (with the signature's credential scope) and can fail chosen ones.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOption {
  Namespace: string;
  OptionName: string;
  Value?: string;
  ResourceName?: string;
}

export interface FakeEnvironment {
  EnvironmentName: string;
  ApplicationName: string;
  VersionLabel?: string;
  Status?: string;
  PlatformArn?: string;
  SolutionStackName?: string;
  Tier?: { Name: string; Type: string };
  CNAME?: string;
  /** Defaults to an ARN built from the names. */
  EnvironmentArn?: string;
  /** DescribeConfigurationSettings' sets; the first is `deployed` unless it says otherwise. */
  settings: { DeploymentStatus?: string; OptionSettings: FakeOption[] }[];
  /** DescribeConfigurationOptions: option → default. */
  defaults?: { Namespace: string; Name: string; DefaultValue?: string }[];
  tags?: Record<string, string>;
}

export interface FakeVersion {
  ApplicationName: string;
  VersionLabel: string;
  SourceBundle?: { S3Bucket: string; S3Key: string };
}

export interface FakeState {
  environments: FakeEnvironment[];
  versions?: FakeVersion[];
  /** S3 objects by `bucket/key`. */
  objects?: Record<string, Buffer>;
  /** Calls that fail, by action (`DescribeEnvironments`, `GetObject`). */
  failures?: Record<string, { status: number; code: string; message: string }>;
}

export interface FakeCall {
  service: 'elasticbeanstalk' | 's3';
  action: string;
  params: Record<string, string>;
  /** The region in the SigV4 credential scope. */
  region: string | undefined;
}

export interface FakeAws {
  url: string;
  calls: FakeCall[];
  close(): Promise<void>;
}

const NS = 'http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Objects → elements, arrays → `<member>` lists, the Query protocol's shape. */
function xml(name: string, v: unknown): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return `<${name}>${v.map((m) => xml('member', m)).join('')}</${name}>`;
  if (v && typeof v === 'object') return `<${name}>${Object.entries(v as Record<string, unknown>).map(([k, x]) => xml(k, x)).join('')}</${name}>`;
  return `<${name}>${esc(String(v))}</${name}>`;
}

function answer(res: ServerResponse, action: string, result: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end(`<${action}Response xmlns="${NS}">${xml(`${action}Result`, result)}<ResponseMetadata><RequestId>fake-1</RequestId></ResponseMetadata></${action}Response>`);
}

function ebError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(`<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>fake-1</RequestId></ErrorResponse>`);
}

/** `Names.member.1=a&Names.member.2=b` → the list. */
function list(params: Record<string, string>, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params[`${name}.member.${i}`] !== undefined; i++) out.push(params[`${name}.member.${i}`] as string);
  return out;
}

function arnOf(e: FakeEnvironment): string {
  return e.EnvironmentArn ?? `arn:aws:elasticbeanstalk:eu-west-1:111122223333:environment/${e.ApplicationName}/${e.EnvironmentName}`;
}

function describe(e: FakeEnvironment): Record<string, unknown> {
  return {
    EnvironmentName: e.EnvironmentName,
    EnvironmentId: `e-${e.EnvironmentName.length}abc`,
    ApplicationName: e.ApplicationName,
    ...(e.VersionLabel ? { VersionLabel: e.VersionLabel } : {}),
    ...(e.SolutionStackName ? { SolutionStackName: e.SolutionStackName } : {}),
    ...(e.PlatformArn ? { PlatformArn: e.PlatformArn } : {}),
    ...(e.CNAME ? { CNAME: e.CNAME } : {}),
    Status: e.Status ?? 'Ready',
    Health: 'Green',
    ...(e.Tier ? { Tier: { ...e.Tier, Version: '1.0' } } : {}),
    EnvironmentArn: arnOf(e),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeAws(state: FakeState): Promise<FakeAws> {
  const calls: FakeCall[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const auth = String(req.headers['authorization'] ?? '');
      const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(auth);
      const region = scope?.[1];
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' || req.method === 'HEAD') {
        const [, bucket = '', ...rest] = decodeURIComponent(url.pathname).split('/');
        const key = rest.join('/');
        calls.push({ service: 's3', action: 'GetObject', params: { Bucket: bucket, Key: key }, region });
        const failure = state.failures?.['GetObject'];
        if (failure) {
          res.writeHead(failure.status, { 'content-type': 'application/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${esc(failure.code)}</Code><Message>${esc(failure.message)}</Message></Error>`);
          return;
        }
        const body = state.objects?.[`${bucket}/${key}`];
        if (!body) {
          res.writeHead(404, { 'content-type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(body.length) });
        res.end(body);
        return;
      }
      const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
      const action = params['Action'] ?? '';
      calls.push({ service: 'elasticbeanstalk', action, params, region });
      const failure = state.failures?.[action];
      if (failure) return ebError(res, failure.status, failure.code, failure.message);
      const byName = (name: string | undefined) => state.environments.find((e) => e.EnvironmentName === name);
      switch (action) {
        case 'DescribeEnvironments': {
          const names = list(params, 'EnvironmentNames');
          const app = params['ApplicationName'];
          const found = state.environments.filter((e) => (names.length === 0 || names.includes(e.EnvironmentName)) && (!app || e.ApplicationName === app));
          return answer(res, action, { Environments: found.map(describe) });
        }
        case 'DescribeConfigurationSettings': {
          const e = byName(params['EnvironmentName']);
          if (!e || e.ApplicationName !== params['ApplicationName']) return ebError(res, 400, 'InvalidParameterValue', `No Environment found for EnvironmentName = '${params['EnvironmentName']}'.`);
          return answer(res, action, {
            ConfigurationSettings: e.settings.map((s, i) => ({
              ...(e.SolutionStackName ? { SolutionStackName: e.SolutionStackName } : {}),
              ...(e.PlatformArn ? { PlatformArn: e.PlatformArn } : {}),
              ApplicationName: e.ApplicationName,
              EnvironmentName: e.EnvironmentName,
              DeploymentStatus: s.DeploymentStatus ?? (i === 0 ? 'deployed' : 'pending'),
              OptionSettings: s.OptionSettings,
            })),
          });
        }
        case 'DescribeConfigurationOptions': {
          const e = byName(params['EnvironmentName']);
          return answer(res, action, { Options: (e?.defaults ?? []).map((d) => ({ Namespace: d.Namespace, Name: d.Name, DefaultValue: d.DefaultValue ?? '' })) });
        }
        case 'ListTagsForResource': {
          const e = state.environments.find((x) => arnOf(x) === params['ResourceArn']);
          return answer(res, action, { ResourceArn: params['ResourceArn'], ResourceTags: Object.entries(e?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) });
        }
        case 'DescribeApplicationVersions': {
          const labels = list(params, 'VersionLabels');
          const found = (state.versions ?? []).filter((v) => v.ApplicationName === params['ApplicationName'] && (labels.length === 0 || labels.includes(v.VersionLabel)));
          return answer(res, action, { ApplicationVersions: found });
        }
        default:
          return ebError(res, 400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
      }
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The environment a CLI run needs to reach the fake: keys, region, endpoint; no profile or instance role. */
export function fakeAwsEnv(fake: FakeAws, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE0000',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-key-for-tests-only',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL: fake.url,
    ...extra,
  };
}
