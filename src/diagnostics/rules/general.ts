import { defineRules } from './define.js';

/** Rules about reading input at all: files, YAML/JSON syntax, detection. */
export const generalRules = defineRules({
  'input/unreadable': {
    severity: 'error',
    title: 'Input file or folder cannot be read',
    doc: `What: ecsify could not open a file or folder it was asked to read.
Why: without the input there is nothing to convert; this makes the command exit with code 2.
Fix: check the path and its permissions. Paths are relative to the current directory.`,
  },
  'input/not-recognised': {
    severity: 'error',
    title: 'No Compose file or Elastic Beanstalk bundle found',
    doc: `What: the folder holds none of the files ecsify knows how to read (compose.yaml,
compose.yml, docker-compose.yml, docker-compose.yaml, Dockerrun.aws.json, Procfile, .ebextensions).
Why: ecsify decides what an input is from the files it holds.
Fix: point ecsify at the folder that holds the Compose file or the EB source bundle, or name a
Compose file with -f FILE. The hint names the YAML files of the folder and, up to three levels
down, the folders that do hold an app (e.g. \`environments/prod\`).`,
  },
  'input/encoding': {
    severity: 'error',
    title: 'A file is not UTF-8',
    doc: `What: a Compose, env or Elastic Beanstalk file holds bytes that are not UTF-8 (a file
saved as Latin-1 or Windows-1252), or is UTF-16 (what Windows PowerShell 5 writes with \`>\`).
Why: Docker Compose refuses a Compose file that is not UTF-8 (UTF-16 with a byte order mark
is read, as YAML allows, and so does ecsify) and cannot read a UTF-16 env file. In an env file,
bytes that are not UTF-8 reach the container as they are, while ecsify can only write them
as U+FFFD, so the value would change: a warning there. In an Elastic Beanstalk bundle
(Dockerrun.aws.json, .ebextensions, Procfile…), which EB reads as UTF-8, ecsify reads UTF-16
files anyway and warns about them and about bytes that are not UTF-8.
Fix: save the file as UTF-8 (in PowerShell: \`Set-Content -Encoding utf8\`, or
\`Out-File -Encoding utf8\`).`,
  },
  'yaml/syntax': {
    severity: 'error',
    title: 'YAML or JSON syntax error',
    doc: `What: the file is not valid YAML (or JSON, which ecsify reads as YAML 1.2).
Why: nothing in a file that does not parse can be trusted, so the whole file is skipped. Its
lines are still shown in code frames, with the value of each line that gives a secret-looking
name a value masked (\`DB_PASSWORD: ****\`).
Fix: correct the syntax at the line and column shown. Common causes: tabs used for indentation,
an unclosed quote or bracket, a key indented less than its siblings; in JSON, a missing comma
between entries.`,
  },
  'yaml/duplicate-key': {
    severity: 'error',
    title: 'A key appears twice in one mapping',
    doc: `What: the same key is written twice in one mapping (this includes two \`<<\` merge keys).
Why: Docker Compose rejects such files ("mapping key already defined"); other YAML readers
silently keep one of the values, so the file means different things to different tools.
Fix: remove one of the keys. To merge several anchors, write \`<<: [*a, *b]\`.`,
  },
  'yaml/non-string-key': {
    severity: 'error',
    title: 'A mapping key is not a string',
    doc: `What: a key is a number, boolean, null or a collection (e.g. a service named \`123:\`).
Why: Compose requires every key to be a string and rejects the file otherwise.
Fix: quote the key: \`"123":\`.`,
  },
  'yaml/bad-merge': {
    severity: 'error',
    title: 'A `<<` merge key does not point at a mapping',
    doc: `What: the value of a \`<<\` merge key is not a mapping or a list of mappings.
Why: YAML merge keys can only merge mappings; a list anchor cannot be merged into a list.
Fix: merge a mapping anchor (\`<<: *defaults\`), or write the list out.`,
  },
  'yaml/alias-bomb': {
    severity: 'error',
    title: 'Aliases expand to an unreasonable size',
    doc: `What: anchors and aliases in the file expand to far more nodes than the file holds (the
"billion laughs" pattern).
Why: expanding it would exhaust memory; ecsify refuses such a document. Honest files that share
one anchor across many services are far below the limit.
Fix: reduce the nesting of aliases, or write the repeated values out.`,
  },
  'yaml/unknown-alias': {
    severity: 'error',
    title: 'Alias refers to an anchor that is not defined',
    doc: `What: \`*name\` is used but no \`&name\` anchor is defined before it in the same document.
Why: anchors are local to one YAML document and must be defined before they are used.
Fix: define the anchor earlier in the same document, or write the value out.`,
  },
});
