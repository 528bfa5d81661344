import { defineRules } from './define.js';

/** Rules of the Compose front end (src/parsers/compose). */
export const composeRules = defineRules({
  'compose/unsupported-key': {
    severity: 'warning',
    title: 'Compose key that ecsify does not map to ECS',
    doc: `What: a service (or top-level) key that has no ECS counterpart, or that ecsify does not
map yet. The message names the service and the key.
Why: nothing in the input is silently dropped; this key will not be in the output.
Fix: check whether the behaviour matters on ECS. If it does, express it another way (see the hint),
or add it to the generated files by hand.`,
  },
  'compose/not-a-compose-file': {
    severity: 'error',
    title: 'File is not a Compose file',
    doc: `What: the file's top level is not a mapping, or it has none of the Compose top-level keys.
Why: Compose files are mappings with \`services:\` (or, in the old version 1 format, services
at the top level).
Fix: point ecsify at the Compose file itself; fragments of a file cannot be converted.`,
  },
  'compose/no-services': {
    severity: 'error',
    title: 'Compose project defines no services',
    doc: `What: after loading every file, the project has no services to convert.
Why: each Compose service becomes an ECS service; with none there is nothing to deploy.
Fix: add a \`services:\` section, or check that profiles did not switch every service off.`,
  },
  'compose/unset-variable': {
    severity: 'warning',
    title: 'Variable used in interpolation is not set',
    doc: `What: \`$VAR\` or \`\${VAR}\` is used but VAR is set neither in the shell nor in the project's
\`.env\` file, and no default is given. Compose substitutes an empty string.
Why: the converted task definition would carry an empty value, which is rarely intended.
Fix: set the variable (shell or .env) when you run ecsify, or give a default: \`\${VAR:-value}\`.`,
  },
  'compose/required-variable': {
    severity: 'error',
    title: 'Required variable is missing',
    doc: `What: \`\${VAR:?message}\` or \`\${VAR?message}\` names a variable that is unset (or empty for
\`:?\`). Compose refuses to load the file in that case.
Why: the file's author marked the variable as mandatory.
Fix: set the variable in the shell or in \`.env\` before running ecsify.`,
  },
  'compose/invalid-interpolation': {
    severity: 'error',
    title: 'Invalid interpolation syntax',
    doc: `What: a \`$\` expression that Compose cannot parse, e.g. an unclosed \`\${\`, or bash-only
forms such as \`\${VAR/a/b}\` or \`\${1}\`.
Why: Compose stops loading the file on such an expression.
Fix: write \`$$\` for a literal dollar sign, or use one of the supported forms:
\`\${VAR}\`, \`\${VAR:-default}\`, \`\${VAR-default}\`, \`\${VAR:?err}\`, \`\${VAR?err}\`, \`\${VAR:+alt}\`, \`\${VAR+alt}\`.`,
  },
  'compose/invalid-value': {
    severity: 'error',
    title: 'Value has the wrong type or format',
    doc: `What: a value cannot be read, e.g. a port that is not a number, a duration without a
unit, a memory size like \`512x\`, or a list where a mapping is expected.
Why: Compose would reject the file, and ecsify cannot guess what was meant.
Fix: correct the value at the location shown; the hint gives the accepted forms.`,
  },
  'compose/env-file-missing': {
    severity: 'error',
    title: '`env_file` names a file that does not exist',
    doc: `What: a service's \`env_file\` points at a file that is not there, and the entry is
required (the default).
Why: Compose refuses to start the service without it.
Fix: create the file, correct the path (relative to the project folder), or mark the entry
\`required: false\`.`,
  },
  'compose/shell-operators-in-command': {
    severity: 'warning',
    title: 'Command string contains shell operators',
    doc: `What: a string \`command\`/\`entrypoint\` contains \`&&\`, \`||\`, \`;\`, \`|\`, \`<\` or \`>\`
outside quotes.
Why: Compose splits the string into words without a shell, and stops at the first such operator:
\`npm run migrate && npm start\` runs only \`npm run migrate\`. ECS behaves the same way.
Fix: write \`command: ["sh", "-c", "npm run migrate && npm start"]\` if a shell is wanted.`,
  },
});
