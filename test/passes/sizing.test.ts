import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FARGATE_SIZES, isFargateSize, smallestFargateSize } from '../../src/passes/lib/fargate-sizes.js';
import { DEFAULT_CPU, DEFAULT_MEMORY, EC2_DEFAULT_RESERVATION, sizing } from '../../src/passes/sizing.js';
import type { Container } from '../../src/ir/types.js';
import { createReporter } from '../../src/diagnostics/context.js';
import { app, at, check, container, deepFreeze, run, service, task, withTask, type Case } from './support.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The Fargate table as written in ../shared/docs/ecs.md §3.1 (the source ecsify follows). */
function tableFromDoc(): { cpu: number; memory: number[] }[] {
  const doc = readFileSync(path.resolve(repoRoot, '../shared/docs/ecs.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### 3.1'), doc.indexOf('### 3.2'));
  const rows: { cpu: number; memory: number[] }[] = [];
  for (const line of section.split('\n')) {
    const m = /^\| (\d+) \(/.exec(line);
    if (!m) continue;
    const cell = line.split('|')[2] as string;
    const range = /(\d+)–(\d+) step (\d+)/.exec(cell);
    let memory: number[];
    if (range) {
      memory = [];
      for (let v = Number(range[1]); v <= Number(range[2]); v += Number(range[3])) memory.push(v);
    } else memory = [...cell.matchAll(/\d+/g)].map((x) => Number(x[0]));
    rows.push({ cpu: Number(m[1]), memory });
  }
  return rows;
}

function sized(cpu: number | undefined, memory: number | undefined, launch: 'fargate' | 'ec2' = 'fargate') {
  const patch: Partial<Container> = {};
  if (cpu !== undefined) patch.cpu = cpu;
  if (memory !== undefined) patch.memory = { limit: memory };
  return app([service(container('web', 'nginx:1.27', patch), {}, launch)], { launchType: launch });
}

describe('Fargate size table', () => {
  const doc = tableFromDoc();

  it('matches ../shared/docs/ecs.md §3.1 row for row (74 pairs)', () => {
    expect(doc.map((r) => r.cpu)).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(FARGATE_SIZES.map((r) => ({ cpu: r.cpu, memory: [...r.memory] }))).toEqual(doc);
    expect(doc.reduce((n, r) => n + r.memory.length, 0)).toBe(74);
    expect(doc.find((r) => r.cpu === 4096)?.memory.length).toBe(23);
  });

  const pairs = doc.flatMap((r) => r.memory.map((m) => [r.cpu, m] as const));
  it.each(pairs)('a task asking for exactly %i units / %i MiB gets that size, without rounding', (cpu, memory) => {
    expect(isFargateSize(cpu, memory)).toBe(true);
    const ran = run(sizing, sized(cpu, memory));
    expect(ran.out.services[0]?.task).toMatchObject({ cpu, memory });
    expect(ran.pairs).toEqual([]);
  });

  it.each(pairs)('a task needing just over %i units / %i MiB gets a larger valid size', (cpu, memory) => {
    const bigger = smallestFargateSize(cpu, memory + 1);
    if (!bigger) {
      expect(memory).toBe(122880);
      return;
    }
    expect(isFargateSize(bigger.cpu, bigger.memory)).toBe(true);
    expect(bigger.memory).toBeGreaterThan(memory);
    // No valid pair lies strictly between: nothing cheaper holds the need.
    for (const [c, m] of pairs) {
      if (c >= cpu && m >= memory + 1) expect(c > bigger.cpu || (c === bigger.cpu && m >= bigger.memory)).toBe(true);
    }
  });

  it('rejects pairs that are not in the table', () => {
    expect(isFargateSize(256, 4096)).toBe(false);
    expect(isFargateSize(8192, 17408)).toBe(false); // 8 vCPU steps by 4 GiB
    expect(isFargateSize(16384, 36864)).toBe(false); // 16 vCPU steps by 8 GiB
    expect(isFargateSize(256, 512, 'windows')).toBe(false);
    expect(isFargateSize(1024, 2048, 'windows')).toBe(true);
  });
});

describe('sizing pass: Fargate rounding', () => {
  const rounding: [string, number | undefined, number | undefined, number, number][] = [
    ['0.3 vCPU / 700 MiB', 300, 700, 512, 1024],
    ['memory forces a larger CPU row', 256, 4096, 512, 4096],
    ['2049 MiB on 0.25 vCPU', 256, 2049, 512, 3072],
    ['1 vCPU / 9000 MiB', 1024, 9000, 2048, 9216],
    ['just over 30 GiB on 4 vCPU', 4096, 30721, 8192, 32768],
    ['just over 60 GiB on 8 vCPU', 8192, 61441, 16384, 65536],
    ['8 vCPU with 17 GiB', 8192, 17000, 8192, 20480],
    ['tiny values', 1, 6, 256, 512],
    ['CPU only (memory by default)', 2048, undefined, 2048, 4096],
  ];
  it.each(rounding)('%s', (_name, cpu, memory, wantCpu, wantMemory) => {
    const ran = run(sizing, sized(cpu, memory));
    expect(ran.out.services[0]?.task).toMatchObject({ cpu: wantCpu, memory: wantMemory });
    expect(ran.pairs).toContain(`${'sizing/rounded-up'}@services.web`);
    const d = ran.diagnostics.find((x) => x.rule === 'sizing/rounded-up');
    expect(d?.severity).toBe('info');
    expect(d?.notes?.join(' ')).toMatch(/size table/);
  });

  it('says from what to what', () => {
    const ran = run(sizing, sized(300, 700));
    expect(ran.diagnostics.find((x) => x.rule === 'sizing/rounded-up')?.message).toBe(
      'Service web: its containers need 0.293 vCPU and 700 MiB; the task gets 0.5 vCPU / 1 GiB.',
    );
  });

  it('notes the platform version for 8 and 16 vCPU', () => {
    const ran = run(sizing, sized(5000, 16384));
    expect(ran.diagnostics.find((x) => x.rule === 'sizing/rounded-up')?.notes?.join(' ')).toMatch(/1\.4\.0/);
  });

  const cases: Case[] = [
    {
      name: 'a container asking for nothing gets the documented default, stated in the report',
      given: sized(undefined, undefined),
      want: [{ rule: 'sizing/default', path: 'services.web' }],
      not: ['sizing/rounded-up'],
      check: (out, ran) => {
        expect(out.services[0]?.task).toMatchObject({ cpu: DEFAULT_CPU, memory: DEFAULT_MEMORY });
        expect(ran.diagnostics[0]?.message).toBe(
          "Service web sets no CPU or memory; its task gets 0.25 vCPU / 512 MiB (ecsify's default: 256 CPU units and 512 MiB).",
        );
      },
    },
    {
      name: 'three containers asking for nothing: default per container, rounded up',
      given: app([task('web', [container('web'), container('proxy'), container('log')])]),
      want: [{ rule: 'sizing/default', path: 'services.web' }, { rule: 'sizing/rounded-up', path: 'services.web' }],
      check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 1024, memory: 2048 }),
    },
    {
      name: 'containers are summed',
      given: app([task('web', [container('a', 'x:1', { cpu: 512, memory: { limit: 1024 } }), container('b', 'y:1', { cpu: 512, memory: { limit: 1024 } })])]),
      not: ['sizing/rounded-up', 'sizing/default'],
      check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 1024, memory: 2048 }),
    },
    {
      name: 'a container that sets nothing counts the default when another sets values',
      given: app([task('web', [container('a', 'x:1', { cpu: 512 }), container('b', 'y:1', { memory: { limit: 2048 } })])]),
      // b counts 256 CPU units, a 512 MiB: 768 units / 2560 MiB → 1 vCPU / 3 GiB.
      want: [
        { rule: 'sizing/default', path: 'services.b' },
        { rule: 'sizing/default', path: 'services.a' },
        'sizing/rounded-up',
      ],
      check: (out, ran) => {
        expect(out.services[0]?.task).toMatchObject({ cpu: 1024, memory: 3072 });
        expect(ran.diagnostics.map((d) => d.message)).toContain("Container b of service web sets no CPU while other containers of the task do; it counts ecsify's default of 256 CPU units in the task size (1 vCPU / 3 GiB).");
      },
    },
    {
      name: "a sidecar's limit cannot take the whole task from a container that asked for nothing",
      given: app([task('web', [container('web', 'x:1'), container('agent', 'y:1', { cpu: 1024, memory: { limit: 2048 }, essential: false })])]),
      want: ['sizing/default', 'sizing/rounded-up'],
      check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 2048, memory: 4096 }),
    },
    {
      name: 'a task size given in the input: no defaults counted',
      given: app([withTask(task('web', [container('a', 'x:1', { cpu: 512 }), container('b', 'y:1')]), { cpu: 512, memory: 1024 })]),
      not: ['sizing/default', 'sizing/containers-exceed-task'],
      check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 512, memory: 1024 }),
    },
    {
      name: 'a reservation counts when there is no limit',
      given: app([service(container('web', 'x:1', { cpu: 256, memory: { reservation: 700 } }))]),
      want: [{ rule: 'sizing/rounded-up', path: 'services.web' }],
      check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 256, memory: 1024 }),
    },
    {
      name: 'over 16 vCPU is an error, naming the CPU as what does not fit',
      given: sized(16385, 32768),
      want: [{ rule: 'sizing/too-large', path: 'services.web' }],
      check: (out, ran) => {
        expect(out.services[0]?.task.cpu).toBeUndefined();
        expect(ran.diagnostics[0]?.message).toMatch(/the largest Fargate size has 16 vCPU and 120 GiB, so its CPU does not fit\.$/);
      },
    },
    {
      name: 'over 120 GiB is an error, naming the memory',
      given: sized(16384, 122881),
      want: [{ rule: 'sizing/too-large', path: 'services.web' }],
      check: (_out, ran) => expect(ran.diagnostics[0]?.message).toMatch(/so its memory does not fit\.$/),
    },
    {
      name: 'over both is an error naming both, in a sentence that reads',
      given: sized(32768, 245760),
      want: [{ rule: 'sizing/too-large', path: 'services.web' }],
      check: (_out, ran) => expect(ran.diagnostics[0]?.message).toMatch(/needs 32 vCPU and 240 GiB; .*, so neither its CPU nor its memory fits\.$/),
    },
    {
      name: 'Windows needs at least 1 vCPU',
      given: app([withTask(service(container('web', 'mcr.microsoft.com/windows/servercore:ltsc2022', { cpu: 256, memory: { limit: 512 } })), { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } })]),
      want: [{ rule: 'sizing/rounded-up', path: 'services.web' }],
      check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 1024, memory: 2048 }),
    },
    {
      name: 'a Windows image is sized for Windows even before its platform is set',
      given: app([service(container('web', 'mcr.microsoft.com/dotnet/framework/aspnet:4.8'))]),
      want: ['sizing/rounded-up'],
      check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 1024, memory: 2048 }),
    },
    {
      name: 'Windows above 4 vCPU is too large',
      given: app([withTask(service(container('web', 'x:1', { cpu: 8192, memory: { limit: 16384 } })), { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2019_FULL' } })]),
      want: [{ rule: 'sizing/too-large', path: 'services.web' }],
    },
    {
      name: 'a task size in the input that is not a Fargate pair is rounded up',
      given: app([withTask(service(container('web')), { cpu: 1024, memory: 3000 })]),
      want: [{ rule: 'sizing/rounded-up', path: 'services.web' }],
      not: ['sizing/default'],
      check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 1024, memory: 3072 }),
    },
    {
      name: 'containers that ask for more than the task are an error',
      given: app([withTask(service(container('web', 'x:1', { memory: { limit: 1024 } })), { cpu: 256, memory: 512 })]),
      want: [{ rule: 'sizing/containers-exceed-task', path: 'services.web' }],
    },
  ];
  it.each(cases)('$name', (c) => void check(sizing, c));

  describe('Elastic Beanstalk instance hints', () => {
    const hint = { instanceType: 't3.small', cpu: 2048, memory: 2048, origin: at('option_settings.aws:ec2:instances.InstanceTypes') };
    const hinted = (patch = {}) => ({ ...service(container('web')), sizingHint: hint, ...patch });
    const hcases: Case[] = [
      {
        name: 'a service alone on the instance gets its memory, and the CPU that memory allows',
        given: app([hinted()]),
        want: [{ rule: 'sizing/instance-hint', path: 'option_settings.aws:ec2:instances.InstanceTypes' }],
        not: ['sizing/default'],
        check: (out, ran) => {
          expect(out.services[0]?.task).toMatchObject({ cpu: 1024, memory: 2048 });
          expect(ran.diagnostics[0]?.message).toBe('Service web sets no CPU or memory; on Elastic Beanstalk it ran on t3.small (2 vCPU, 2 GiB), so its task gets 1 vCPU / 2 GiB.');
        },
      },
      {
        name: 'a small burstable instance does not inflate the task',
        given: app([{ ...hinted(), sizingHint: { instanceType: 't2.nano', cpu: 1024, memory: 512 } }]),
        check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 256, memory: 512 }),
      },
      {
        name: 'a memory-heavy instance keeps its CPU',
        given: app([{ ...hinted(), sizingHint: { instanceType: 'r5.large', cpu: 2048, memory: 16384 } }]),
        check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 2048, memory: 16384 }),
      },
      {
        name: 'services that shared the instance share it',
        given: app([hinted(), { ...service(container('worker')), sizingHint: hint }]),
        check: (out) =>
          expect(out.services.map((s) => [s.task.cpu, s.task.memory])).toEqual([
            [512, 1024],
            [512, 1024],
          ]),
      },
      {
        name: 'a huge instance is capped at the largest Fargate size',
        given: app([{ ...hinted(), sizingHint: { instanceType: 'm5.24xlarge', cpu: 96 * 1024, memory: 393216 } }]),
        not: ['sizing/too-large'],
        check: (out, ran) => {
          expect(out.services[0]?.task).toMatchObject({ cpu: 16384, memory: 122880 });
          expect(ran.diagnostics[0]?.notes?.[0]).toMatch(/largest Fargate size/);
        },
      },
      {
        name: 'a service that sets its memory only: the note says the memory share only capped the CPU',
        given: app([{ ...service(container('web', 'x:1', { memory: { reservation: 768 } })), sizingHint: { ...hint, instanceType: 't3.medium', memory: 4096 } }, { ...service(container('worker', 'x:1', { memory: { reservation: 512 } })), sizingHint: { ...hint, instanceType: 't3.medium', memory: 4096 } }]),
        check: (out, ran) => {
          // 1 vCPU (half the instance) needs 2 GiB on Fargate, though the container reserves 768 MiB.
          expect(out.services[0]?.task).toMatchObject({ cpu: 1024, memory: 2048 });
          const web = ran.diagnostics.find((d) => d.rule === 'sizing/instance-hint' && d.message.startsWith('Service web'));
          expect(web?.message).toBe('Service web sets no CPU; on Elastic Beanstalk it ran on t3.medium (2 vCPU, 4 GiB) with 1 other service, so its task gets 1 vCPU / 2 GiB.');
          expect(web?.notes).toEqual([
            'Its share of the instance is 1 vCPU and 2 GiB; ecsify counts 1 vCPU (no more than Fargate pairs with that share of memory, at most the largest Fargate size) and the memory its containers set, rounded up to a Fargate size.',
          ]);
        },
      },
      {
        name: 'a service that sets its CPU only: the note counts the memory share',
        given: app([{ ...service(container('web', 'x:1', { cpu: 256 })), sizingHint: hint }]),
        check: (out, ran) => {
          expect(out.services[0]?.task).toMatchObject({ cpu: 256, memory: 2048 });
          expect(ran.diagnostics.find((d) => d.rule === 'sizing/instance-hint')?.notes).toEqual([
            'Its share of the instance is 2 GiB of memory; ecsify counts 2 GiB (at most the largest Fargate size) and the CPU its containers set, rounded up to a Fargate size.',
          ]);
        },
      },
      {
        name: 'container sizes win over the hint',
        given: app([{ ...service(container('web', 'x:1', { cpu: 256, memory: { limit: 512 } })), sizingHint: hint }]),
        not: ['sizing/instance-hint'],
        check: (out) => expect(out.services[0]?.task).toMatchObject({ cpu: 256, memory: 512 }),
      },
    ];
    it.each(hcases)('$name', (c) => void check(sizing, c));
  });

  it('returns the same object when the size is already right', () => {
    const given = app([withTask(service(container('web', 'x:1', { cpu: 256, memory: { limit: 512 } })), { cpu: 256, memory: 512 })]);
    const frozen = deepFreeze(given);
    expect(sizing.run(frozen, { reporter: createReporter() })).toBe(frozen);
  });
});

