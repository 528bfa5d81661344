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
  'compose/dotenv-syntax': {
    severity: 'error',
    title: 'Env file cannot be read',
    doc: `What: a \`.env\`, \`--env-file\` or \`env_file\` file breaks the dotenv syntax: a character
that cannot be in a variable name (names are letters, digits, \`_ . - [ ]\`), a space inside a
name, or a quoted value that is never closed.
Why: Docker Compose refuses to load the project when an env file does not parse.
Fix: write one \`NAME=value\` per line; quote values that hold spaces or \`#\`, and close the quote.`,
  },
  'compose/dotenv-quirk': {
    severity: 'warning',
    title: 'Env file line is read in a surprising way',
    doc: `What: a line of an env file that Docker Compose reads differently from what it looks like:
a bare \`NAME\` on the last line without a newline (ignored instead of taken from the shell),
a value with no name (\`=value\`), or text after a closing quote (read as a new variable name).
Why: ecsify reads env files exactly as Compose does, so the value you expect may be missing.
Fix: write \`NAME=value\`, one per line, and end the file with a newline.`,
  },
  'compose/schema': {
    severity: 'error',
    title: 'Compose file does not match the Compose Specification',
    doc: `What: after interpolation and merging, the project breaks the official Compose
Specification JSON schema at this place: an unknown key, a value of the wrong type (\`user: 1000\`,
\`version: 3.8\`, a duration written as a number), a missing required key, or a duplicate entry.
Why: Docker Compose validates the merged project against this schema and refuses it when it does
not match; ecsify gives the same verdict. (Keys of the old file formats such as \`log_driver\` or
\`net\` are the exception: ecsify reads them with their old meaning, see compose/legacy-key.)
Fix: correct the key or value at the location shown: quote numbers meant as strings, check the
spelling and indentation, and start your own keys with \`x-\`.`,
  },
  'compose/cannot-merge': {
    severity: 'error',
    title: 'Override file changes the shape of a value',
    doc: `What: a later file (\`-f\`, an override file, a later YAML document, or a service that
\`extends\` another) writes a value as a list or a single value where an earlier file wrote a
mapping (or a non-list where it wrote a list).
Why: Docker Compose merges files key by key and stops with "cannot override" in this case.
Fix: write the value in the same shape as the earlier file, or replace it explicitly with
\`key: !override …\` (or remove it with \`!reset\`).`,
  },
  'compose/extends-invalid': {
    severity: 'error',
    title: '`extends` cannot be resolved',
    doc: `What: a service \`extends\` a service that does not exist in the same file (or in the
\`file\` it names), a \`file\` that does not exist, or services extend each other in a cycle.
Why: Docker Compose resolves \`extends\` per file and refuses the project when it cannot.
Fix: correct the service name or the file path; \`extends\` without \`file\` only sees services of
the same file (not of other -f files), and \`file\` is relative to the project folder.`,
  },
  'compose/include-invalid': {
    severity: 'error',
    title: '`include` cannot be resolved',
    doc: `What: an \`include\` entry names a file (or an env file) that does not exist, or files
include each other in a cycle.
Why: Docker Compose refuses the project when an included file is missing.
Fix: correct the path (relative to the including project folder) or remove the entry.`,
  },
  'compose/invalid-project-name': {
    severity: 'error',
    title: 'Project name is not valid',
    doc: `What: the project name given with \`-p\` or \`COMPOSE_PROJECT_NAME\` has characters other than
lower-case letters, digits, \`-\` and \`_\`, or starts with \`-\`/\`_\`; or the name ends up empty.
Why: Docker Compose refuses such names (a name from \`name:\` or from the folder is normalised
instead). ecsify uses the project name as the prefix of every ECS name.
Fix: pass a valid name with -p, or set \`name:\` at the top of the Compose file.`,
  },
  'compose/version-1-file': {
    severity: 'warning',
    title: 'Compose file uses the version 1 layout',
    doc: `What: the file lists services at the top level, without a \`services:\` key (the file
format of docker-compose before 1.6).
Why: current Docker Compose no longer reads such files. ecsify reads them as if the services were
under \`services:\`, and reads their old keys (\`log_driver\`, \`net\`, \`dockerfile\`…) with their old
meaning.
Fix: move the services under a \`services:\` key and replace the old keys (see compose/legacy-key).`,
  },
  'compose/obsolete-version': {
    severity: 'info',
    title: '`version` key is obsolete',
    doc: `What: the file sets \`version:\`.
Why: the Compose Specification has no versions; Docker Compose ignores the key (with a warning)
and reads every file with the same rules. ecsify does the same. Note that a number (\`version: 3.8\`)
is a schema error: it must be a string.
Fix: remove the \`version\` line.`,
  },
  'compose/legacy-boolean': {
    severity: 'warning',
    title: 'YAML 1.1 boolean in a Compose file',
    doc: `What: a boolean setting (\`init\`, \`privileged\`, \`read_only\`, \`external\`…) is written as
\`yes\`, \`no\`, \`on\`, \`off\`, \`y\` or \`n\`.
Why: Compose reads YAML 1.2, where these words are strings; it accepts them for these settings
with a warning, but other tools may not.
Fix: write \`true\` or \`false\`.`,
  },
  'compose/ambiguous-compose-files': {
    severity: 'warning',
    title: 'Several Compose files in one folder',
    doc: `What: the folder holds more than one of compose.yaml, compose.yml, docker-compose.yml and
docker-compose.yaml.
Why: Docker Compose v2 reads the first in that order and ignores the others; docker-compose 1.x
preferred docker-compose.yml, so the two tools may read different files.
Fix: remove the files you do not use, or name the file with -f.`,
  },
  'compose/profile-disabled': {
    severity: 'info',
    title: 'Service left out by profiles',
    doc: `What: a service lists \`profiles\` and none of them is active.
Why: Docker Compose starts such services only when one of their profiles is enabled
(\`--profile\`, \`COMPOSE_PROFILES\`); ecsify converts the same set of services.
Fix: pass \`--profile NAME\` (or \`--profile '*'\` for all) to include it.`,
  },
  'compose/profile-disabled-dependency': {
    severity: 'error',
    title: 'Service depends on a service left out by profiles',
    doc: `What: an enabled service has a required \`depends_on\` on a service whose profiles are all
inactive.
Why: Docker Compose refuses to start the project in that case ("was pulled in as a dependency …
but is not enabled by the active profiles").
Fix: activate a profile of the dependency, give both services a common profile, or mark the
dependency \`required: false\`.`,
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
