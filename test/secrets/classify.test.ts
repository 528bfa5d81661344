import { describe, expect, it } from 'vitest';
import { classifySecret, commandLinePasswords, findTokens, secretByName, secretByValue, type SecretPolicy } from '../../src/secrets/classify.js';

const none: SecretPolicy = { secretNames: [], notSecretNames: [] };

describe('secretByName', () => {
  const secret = [
    'PASSWORD',
    'DB_PASSWORD',
    'POSTGRES_PASSWORD',
    'dbPassword',
    'MYSQL_ROOT_PASSWD',
    'SMTP_PASS',
    'DB_PWD',
    'SECRET_KEY_BASE',
    'JWT_SECRET',
    'NEXTAUTH_SECRET',
    'GITHUB_TOKEN',
    'NPM_TOKEN',
    'API_KEY',
    'STRIPE_API_KEY',
    'apiKey',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID_X_ACCESS_KEY',
    'PRIVATE_KEY',
    'JWT_PRIVATE_KEY',
    'GOOGLE_CREDENTIALS',
    'SENTRY_DSN',
    'SSL_PASSPHRASE',
    'OAUTH_CLIENT_SECRET',
    'APP_KEY',
    'ENCRYPTION_KEY',
    'AZURE_STORAGE_CONNECTION_STRING',
    'BASIC_AUTH',
    'API_KEYS',
    // An acronym before a capitalised word (EB's own option names are written so).
    'DBPassword',
    'MyAPIKey',
    // A number written on a word (a second database, a rotated key).
    'DB_PASSWORD2',
    'REPLICA1_PASSWORD',
    'STRIPE_SECRET1',
    'API_KEY2',
    'token1',
  ];
  it.each(secret)('%s is a secret name', (name) => expect(secretByName(name)).toBeDefined());

  const plain = [
    'PWD',
    'PASSWORD_FILE',
    'POSTGRES_PASSWORD_FILE',
    'PASSWORD_MIN_LENGTH',
    'TOKEN_EXPIRY',
    'JWT_SECRET_PATH',
    'SECRET_NAME',
    'SECRET_ARN',
    'AUTH_DOMAIN',
    'AUTH_URL',
    'AUTH_ISSUER',
    'PASSWORD_HASHERS',
    'API_KEY_HEADER',
    'PRIVATE_SUBNET',
    'CACHE_KEY',
    'PRIMARY_KEY',
    'DATABASE_URL',
    'DB_HOST',
    'NODE_ENV',
    'PORT',
    'MAX_TOKENS',
    'DB_USER',
    'S3_KEY_PREFIX',
    'OAUTH2_CLIENT_ID',
    'HTTP2_ENABLED',
    'PASSWORD_FILE2',
  ];
  it.each(plain)('%s is not a secret name', (name) => expect(secretByName(name)).toBeUndefined());
});