describe('sizing pass: container memory rules (both launch types)', () => {
  const mem = (limit: number | undefined, reservation: number | undefined, launch: 'fargate' | 'ec2' = 'fargate') => {
    const memory: { limit?: number; reservation?: number; origin: ReturnType<typeof at> } = { origin: at('services.web.mem_limit') };
    if (limit !== undefined) memory.limit = limit;
    if (reservation !== undefined) memory.reservation = reservation;
    return app([service(container('web', 'x:1', { memory }), {}, launch)], { launchType: launch });
  };
  const cases: Case[] = [
    { name: 'reservation above limit', given: mem(512, 1024), want: [{ rule: 'sizing/reservation-above-limit', path: 'services.web.mem_limit' }] },
    {
      name: 'reservation equal to limit is dropped',
      given: mem(512, 512, 'ec2'),
      want: [{ rule: 'sizing/reservation-equals-limit', path: 'services.web.mem_limit' }],
      check: (out) => expect(out.services[0]?.task.containers[0]?.memory).toEqual({ limit: 512, origin: at('services.web.mem_limit') }),
    },
    { name: 'reservation below limit is fine', given: mem(1024, 512, 'ec2'), not: ['sizing/reservation-above-limit', 'sizing/reservation-equals-limit', 'ec2/memory-default'] },
    { name: 'below 6 MiB (a unit mistake)', given: mem(1, undefined), want: [{ rule: 'sizing/container-memory-too-small', path: 'services.web.mem_limit' }] },
    { name: '6 MiB is the minimum', given: mem(6, undefined, 'ec2'), not: ['sizing/container-memory-too-small'] },
    {
      name: 'the hint speaks of units in Compose, where a bare number is bytes',
      given: mem(4, undefined),
      want: ['sizing/container-memory-too-small'],
      check: (_out, ran) => expect(ran.diagnostics[0]?.hint).toContain('a bare number is bytes in Compose'),
    },
    {
      name: 'and of MiB in Dockerrun, which has no units (`"memory": 4` is 4 MiB)',
      given: { ...mem(4, undefined), source: { kind: 'eb-dockerrun-v2', files: ['Dockerrun.aws.json'] } },
      want: ['sizing/container-memory-too-small'],
      check: (_out, ran) => expect(ran.diagnostics[0]?.hint).toBe('Dockerrun.aws.json gives memory in MiB: write 512 for 512 MiB, 1024 for 1 GiB.'),
    },
  ];
  it.each(cases)('$name', (c) => void check(sizing, c));
});

