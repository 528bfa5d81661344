// Synthesises generated CDK apps with the real aws-cdk-lib, in one process (loading the library
// once). Argument: a manifest of { dir, className, lib } (lib: the stack's TypeScript file).
// Writes <dir>/synthesised.json: the stack's template, without the CDK's bootstrap version
// check (its parameter and rule), which a template deployed with `aws cloudformation` lacks.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { transformSync } = require('esbuild');
const { App } = require('aws-cdk-lib');

const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const { dir, className, lib } of manifest) {
  const js = path.join(path.dirname(lib), `${path.basename(lib, '.ts')}.js`);
  writeFileSync(js, transformSync(readFileSync(lib, 'utf8'), { loader: 'ts', format: 'cjs' }).code);
  const Stack = require(js)[className];
  const app = new App({ context: { '@aws-cdk/core:newStyleStackSynthesis': true } });
  new Stack(app, 'Stack', { stackName: 'ecsify-test' });
  const template = app.synth().getStackByName('ecsify-test').template;
  if (template.Parameters) delete template.Parameters.BootstrapVersion;
  if (template.Rules) delete template.Rules.CheckBootstrapVersion;
  if (template.Rules && Object.keys(template.Rules).length === 0) delete template.Rules;
  writeFileSync(path.join(dir, 'synthesised.json'), JSON.stringify(template));
}
