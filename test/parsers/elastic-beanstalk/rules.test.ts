/**
 * Every rule of the EB front end, raised by the smallest bundle that shows it: a table of
 * `{rule, files}`. The other test files check the details of each mapping.
 */
import { describe, expect, it } from 'vitest';
import { writeZip } from '../../support/zip-writer.js';
import { dockerrun, loadEb } from './helpers.js';

const V1 = dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'nginx:1.25' }, Ports: [{ ContainerPort: '80' }] });
const config = (yaml: string): Record<string, string> => ({ 'Dockerrun.aws.json': V1, '.ebextensions/01.config': yaml });
const v2 = (containers: unknown[], extra: Record<string, unknown> = {}): string => dockerrun({ AWSEBDockerrunVersion: 2, containerDefinitions: containers, ...extra });
const WEB = { name: 'web', image: 'shop:1', memory: 256, portMappings: [{ hostPort: 80, containerPort: 3000 }] };

interface Case {
  rule: string;
  files: Record<string, string | Buffer>;
  input?: string;
}

const cases: Case[] = [
  { rule: 'eb/ambiguous-bundle', files: { 'Dockerrun.aws.json': v2([WEB]), 'docker-compose.yml': 'services:\n  web:\n    image: shop:1\n' } },
  { rule: 'eb/no-app-definition', files: { '.ebextensions/01.config': 'option_settings: {}\n' } },
  { rule: 'eb/unsupported-platform', files: { '.elasticbeanstalk/config.yml': 'global:\n  default_platform: Tomcat 10 Corretto 17 running on 64bit Amazon Linux 2023\n', 'ROOT.war': 'x' } },
  { rule: 'eb/bundle-layout', files: { 'Dockerrun.aws.json.template': V1 } },
  { rule: 'eb/zip-invalid', files: { 'app.zip': 'this is not a zip file at all' }, input: 'app.zip' },
  { rule: 'eb/zip-unsafe-entry', files: { 'app.zip': writeZip([{ name: '../evil.sh', data: 'x' }, { name: 'Dockerrun.aws.json', data: V1 }]) }, input: 'app.zip' },
  {
    rule: 'eb/zip-limit',
    files: { 'app.zip': writeZip([{ name: 'Dockerrun.aws.json', data: V1 + ' '.repeat(5 * 1024 * 1024) }]) },
    input: 'app.zip',
  },
  { rule: 'eb/ebignore', files: { '.ebignore': 'docker-compose.yml\n', 'docker-compose.yml': 'services: {}\n', Procfile: 'web: node server.js\n', 'package.json': '{}' } },
  { rule: 'eb/deploy-artifact', files: { '.elasticbeanstalk/config.yml': 'deploy:\n  artifact: build/app.zip\n', Procfile: 'web: node server.js\n' } },
  { rule: 'eb/dockerrun-invalid', files: { 'Dockerrun.aws.json': '{"AWSEBDockerrunVersion": "1", "Image": {"Name": "nginx"}, "Ports": [{"ContainerPort": PORT}]}' } },
  { rule: 'eb/dockerrun-version', files: { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: 1, containerDefinitions: [WEB] }) } },
  { rule: 'eb/unknown-key', files: { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: 2, containerDefintions: [WEB] }) } },
  { rule: 'eb/invalid-value', files: { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'nginx' }, Ports: [{ ContainerPort: '<container port>' }] }) } },
  { rule: 'eb/coerced-value', files: { 'Dockerrun.aws.json': v2([{ ...WEB, memory: '256' }]) } },
  { rule: 'eb/unsupported-key', files: { 'Dockerrun.aws.json': v2([{ ...WEB, firelensConfiguration: { type: 'fluentbit' } }]) } },
  { rule: 'eb/ports', files: { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'nginx' }, Ports: [{ ContainerPort: '80' }, { ContainerPort: '443' }] }) } },
  { rule: 'eb/registry-auth', files: { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Authentication: { Bucket: 'b', Key: 'k' }, Image: { Name: 'quay.io/acme/app:1' }, Ports: [{ ContainerPort: '80' }] }) } },
  { rule: 'eb/command-split', files: { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'app:1' }, Ports: [{ ContainerPort: '80' }], Command: 'bundle exec puma' }) } },
  { rule: 'eb/shell-command', files: { Procfile: 'web: bundle exec puma -p $PORT\n', Gemfile: '' } },
  { rule: 'eb/host-volume', files: { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'app:1' }, Ports: [{ ContainerPort: '80' }], Volumes: [{ HostDirectory: '/var/app/data', ContainerDirectory: '/data' }] }) } },
  { rule: 'eb/log-volume', files: { 'Dockerrun.aws.json': dockerrun({ AWSEBDockerrunVersion: '1', Image: { Name: 'app:1' }, Ports: [{ ContainerPort: '80' }], Logging: '/var/log/app' }) } },
  { rule: 'eb/link', files: { 'Dockerrun.aws.json': v2([{ ...WEB, links: ['api'] }, { name: 'api', image: 'api:1', memory: 128, portMappings: [{ containerPort: 8080 }] }]) } },
  { rule: 'eb/service-split', files: { 'Dockerrun.aws.json': v2([WEB, { name: 'sidekiq', image: 'shop:1', memory: 256, command: ['bundle', 'exec', 'sidekiq'] }]) } },
  { rule: 'eb/no-web-container', files: { 'Dockerrun.aws.json': v2([{ ...WEB, portMappings: [{ hostPort: 8080, containerPort: 3000 }] }]) } },
  { rule: 'eb/missing-memory', files: { 'Dockerrun.aws.json': v2([{ name: 'web', image: 'shop:1', portMappings: [{ hostPort: 80, containerPort: 80 }] }]) } },
  { rule: 'eb/procfile-syntax', files: { Procfile: 'web: node server.js\nthis line is not a process\n', 'package.json': '{}' } },
  { rule: 'eb/procfile-no-web', files: { Procfile: 'api: node server.js\n', 'package.json': '{}' } },
  { rule: 'eb/procfile-release', files: { Procfile: 'web: node server.js\nrelease: npm run migrate\n', 'package.json': '{}' } },
  { rule: 'eb/procfile-port', files: { Procfile: 'web: node server.js\n', 'package.json': '{}' } },
  { rule: 'eb/buildfile', files: { Procfile: 'web: ./bin/application\n', Buildfile: 'build: go build -o bin/application\n', 'go.mod': 'module x\n\ngo 1.22\n' } },
  { rule: 'eb/platform-image', files: { Procfile: 'web: node server.js\n', 'package.json': '{}' } },
  { rule: 'eb/default-process', files: { '.elasticbeanstalk/config.yml': 'global:\n  default_platform: Node.js 20 running on 64bit Amazon Linux 2023\n', 'package.json': '{"scripts": {"start": "node server.js"}}' } },
  { rule: 'eb/eb-host-path', files: { Procfile: 'web: bundle exec puma -C /opt/elasticbeanstalk/config/private/pumaconf.rb\n', Gemfile: '' } },
  { rule: 'eb/config-file', files: config('option_setting:\n  aws:autoscaling:asg:\n    MinSize: 2\n') },
  { rule: 'eb/option-unknown', files: config('option_settings:\n  aws:asg:launchconfiguration:\n    InstanceType: t3.small\n') },
  { rule: 'eb/option-ignored', files: config('option_settings:\n  aws:autoscaling:launchconfiguration:\n    EC2KeyName: my-key\n') },
  { rule: 'eb/option-value', files: config('option_settings:\n  aws:autoscaling:asg:\n    MinSize: two\n') },
  { rule: 'eb/intrinsic-value', files: config('option_settings:\n  aws:elasticbeanstalk:application:environment:\n    QUEUE_URL: !Ref WorkQueue\n') },
  { rule: 'eb/instance-section', files: config('packages:\n  yum:\n    ImageMagick: []\n') },
  { rule: 'eb/container-command', files: config('container_commands:\n  01_assets:\n    command: rake assets:precompile\n') },
  { rule: 'eb/leader-only-job', files: config('container_commands:\n  01_migrate:\n    command: rake db:migrate\n    leader_only: true\n') },
  { rule: 'eb/cloudformation-section', files: config('Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n') },
  { rule: 'eb/platform-hook', files: { 'Dockerrun.aws.json': V1, '.platform/hooks/predeploy/01_migrate.sh': '#!/bin/sh\n' } },
  { rule: 'eb/proxy-config', files: { 'Dockerrun.aws.json': V1, '.platform/nginx/conf.d/size.conf': 'client_max_body_size 50M;\n' } },
  { rule: 'eb/static-files', files: config('option_settings:\n  aws:elasticbeanstalk:environment:proxy:staticfiles:\n    /static: static\n') },
  { rule: 'eb/environment-property', files: config('option_settings:\n  aws:elasticbeanstalk:application:environment:\n    RAILS_ENV: production\n') },
  { rule: 'eb/environment-property-limit', files: config(`option_settings:\n  aws:elasticbeanstalk:application:environment:\n    LONG: ${'x y '.repeat(80)}\n`) },
  { rule: 'eb/secret-reference', files: config('option_settings:\n  aws:elasticbeanstalk:application:environmentsecrets:\n    DB_PASSWORD: arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf\n') },
  { rule: 'eb/listener', files: config('option_settings:\n  aws:elb:listener:443:\n    ListenerProtocol: HTTPS\n    SSLCertificateId: arn:aws:acm:eu-west-1:111122223333:certificate/x\n') },
  { rule: 'eb/scaling', files: config('option_settings:\n  aws:autoscaling:asg:\n    MinSize: 2\n    MaxSize: 4\n') },
  { rule: 'eb/instance-type', files: config('option_settings:\n  aws:ec2:instances:\n    InstanceTypes: m5.large\n') },
  { rule: 'eb/worker-tier', files: config('option_settings:\n  aws:elasticbeanstalk:sqsd:\n    HttpPath: /jobs\n') },
  { rule: 'eb/cron', files: { 'Dockerrun.aws.json': V1, 'cron.yaml': 'version: 1\ncron:\n  - name: nightly\n    url: /tasks/nightly\n    schedule: "0 2 * * *"\n' } },
  { rule: 'eb/rds-coupled', files: config('option_settings:\n  aws:rds:dbinstance:\n    DBEngine: postgres\n') },
  { rule: 'eb/environment-link', files: { 'Dockerrun.aws.json': V1, 'env.yaml': 'AWSConfigurationTemplateVersion: 1.1.0.0\nEnvironmentLinks:\n  WORKERQUEUE: worker\n' } },
  { rule: 'eb/deployment', files: config('option_settings:\n  aws:elasticbeanstalk:command:\n    DeploymentPolicy: Rolling\n    BatchSize: 25\n') },
];

describe('every EB rule is raised by a small bundle', () => {
  for (const c of cases) {
    it(c.rule, async () => {
      const l = await loadEb(c.files, c.input ? { input: c.input } : {});
      expect(l.rules).toContain(c.rule);
    });
  }
});
