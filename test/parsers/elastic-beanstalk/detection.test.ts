/** Which app definition is read, and how the decision is explained (app.source). */
import { describe, expect, it } from 'vitest';
import { classifyPlatform, platformHint } from '../../../src/parsers/elastic-beanstalk/platform.js';
import { dockerrun, loadEb, ofRule } from './helpers.js';

const V1 = dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'nginx:1.25' }, Ports: [{ ContainerPort: '80' }] });
const V2 = dockerrun({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ name: 'web', image: 'shop:1', memory: 256, portMappings: [{ hostPort: 80, containerPort: 3000 }] }] });
const V3 = dockerrun({ AWSEBDockerrunVersion: '3', Authentication: { bucket: 'creds', key: 'docker.json' } });
const COMPOSE = 'services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "80:80"\n';
const cfg = (platform: string): string => `global:\n  application_name: shop\n  default_platform: ${platform}\n`;

describe('detection', () => {
  const table: { name: string; files: Record<string, string>; kind: string | undefined; platform?: string; ambiguous?: boolean; detection?: RegExp }[] = [
    { name: 'Dockerrun v1', files: { 'Dockerrun.aws.json': V1 }, kind: 'eb-dockerrun-v1', platform: 'docker', detection: /version 1/ },
    { name: 'Dockerfile only', files: { Dockerfile: 'FROM nginx\nEXPOSE 8080\n', '.ebextensions/a.config': 'option_settings: {}\n' }, kind: 'eb-dockerrun-v1' },
    { name: 'Dockerrun v2', files: { 'Dockerrun.aws.json': V2 }, kind: 'eb-dockerrun-v2', platform: 'ecs', detection: /only works there/ },
    { name: 'compose + v3', files: { 'docker-compose.yml': COMPOSE, 'Dockerrun.aws.json': V3 }, kind: 'eb-docker-compose' },
    { name: 'compose + EB config', files: { 'docker-compose.yml': COMPOSE, '.ebextensions/a.config': 'option_settings: {}\n' }, kind: 'eb-docker-compose' },
    { name: 'v2 beats compose without a platform', files: { 'Dockerrun.aws.json': V2, 'docker-compose.yml': COMPOSE }, kind: 'eb-dockerrun-v2', ambiguous: true },
    { name: 'compose beats v1 without a platform', files: { 'Dockerrun.aws.json': V1, 'docker-compose.yml': COMPOSE }, kind: 'eb-docker-compose', ambiguous: true },
    { name: 'v1 beats Procfile without a platform', files: { 'Dockerrun.aws.json': V1, Procfile: 'web: npm start\n' }, kind: 'eb-dockerrun-v1', ambiguous: true },
    { name: 'Docker platform named: compose wins over v1', files: { '.elasticbeanstalk/config.yml': cfg('Docker running on 64bit Amazon Linux 2023'), 'Dockerrun.aws.json': V1, 'docker-compose.yml': COMPOSE }, kind: 'eb-docker-compose', platform: 'docker-al2023', ambiguous: true },
    { name: 'AL1 Docker platform named: v1 (no compose support)', files: { '.elasticbeanstalk/config.yml': cfg('arn:aws:elasticbeanstalk:us-east-1::platform/Docker running on 64bit Amazon Linux/2.16.0'), 'Dockerrun.aws.json': V1, 'docker-compose.yml': COMPOSE }, kind: 'eb-dockerrun-v1', platform: 'docker-al1' },
    { name: 'ECS platform named', files: { '.elasticbeanstalk/config.yml': cfg('ECS running on 64bit Amazon Linux 2023'), 'Dockerrun.aws.json': V2, Procfile: 'web: x\n' }, kind: 'eb-dockerrun-v2', platform: 'ecs-al2023', ambiguous: true },
    { name: 'language platform named: Procfile wins over Docker files', files: { '.elasticbeanstalk/config.yml': cfg('Ruby 3.2 running on 64bit Amazon Linux 2023'), 'Dockerrun.aws.json': V1, Procfile: 'web: bundle exec puma\n' }, kind: 'eb-procfile', platform: 'ruby-3.2', ambiguous: true },
    { name: 'platform from env.yaml', files: { 'env.yaml': 'AWSConfigurationTemplateVersion: 1.1.0.0\nSolutionStack: 64bit Amazon Linux 2023 v4.0.4 running Go 1\n', Procfile: 'web: bin/server\n' }, kind: 'eb-procfile', platform: 'go-1' },
    { name: 'language guessed from Gemfile', files: { Procfile: 'web: bundle exec puma\n', Gemfile: "source 'https://rubygems.org'\nruby '3.3.1'\n" }, kind: 'eb-procfile', platform: 'ruby-3.3', detection: /guessed from Gemfile/ },
    { name: 'language guessed from package.json engines', files: { Procfile: 'web: node server.js\n', 'package.json': '{"engines": {"node": ">=20"}}' }, kind: 'eb-procfile', platform: 'nodejs-20' },
    { name: 'language platform without a Procfile', files: { '.elasticbeanstalk/config.yml': cfg('Python 3.12 running on 64bit Amazon Linux 2023'), 'application.py': 'app = None\n' }, kind: 'eb-procfile', platform: 'python-3.12', detection: /default process/ },
    { name: 'v3 alone defines nothing', files: { 'Dockerrun.aws.json': V3 }, kind: undefined },
    { name: 'EB files without an app', files: { '.platform/hooks/prebuild/a.sh': '#!/bin/sh\n' }, kind: undefined },
  ];
  for (const t of table) {
    it(t.name, async () => {
      const l = await loadEb(t.files);
      expect(l.app?.source.kind).toBe(t.kind);
      if (t.platform) expect(l.app?.source.platform).toBe(t.platform);
      if (t.detection) expect(l.app?.source.detection).toMatch(t.detection);
      expect(l.rules.includes('eb/ambiguous-bundle')).toBe(t.ambiguous === true);
      if (!t.kind) expect(l.rules).toContain('eb/no-app-definition');
    });
  }

  it('explains the ambiguity with what EB would use', async () => {
    const l = await loadEb({ 'Dockerrun.aws.json': V2, 'docker-compose.yml': COMPOSE });
    const d = ofRule(l, 'eb/ambiguous-bundle')[0];
    expect(d?.message).toBe('The bundle has Dockerrun.aws.json and docker-compose.yml; ecsify reads Dockerrun.aws.json.');
    expect(d?.hint).toMatch(/only works on the ECS \(multi-container\) platform/);
    expect(d?.hint).toMatch(/default_platform/);
  });

  it('points at sub-folders that look like bundles', async () => {
    const l = await loadEb({ 'environments/prod/Dockerrun.aws.json': V1, 'environments/prod/Procfile': 'web: x\n', '.ebignore': '' });
    expect(ofRule(l, 'eb/no-app-definition')[0]?.hint).toMatch(/environments\/prod\//);
  });

  it('leaves out files that .ebignore excludes', async () => {
    const l = await loadEb({ '.ebignore': '/Dockerrun.aws.json\n', 'Dockerrun.aws.json': V2, Procfile: 'web: node a.js\n', 'package.json': '{}' });
    expect(l.app?.source.kind).toBe('eb-procfile');
    expect(ofRule(l, 'eb/ebignore')[0]?.message).toMatch(/Dockerrun.aws.json/);
  });

  it('uses the application name and Region of the EB CLI config, and -p over both', async () => {
    const files = { '.elasticbeanstalk/config.yml': 'global:\n  application_name: My Shop\n  default_region: eu-west-3\n', 'Dockerrun.aws.json': V1 };
    const l = await loadEb(files);
    expect(l.app?.name).toBe('my-shop');
    expect(l.app?.settings.region).toBe('eu-west-3');
    expect((await loadEb(files, { projectName: 'other' })).app?.name).toBe('other');
  });
});

describe('platform names', () => {
  const table: [string, string | undefined][] = [
    ['arn:aws:elasticbeanstalk:eu-west-3::platform/Node.js 14 running on 64bit Amazon Linux 2/5.4.9', 'nodejs-14'],
    ['Python 3.7 running on 64bit Amazon Linux 2', 'python-3.7'],
    ['64bit Amazon Linux 2023 v4.3.0 running Docker', 'docker-al2023'],
    ['64bit Amazon Linux 2018.03 v2.26.4 running Multi-container Docker 19.03.13-ce (Generic)', 'multicontainer-docker-al1'],
    ['64bit Amazon Linux 2018.03 v2.16.0 running Docker 19.03.13-ce', 'docker-al1'],
    ['Multi-container Docker 17.12.1-ce (Generic)', 'multicontainer-docker'],
    ['ECS running on 64bit Amazon Linux 2', 'ecs-al2'],
    ['64bit Amazon Linux 2023 v4.3.0 running ECS', 'ecs-al2023'],
    ['Tomcat 8 Java 8', 'tomcat-8'],
    ['Corretto 21 running on 64bit Amazon Linux 2023/4.4.2', 'java-se-21'],
    ['64bit Amazon Linux 2015.09 v2.0.4 running Java 8', 'java-se-8'],
    ['64bit Amazon Linux 2023 v3.5.5 running .NET 8', 'dotnet-8'],
    ['Go 1 running on 64bit Amazon Linux 2023', 'go-1'],
    ['PHP 8.4 running on 64bit Amazon Linux 2023', 'php-8.4'],
    ['64bit Windows Server 2022 v2.14.0 running IIS 10.0', 'windows'],
    ['ruby-3.2', 'ruby-3.2'],
    ['node.js-18', 'nodejs-18'],
    ['docker', 'docker'],
    ['Something else', undefined],
  ];
  for (const [text, hint] of table) {
    it(`${text} → ${String(hint)}`, () => {
      const p = classifyPlatform(text, 'x');
      expect(p ? platformHint(p) : undefined).toBe(hint);
    });
  }
});
