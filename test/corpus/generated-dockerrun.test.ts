/**
 * Dockerrun.aws.json version 2 files generated from the shape of an ECS container definition
 * (the CDK's typing of `AWS::ECS::TaskDefinition`, which ecsify already carries for the CDK
 * emitter: every field with a value of its type, drawn from values such files hold), through
 * `convert` with every emitter, both launch types, in process. A Dockerrun v2 file is close to a
 * list of ECS container definitions, and EB registered it as one: fields in odd company, or
 * holding values ECS refuses, must end in diagnostics, never a crash, and a conversion without
 * errors must give task definitions that pass the ECS rules (taskdef-validator.ts).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Shape } from '../../src/emitters/cdk/spec.js';
import { CDK_SPEC } from '../../src/emitters/cdk/spec.generated.js';
import { runCli } from '../support/cli.js';
import { readTree, tempDir } from '../support/fs-tree.js';
import { rng } from '../support/rng.js';
import { validateTaskDefinition } from '../support/taskdef-validator.js';

const ROUNDS = 150;
const STRINGS = ['web', 'app', 'nginx:1.25', '/data', '80', 'tcp', 'udp', 'HEALTHY', 'START', 'CMD-SHELL', 'curl -f http://localhost/', 'sh', 'json-file', 'awslogs', 'none', 'bridge', 'NET_ADMIN', 'ALL', '/dev/fuse', 'rw', '10.0.0.1', 'db', 'x'.repeat(70), '', 'nofile', 'core'];
const NUMBERS = [0, 1, 2, 64, 128, 256, 512, 1024, 4096, 65535, -1, 3.5];

/** The structure id of a container definition in the spec (`ContainerDefinitions: ['a', ['r', id]]`). */
function containerShape(): Shape {
  const list = CDK_SPEC.resources['AWS::ECS::TaskDefinition']?.props['ContainerDefinitions'];
  if (!Array.isArray(list) || list[0] !== 'a') throw new Error('no ContainerDefinitions in the CDK spec');
  return list[1];
}

function instance(shape: Shape, depth: number, rand: () => number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  if (typeof shape === 'string') return shape === 's' ? pick(STRINGS) : shape === 'n' ? pick(NUMBERS) : shape === 'b' ? rand() < 0.5 : {};
  if (shape[0] === 'a') return Array.from({ length: Math.floor(rand() * 3) }, () => instance(shape[1], depth + 1, rand));
  if (shape[0] === 'm') return Object.fromEntries(Array.from({ length: Math.floor(rand() * 3) }, (_, i) => [`k${i}`, instance(shape[1], depth + 1, rand)]));
  const fields = CDK_SPEC.structs[shape[1]] ?? {};
  const names = Object.keys(fields);
  const out: Record<string, unknown> = {};
  for (let i = Math.min(names.length, Math.floor(rand() * (depth === 0 ? 8 : 4))); i > 0 && depth < 4; i--) {
    const name = pick(names);
    // Dockerrun (like the ECS API) writes the fields in camelCase.
    out[name[0]!.toLowerCase() + name.slice(1)] = instance(fields[name] as Shape, depth + 1, rand);
  }
  return out;
}

describe('Dockerrun v2 files generated from the container definition shape', () => {
  it('convert without a crash, and into task definitions ECS accepts', { timeout: 300_000 }, async () => {
    const rand = rng(20261131);
    const shape = containerShape();
    const failures: string[] = [];
    const codes = new Map<number, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const containers = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => {
        const c = instance(shape, 0, rand) as Record<string, unknown>;
        c['name'] = `c${i}`;
        c['image'] ??= 'nginx:1.25';
        if (rand() < 0.8) c['memory'] = [128, 256, 512][Math.floor(rand() * 3)];
        if (i === 0 && rand() < 0.7) c['essential'] = true;
        return c;
      });
      const doc: Record<string, unknown> = { AWSEBDockerrunVersion: 2, containerDefinitions: containers };
      if (rand() < 0.3) doc['volumes'] = [{ name: 'data', host: { sourcePath: '/var/app/current/data' } }];
      const text = JSON.stringify(doc, null, 2);
      const root = tempDir('ecsify-generated-eb-');
      const dir = path.join(root, 'app');
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'Dockerrun.aws.json'), text);
      const args = ['convert', '.', '-o', path.join(root, 'out'), '--emit', 'all', ...(round % 2 ? ['--launch-type', 'ec2'] : [])];
      const r = await runCli(args, { cwd: dir, env: {} });
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      if (![0, 1].includes(r.code) || r.stderr.includes('internal error')) failures.push(`round ${round}: exit ${r.code}: ${r.stderr.slice(-600)}\n${text}`);
      if (r.code === 0) {
        for (const [file, json] of readTree(path.join(root, 'out'))) {
          if (!file.startsWith('task-definitions/') || !file.endsWith('.json')) continue;
          const problems = validateTaskDefinition(JSON.parse(json));
          if (problems.length > 0) failures.push(`round ${round} (${args.slice(5).join(' ') || 'fargate'}): ${file}: ${problems.join('; ')}\n${text}`);
        }
      }
      rmSync(root, { recursive: true, force: true });
    }
    console.log(`generated Dockerrun v2 files: ${ROUNDS} rounds, exit codes ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
    expect(failures).toEqual([]);
    expect(codes.get(0) ?? 0).toBeGreaterThan(ROUNDS / 3);
  });
});
