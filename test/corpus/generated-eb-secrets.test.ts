/**
 * Elastic Beanstalk apps generated with secrets planted where EB apps hold them: environment
 * properties in `.ebextensions` (names with numbers on them too: `DB_PASSWORD2`), an RDS master
 * password, a container command's password option, a file EB writes, a Dockerrun v2 container's
 * environment and health check; next to option settings drawn from the corpus's own
 * `.ebextensions` (every namespace and option name people wrote, with the values they gave), and
 * sometimes a broken Dockerrun (an empty image, a missing comma) or a config section written
 * twice. `lint` in two formats and `convert` with every emitter, in process: no planted secret
 * may come out on stdout, stderr (code frames included) or in a written file, and no run may
 * crash.
 */
import { load } from 'js-yaml';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { readTree, tempDir } from '../support/fs-tree.js';
import { SHARED } from '../support/paths.js';
import { rng } from '../support/rng.js';

const ROUNDS = 150;

/** `namespace`, `option`, value of every option setting of the corpus's `.config` files. */
function corpusOptions(): [string, string, string][] {
  const out = new Map<string, [string, string, string]>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.config')) {
        let doc: unknown;
        try {
          doc = load(readFileSync(p, 'utf8'));
        } catch {
          continue;
        }
        const settings = (doc as { option_settings?: unknown } | null)?.option_settings;
        const add = (ns: unknown, option: unknown, value: unknown): void => {
          if (typeof ns === 'string' && typeof option === 'string' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) out.set(`${ns}|${option}`, [ns, option, String(value)]);
        };
        if (Array.isArray(settings)) for (const o of settings as Record<string, unknown>[]) add(o?.['namespace'], o?.['option_name'], o?.['value']);
        else if (settings && typeof settings === 'object') {
          for (const [ns, options] of Object.entries(settings)) if (options && typeof options === 'object') for (const [k, v] of Object.entries(options)) add(ns, k, v);
        }
      }
    }
  };
  walk(path.join(SHARED, 'corpus'));
  return [...out.values()];
}

describe('Elastic Beanstalk apps generated with planted secrets', () => {
  it('lint and convert end in diagnostics, and no planted secret comes out', { timeout: 300_000 }, async () => {
    const options = corpusOptions();
    expect(options.length).toBeGreaterThan(100);
    const rand = rng(20261201);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const failures: string[] = [];
    let clean = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const canaries: string[] = [];
      const canary = (): string => {
        const c = `cnry${Math.floor(rand() * 2 ** 32).toString(36)}Zx9`;
        canaries.push(c);
        return c;
      };
      const config = ['option_settings:'];
      const env = Array.from({ length: Math.floor(rand() * 4) }, (_, i) => `    ${pick(['DB_PASSWORD', 'API_TOKEN', 'SECRET_KEY_BASE', 'STRIPE_SECRET'])}${pick(['', '_', ''])}${i}: ${canary()}`);
      if (env.length > 0) config.push('  aws:elasticbeanstalk:application:environment:', ...env);
      for (let i = Math.floor(rand() * 4); i > 0; i--) {
        const [ns, option, value] = pick(options);
        config.push(`  ${ns}:`, `    ${option}: ${JSON.stringify(value)}`);
      }
      if (rand() < 0.3) config.push('  aws:rds:dbinstance:', `    DBPassword: ${canary()}`);
      if (rand() < 0.3) config.push('container_commands:', '  01_migrate:', `    command: mysql -u root -p${canary()} app`, pick(['    leader_only: true', '    bogus: 1', '']));
      if (rand() < 0.3) config.push('files:', '  "/etc/app.env":', '    content: |', `      API_TOKEN=${canary()}`);
      const containers = [
        {
          name: 'web',
          image: rand() < 0.9 ? 'nginx:1.25' : '',
          memory: 256,
          essential: true,
          environment: [
            { name: 'DB_PASSWORD', value: canary() },
            { name: 'REDIS_URL', value: `redis://:${canary()}@cache:6379` },
          ],
          portMappings: [{ hostPort: 80, containerPort: 80 }],
          ...(rand() < 0.3 ? { healthCheck: { command: ['redis-cli', '-a', canary(), 'ping'] } } : {}),
        },
      ];
      let dockerrun = JSON.stringify({ AWSEBDockerrunVersion: 2, containerDefinitions: containers }, null, rand() < 0.5 ? 2 : 0);
      if (rand() < 0.15) dockerrun = dockerrun.replace(/,\s*"image"/, ' "image"');
      const root = tempDir('ecsify-generated-eb-');
      const dir = path.join(root, 'app');
      mkdirSync(path.join(dir, '.ebextensions'), { recursive: true });
      writeFileSync(path.join(dir, 'Dockerrun.aws.json'), dockerrun);
      writeFileSync(path.join(dir, '.ebextensions', '01.config'), config.join('\n') + '\n');
      for (const args of [['lint', '.'], ['lint', '.', '--format', 'github'], ['convert', '.', '-o', path.join(root, 'out'), '--emit', 'all']]) {
        const r = await runCli(args, { cwd: dir, env: {} });
        const label = `round ${round}, ${args.slice(0, 3).join(' ')}`;
        if (![0, 1, 2].includes(r.code) || r.stderr.includes('internal error')) failures.push(`${label}: exit ${r.code}: ${r.stderr.slice(-400)}`);
        if (args[0] === 'convert' && r.code === 0) clean++;
        const texts: [string, string][] = [['stdout', r.stdout], ['stderr', r.stderr], ...(args[0] === 'convert' ? [...readTree(path.join(root, 'out'))] : [])];
        for (const c of canaries) for (const [where, text] of texts) if (text.includes(c)) failures.push(`${label}: planted secret ${c} in ${where}\n${config.join('\n')}\n${dockerrun}`);
      }
      rmSync(root, { recursive: true, force: true });
    }
    console.log(`generated EB apps with planted secrets: ${ROUNDS} rounds, ${clean} converted without errors`);
    expect(failures).toEqual([]);
    expect(clean).toBeGreaterThan(ROUNDS / 3);
  });
});
