/** Procfile (and Buildfile) apps → one service per process, image from the platform. */
import { describe, expect, it } from 'vitest';
import type { EnvVar } from '../../../src/ir/types.js';
import { loadEb, ofRule } from './helpers.js';

const env = (vars: EnvVar[] | undefined): Record<string, string> =>
  Object.fromEntries((vars ?? []).map((v) => [v.name, 'value' in v ? v.value : 'secret' in v ? `secret:${v.secret.secret}` : v.template]));
const RUBY = { '.elasticbeanstalk/config.yml': 'global:\n  default_platform: Ruby 3.2 running on 64bit Amazon Linux 2023\n' };

describe('Procfile', () => {
  it('makes one service per process from one platform image; web gets the port and PORT', async () => {
    const l = await loadEb({ ...RUBY, Procfile: '# processes\nweb: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\n' });
    expect(l.app?.source).toMatchObject({ kind: 'eb-procfile', platform: 'ruby-3.2', files: ['.elasticbeanstalk/config.yml', 'Procfile'] });
    expect(l.app?.services.map((s) => [s.name, s.role])).toEqual([
      ['web', 'web'],
      ['worker', 'worker'],
    ]);
    const [web, worker] = l.app?.services ?? [];
    expect(web?.task.containers[0]?.image).toMatchObject({ kind: 'platform', platform: 'ruby-3.2' });
    expect(worker?.task.containers[0]?.image).toMatchObject({ kind: 'platform', platform: 'ruby-3.2' });
    expect(web?.task.containers[0]?.command).toEqual(['bundle', 'exec', 'puma', '-C', 'config/puma.rb']);
    expect(web?.task.containers[0]?.ports.map((p) => p.containerPort)).toEqual([5000]);
    expect(env(web?.task.containers[0]?.environment)).toEqual({ PORT: '5000' });
    expect(worker?.task.containers[0]?.ports).toEqual([]);
    expect(env(worker?.task.containers[0]?.environment)).toEqual({});
    expect(web?.routes[0]).toMatchObject({ container: 'web', containerPort: 5000 });
    expect(ofRule(l, 'eb/platform-image')[0]?.hint).toMatch(/official ruby:3.2 image/);
  });

  it('takes the port from PORT, then the command, then the platform (Python 8000)', async () => {
    const withProp = await loadEb({ ...RUBY, Procfile: 'web: bundle exec puma -p 4000\n', '.ebextensions/env.config': 'option_settings:\n  - option_name: PORT\n    value: "3000"\n' });
    expect(withProp.app?.services[0]?.task.containers[0]?.ports[0]?.containerPort).toBe(3000);
    expect(env(withProp.app?.services[0]?.task.containers[0]?.environment)).toEqual({ PORT: '3000' });
    const fromCommand = await loadEb({ ...RUBY, Procfile: 'web: bundle exec puma -p 4000\n' });
    expect(fromCommand.app?.services[0]?.task.containers[0]?.ports[0]?.containerPort).toBe(4000);
    const python = await loadEb({ Procfile: 'web: gunicorn app:app\n', 'requirements.txt': 'gunicorn\n' });
    expect(python.app?.services[0]?.task.containers[0]?.ports[0]?.containerPort).toBe(8000);
    expect(ofRule(python, 'eb/procfile-port')[0]?.message).toMatch(/8000, the python platform default/);
  });

  it('runs lines that need a shell through sh -c', async () => {
    const l = await loadEb({ ...RUBY, Procfile: 'web: bundle exec puma -p ${PORT:-5000}\nworker: bundle exec sidekiq -q "a b"\n' });
    expect(l.app?.services[0]?.task.containers[0]?.command).toEqual(['sh', '-c', 'bundle exec puma -p ${PORT:-5000}']);
    expect(l.app?.services[1]?.task.containers[0]?.command).toEqual(['bundle', 'exec', 'sidekiq', '-q', 'a b']);
    expect(ofRule(l, 'eb/shell-command')).toHaveLength(1);
  });

  it('takes the first process when none is called web, and reports bad lines', async () => {
    const l = await loadEb({ 'go.mod': 'module x\n\ngo 1.22\n', Procfile: 'api: bin/api\nnot a process line\napi: bin/api2\nbg-jobs: bin/jobs' });
    expect(l.app?.services.map((s) => [s.name, s.role])).toEqual([
      ['api', 'web'],
      ['bg-jobs', 'worker'],
    ]);
    expect(l.app?.services[0]?.task.containers[0]?.command).toEqual(['bin/api2']);
    expect(ofRule(l, 'eb/procfile-syntax').map((d) => d.origin?.line)).toEqual([2, 3]);
    expect(l.rules).toContain('eb/procfile-no-web');
    expect(l.app?.source.platform).toBe('go-1.22');
  });

  it("makes Heroku's release entry a job of the web service before each deploy, not a service", async () => {
    const l = await loadEb({
      ...RUBY,
      Procfile: 'release: bundle exec rails db:migrate && bin/seed\nweb: bundle exec puma\nworker: bundle exec sidekiq\n',
      '.ebextensions/01.config': 'container_commands:\n  release:\n    command: bin/notify\n    leader_only: true\n',
    });
    expect(l.app?.services.map((s) => [s.name, s.role])).toEqual([
      ['web', 'web'],
      ['worker', 'worker'],
    ]);
    expect(l.app?.jobs.map((j) => [j.name, j.service, j.container, j.command, j.beforeDeploy])).toEqual([
      ['release', 'web', 'web', ['bin/notify'], true],
      ['release-2', 'web', 'web', ['sh', '-c', 'bundle exec rails db:migrate && bin/seed'], true],
    ]);
    const [d] = ofRule(l, 'eb/procfile-release');
    expect(d).toMatchObject({ severity: 'warning', origin: { file: 'Procfile', line: 1, column: 1 } });
    expect(d?.hint).toContain('jobs/release-2.json');
    expect(d?.notes?.[1]).toMatch(/sh -c/);
    expect(l.rules).not.toContain('eb/procfile-no-web');
    // Before web in the file and with no web entry: the first other process takes the traffic.
    const noWeb = await loadEb({ ...RUBY, Procfile: 'release: bin/migrate\napi: bin/api\n' });
    expect(noWeb.app?.services.map((s) => [s.name, s.role])).toEqual([['api', 'web']]);
    expect(noWeb.app?.jobs.map((j) => [j.name, j.service])).toEqual([['release', 'api']]);
    // Alone, it is the app's process, as on EB.
    const alone = await loadEb({ ...RUBY, Procfile: 'release: bin/server\n' });
    expect(alone.app?.services.map((s) => s.name)).toEqual(['release']);
    expect(alone.app?.jobs).toEqual([]);
    expect(alone.rules).not.toContain('eb/procfile-release');
  });

  it('reports Buildfile steps and EB-only paths', async () => {
    const l = await loadEb({ ...RUBY, Procfile: 'web: bundle exec puma -C /opt/elasticbeanstalk/config/private/pumaconf.rb\n', Buildfile: 'assets: bundle exec rake assets:precompile\n' });
    expect(ofRule(l, 'eb/buildfile')[0]?.hint).toMatch(/RUN bundle exec rake assets:precompile/);
    expect(ofRule(l, 'eb/eb-host-path')[0]?.hint).toMatch(/config\/puma.rb/);
  });

  it('runs the platform default process without a Procfile', async () => {
    const table: [Record<string, string>, string[]][] = [
      [{ 'package.json': '{"scripts": {"start": "node server.js"}}' }, ['npm', 'start']],
      [{ 'app.js': '', 'package.json': '{}' }, ['node', 'app.js']],
      [{ 'application.py': '' }, ['gunicorn', '--bind', ':8000', '--workers', '1', '--threads', '15', 'application:application']],
      [{ 'application.go': '', 'go.mod': 'module x\n' }, ['./bin/application']],
      [{ 'server.jar': '' }, ['java', '-jar', 'server.jar']],
    ];
    for (const [files, command] of table) {
      const l = await loadEb(files);
      const platform = l.app?.source.platform ?? '';
      const named = await loadEb({ ...files, '.elasticbeanstalk/config.yml': `global:\n  default_platform: ${platform.split('-')[0] === 'java' ? 'Corretto 21' : platform.split('-')[0]}\n` });
      expect(named.app?.services[0]?.task.containers[0]?.command, platform).toEqual(command);
      expect(named.rules).toContain('eb/default-process');
    }
  });

  it('uses WSGIPath for the Python default process', async () => {
    const l = await loadEb({
      '.elasticbeanstalk/config.yml': 'global:\n  default_platform: Python 3.12 running on 64bit Amazon Linux 2023\n',
      '.ebextensions/python.config': 'option_settings:\n  aws:elasticbeanstalk:container:python:\n    WSGIPath: ebdjango/wsgi.py\n',
      'manage.py': '',
    });
    expect(l.app?.services[0]?.task.containers[0]?.command?.at(-1)).toBe('ebdjango.wsgi:application');
  });

  it('refuses platforms it does not convert', async () => {
    const l = await loadEb({ '.elasticbeanstalk/config.yml': 'global:\n  default_platform: Tomcat 10 Corretto 17 running on 64bit Amazon Linux 2023\n', 'ROOT.war': 'x' });
    expect(l.app).toBeUndefined();
    expect(ofRule(l, 'eb/unsupported-platform')[0]?.message).toMatch(/Tomcat/);
  });

  it('converts PHP with a Procfile like the other language platforms', async () => {
    const l = await loadEb({ '.elasticbeanstalk/config.yml': 'global:\n  default_platform: PHP 8.2 running on 64bit Amazon Linux 2023\n', Procfile: 'web: php -S 0.0.0.0:8080\n', 'index.php': '<?php' });
    expect(l.rules).not.toContain('eb/unsupported-platform');
    expect(l.app?.source.platform).toBe('php-8.2');
    const c = l.app?.services[0]?.task.containers[0];
    expect(c?.image).toMatchObject({ kind: 'platform' });
    expect(c?.command).toEqual(['php', '-S', '0.0.0.0:8080']);
    expect(c?.ports.map((p) => p.containerPort)).toEqual([8080]);
    expect(ofRule(l, 'eb/platform-image')[0]?.hint).toMatch(/php:8\.2-apache image.*php-fpm/);
  });

  it('approximates the PHP platform without a Procfile with Apache on port 80, and says so', async () => {
    const l = await loadEb({ '.elasticbeanstalk/config.yml': 'global:\n  default_platform: PHP 8.3 running on 64bit Amazon Linux 2023\n', 'index.php': '<?php' });
    const c = l.app?.services[0]?.task.containers[0];
    expect(c?.command).toEqual(['apache2-foreground']);
    expect(c?.ports.map((p) => p.containerPort)).toEqual([80]);
    const d = ofRule(l, 'eb/default-process')[0];
    expect(d?.severity).toBe('warning');
    expect(d?.message).toMatch(/php-fpm.*Apache and mod_php/);
    // No platform named: composer.json / index.php say PHP.
    const guessed = await loadEb({ 'composer.json': '{}', 'index.php': '<?php' });
    expect(guessed.app?.source.platform).toBe('php');
    expect(guessed.rules).not.toContain('eb/unsupported-platform');
  });
});
