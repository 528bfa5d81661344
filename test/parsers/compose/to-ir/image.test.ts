import { describe, expect, it } from 'vitest';
import { container, convert, expectNotReported, expectReported } from './support.js';

describe('image and build', () => {
  it('an image reference', () => {
    const { app, diagnostics } = convert('services:\n  a:\n    image: nginx:1.27\n');
    expect(container(app, 'a').image).toMatchObject({ kind: 'ref', ref: 'nginx:1.27' });
    expect(diagnostics).toEqual([]);
  });
  it('build only: the context is kept relative to the project, the image URI is a parameter', () => {
    const { app, diagnostics } = convert(`
services:
  a:
    build: ./app/
  b:
    build:
      context: services/b
      dockerfile: Dockerfile.prod
      target: runtime
      args:
        NODE_ENV: production
        VERSION: 1.10
        FROM_SHELL:
        UNSET:
      cache_from: [x]
      labels: {a: b}
  c:
    build: https://github.com/org/repo.git#main:sub
`, { env: { FROM_SHELL: 'yes' } });
    expect(container(app, 'a').image).toMatchObject({ kind: 'build', context: 'app', args: {} });
    expect(container(app, 'b').image).toMatchObject({
      kind: 'build',
      context: 'services/b',
      dockerfile: 'Dockerfile.prod',
      target: 'runtime',
      args: { NODE_ENV: 'production', VERSION: '1.1', FROM_SHELL: 'yes' },
    });
    expect(container(app, 'c').image).toMatchObject({ kind: 'build', context: 'https://github.com/org/repo.git#main:sub' });
    expectReported(diagnostics, [['compose/approximated', 'services.b.build.cache_from']]);
    // Build-only services are reported by the image/build-only lint, from the IR.
    expectNotReported(diagnostics, 'compose/build-image-needed');
  });
  it('image and build: the image is used, and must be pushed', () => {
    const { app, diagnostics } = convert('services:\n  a:\n    image: myapp:dev\n    build: .\n');
    expect(container(app, 'a').image).toMatchObject({ kind: 'ref', ref: 'myapp:dev' });
    expectReported(diagnostics, [['compose/build-image-needed', 'services.a.build']]);
  });
  it('a secret build argument is dropped and reported, never kept', () => {
    const { app, diagnostics } = convert('services:\n  a:\n    build:\n      context: .\n      args: [NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789]\n');
    expect(container(app, 'a').image).toMatchObject({ args: {} });
    expectReported(diagnostics, [['secrets/plaintext-value', 'services.a.build.args[0]']]);
    expect(JSON.stringify(app) + JSON.stringify(diagnostics)).not.toContain('npm_abcdefghijklmnopqrstuvwxyz0123456789');
  });
  it('pull_policy, dockerfile_inline, legacy dockerfile, unknown build keys', () => {
    const { app, diagnostics } = convert(`
services:
  a:
    image: x
    pull_policy: always
  b:
    build: {context: ., dockerfile_inline: "FROM scratch", bogus: 1}
  c:
    build: .
    dockerfile: Dockerfile.v1
`);
    expect(container(app, 'c').image).toMatchObject({ kind: 'build', dockerfile: 'Dockerfile.v1' });
    expectReported(diagnostics, [
      ['compose/approximated', 'services.a.pull_policy'],
      ['compose/unsupported-key', 'services.b.build.dockerfile_inline'],
      ['compose/invalid-value', 'services.b.build.bogus'],
      ['compose/legacy-key', 'services.c.dockerfile'],
    ]);
    expectNotReported(diagnostics, 'compose/build-image-needed', 'services.a.build');
  });
});
