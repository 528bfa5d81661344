import { describe, expect, it } from 'vitest';
import { writeZip } from '../../support/zip-writer.js';
import { loadEb } from './helpers.js';

const DOCKERRUN = '{"AWSEBDockerrunVersion": "1", "Image": {"Name": "nginx:1.27"}, "Ports": [{"ContainerPort": 80}]}\n';
const CONFIG = 'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    GREETING: "ol\u00e1"\n';
const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);

describe('EB bundle files that are not UTF-8 (input/encoding)', () => {
  const files = { 'Dockerrun.aws.json': utf16le(DOCKERRUN), '.ebextensions/01.config': Buffer.from(CONFIG, 'latin1'), '.ebextensions/02.config': utf16be('option_settings:\n  aws:elasticbeanstalk:application:environment:\n    B: "2"\n') };

  it('hands a zipped docker-compose.yml to the Compose reader as its bytes, so a Latin-1 one is reported as in a folder', async () => {
    const compose = Buffer.from('services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n    labels:\n      a: "caf\u00e9"\n', 'latin1');
    for (const [input, at] of [
      [{ 'app.zip': writeZip([{ name: 'docker-compose.yml', data: compose }, { name: 'Dockerrun.aws.json', data: '{"AWSEBDockerrunVersion": "3"}' }]) }, 'app.zip/docker-compose.yml'],
      [{ 'docker-compose.yml': compose, 'Dockerrun.aws.json': '{"AWSEBDockerrunVersion": "3"}' }, 'docker-compose.yml'],
    ] as const) {
      const l = await loadEb(input, 'app.zip' in input ? { input: 'app.zip' } : {});
      const enc = l.diagnostics.filter((d) => d.rule === 'input/encoding');
      expect(enc.map((d) => [d.severity, d.origin?.file, d.origin?.line, d.origin?.column])).toEqual([['error', at, 6, 14]]);
      expect(enc[0]?.message).toContain('Docker Compose refuses the file');
    }
  });

  for (const [kind, input] of [
    ['folder', files],
    ['zip', { 'app.zip': writeZip(Object.entries(files).map(([name, data]) => ({ name, data }))) }],
  ] as const) {
    it(`reads UTF-16 files and warns, with the place, about each file EB could not read as UTF-8 (${kind})`, async () => {
      const l = await loadEb(input, kind === 'zip' ? { input: 'app.zip' } : {});
      expect(l.app?.services.map((s) => s.name)).toEqual(['web']);
      const env = l.app?.services[0]?.task.containers[0]?.environment.map((e) => [e.name, 'value' in e ? e.value : undefined]);
      expect(env).toEqual([
        ['GREETING', 'ol\ufffd'],
        ['B', '2'],
      ]);
      const enc = l.diagnostics.filter((d) => d.rule === 'input/encoding');
      // Places in a zip are shown inside it.
      const at = kind === 'zip' ? 'app.zip/' : '';
      expect(enc.map((d) => [d.severity, d.origin?.file.slice(at.length), d.origin?.line, d.origin?.column, d.message.split(';')[0]])).toEqual([
        ['warning', '.ebextensions/01.config', 3, 18, '.ebextensions/01.config is not UTF-8: byte 0xE1 here is not a UTF-8 character'],
        ['warning', '.ebextensions/02.config', 1, 1, '.ebextensions/02.config is UTF-16BE text'],
        ['warning', 'Dockerrun.aws.json', 1, 1, 'Dockerrun.aws.json is UTF-16LE text'],
      ]);
      expect(enc.every((d) => d.origin?.file.startsWith(at))).toBe(true);
      expect(l.rules).not.toContain('yaml/syntax');
    });
  }
});