describe('secretByValue', () => {
  const secret: [string, RegExp][] = [
    ['AKIAIOSFODNN7EXAMPLE', /AWS access key/],
    ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', /GitHub/],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ', /GitHub/],
    ['glpat-xxxxxxxxxxxxxxxxxxxx', /GitLab/],
    ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', /Slack/],
    ['https://hooks.slack.com/services/T000/B000/XXXXXXXX', /Slack webhook/],
    ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', /Stripe/],
    ['rk_test_51Habcdefghijklmnop', /Stripe/],
    ['whsec_abcdefghijklmnopqrstuvwxyz123456', /Stripe webhook/],
    ['AIzaSyA-1234567890abcdefghijklmnopqrstu', /Google API key/],
    ['SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEF', /SendGrid/],
    ['npm_abcdefghijklmnopqrstuvwxyz0123456789', /npm/],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz0123456789', /OpenAI/],
    ['sk-ant-api03-abcdefghijklmnopqrstuvwxyz', /Anthropic/],
    ['hf_abcdefghijklmnopqrstuvwxyzABCDEF12', /Hugging Face/],
    ['key-0123456789abcdef0123456789abcdef', /Mailgun/],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', /private key/],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', /private key/],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', /JSON Web Token/],
    ['Bearer abcdefghijklmnopqrstuvwxyz0123', /Authorization/],
    ['postgres://app:s3cr3t@db:5432/app', /URL with a password/],
    ['redis://:hunter22@redis:6379/0', /URL with a password/],
    ['jdbc:postgresql://app:s3cr3t@db:5432/app', /URL with a password/],
    ['amqp://guest:guest@rabbitmq:5672/', /URL with a password/],
    ['DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=abcdefghijklmnopqrstuvwxyz0123456789+/==;', /Azure/],
    ['Server=db;Database=app;User Id=sa;Password=Str0ng!Pass;', /connection string/],
    ['app:s3cret@tcp(db:3306)/app', /DSN/],
    ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', /random/],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', /random/],
    ['base64:Qk3jR8zXv1pLm4N9wT2yU6aE0sD5fG7hJ', /random/],
  ];
  it.each(secret)('%s is a secret value', (value, why) => expect(secretByValue(value)).toMatch(why));

  const plain = [
    'postgres://app@db:5432/app',
    'postgres://app:****@db:5432/app',
    'postgres://app:${DB_PASSWORD}@db:5432/app',
    'https://example.com/path?query=1',
    'http://user@host/',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:2024-05-01-abcdef1',
    'da39a3ee5e6b4b0d3255bfef95601890afd80709', // a git SHA
    '550e8400-e29b-41d4-a716-446655440000', // a UUID
    'com.example.application.ServiceConfiguration',
    'assets/images/logo-large-2x-retina-version.png',
    'The quick brown fox jumps over the lazy dog 1234',
    'production',
    'short',
    'en_US.UTF-8',
    '-Xmx512m -Xms256m -XX:+UseG1GC -Dfile.encoding=UTF-8',
  ];
  it.each(plain)('%s is not a secret value', (value) => expect(secretByValue(value)).toBeUndefined());
});

describe('classifySecret', () => {
  const cases: [string, string, SecretPolicy, false | 'name' | 'value' | 'user'][] = [
    ['DB_PASSWORD', 'hunter2', none, 'name'],
    ['DB_PASSWORD', '', none, false],
    ['DB_PASSWORD', 'true', none, false],
    ['DB_PASSWORD', '/run/secrets/db_password', none, false],
    ['DB_PASSWORD', '${DB_PASSWORD}', none, false],
    ['GOOGLE_APPLICATION_CREDENTIALS', '/app/credentials.json', none, false],
    ['SECRET_KEY', 'arn:aws:secretsmanager:eu-west-1:1:secret:x-AbCdEf', none, false],
    ['DATABASE_URL', 'postgres://u:p4ssw0rd@db/app', none, 'value'],
    ['DATABASE_URL', 'postgres://u@db/app', none, false],
    ['STRIPE', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', none, 'value'],
    ['LICENSE', 'community', { secretNames: ['LICENSE'], notSecretNames: [] }, 'user'],
    ['LICENSE', '', { secretNames: ['LICENSE'], notSecretNames: [] }, 'user'],
    ['DB_PASSWORD', 'postgres', { secretNames: [], notSecretNames: ['DB_PASSWORD'] }, false],
    ['DB_PASSWORD', 'postgres', { secretNames: ['DB_PASSWORD'], notSecretNames: ['DB_PASSWORD'] }, false],
    ['db_password', 'postgres', { secretNames: [], notSecretNames: ['DB_PASSWORD'] }, 'name'], // names are case-sensitive
    // A short number under a name that says password is the password (a PIN)…
    ['PIN_PASSWORD', '12345', none, 'name'],
    ['DB_PASS', '4711', none, 'name'],
    ['SSL_PASSPHRASE', '42', none, 'name'],
    // …but one digit is a flag, and other secret words with a short number are flags or counts.
    ['MYSQL_ALLOW_EMPTY_PASSWORD', '1', none, false],
    ['MYSQL_RANDOM_ROOT_PASSWORD', '0', none, false],
    ['SMTP_AUTH', '1', none, false],
    ['API_TOKEN', '12345', none, false],
    ['PASSWORD_MIN_LENGTH', '12', none, false],
    ['PIN_PASSWORD', '12345', { secretNames: [], notSecretNames: ['PIN_PASSWORD'] }, false],
  ];
  it.each(cases)('%s=%s', (name, value, policy, want) => {
    const v = classifySecret(name, value, policy);
    if (want === false) expect(v).toEqual({ secret: false });
    else expect(v).toMatchObject({ secret: true, reason: want });
  });

  it('never puts the value in its explanation', () => {
    for (const value of ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'postgres://u:p4ssw0rd@db/app', 'hunter2hunter2']) {
      const v = classifySecret('DB_PASSWORD', value, none);
      expect(v.secret && v.why).not.toContain(value);
      expect(v.secret && v.why).not.toContain('p4ssw0rd');
    }
  });
});

