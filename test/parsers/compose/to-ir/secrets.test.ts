import { describe, expect, it } from 'vitest';
import { container, convert, expectReported } from './support.js';

describe('secrets and configs', () => {
  const yaml = `
services:
  api:
    image: x
    secrets:
      - db_password
      - source: tls_key
        target: server.key
        uid: "100"
        gid: "101"
        mode: 0440
      - source: token
        target: /etc/app/token
        mode: "0400"
    configs:
      - nginx_conf
      - source: app_conf
        target: /etc/app.yaml
secrets:
  db_password:
    file: ./secrets/db_password.txt
  tls_key:
    environment: TLS_KEY
  token:
    external: true
    name: arn:aws:secretsmanager:eu-west-3:123456789012:secret:token-AbCdEf
configs:
  nginx_conf:
    file: ./nginx.conf
  app_conf:
    content: "debug: false"
`;
  it('secrets become references with the paths the app reads; files are never read', () => {
    const canary = 'file-canary-0a1b2c3d4e5f';
    const { app, diagnostics } = convert(yaml, { files: { 'secrets/db_password.txt': canary } });
    expect(container(app, 'api').secretFiles).toMatchObject([
      { secret: 'db_password', path: '/run/secrets/db_password' },
      { secret: 'tls_key', path: '/run/secrets/server.key', uid: '100', gid: '101', mode: 0o440 },
      { secret: 'token', path: '/etc/app/token', mode: 0o400 },
    ]);
    expect(app.secrets).toMatchObject([
      { name: 'db_password', reason: 'compose-secret', mountPath: '/run/secrets/db_password' },
      { name: 'tls_key', reason: 'compose-secret', mountPath: '/run/secrets/server.key' },
      { name: 'token', reason: 'compose-secret', existing: { arn: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:token-AbCdEf' } },
    ]);
    expectReported(diagnostics, [
      ['compose/secret-file', 'services.api.secrets[0]'],
      ['compose/secret-file', 'services.api.secrets[1]'],
      ['compose/secret-file', 'services.api.secrets[2]'],
      ['compose/config-not-mapped', 'services.api.configs[0]'],
      ['compose/config-not-mapped', 'services.api.configs[1]'],
    ]);
    expect(JSON.stringify(app) + JSON.stringify(diagnostics)).not.toContain(canary);
    expect(diagnostics.find((d) => d.origin?.path === 'services.api.configs[1]')?.message).toContain('/etc/app.yaml');
  });

  const problems: [string, string, string][] = [
    ['services:\n  a: {image: x, secrets: [nope]}\n', 'compose/undefined-reference', 'services.a.secrets[0]'],
    ['services:\n  a: {image: x, configs: [nope]}\n', 'compose/undefined-reference', 'services.a.configs[0]'],
    ['services:\n  a: {image: x, secrets: [s]}\nsecrets:\n  s: {}\n', 'compose/invalid-value', 'secrets.s'],
    ['services:\n  a: {image: x, secrets: [{target: /x}]}\n', 'compose/invalid-value', 'services.a.secrets[0]'],
    ['services:\n  a: {image: x, secrets: [{source: s, mode: "0o400"}]}\nsecrets:\n  s: {file: ./s}\n', 'compose/invalid-value', 'services.a.secrets[0].mode'],
    ['services:\n  a: {image: x, secrets: [{source: s, x-aws-keys: ["*"]}]}\nsecrets:\n  s: {external: true}\n', 'compose/x-aws-unsupported', 'services.a.secrets[0].x-aws-keys'],
    ['services:\n  a: {image: x, secrets: s}\n', 'compose/invalid-value', 'services.a.secrets'],
    ['services:\n  a: {image: x}\nsecrets:\n  s: {file: ./s, driver: vault}\n', 'compose/unsupported-key', 'secrets.s.driver'],
    ['services:\n  a: {image: x}\nsecrets:\n  s: {file: ./s, content: x}\n', 'compose/invalid-value', 'secrets.s.content'],
    ['services:\n  a: {image: x}\nsecrets:\n  s: {file: ./s, x-aws-foo: 1}\n', 'compose/x-aws-unsupported', 'secrets.s.x-aws-foo'],
  ];
  for (const [input, rule, path] of problems) {
    it(`${rule} at ${path}`, () => expectReported(convert(input).diagnostics, [[rule, path]]));
  }
});
