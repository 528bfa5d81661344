import { describe, expect, it } from 'vitest';
import { healthCheckUrl } from '../../src/passes/lib/health-url.js';
import { isWindowsImage, windowsFamily, parseImageRef, referenceProblem, statefulKind } from '../../src/passes/lib/images.js';
import { rng } from '../support/rng.js';

describe('healthCheckUrl', () => {
  const cases: [string[], ReturnType<typeof healthCheckUrl>][] = [
    [['CMD-SHELL', 'curl -f http://localhost:3000/health || exit 1'], { protocol: 'HTTP', port: 3000, path: '/health' }],
    [['CMD', 'curl', '-fsS', 'http://localhost/'], { protocol: 'HTTP', port: 80, path: '/' }],
    [['CMD', 'wget', '--spider', '-q', 'http://127.0.0.1:8080/up?x=1'], { protocol: 'HTTP', port: 8080, path: '/up?x=1' }],
    [['CMD-SHELL', 'wget -qO- http://0.0.0.0:9000/ping > /dev/null'], { protocol: 'HTTP', port: 9000, path: '/ping' }],
    [['CMD', '/usr/bin/curl', '-k', 'https://localhost:8443/status'], { protocol: 'HTTPS', port: 8443, path: '/status' }],
    [['CMD-SHELL', 'curl --fail localhost:5000/healthz'], { protocol: 'HTTP', port: 5000, path: '/healthz' }],
    [['CMD', 'sh', '-c', 'curl -f "http://localhost:3000/api/health" || exit 1'], { protocol: 'HTTP', port: 3000, path: '/api/health' }],
    [['CMD-SHELL', 'curl -H "Host: x" http://[::1]:81/'], { protocol: 'HTTP', port: 81, path: '/' }],
    [['CMD', 'pg_isready', '-U', 'postgres'], undefined],
    [['CMD-SHELL', 'curl -f http://example.com/ || exit 1'], undefined],
    [['CMD-SHELL', 'echo localhost:3000'], undefined],
    [['NONE'], undefined],
    [['CMD-SHELL', 'redis-cli ping; curl-config --version'], undefined],
  ];
  it.each(cases)('%j', (command, want) => expect(healthCheckUrl(command)).toEqual(want));
});

