import { describe, expect, it } from 'vitest';
import { emitTaskDefinitions } from '../../src/emitters/taskdef/emit-task-definitions.js';
import { SECRET_FILES_IMAGE, secretFiles } from '../../src/passes/secret-files.js';
import { validateTaskDefinition } from '../support/taskdef-validator.js';
import { app, at, check, container, run, service, task, type Case } from './support.js';

const secret = (name: string) => ({ name, reason: 'compose-secret' as const, mountPath: `/run/secrets/${name}` });

const cases: Case[] = [
  {
    name: 'a container with secret files gets an init container, a read-only volume and a SUCCESS dependency',
    given: app(
      [
        service(
          container('db', 'postgres:16', {
            secretFiles: [
              { secret: 'db_password', path: '/run/secrets/db_password', origin: at('services.db.secrets[0]') },
              { secret: 'tls_key', path: '/etc/tls/key.pem', uid: '999', gid: '999', mode: 0o400, origin: at('services.db.secrets[1]') },
            ],
          }),
        ),
      ],
      {},
      { secrets: [secret('db_password'), secret('tls_key')] },
    ),
    want: [{ rule: 'secrets/file-init-container', path: 'services.db.secrets[0]' }],
    check: (out) => {
      const t = out.services[0]!.task;
      expect(t.containers.map((c) => c.name)).toEqual(['secret-files', 'db']);
      const init = t.containers[0]!;
      expect(init).toMatchObject({ essential: false, image: { kind: 'ref', ref: SECRET_FILES_IMAGE }, entryPoint: ['sh', '-c'] });
      expect(init.environment).toEqual([
        { name: 'SECRET_FILE_1', secret: { secret: 'db_password' }, origin: at('services.db.secrets[0]') },
        { name: 'SECRET_FILE_2', secret: { secret: 'tls_key' }, origin: at('services.db.secrets[1]') },
      ]);
      expect(init.command).toEqual([
        [
          'set -e',
          'umask 077',
          `printf '%s' "$SECRET_FILE_1" > '/run/secrets/db_password'`,
          `chmod 0444 '/run/secrets/db_password'`,
          `printf '%s' "$SECRET_FILE_2" > '/etc/tls/key.pem'`,
          `chmod 0400 '/etc/tls/key.pem'`,
          `chown 999:999 '/etc/tls/key.pem'`,
        ].join('\n'),
      ]);
      expect(t.volumes).toEqual([
        { name: 'secret-files-1', source: { kind: 'ephemeral' } },
        { name: 'secret-files-2', source: { kind: 'ephemeral' } },
      ]);
      expect(init.mounts.map((m) => [m.volume, m.containerPath, m.readOnly])).toEqual([
        ['secret-files-1', '/etc/tls', false],
        ['secret-files-2', '/run/secrets', false],
      ]);
      const db = t.containers[1]!;
      expect(db.mounts.map((m) => [m.volume, m.containerPath, m.readOnly])).toEqual([
        ['secret-files-1', '/etc/tls', true],
        ['secret-files-2', '/run/secrets', true],
      ]);
      expect(db.dependsOn).toEqual([{ container: 'secret-files', condition: 'SUCCESS' }]);
    },
  },
  {
    name: 'services without secret files are returned as they are',
    given: app([service(container('web'))]),
    not: ['secrets/file-init-container'],
    check: (out) => expect(out.services[0]!.task.containers).toHaveLength(1),
  },
];

describe('secret-files pass', () => {
  for (const c of cases) it(c.name, () => check(secretFiles, c));

  it('returns the same application when nothing needs it', () => {
    const given = app([service(container('web'))]);
    const reporter = { report() {}, redact() {}, addSource() {}, diagnostics: [], sources: { line: () => undefined }, hasErrors: () => false, scrub: (s: string) => s };
    expect(secretFiles.run(given, { reporter })).toBe(given);
  });

  it('gives the init container a memory reservation on EC2 and keeps the task definition valid', () => {
    for (const launchType of ['fargate', 'ec2'] as const) {
      const s = task('db', [container('db', 'postgres:16', { secretFiles: [{ secret: 'pw', path: '/run/secrets/pw' }], ...(launchType === 'ec2' ? { memory: { reservation: 256 } } : {}) })], {}, launchType);
      const given = app([launchType === 'fargate' ? { ...s, task: { ...s.task, cpu: 256, memory: 512 } } : s], { launchType }, { secrets: [secret('pw')] });
      const { out } = run(secretFiles, given);
      const init = out.services[0]!.task.containers[0]!;
      expect(init.memory).toEqual(launchType === 'ec2' ? { reservation: 16 } : undefined);
      const [file] = emitTaskDefinitions(out, { version: 'v', inputLabel: 'x', format: 'yaml' });
      expect(validateTaskDefinition(JSON.parse(file!.contents)), launchType).toEqual([]);
    }
  });
});
