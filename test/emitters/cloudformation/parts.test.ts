/** Unit tables for the emitter's building blocks: logical ids, casing, serialisation, overlay. */
import { describe, expect, it } from 'vitest';
import { apiToCloudFormation } from '../../../src/emitters/cloudformation/casing.js';
import { base64, getAtt, iff, NO_VALUE, ref, sub, subLiteral, toLongForm } from '../../../src/emitters/cloudformation/intrinsics.js';
import { baseNames, LogicalIds, pascalCase, shortHash } from '../../../src/emitters/cloudformation/logical-ids.js';
import { mergeOverlay } from '../../../src/emitters/cloudformation/overlay.js';
import { toJson, toYaml } from '../../../src/emitters/cloudformation/serialize.js';
import { callerIndex, discoveryNames } from '../../../src/emitters/cloudformation/service-connect.js';
import type { Service } from '../../../src/ir/types.js';
import { parseTemplate } from '../../support/cfn-spec/parse.js';
import { app, container, service } from './support.js';

describe('logical ids', () => {
  it.each([
    ['web', 'Web'],
    ['web-api', 'WebApi'],
    ['my_db2', 'MyDb2'],
    ['webApp', 'WebApp'],
    ['API', 'API'],
    ['3d-render', '3dRender'],
    ['café', 'Caf'],
    ['---', ''],
  ])('pascalCase(%j) = %j', (name, id) => {
    expect(pascalCase(name)).toBe(id);
  });

  it('caps long names and keeps them distinct with a hash', () => {
    const a = pascalCase('a'.repeat(100) + '-one');
    const b = pascalCase('a'.repeat(100) + '-two');
    expect(a.length).toBe(64);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('gives names that collide a suffix; the name that sorts first keeps the plain id, whatever the order', () => {
    const one = baseNames(['web_api', 'web-api', 'webApi', '***'], 'Service');
    const two = baseNames(['***', 'webApi', 'web-api', 'web_api'], 'Service');
    expect(one).toEqual(two);
    expect(one.get('web-api')).toBe('WebApi');
    expect(one.get('web_api')).toBe(`WebApi${shortHash('web_api')}`);
    expect(one.get('webApi')).toBe(`WebApi${shortHash('webApi')}`);
    expect(one.get('***')).toBe(`Service${shortHash('***')}`);
    expect(new Set(one.values()).size).toBe(4);
  });

  it('keeps a suffix tied to its name, but adding a colliding name that sorts first renames the existing one (documented limit)', () => {
    expect(baseNames(['web_app'], 'Service').get('web_app')).toBe('WebApp');
    const both = baseNames(['web_app', 'web-app'], 'Service');
    expect(both.get('web-app')).toBe('WebApp');
    expect(both.get('web_app')).toBe(`WebApp${shortHash('web_app')}`);
    // A name that sorts after the existing one leaves it alone.
    expect(baseNames(['web-app', 'web_app'], 'Service').get('web-app')).toBe(baseNames(['web-app'], 'Service').get('web-app'));
  });

  it('claims ids once; a second claim of the same id gets a stable suffix', () => {
    const ids = new LogicalIds();
    expect(ids.claim('WebService', 'a')).toBe('WebService');
    const second = ids.claim('WebService', 'b');
    expect(second).toBe(`WebService${shortHash('b')}`);
    expect(() => ids.claim('web-service')).toThrow(/not alphanumeric/);
  });
});

describe('API to CloudFormation casing', () => {
  it('upper-cases property names, with the documented exceptions, and keeps map keys', () => {
    const out = apiToCloudFormation({
      family: 'f',
      volumes: [{ name: 'v', efsVolumeConfiguration: { fileSystemId: 'fs-1', authorizationConfig: { iam: 'ENABLED', accessPointId: 'fsap-1' } } }],
      proxyConfiguration: { type: 'APPMESH', properties: [{ name: 'AppPorts', value: '80' }] },
      containerDefinitions: [
        {
          name: 'web',
          dockerLabels: { 'com.example.team': 'a' },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': ref('LogGroup') } },
        },
      ],
      ephemeralStorage: { sizeInGiB: 30 },
    });
    expect(out).toEqual({
      Family: 'f',
      Volumes: [{ Name: 'v', EFSVolumeConfiguration: { FilesystemId: 'fs-1', AuthorizationConfig: { IAM: 'ENABLED', AccessPointId: 'fsap-1' } } }],
      ProxyConfiguration: { Type: 'APPMESH', ProxyConfigurationProperties: [{ Name: 'AppPorts', Value: '80' }] },
      ContainerDefinitions: [
        {
          Name: 'web',
          DockerLabels: { 'com.example.team': 'a' },
          LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': ref('LogGroup') } },
        },
      ],
      EphemeralStorage: { SizeInGiB: 30 },
    });
  });
});

describe('callers of a service', () => {
  it('lists the other services that call it, in app order, each once', () => {
    const a = app('shop');
    const names = ['web', 'worker', 'redis', 'cron'];
    a.services = names.map((n) => service(a, n, [container(n, 'nginx:1')]));
    const [web, worker, redis, cron] = a.services as [Service, Service, Service, Service];
    web.calls = ['redis', 'worker', 'redis'];
    worker.calls = ['redis'];
    redis.calls = ['redis'];
    cron.calls = ['web', 'redis'];
    const callers = callerIndex(a);
    expect(callers(redis).map((s) => s.name)).toEqual(['web', 'worker', 'cron']);
    expect(callers(worker).map((s) => s.name)).toEqual(['web']);
    expect(callers(web).map((s) => s.name)).toEqual(['cron']);
    expect(callers(cron)).toEqual([]);
  });
});

describe('serialisation', () => {
  const template = {
    A: ref('X'),
    B: getAtt('Res', 'Endpoint.Address'),
    C: sub('${X}-${!Literal}'),
    D: sub('${V}', { V: ref('Y') }),
    E: iff('Cond', NO_VALUE, [1, 2]),
    F: base64(sub('#!/bin/bash\necho ${X}\n')),
    G: 'on',
  };

  it('writes short tags, long form where two tags would meet, and reads back the same', () => {
    const yaml = toYaml(template, ['header line']);
    expect(yaml).toBe(
      [
        '# header line',
        'A: !Ref X',
        'B: !GetAtt Res.Endpoint.Address',
        'C: !Sub ${X}-${!Literal}',
        'D: !Sub',
        "  - ${V}",
        '  - V: !Ref Y',
        'E: !If',
        '  - Cond',
        '  - !Ref AWS::NoValue',
        '  - - 1',
        '    - 2',
        'F:',
        '  Fn::Base64: !Sub |',
        '    #!/bin/bash',
        '    echo ${X}',
        "G: 'on'",
        '',
      ].join('\n'),
    );
    expect(parseTemplate(yaml, 'yaml')).toEqual(toLongForm(template));
    expect(JSON.parse(toJson(template))).toEqual(toLongForm(template));
  });

  it('strips line breaks from header lines', () => {
    expect(toYaml({ A: 1 }, ['from a\nb'])).toBe('# from a b\nA: 1\n');
  });

  it('escapes ${ in literal Sub text', () => {
    expect(subLiteral('a ${b} $c')).toBe('a ${!b} $c');
  });
});

describe('x-aws-cloudformation overlay', () => {
  it('merges maps, replaces everything else, deletes on null, and treats function calls as values', () => {
    const base = { Resources: { A: { Type: 'T', Properties: { P: 1, Q: [1, 2], R: ref('X'), S: 'keep' } } } };
    const overlay = { Resources: { A: { Properties: { P: 2, Q: [3], R: { Ref: 'Y' }, S: null, T: { Fn_not: 1 } } }, B: { Type: 'U' } } };
    expect(mergeOverlay(base, overlay)).toEqual({
      Resources: {
        A: { Type: 'T', Properties: { P: 2, Q: [3], R: { Ref: 'Y' }, T: { Fn_not: 1 } } },
        B: { Type: 'U' },
      },
    });
    // A long-form call in the overlay replaces a generated map instead of merging into it.
    expect(mergeOverlay({ V: { A: 1 } }, { V: { 'Fn::Sub': 'x' } })).toEqual({ V: { 'Fn::Sub': 'x' } });
  });
});

describe('Service Connect discovery names', () => {
  const svc = (name: string, ports: number[]) => ({
    name,
    task: { containers: [{ name, ports: ports.map((containerPort) => ({ containerPort, protocol: 'tcp', name: `${name}-${containerPort}` })) }] },
  }) as unknown as Service;

  it('are unique in the namespace, ignoring case, whatever the order', () => {
    const services = [svc('db', [5432, 8080]), svc('db-8080', [80])];
    const want = new Map([
      ['db', ['db', 'db-8080-2']],
      ['db-8080', ['db-8080']],
    ]);
    expect(discoveryNames(services)).toEqual(want);
    expect(discoveryNames([...services].reverse())).toEqual(new Map([...want].reverse()));
  });

  it('keep the port suffix within the 64-character limit', () => {
    const long = 'a'.repeat(70);
    const names = discoveryNames([svc(long, [80, 8080]), svc(`${'a'.repeat(59)}-8080`, [80])]).get(long) as string[];
    expect(names).toEqual(['a'.repeat(64), `${'a'.repeat(57)}-8080-2`]);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(64);
  });
});
