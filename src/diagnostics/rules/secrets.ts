import { defineRules } from './define.js';

/** Rules about secrets (src/secrets and the secrets pass). */
export const secretRules = defineRules({
  'secrets/plaintext-value': {
    severity: 'warning',
    title: 'Secret written in plain text',
    doc: `What: an environment variable holds a secret in the input file itself: its name says so
(PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIALS, DSN, …; under a name that says
password even a short number such as a PIN), its value looks like one (a URL with
user:password, an AWS access key, a GitHub/Slack/Stripe token, a private key, a long random
string), or its value contains the value of another secret variable (\`OTHER: \${DB_PASSWORD}\`,
\`DSN: "user=app password=\${DB_PASSWORD}"\`). The message names the variable, never the value.
Why: plain-text environment values are readable by anyone who can read the file, the EB
environment or the ECS task definition (DescribeTaskDefinition).
Fix: nothing to do for the conversion: ecsify turns the variable into an ECS secret reference
(Secrets Manager by default, SSM with --secrets-backend ssm) and never writes the value. Put the
real value into the secret store and remove it from the input. If the variable is not a
secret, say so with --not-secret NAME or \`x-ecsify: {not-secrets: [NAME]}\`. A build argument or
a volume's driver option (\`o: "username=app,password=…"\`) that holds a secret is left out of
the output instead: neither can refer to a secret store.`,
  },
  'secrets/value-in-field': {
    severity: 'error',
    title: 'Secret value in a field that cannot hold a secret',
    doc: `What: the value of a variable judged secret (interpolated with \${VAR}, or written again),
or an unmistakable token (an AWS access key id, a GitHub/Slack/Stripe/npm token, a private key
block), appears in a container's command, entrypoint, health check, label or another field that
ecsify writes out as plain text; or a command, entrypoint or health check gives a password as an
option (\`redis-server --requirepass …\`, \`redis-cli -a …\`, \`--password=…\`, \`mysqladmin -p…\`,
\`curl -u user:…\`) or as the value of a variable it sets whose name says secret
(\`DB_PASSWORD=… exec app\`), even a plain word such as a development default (\`redispass\`).
The message names the field and the secret's variable (or the kind of token), never the value. (A secret value
inside another environment variable is not an error: that variable becomes a secret reference too,
see secrets/plaintext-value. Nor is a health check that can read the value from a variable of its
own container: it is rewritten to, see secrets/health-check-from-env.)
Why: ECS injects secrets only as environment variables. Anything else in a task definition is
readable by whoever can call DescribeTaskDefinition, and labels also by \`docker inspect\`; the
value would also end up in the generated CloudFormation template. ecsify masks the value in its
IR and writes nothing.
Fix: pass the secret as an environment variable (ecsify turns it into a secret reference) and
read it at run time: \`command: ["sh", "-c", "exec app --password \\"$DB_PASSWORD\\""]\`, a health
check \`["CMD-SHELL", "curl -u admin:\\"$DB_PASSWORD\\" http://localhost/"]\`. In a Compose file
write \`$$DB_PASSWORD\`, so that Compose leaves the variable to the container's shell instead of
interpolating the value. Labels cannot hold or refer to a secret: remove the value.`,
  },
  'secrets/health-check-from-env': {
    severity: 'info',
    title: 'Health check reads a secret from the container’s variable',
    doc: `What: a container's health check held the value of a secret (interpolated with \${VAR}, or
written again) that the container also has as an environment variable. ecsify rewrote the check to
read the variable when it runs: a CMD-SHELL check (run by the container's /bin/sh) with
\`"$VAR"\` where the value stood, every other word quoted as the shell needs. The message names
the variables, never the values.
Why: ECS injects secrets only as environment variables, and cannot put one into a health check;
but the check runs inside the container, where the variable holds the value. Written as it was,
the value would be in the task definition for anyone who can call DescribeTaskDefinition
(see secrets/value-in-field, which a check that cannot be rewritten gets).
Fix: nothing to do when the image has /bin/sh. Write the check so in the input to silence this
note (in a Compose file \`$$VAR\`, so that Compose leaves the variable to the shell). An image
without a shell (distroless, scratch) needs a check program that reads the variable itself.`,
  },
  'secrets/shared-name': {
    severity: 'warning',
    title: 'Two different secret values under one name',
    doc: `What: the same variable name holds a secret in two places (two services, or a service and an
env file) with different values.
Why: ecsify stores one secret per name (a JSON key of the app's Secrets Manager secret, or one SSM
parameter), so both containers would read the same value and one of them would get the wrong one.
The message names the variable and both places, never the values.
Fix: rename one of the variables (and the code that reads it), or give both the same value.`,
  },
  'secrets/undefined-reference': {
    severity: 'error',
    title: 'Reference to a secret that is not defined',
    doc: `What: an environment variable or registry credential refers to a secret that the
application does not define (for example a Compose service lists a secret missing from the
top-level \`secrets:\`).
Why: the task definition would point at a secret nobody creates; the task fails to start.
Fix: define the secret, or remove the reference.`,
  },
  'secrets/invalid-name': {
    severity: 'error',
    title: 'Secret name the secret store does not accept',
    doc: `What: a secret's name cannot be used with the chosen backend. With Secrets Manager (the
default) each secret is a JSON key of the app's secret and the ECS reference is
\`<secret-arn>:<KEY>::\`, so the name may not contain \`:\`. With SSM Parameter Store
(\`--secrets-backend ssm\`) the parameter is \`/<app>/<KEY>\` and may only use letters, digits and
\`_ . -\`, at most 1011 characters in all.
Why: ECS or the secret store would reject the reference.
Fix: rename the variable or secret.`,
  },
  'secrets/invalid-arn': {
    severity: 'error',
    title: 'Existing secret with an ARN that is not valid',
    doc: `What: an existing secret (an \`external\` Compose secret named by ARN,
\`x-aws-pull_credentials\`, a Dockerrun \`secrets\` or \`repositoryCredentials\` entry, an EB
environment secret) is given by an ARN that ECS cannot use: not six parts, a partition or service
other than an AWS partition and \`secretsmanager\`/\`ssm\`, no Region, an account that is not 12
digits (examples often show \`xxx\`), or a resource that is not \`secret:<name>\` or
\`parameter/<name>\`.
Why: ECS reads the secret only when a task starts, so the stack deploys and every task then fails
to start; the IAM policy that grants access names a resource that cannot exist.
Fix: write the secret's full ARN (or just its name, for a secret in the stack's account and
Region).`,
  },
  'secrets/unused-user-name': {
    severity: 'warning',
    title: 'Secret setting names no variable',
    doc: `What: \`--secret NAME\`, \`--not-secret NAME\` or \`x-ecsify.secrets\` names a variable that
no service has.
Why: probably a typo; the setting changed nothing.
Fix: use the variable's name exactly as written in the input (names are case-sensitive).`,
  },
  'secrets/conflicting-user-names': {
    severity: 'warning',
    title: 'Variable marked both secret and not secret',
    doc: `What: the same name is given to \`--secret\` (or \`x-ecsify.secrets\`) and to \`--not-secret\`.
Why: ecsify cannot do both; "not secret" wins, so the value is kept in plain text.
Fix: remove one of the two settings.`,
  },
  'secrets/file-init-container': {
    severity: 'info',
    title: 'Secret files are written by an init container',
    doc: `What: a container reads secrets as files (Compose \`secrets:\`, mounted at
\`/run/secrets/<name>\` or the target you gave), and ECS only injects secrets as environment
variables.
Why: without the files the app would not find its secrets. ecsify adds a short-lived,
non-essential init container (a pinned busybox image from ECR Public) to the task: it receives
the secrets as ECS secrets, writes each one to its path (mode and owner as in the Compose file)
in a task-scoped volume and exits; the app containers mount that volume read-only and start
only after it succeeded. The values never appear in the task definition.
Fix: nothing to do, apart from storing the values in the secret store. If the image cannot be
pulled in your network (no route to ECR Public), mirror it into your own registry and change the
image in the generated files, or make the app read the environment variable instead.`,
  },
});
