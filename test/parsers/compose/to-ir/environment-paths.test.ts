/**
 * `mapEnvironment` has a fast path for a service without `env_file` whose names are all written
 * once. Differential check against the general path (taken here by adding an empty env file,
 * which changes nothing else): random environments, in list and map form, with repeated names,
 * bare names (set in the project environment or not, secret-looking or not) and secret values.
 */
import { describe, expect, it } from 'vitest';
import { rng } from '../../../support/rng.js';
import { convert } from './support.js';

const NAMES = ['A', 'a', 'B_1', 'PORT', 'DB_PASSWORD', 'API_TOKEN', 'LOG_LEVEL', 'Z', 'ÄPFEL', 'SECRET_KEY', 'zeta', 'AWS_SECRET_ACCESS_KEY', 'x_y'];
const VALUES = ['1', 'hello', '', 'sk_live_4eC39HqLyjWDarjtT1zdp7dcXYZ', 'postgres://u:hunter2@db/app', 'true', '8080', 'p4ssw0rd-Very-Long-Random-Thing-9f8e7d'];

function environment(next: () => number): string {
  const count = Math.floor(next() * 12);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
  const lines: string[] = [];
  const asList = next() < 0.5;
  for (let i = 0; i < count; i++) {
    const name = pick(NAMES);
    const bare = next() < 0.25;
    const value = JSON.stringify(pick(VALUES));
    if (asList) lines.push(bare ? `      - ${name}` : `      - ${JSON.stringify(`${name}=${JSON.parse(value) as string}`)}`);
    else lines.push(bare ? `      ${name}:` : `      ${name}: ${value}`);
  }
  if (lines.length === 0) return asList ? '    environment: []' : '    environment: {}';
  return `    environment:\n${lines.join('\n')}`;
}

describe('environment: fast path and general path agree', () => {
  it('on random environments', () => {
    const next = rng(20261127);
    for (let round = 0; round < 300; round++) {
      const env = environment(next);
      const projectEnv: Record<string, string> = next() < 0.5 ? { A: 'from-shell', API_TOKEN: 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB' } : {};
      const fast = convert(`services:\n  s:\n    image: x\n${env}\n`, { env: projectEnv });
      const general = convert(`services:\n  s:\n    image: x\n${env}\n    env_file: empty.env\n`, { env: projectEnv, files: { 'empty.env': '' } });
      const fastC = fast.app.services[0]?.task.containers[0];
      const generalC = general.app.services[0]?.task.containers[0];
      expect(fastC?.environment, env).toEqual(generalC?.environment);
      expect(fast.diagnostics, env).toEqual(general.diagnostics);
      expect(fast.app.secrets, env).toEqual(general.app.secrets);
    }
  });
});