describe('sizing pass: EC2', () => {
  const cases: Case[] = [
    {
      name: 'a container with no memory gets a soft limit, so the API accepts the task',
      given: app([task('web', [container('web', 'x:1', { memory: { limit: 256 } }), container('sidecar')], {}, 'ec2')], { launchType: 'ec2' }),
      want: [{ rule: 'ec2/memory-default', path: 'services.sidecar' }],
      not: [{ rule: 'ec2/memory-default', path: 'services.web' }, 'sizing/default', 'sizing/rounded-up'],
      check: (out) => {
        const [web, side] = out.services[0]?.task.containers ?? [];
        expect(web?.memory).toEqual({ limit: 256 });
        expect(side?.memory).toEqual({ reservation: EC2_DEFAULT_RESERVATION });
        expect(out.services[0]?.task.cpu).toBeUndefined();
        expect(out.services[0]?.task.memory).toBeUndefined();
      },
    },
    ...(
      [
        ['compose', 'Set `mem_reservation` (soft) and/or `mem_limit` (hard)'],
        ['eb-dockerrun-v2', 'Set `memoryReservation` (soft) and/or `memory` (hard), in MiB, on the container in Dockerrun.aws.json.'],
        ['eb-procfile', 'Change `memoryReservation` in the generated task definition'],
      ] as const
    ).map(
      ([kind, hint]): Case => ({
        name: `the memory-default hint names where ${kind} input sets memory`,
        given: app([service(container('web'), {}, 'ec2')], { launchType: 'ec2' }, { source: { kind, files: [] } }),
        want: ['ec2/memory-default'],
        check: (_out, ran) => expect(ran.diagnostics.find((d) => d.rule === 'ec2/memory-default')?.hint).toContain(hint),
      }),
    ),
    ...(
      [
        ['compose', 'Set `deploy.resources.limits` (cpus, memory)'],
        ['eb-dockerrun-v2', 'Set `cpu` (units) and `memory` (MiB) on the containers in Dockerrun.aws.json'],
        ['eb-procfile', 'Name the instance type EB ran on (aws:ec2:instances InstanceTypes in .ebextensions)'],
        ['eb-live', 'Change `cpu` and `memory` in the generated task definition'],
      ] as const
    ).map(
      ([kind, hint]): Case => ({
        name: `the sizing/default hint names where ${kind} input sets sizes`,
        given: app([service(container('web'))], {}, { source: { kind, files: [] } }),
        want: ['sizing/default'],
        check: (_out, ran) => expect(ran.diagnostics.find((d) => d.rule === 'sizing/default')?.hint).toContain(hint),
      }),
    ),
    {
      name: 'with a task memory, containers may go without',
      given: app([withTask(service(container('web'), {}, 'ec2'), { memory: 1024 })], { launchType: 'ec2' }),
      not: ['ec2/memory-default'],
    },
    {
      name: 'container sums above the task memory',
      given: app([task('web', [container('a', 'x:1', { memory: { limit: 768 } }), container('b', 'x:1', { memory: { reservation: 512 } })], { origin: at('services.web') }, 'ec2')].map((s) => withTask(s, { memory: 1024 })), { launchType: 'ec2' }),
      want: [{ rule: 'sizing/containers-exceed-task', path: 'services.web' }],
    },
    {
      name: 'container CPU above the task CPU',
      given: app([withTask(task('web', [container('a', 'x:1', { cpu: 512, memory: { limit: 64 } }), container('b', 'x:1', { cpu: 256, memory: { limit: 64 } })], {}, 'ec2'), { cpu: 512 })], { launchType: 'ec2' }),
      want: [{ rule: 'sizing/containers-exceed-task', path: 'services.web' }],
    },
  ];
  it.each(cases)('$name', (c) => void check(sizing, c));
});