describe('findTokens', () => {
  const found: [string, RegExp][] = [
    ['exec app --key=sk_live_4eC39HqLyjWDarjtT1zdp7dc', /Stripe/],
    ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls', /AWS access key/],
    ['git clone https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/acme/app', /GitHub/],
    ['curl -H "Authorization: Bearer xoxb-123456789012-1234567890123-AbCdEfGh"', /Slack/],
    ['echo "-----BEGIN OPENSSH PRIVATE KEY-----" > ~/.ssh/id', /private key/],
    ['app --openai sk-proj-abcdefghijklmnopqrstuvwxyz0123456789', /OpenAI/],
    ['app --db postgres://app:Pgpass-Secret-778899@db:5432/app', /URL with a password/],
    ['redis-cli -u redis://:s3cret-pass@redis:6379', /URL with a password/],
  ];
  it.each(found)('%s', (text, what) => {
    const t = findTokens(text);
    expect(t).toHaveLength(1);
    expect(t[0]?.what).toMatch(what);
    expect(text.slice(t[0]?.index, (t[0]?.index ?? 0) + (t[0]?.length ?? 0))).not.toMatch(/^\s|\s$/);
  });

  const none = [
    'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', // a digest: random, not a token
    'git checkout da39a3ee5e6b4b0d3255bfef95601890afd80709',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', // random-looking, but no token shape: left to the names
    'sk-learn-preprocessing-pipeline-version-two',
    'task-definition-family-name-that-is-long',
    'psql "host=db password=${PGPASSWORD}"',
    'Bearer abcdefghijklmnopqrstuvwxyz0123',
    'curl -f http://localhost:3000/health || exit 1',
    'psql postgres://app:$PGPASSWORD@db/app',
    'app --db postgres://app:${DB_PASSWORD}@db/app',
    'echo postgres://app:****@db/app',
    'open https://example.com/a:b@c',
  ];
  it('masks only the password of a URL', () => {
    const text = 'app --db postgres://app:Pgpass-Secret-778899@db:5432/app';
    const [t] = findTokens(text);
    expect(text.slice(t!.index, t!.index + t!.length)).toBe('Pgpass-Secret-778899');
  });
  it.each(none)('%s has none', (text) => expect(findTokens(text)).toEqual([]));

  it('finds every token, in order', () => {
    const t = findTokens('a AKIAIOSFODNN7EXAMPLE b sk_test_4eC39HqLyjWDarjtT1zdp7dc');
    expect(t.map((x) => x.what)).toEqual(['an AWS access key id', 'a Stripe key']);
  });
});

describe('classifySecret remembers verdicts by name and value, not by policy', () => {
  const none: SecretPolicy = { secretNames: [], notSecretNames: [] };
  it('the user’s word still wins after the same pair was classified without it', () => {
    expect(classifySecret('MEMO_PLAIN', 'just-a-value', none).secret).toBe(false);
    expect(classifySecret('MEMO_PLAIN', 'just-a-value', { secretNames: ['MEMO_PLAIN'], notSecretNames: [] })).toMatchObject({ secret: true, reason: 'user' });
    expect(classifySecret('MEMO_PASSWORD', 'hunter2hunter2', none)).toMatchObject({ secret: true, reason: 'name' });
    expect(classifySecret('MEMO_PASSWORD', 'hunter2hunter2', { secretNames: [], notSecretNames: ['MEMO_PASSWORD'] }).secret).toBe(false);
    expect(classifySecret('MEMO_PASSWORD', 'hunter2hunter2', none)).toMatchObject({ secret: true, reason: 'name' });
  });
  it('the same pair gives the same verdict again, another value its own', () => {
    const first = classifySecret('MEMO_HOLDER', 'ghp_' + 'a1B2c3D4e5'.repeat(4), none);
    expect(first).toMatchObject({ secret: true, reason: 'value' });
    expect(classifySecret('MEMO_HOLDER', 'ghp_' + 'a1B2c3D4e5'.repeat(4), none)).toEqual(first);
    expect(classifySecret('MEMO_HOLDER', 'plain text', none).secret).toBe(false);
  });
});

