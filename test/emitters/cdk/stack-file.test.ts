/**
 * How the CDK app's stack file is made (its contents are checked by cdk-app.test.ts, which
 * compiles and synthesises them): from the template object the CloudFormation check built, and
 * in pieces of whole lines rather than one string.
 */
import { describe, expect, it } from 'vitest';
import { builtTemplate, renderedTemplate } from '../../../src/emitters/cloudformation/emit.js';
import { cdkStackCode, emitCdk, stackFilePath } from '../../../src/emitters/cdk/emit-cdk.js';
import type { EmitOptions } from '../../../src/emitters/types.js';
import type { Application } from '../../../src/ir/types.js';
import { app, container, service, VERSION, webApp } from '../cloudformation/support.js';

const OPTIONS: EmitOptions = { version: VERSION, inputLabel: 'compose.yaml', format: 'yaml', kinds: ['cloudformation', 'cdk'] };

/** An app of `n` web services, each with a variable whose text repeats its name (a long stack). */
function manyServices(n: number): Application {
  const a = app('fleet');
  for (let i = 0; i < n; i++) {
    a.services.push(service(a, `web-${i}`, [container(`web-${i}`, 'nginx:1.27', { environment: [{ name: 'GREETING', value: `hello from web-${i} `.repeat(20) }] })]));
  }
  return a;
}

describe('the CDK stack file', () => {
  it('is written from the template the CloudFormation check built, which is let go once taken', () => {
    const a = webApp();
    const { built } = renderedTemplate(a, OPTIONS);
    expect(builtTemplate(a, OPTIONS)).toBe(built);
    // Taken once: a second call builds anew, the same template.
    const again = builtTemplate(a, OPTIONS);
    expect(again).not.toBe(built);
    expect(again.template).toEqual(built.template);
    // A run that makes no CDK app keeps nothing for it.
    const b = webApp();
    const alone = renderedTemplate(b, { ...OPTIONS, kinds: ['cloudformation'] });
    expect(builtTemplate(b, OPTIONS)).not.toBe(alone.built);
  });

  it('is written from the code the check made, which is let go once written', async () => {
    const a = webApp();
    const checked = cdkStackCode(a, OPTIONS);
    expect(cdkStackCode(a, OPTIONS)).toBe(checked);
    await emitCdk(a, OPTIONS);
    const after = cdkStackCode(a, OPTIONS);
    expect(after).not.toBe(checked);
    expect(after).toEqual(checked);
  });

  it('comes in pieces of whole lines, which joined are its text', async () => {
    const a = manyServices(60);
    const file = (await emitCdk(a, OPTIONS)).find((f) => f.path === stackFilePath(a));
    const pieces = file?.pieces ?? [];
    // The text around the body, and the body's pieces of about 32 KB between.
    expect(pieces.length).toBeGreaterThan(4);
    expect(pieces.join('')).toBe(file?.contents);
    // Each boundary falls between two lines.
    for (let i = 1; i < pieces.length; i++) expect(pieces[i - 1]!.endsWith('\n') || pieces[i]!.startsWith('\n')).toBe(true);
    expect(file?.contents).toContain('new ecs.CfnService(this, "Web59Service"');
  });
});
