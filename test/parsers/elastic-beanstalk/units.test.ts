/** Small helpers of the EB front end, as tables. */
import { describe, expect, it } from 'vitest';
import { portInCommand, shellLineToCommand, shellNeed } from '../../../src/parsers/elastic-beanstalk/commands.js';
import { closest } from '../../../src/util/closest.js';
import { parseIgnore } from '../../../src/parsers/elastic-beanstalk/ebignore.js';
import { instanceShape } from '../../../src/parsers/elastic-beanstalk/instance-types.js';
import { parseDockerCommand } from '../../../src/parsers/elastic-beanstalk/jobs.js';
import { checkJson } from '../../../src/parsers/elastic-beanstalk/json-check.js';

describe('shell lines', () => {
  const table: [string, string[], boolean][] = [
    ['bundle exec puma -C config/puma.rb', ['bundle', 'exec', 'puma', '-C', 'config/puma.rb'], false],
    ['node "my app.js"', ['node', 'my app.js'], false],
    ["echo '$HOME'", ['echo', '$HOME'], false],
    ['puma -p $PORT', ['sh', '-c', 'puma -p $PORT'], true],
    ['puma -p ${PORT:-5000}', ['sh', '-c', 'puma -p ${PORT:-5000}'], true],
    ['rake db:migrate && puma', ['sh', '-c', 'rake db:migrate && puma'], true],
    ['RAILS_ENV=production rake x', ['sh', '-c', 'RAILS_ENV=production rake x'], true],
    ['cat `ls`', ['sh', '-c', 'cat `ls`'], true],
    ['ruby ~/x.rb', ['sh', '-c', 'ruby ~/x.rb'], true],
    ['echo "unclosed', ['sh', '-c', 'echo "unclosed'], true],
  ];
  for (const [line, words, shell] of table) {
    it(line, () => {
      expect(shellLineToCommand(line)).toMatchObject({ words, viaShell: shell });
      expect(shellNeed(line) !== undefined).toBe(shell);
    });
  }

  const ports: [string, number | undefined][] = [
    ['bundle exec puma -p 3000', 3000],
    ['rails server --port=4000', 4000],
    ['gunicorn --bind :8000 app:app', 8000],
    ['gunicorn -b 0.0.0.0:8080 app:app', 8080],
    ['puma -b tcp://0.0.0.0:9292', 9292],
    ['uwsgi --http :8000 --wsgi-file app.py', 8000],
    ['bin/app -name bg -port 5001', 5001],
    ['java -cp . MoquiStart port=5000 conf=x', 5000],
    ['dotnet app.dll --urls http://0.0.0.0:5005', 5005],
    ['node server.js', undefined],
    ['puma -p $PORT', undefined],
  ];
  for (const [line, port] of ports) it(`port of ${line}`, () => expect(portInCommand(line)).toBe(port));
});

describe('docker commands in container_commands', () => {
  const table: [string, ReturnType<typeof parseDockerCommand>][] = [
    ['docker run --rm --env-file /opt/env.list -e A=1 acme/shop:1 bundle exec rails db:migrate', { kind: 'run', target: 'acme/shop:1', command: ['bundle', 'exec', 'rails', 'db:migrate'] }],
    ['sudo docker exec -it web rake db:seed', { kind: 'exec', target: 'web', command: ['rake', 'db:seed'] }],
    ['docker exec $(docker ps -q -f name=web) rake db:migrate', { kind: 'exec', target: 'web', command: ['rake', 'db:migrate'] }],
    ['docker compose -f docker-compose.yml run --rm app rake db:migrate', { kind: 'compose', target: 'app', command: ['rake', 'db:migrate'] }],
    ['docker-compose exec app ./migrate.sh', { kind: 'compose', target: 'app', command: ['./migrate.sh'] }],
    ['rake db:migrate', undefined],
    ['docker ps', undefined],
  ];
  for (const [line, want] of table) it(line, () => expect(parseDockerCommand(line)).toEqual(want));
});

describe('.ebignore', () => {
  const m = parseIgnore(['# comment', 'node_modules', '/docker-compose.yml', '*.log', '!keep.log', 'build/', 'docs/**/*.md', '\\#hash'].join('\n'));
  const table: [string, boolean, boolean][] = [
    ['node_modules', true, true],
    ['node_modules/x/index.js', false, true],
    ['src/node_modules', true, true],
    ['docker-compose.yml', false, true],
    ['sub/docker-compose.yml', false, false],
    ['app.log', false, true],
    ['keep.log', false, false],
    ['build', true, true],
    ['build', false, false],
    ['docs/a/b/c.md', false, true],
    ['docs/c.md', false, true],
    ['#hash', false, true],
    ['Procfile', false, false],
  ];
  for (const [p, dir, ignored] of table) it(`${p}${dir ? '/' : ''} → ${ignored}`, () => expect(m.ignores(p, dir)).toBe(ignored));
});

describe('instance types', () => {
  const table: [string, [number, number, boolean] | undefined][] = [
    ['t2.micro', [1, 1, false]],
    ['t3.medium', [2, 4, false]],
    ['t4g.small', [2, 2, true]],
    ['m5.large', [2, 8, false]],
    ['m5.2xlarge', [8, 32, false]],
    ['c5.xlarge', [4, 8, false]],
    ['c4.large', [2, 3.75, false]],
    ['r6g.medium', [1, 8, true]],
    ['m7i-flex.large', [2, 8, false]],
    ['m1.small', [1, 1.7, false]],
    ['g2.2xlarge', [8, 15, false]],
    ['m5.medium', undefined],
    ['banana', undefined],
  ];
  for (const [t, want] of table) {
    it(t, () => {
      const s = instanceShape(t);
      expect(s ? [s.vcpu, s.memoryGiB, s.arm] : undefined).toEqual(want);
    });
  }
});

describe('strict JSON check', () => {
  const table: [string, number | undefined][] = [
    ['{"a": [1, 2.5e3, true, null, "x\\u0041"]}', undefined],
    ['{"a": PORT}', 6],
    ['{"a": 1,}', 8],
    ['{"a": 1} // comment', 9],
    ["{'a': 1}", 1],
    ['{"a": "\n"}', 7],
    ['', 0],
  ];
  for (const [text, offset] of table) it(JSON.stringify(text), () => expect(checkJson(text)?.offset).toBe(offset));
});

describe('did you mean', () => {
  it('suggests close names only', () => {
    expect(closest('containerDefintions', ['containerDefinitions', 'volumes'])).toBe('containerDefinitions');
    expect(closest('portMapping', ['portMappings', 'links'])).toBe('portMappings');
    expect(closest('aws:asg:launchconfiguration', ['aws:autoscaling:launchconfiguration', 'aws:ec2:vpc'])).toBeUndefined();
    expect(closest('xyz', ['volumes'])).toBeUndefined();
  });
});
