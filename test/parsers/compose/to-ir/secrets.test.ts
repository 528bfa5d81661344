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

describe('secrets in what ecsify does not read', () => {
  const yaml = `x-creds:
  DB_PASSWORD: unread-canary-1
services:
  web:
    image: x
    logging:
      driver: splunk
      options:
        splunk-token: unread-canary-2
        splunk-url: https://splunk.example.com:8088
    x-meta:
      API_TOKEN: unread-canary-3
    develop:
      watch:
        - path: ./src
          action: sync+exec
          exec:
            command: [sh, -c, "redis-cli -a unread-canary-4 flushall"]
    volumes:
      - data:/data
configs:
  app:
    content: |
      SECRET_KEY=unread-canary-5
      LEVEL=debug
volumes:
  data:
    driver_opts:
      type: cifs
      o: "username=app,password=unread-canary-6,vers=3.0"
      password: unread-canary-7
secrets:
  vault:
    file: ./vault.txt
    driver_opts:
      token: unread-canary-8
`;

  it('masks them in every source line: extension keys, keys not converted, dropped options, config content', () => {
    const { reporter } = convert(yaml);
    const lines = yaml.split('\n').map((_, i) => reporter.sources.line('compose.yaml', i + 1) ?? '');
    expect(lines.filter((l) => l.includes('unread-canary'))).toEqual([]);
    expect(lines.filter((l) => l.includes('****'))).toEqual([
      '  DB_PASSWORD: ****',
      '        splunk-token: ****',
      '      API_TOKEN: ****',
      '            command: [sh, -c, "redis-cli -a **** flushall"]',
      '      SECRET_KEY=****',
      '      o: "username=app,password=****,vers=3.0"',
      '      password: ****',
      '      token: ****',
    ]);
    expect(lines).toContain('      LEVEL=debug');
  });

  it('leaves a volume driver option that holds a secret, or the item of one, out of the IR, and says so', () => {
    const { app, diagnostics } = convert(yaml);
    expect(app.volumes.find((v) => v.name === 'data')?.driverOptions).toEqual({ type: 'cifs', o: 'username=app,vers=3.0' });
    const found = diagnostics.filter((d) => d.rule === 'secrets/plaintext-value').map((d) => [d.origin?.path, d.message]);
    expect(found).toEqual([
      ['volumes.data.driver_opts.o', "Volume `data`'s driver option o holds a secret in plain text in password (its name contains PASSWORD); that item is left out of the output."],
      ['volumes.data.driver_opts.password', "Volume `data`'s driver option password holds a secret in plain text (its name contains PASSWORD); it is left out of the output."],
    ]);
    expect(JSON.stringify(app) + JSON.stringify(diagnostics)).not.toContain('unread-canary');
  });
});