describe('image references', () => {
  it.each([
    ['nginx', { repository: 'nginx', name: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', name: 'nginx', tag: '1.27' }],
    ['registry:5000/team/app', { repository: 'registry:5000/team/app', name: 'app' }],
    ['registry:5000/team/app:v2', { repository: 'registry:5000/team/app', name: 'app', tag: 'v2' }],
    ['app@sha256:abc', { repository: 'app', name: 'app', digest: 'sha256:abc' }],
    ['Bitnami/Redis:7@sha256:abc', { repository: 'Bitnami/Redis', name: 'redis', tag: '7', digest: 'sha256:abc' }],
  ])('%s', (ref, want) => expect(parseImageRef(ref)).toEqual(want));

  // Docker's reference grammar (distribution/reference): undefined when well formed.
  const sha = '0123456789abcdef'.repeat(4);
  it.each([
    ['nginx', undefined],
    ['nginx:1.27-alpine', undefined],
    ['library/nginx:1.27', undefined],
    ['ghcr.io/acme/my_app__x.y-z:v2.0_rc1', undefined],
    ['registry.local:5000/team/app:2024.05', undefined],
    ['localhost/app', undefined],
    ['localhost:5000/app', undefined],
    ['[::1]:5000/app:1', undefined],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0', undefined],
    ['MyRegistry/app:1', undefined], // an upper-case first component is a host, as Docker decides
    [`nginx@sha256:${sha}`, undefined],
    [`nginx:1.27@sha256:${sha}`, undefined],
    ['NGINX:1.27', 'repository names are lower-case'],
    ['acme/MyApp', 'repository names are lower-case'],
    ['nginx:la test', 'it holds a space'],
    ['nginx:', 'the tag after `:` is empty'],
    ['nginx:.x', 'the tag `.x` may only hold letters, digits, `_`, `.` and `-` (at most 128, not starting with `.` or `-`)'],
    [`nginx:${'a'.repeat(129)}`, `the tag \`${'a'.repeat(129)}\` may only hold letters, digits, \`_\`, \`.\` and \`-\` (at most 128, not starting with \`.\` or \`-\`)`],
    ['nginx@sha256:abc', 'the digest `sha256:abc` is not `algorithm:hex` with at least 32 hexadecimal digits'],
    [`nginx@sha256:${sha}00`, 'a sha256 digest has exactly 64 hexadecimal digits'],
    ['nginx:1.27:extra', '`nginx:1.27` may only hold lower-case letters and digits, joined by `.`, `_`, `__` or dashes'],
    ['-nginx', '`-nginx` may only hold lower-case letters and digits, joined by `.`, `_`, `__` or dashes'],
    ['acme/app_', '`app_` may only hold lower-case letters and digits, joined by `.`, `_`, `__` or dashes'],
    ['a___b', '`a___b` may only hold lower-case letters and digits, joined by `.`, `_`, `__` or dashes'],
    ['https://ghcr.io/acme/app', '`https:` is not a registry host'],
    ['a//b', 'it has an empty path component (`//`, or a `/` at one end)'],
    ['acme/', 'it has an empty path component (`//`, or a `/` at one end)'],
    [':1.0', 'it names no repository'],
    [`a/${'b'.repeat(255)}`, 'the repository name is longer than 255 characters'],
  ])('reference %s: %s', (ref, want) => expect(referenceProblem(ref)).toBe(want));

  it.each([
    ['mcr.microsoft.com/windows/servercore:ltsc2019', true],
    ['mcr.microsoft.com/windows/nanoserver:1809', true],
    ['mcr.microsoft.com/dotnet/framework/runtime:4.8', true],
    ['acme/app:1.0-windowsservercore-ltsc2022', true],
    ['mcr.microsoft.com/dotnet/aspnet:8.0', false],
    ['nginx:1.27', false],
  ])('%s is Windows: %s', (ref, want) => expect(isWindowsImage(ref)).toBe(want));

  it.each([
    ['mcr.microsoft.com/windows/servercore:ltsc2019', 'WINDOWS_SERVER_2019_CORE', false],
    ['mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', 'WINDOWS_SERVER_2022_CORE', false],
    ['mcr.microsoft.com/windows/server:ltsc2025', 'WINDOWS_SERVER_2025_FULL', false],
    ['mcr.microsoft.com/windows:1809', 'WINDOWS_SERVER_2019_FULL', false],
    ['mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2016', 'WINDOWS_SERVER_2016_FULL', false],
    ['acme/app:20h2', 'WINDOWS_SERVER_20H2_CORE', false],
    ['mcr.microsoft.com/dotnet/framework/aspnet:4.8', 'WINDOWS_SERVER_2022_CORE', true],
    // A date in a tag is not a Windows version.
    ['mcr.microsoft.com/dotnet/framework/aspnet:4.8-20250101', 'WINDOWS_SERVER_2022_CORE', true],
  ])('%s runs on %s (assumed: %s)', (ref, family, assumed) => expect(windowsFamily(ref)).toEqual({ family, assumed }));

  it.each([
    ['postgres:16-alpine', 'PostgreSQL'],
    ['postgis/postgis:16-3.4', 'PostgreSQL'],
    ['bitnami/postgresql:16', 'PostgreSQL'],
    ['mysql:8', 'MySQL'],
    ['mariadb:11', 'MariaDB'],
    ['mongo:7', 'MongoDB'],
    ['redis:7', 'Redis'],
    ['valkey/valkey:8', 'Redis'],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.13.0', 'Elasticsearch/OpenSearch'],
    ['opensearchproject/opensearch:2', 'Elasticsearch/OpenSearch'],
    ['rabbitmq:3-management', 'RabbitMQ'],
    ['confluentinc/cp-kafka:7.6.0', 'Kafka'],
    ['mcr.microsoft.com/mssql/server:2022-latest', 'SQL Server'],
    ['memcached:1.6', 'Memcached'],
    ['nginx:1.27', undefined],
    ['ghcr.io/acme/postgres-backup:1', undefined],
  ])('%s runs %s', (ref, want) => expect(statefulKind(ref)?.what).toBe(want));
});

describe('memoised verdicts', () => {
  // isWindowsImage, statefulKind and healthCheckUrl remember their answer by text: asked again
  // (the second time from the memo), they answer the same.
  const refs = ['mcr.microsoft.com/windows/servercore:ltsc2019', 'acme/app:1.0-windowsservercore-ltsc2022', 'nginx:1.27', 'postgres:16-alpine', 'NGINX', ''];
  it.each(refs)('%j', (ref) => {
    const first = [isWindowsImage(ref), statefulKind(ref)];
    expect([isWindowsImage(ref), statefulKind(ref)]).toEqual(first);
  });
  it('health-check URLs: the same answer again, for one argument or several', () => {
    for (const command of [
      ['CMD-SHELL', 'curl -f http://localhost:3000/health || exit 1'],
      ['CMD', 'curl -f http://localhost:3000/health', '|| exit 1'],
      ['CMD', 'curl', '-f', 'http://localhost:3000/health'],
      ['CMD-SHELL', 'pg_isready'],
    ]) {
      const first = healthCheckUrl(command);
      expect(healthCheckUrl([...command])).toEqual(first);
    }
  });
});

describe('isWindowsImage against its plain definition', () => {
  /** The test without the words that rule most references out first (and without the memo). */
  function plain(ref: string): boolean {
    const r = ref.toLowerCase();
    if (r.startsWith('mcr.microsoft.com/windows')) return true;
    if (r.startsWith('mcr.microsoft.com/dotnet/framework/')) return true;
    if (/(^|\/)(windows|windowsservercore|servercore|nanoserver)(:|@|$)/.test(r)) return true;
    const tag = parseImageRef(r).tag ?? '';
    return /windowsservercore|nanoserver|ltsc20\d\d/.test(tag);
  }
  it('agrees on 3,000 random references, odd letters and cases included', () => {
    const random = rng(20261127);
    const parts = ['mcr.microsoft.com/', 'MCR.Microsoft.com/', 'windows', 'WINDOWS', 'Windows', 'server', 'core', 'servercore', 'nano', 'NanoServer',
      'dotnet/', 'framework/', 'frameworK/', 'framewor\u212a/', 'w\u0130ndows', 'ltsc20', 'LTSC2022', '19', '/', ':', '@', '-', 'acme/app', 'nginx', 'sha256:ab', '\u017f', ' '];
    for (let n = 0; n < 3000; n++) {
      let ref = '';
      for (let i = Math.floor(random() * 6); i >= 0; i--) ref += parts[Math.floor(random() * parts.length)] as string;
      expect(isWindowsImage(ref), ref).toBe(plain(ref));
    }
  });
});
