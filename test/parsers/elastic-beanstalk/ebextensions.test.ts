/** .ebextensions: the three option_settings forms, file order, intrinsics, other sections. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EnvVar } from '../../../src/ir/types.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/fs-tree.js';
import { dockerrun, loadEb, ofRule, writeTree } from './helpers.js';

const V1 = dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'nginx:1.25' }, Ports: [{ ContainerPort: '80' }] });
const envOf = (vars: EnvVar[] | undefined): Record<string, string> =>
  Object.fromEntries((vars ?? []).map((v) => [v.name, 'value' in v ? v.value : 'secret' in v ? `secret:${v.secret.secret}` : v.template]));

describe('.ebextensions', () => {
  it('reads the shorthand, list (with and without namespace) and JSON forms', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V1,
      '.ebextensions/01-map.config': 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    A: map\n    N: 3\n',
      '.ebextensions/02-list.config': 'option_settings:\n  - namespace: aws:elasticbeanstalk:application:environment\n    option_name: B\n    value: list\n  - option_name: C\n    value: no-namespace\n',
      '.ebextensions/03-json.config': '{"option_settings": [{"namespace": "aws:elasticbeanstalk:application:environment", "option_name": "D", "value": "json"}]}',
    });
    expect(envOf(l.app?.services[0]?.task.containers[0]?.environment)).toEqual({ A: 'map', N: '3', B: 'list', C: 'no-namespace', D: 'json' });
    expect(l.app?.source.files).toEqual(['.ebextensions/01-map.config', '.ebextensions/02-list.config', '.ebextensions/03-json.config', 'Dockerrun.aws.json']);
  });

  it('applies files in name order (a later file wins) and ranks env.yaml above them', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V1,
      '.ebextensions/b.config': 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    X: from-b\n    Y: from-b\n',
      '.ebextensions/a.config': 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    X: from-a\n    Z: from-a\n',
      'env.yaml': 'AWSConfigurationTemplateVersion: 1.1.0.0\nOptionSettings:\n  aws:elasticbeanstalk:application:environment:\n    Z: from-env-yaml\n',
    });
    expect(envOf(l.app?.services[0]?.task.containers[0]?.environment)).toEqual({ X: 'from-b', Z: 'from-env-yaml', Y: 'from-b' });
  });

  it('resolves Fn::GetOptionSetting and reports other CloudFormation functions', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V1,
      '.ebextensions/01.config': [
        'option_settings:',
        '  aws:elasticbeanstalk:customoption:',
        '    Stage: prod',
        '  aws:elasticbeanstalk:application:environment:',
        '    STAGE: \'`{"Fn::GetOptionSetting": {"OptionName": "Stage", "DefaultValue": "dev"}}`\'',
        '    REGION_NAME: \'`{"Fn::GetOptionSetting": {"OptionName": "Missing", "DefaultValue": "eu-west-1"}}`\'',
        '    QUEUE: !Ref JobsQueue',
        '    TABLE:',
        '      Fn::GetAtt: [Table, Arn]',
        '    LB: \'`{"Ref": "AWSEBV2LoadBalancer"}`\'',
        'Resources:',
        '  JobsQueue:',
        '    Type: AWS::SQS::Queue',
        '  Listener:',
        '    Type: AWS::ElasticLoadBalancingV2::Listener',
        '    Properties:',
        '      LoadBalancerArn: {Ref: AWSEBV2LoadBalancer}',
        '',
      ].join('\n'),
    });
    expect(envOf(l.app?.services[0]?.task.containers[0]?.environment)).toEqual({ STAGE: 'prod', REGION_NAME: 'eu-west-1' });
    expect(ofRule(l, 'eb/intrinsic-value').map((d) => d.message.split(' is ')[0])).toEqual(['Environment property QUEUE', 'Environment property TABLE', 'Environment property LB']);
    const cfn = ofRule(l, 'eb/cloudformation-section')[0];
    expect(cfn?.message).toMatch(/JobsQueue \(AWS::SQS::Queue\) and Listener/);
    expect(cfn?.notes?.[0]).toMatch(/AWSEBV2LoadBalancer/);
  });

  it('names the first eight resources a config adds and counts the rest', async () => {
    const queues = Array.from({ length: 12 }, (_, i) => `  Q${i}:\n    Type: AWS::SQS::Queue\n`).join('');
    const l = await loadEb({ 'Dockerrun.aws.json': V1, '.ebextensions/01.config': `Resources:\n${queues}Outputs:\n${Array.from({ length: 9 }, (_, i) => `  O${i}: {Value: x}\n`).join('')}` });
    const [resources, outputs] = ofRule(l, 'eb/cloudformation-section').map((d) => d.message);
    expect(resources).toBe(".ebextensions/01.config adds 12 CloudFormation resources to EB's stack: Q0 (AWS::SQS::Queue), Q1 (AWS::SQS::Queue), Q2 (AWS::SQS::Queue), Q3 (AWS::SQS::Queue), Q4 (AWS::SQS::Queue), Q5 (AWS::SQS::Queue), Q6 (AWS::SQS::Queue), Q7 (AWS::SQS::Queue) and 4 more.");
    expect(outputs).toBe(".ebextensions/01.config adds CloudFormation Outputs (O0, O1, O2, O3, O4, O5 and 3 more) to EB's stack.");
  });

  it('skips files EB skips: unknown sections, wrong names, sub-folders', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V1,
      '.ebextensions/01.config': 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    KEPT: yes\n',
      '.ebextensions/02.config': 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    SKIPPED: yes\ncontainer_command:\n  x:\n    command: true\n',
      '.ebextensions/03.config.bak': 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    BAK: yes\n',
      '.ebextensions/inactive/04.config': 'option_settings: {}\n',
      '.ebextensions/05.config': 'option_settings:\n\t- bad tab\n',
    });
    expect(envOf(l.app?.services[0]?.task.containers[0]?.environment)).toEqual({ KEPT: 'yes' });
    const skipped = ofRule(l, 'eb/config-file').map((d) => d.message);
    expect(skipped[0]).toMatch(/unknown section `container_command`, so EB skips the whole file/);
    expect(ofRule(l, 'eb/config-file')[0]?.hint).toMatch(/Did you mean `container_commands`/);
    expect(skipped.some((m) => /03.config.bak/.test(m))).toBe(true);
    expect(skipped.some((m) => /inactive/.test(m))).toBe(true);
    expect(l.rules).toContain('yaml/syntax');
  });

  it('masks the secrets of what it reports but does not read: instance sections, files EB skips', async () => {
    // Each secret sits on the line above a reported key, which that report's code frame shows.
    const root = tempDir('ecsify-ebext-unread-');
    writeTree(root, {
      'Dockerrun.aws.json': V1,
      '.ebextensions/01.config': [
        'container_commands:',
        '  01_migrate:',
        '    command: mysql -u root -pcanary-cc-pw-2 app',
        '  02_seed:',
        '    command: echo seeded',
        '    env:',
        '      ADMIN_PASSWORD: canary-env-pw-3',
        'files:',
        '  "/etc/app/secrets.env":',
        '    content: |',
        '      API_TOKEN=tok-canary-files-1',
        'commands:',
        '  01_tune:',
        '    command: mysql -u root -pcanary-cmd-pw-4 app',
        'Resources:',
        '  Db:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      MasterUserPassword: canary-cfn-pw-5',
        'services: {}',
        '',
      ].join('\n'),
      // An unknown section: EB skips the whole file, so its variables are never read.
      '.ebextensions/02.config': 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    SECRET_KEY_BASE: canary-skipped-6\ncontainer_command: {}\n',
    });
    try {
      const r = await runCli(['lint', '.'], { cwd: root });
      // Reported: the container commands (2, 4), files (8), commands (12), Resources (15),
      // services (20), and the skipped file's unknown section (4).
      const shown = [
        '   3 |     command: mysql -u root -p**** app',
        '   7 |       ADMIN_PASSWORD: ****',
        '   11 |       API_TOKEN=****',
        '   14 |     command: mysql -u root -p**** app',
        '   19 |       MasterUserPassword: ****',
        '   3 |     SECRET_KEY_BASE: ****',
      ];
      for (const line of shown) {
        expect(r.stdout).toContain(line);
      }
      expect(r.stdout + r.stderr).not.toContain('canary');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports instance sections with what to do instead, and notices hook-started workers', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V1,
      '.ebextensions/01.config': [
        'packages:',
        '  yum:',
        '    ImageMagick: []',
        'files:',
        '  /opt/elasticbeanstalk/hooks/appdeploy/post/50_restart_sidekiq.sh:',
        '    mode: "000755"',
        '    content: |',
        '      #!/bin/bash',
        '      bundle exec sidekiq -d',
        'commands:',
        '  01_swap:',
        '    command: dd if=/dev/zero of=/swap bs=1M count=1024',
        'services:',
        '  sysvinit:',
        '    nginx: {enabled: true}',
        'users:',
        '  app: {}',
        '',
      ].join('\n'),
    });
    const msgs = ofRule(l, 'eb/instance-section');
    expect(msgs.map((d) => d.message)).toEqual([
      '.ebextensions/01.config installs packages on every instance (yum:ImageMagick).',
      '.ebextensions/01.config writes 1 file on every instance (/opt/elasticbeanstalk/hooks/appdeploy/post/50_restart_sidekiq.sh).',
      '.ebextensions/01.config runs 1 command on every instance before the app is unpacked (01_swap).',
      '.ebextensions/01.config manages system services on every instance (sysvinit).',
      '.ebextensions/01.config creates users on every instance (app).',
    ]);
    expect(msgs[1]?.notes?.join(' ')).toMatch(/start `sidekiq` on the instance/);
  });

  it('says of each platform hook what EB did with it and what to do on ECS', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V1,
      '.platform/hooks/predeploy/01_migrate.sh': '#!/bin/sh\n',
      '.platform/confighooks/prebuild/01.sh': '#!/bin/sh\n',
      '.platform/hooks/other/01.sh': '#!/bin/sh\n',
    });
    expect(ofRule(l, 'eb/platform-hook').map((d) => [d.origin?.file, d.hint])).toEqual([
      ['.platform/confighooks/prebuild/01.sh', 'It prepared the instance before the app was built; on ECS, do this in the Dockerfile.'],
      ['.platform/hooks/other/01.sh', 'ECS has no deployment hooks: move the work into the image build, or into a one-off task.'],
      ['.platform/hooks/predeploy/01_migrate.sh', 'It ran before the new version went live; on ECS, put it in the image build, or in a one-off task before the deploy if it changes shared state.'],
    ]);
  });

  it('turns leader-only container commands into jobs and reports the others', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': dockerrun({
        AWSEBDockerrunVersion: 2,
        containerDefinitions: [
          { name: 'web', image: 'acme/shop:7', memory: 256, portMappings: [{ hostPort: 80, containerPort: 3000 }] },
          { name: 'admin', image: 'acme/admin:7', memory: 128, portMappings: [{ hostPort: 8080, containerPort: 8080 }] },
        ],
      }),
      '.ebextensions/01.config': [
        'container_commands:',
        '  02_seed:',
        '    command: docker exec admin rake db:seed',
        '    leader_only: "true"',
        '  01_migrate:',
        '    command: docker run --rm -e RAILS_ENV=production acme/shop:latest bundle exec rails db:migrate',
        '    leader_only: true',
        '  03_chmod:',
        '    command: chmod -R 755 /var/app/current/public',
        '  04_shell:',
        '    command: rake cache:clear && rake cache:warm',
        '    leader_only: true',
        '    cwd: /var/app/staging',
        '    ignoreErrors: true',
        '  05_staging:',
        '    command: cd /var/app/staging && bundle exec rails db:migrate',
        '    leader_only: true',
        '',
      ].join('\n'),
    });
    expect(l.app?.jobs.map((j) => [j.name, j.service, j.container, j.command, j.beforeDeploy])).toEqual([
      ['01_migrate', 'web', 'web', ['bundle', 'exec', 'rails', 'db:migrate'], true],
      ['02_seed', 'web', 'admin', ['rake', 'db:seed'], true],
      ['04_shell', 'web', 'web', ['sh', '-c', 'rake cache:clear && rake cache:warm'], true],
      ['05_staging', 'web', 'web', ['sh', '-c', 'cd /var/app/staging && bundle exec rails db:migrate'], true],
    ]);
    // The job would cd into a folder the image does not have; the non-leader 03_chmod is not a job.
    expect(ofRule(l, 'eb/eb-host-path').map((d) => [d.message, d.origin?.line])).toEqual([['Leader-only command `05_staging` uses /var/app/staging, a path that exists only on EB instances.', 15]]);
    expect(ofRule(l, 'eb/container-command')[0]?.hint).toMatch(/Dockerfile/);
    const shell = ofRule(l, 'eb/leader-only-job')[2];
    expect(shell?.notes).toEqual(expect.arrayContaining([expect.stringMatching(/ran in \/var\/app\/staging/), expect.stringMatching(/ignored its failures/)]));
  });

  it('reads option names and values of every type without crashing on nonsense', async () => {
    const l = await loadEb({
      'Dockerrun.aws.json': V1,
      '.ebextensions/01.config': 'option_settings:\n  - "just a string"\n  - namespace: aws:autoscaling:asg\n  - Namespace: aws:autoscaling:asg\n    OptionName: MinSize\n    Value: 2\n',
      '.ebextensions/04.config': 'option_settings:\n  aws:autoscaling:asg: 1\n',
      '.ebextensions/02.config': 'option_settings: 12\n',
      '.ebextensions/03.config': '- a list\n',
    });
    expect(l.app?.services[0]?.scaling?.min).toBe(2);
    expect(ofRule(l, 'eb/unknown-key').length).toBeGreaterThanOrEqual(3);
    expect(ofRule(l, 'eb/config-file').length).toBeGreaterThanOrEqual(3);
  });
});