describe('commandLinePasswords', () => {
  it.each([
    [['redis-server', '--appendonly', 'yes', '--requirepass', 'redispass-9988'], ['redispass-9988']],
    [['redis-server', '--requirepass=s3cret-pw'], ['s3cret-pw']],
    [['redis-cli', '-a', 'redispass-9988', 'ping'], ['redispass-9988']],
    [['CMD-SHELL', 'mysqladmin ping -h localhost -uroot -pRootPw-4455'], ['RootPw-4455']],
    [['CMD-SHELL', '/usr/bin/mysql -p"Quoted-Pw1" -e "select 1"'], ['Quoted-Pw1']],
    [['CMD-SHELL', 'curl -fsS -u admin:CurlPw-7788 http://localhost/'], ['CurlPw-7788']],
    [['CMD-SHELL', 'curl -fu admin:CurlPw-7788 http://localhost/ || exit 1'], ['CurlPw-7788']],
    [['app', '--password', 'p4ssw0rd!', '--pass=another-one'], ['p4ssw0rd!', 'another-one']],
    // Each option and program, which the check before splitting into words must let through.
    [['redis-server', '--replica-read-only', 'yes', '--masterauth', 'primary-pw-1'], ['primary-pw-1']],
    [['app', '--passwd=other-pw-2'], ['other-pw-2']],
    [['CMD-SHELL', '/usr/local/bin/redis-cli -a cli-pw-3 ping'], ['cli-pw-3']],
    [['CMD-SHELL', 'mariadb-admin ping -pMaria-pw-4'], ['Maria-pw-4']],
    [['CMD', 'curl', '--user', 'ops:curl-pw-5', 'http://localhost/'], ['curl-pw-5']],
    // A variable the shell expands, a prompt, an option, too short, masked: none.
    [['sh', '-c', 'exec redis-server --requirepass "$REDIS_PASSWORD"'], []],
    [['CMD-SHELL', 'mysqladmin ping --password="$(cat /run/secrets/db-password)" --silent'], []],
    [['mysql', '-p', '-h', 'db'], []],
    [['psql', '--password', '-h', 'db'], []],
    [['redis-cli', '-a', 'abc', 'ping'], []],
    [['redis-cli', '-a', '****', 'ping'], []],
    // `-a` and `-p` mean a password only to redis-cli and the MySQL clients, up to the next command.
    [['app', '-a', 'something-long', '-pPortOrPath'], []],
    [['CMD-SHELL', 'redis-cli ping && tar -a archive.tgz'], []],
    [['docker', 'run', '-u', '1000:1000', 'image'], []],
    // A variable the command sets, whose name says secret (the check lets such a word through).
    [['sh', '-c', 'DB_PASSWORD=assigned-pw-6 exec app'], ['assigned-pw-6']],
    [['CMD-SHELL', 'export API_TOKEN="assigned-tok-7" && app'], ['assigned-tok-7']],
    [['env', 'STRIPE_SECRET_KEY=assigned-key-8', 'app'], ['assigned-key-8']],
    [['sh', '-c', 'DB_PASSWORD=$DB_PASSWORD exec app'], []],
    [['sh', '-c', 'PASSWORD_FILE=/run/secrets/db LOG_LEVEL=debug exec app'], []],
    [['java', '-Dkey.store=keystore.jks', '-jar', 'app.jar'], []],
  ])('%j → %j', (command, expected) => {
    expect(commandLinePasswords(command)).toEqual(expected);
  });
});

