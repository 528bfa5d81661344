/**
 * AWS SDK clients, created lazily: the SDK (≈25 MB on disk, ≈130 ms to load) is imported only
 * when an input needs the AWS API (`eb://ENV`), never by `lint` of a file.
 *
 * Configuration comes from the environment the CLI was given (tests pass their own), the way the
 * AWS CLI reads it: `--region`, else `AWS_REGION` / `AWS_DEFAULT_REGION`, else the profile's
 * region; access keys from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (/ `AWS_SESSION_TOKEN`),
 * else the SDK's default chain (profiles, SSO, container and instance roles); an endpoint from
 * `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL` (LocalStack, moto, a test's fake).
 */
import { createRequire } from 'node:module';
import type { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import type { S3Client } from '@aws-sdk/client-s3';

export type EbSdk = typeof import('@aws-sdk/client-elastic-beanstalk');
export type S3Sdk = typeof import('@aws-sdk/client-s3');

/**
 * The SDK packages, loaded on first use with `require` from node_modules: they are kept out of
 * the CLI's bundle (scripts/bundle-cli.mjs), which V8 runs as a script where `import()` has no
 * loader to call, and they ship CommonJS builds.
 */
const requireHere = createRequire(import.meta.url);

export function ebSdk(): EbSdk {
  quietSdk();
  return requireHere('@aws-sdk/client-elastic-beanstalk') as EbSdk;
}

export function s3Sdk(): S3Sdk {
  quietSdk();
  return requireHere('@aws-sdk/client-s3') as S3Sdk;
}

export interface AwsSettings {
  /** `--region`; when absent the environment and then the SDK decide. */
  region?: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Milliseconds: a call that hangs must not hang the CLI. */
const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;

function baseConfig(settings: AwsSettings, service: 'ELASTIC_BEANSTALK' | 'S3'): Record<string, unknown> {
  const env = settings.env;
  const config: Record<string, unknown> = {
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  };
  const region = settings.region ?? (env['AWS_REGION'] || undefined) ?? (env['AWS_DEFAULT_REGION'] || undefined);
  if (region) config['region'] = region;
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] || env['AWS_ENDPOINT_URL'];
  if (endpoint) config['endpoint'] = endpoint;
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (accessKeyId && secretAccessKey) {
    const sessionToken = env['AWS_SESSION_TOKEN'];
    config['credentials'] = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  return config;
}

/**
 * The SDK warns once per process that its releases after January 2027 need Node 22. ecsify pins
 * a release that runs on Node 20 (package-lock.json), so on ecsify's stderr that warning would be
 * noise about a dependency the user did not choose; it stays on if the user set the switch.
 */
function quietSdk(): void {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
}

export function elasticBeanstalkClient(settings: AwsSettings): ElasticBeanstalkClient {
  return new (ebSdk().ElasticBeanstalkClient)(baseConfig(settings, 'ELASTIC_BEANSTALK'));
}

export function s3Client(settings: AwsSettings): S3Client {
  const config = baseConfig(settings, 'S3');
  // A custom endpoint (an emulator, an IP address) has no bucket subdomains.
  if (config['endpoint']) config['forcePathStyle'] = true;
  return new (s3Sdk().S3Client)(config);
}

/** What went wrong in a call, in words fit for a diagnostic, and what kind of problem it is. */
export interface AwsFailure {
  kind: 'credentials' | 'region' | 'access' | 'not-found' | 'network' | 'service';
  /** The error's code (`AccessDenied`) or class, when there is one. */
  code?: string;
  message: string;
}

/**
 * Describes an error thrown by an SDK call. The messages are the service's or the SDK's (they
 * name actions and resources, never credentials); anything else becomes its class name.
 */
export function describeAwsError(e: unknown): AwsFailure {
  const err = (e && typeof e === 'object' ? e : {}) as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  // A plain `Error` says nothing a code would; SDK errors are named after the service's code.
  const name = typeof err.name === 'string' && err.name !== 'Error' ? err.name : undefined;
  const sysCode = typeof err.code === 'string' ? err.code : undefined;
  const raw = typeof err.message === 'string' ? err.message : '';
  const message = oneLine(raw) || name || 'unknown error';
  const status = err.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError' || /credential/i.test(name ?? '') || /Could not load credentials/i.test(raw)) {
    return { kind: 'credentials', code: name, message };
  }
  if (/Region is missing/i.test(raw)) return { kind: 'region', message };
  if (sysCode && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.test(sysCode)) {
    return { kind: 'network', code: sysCode, message };
  }
  if (name === 'TimeoutError' || name === 'RequestTimeout') return { kind: 'network', code: name, message };
  if (
    status === 403 ||
    (name && /^(AccessDenied|AccessDeniedException|InsufficientPrivilegesException|UnauthorizedOperation|InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken|UnrecognizedClientException)$/.test(name))
  ) {
    return { kind: 'access', ...(name ? { code: name } : {}), message };
  }
  if (status === 404 || name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') return { kind: 'not-found', ...(name ? { code: name } : {}), message };
  return { kind: 'service', ...(name ? { code: name } : {}), message };
}

/** Service messages can run over several lines (XML bodies); a diagnostic message is one. */
function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
