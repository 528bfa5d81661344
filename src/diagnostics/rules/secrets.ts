import { defineRules } from './define.js';

/** Rules about secrets (src/secrets and the secrets pass). */
export const secretRules = defineRules({
  'secrets/plaintext-value': {
    severity: 'warning',
    title: 'Secret written in plain text',
    doc: `What: an environment variable holds a secret in the input file itself: its name says so
(PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIALS, DSN, …) or its value looks like one
(a URL with user:password, an AWS access key, a GitHub/Slack/Stripe token, a private key, a long
random string). The message names the variable, never the value.
Why: plain-text environment values are readable by anyone who can read the file, the EB
environment or the ECS task definition (DescribeTaskDefinition).
Fix: nothing to do for the conversion: ecsify turns the variable into an ECS secret reference
(Secrets Manager by default, SSM with --secrets-backend ssm) and never writes the value. Put the
real value into the secret store and remove it from the input. If the variable is not a
secret, say so with --not-secret NAME or \`x-ecsify: {not-secrets: [NAME]}\`.`,
  },
});
