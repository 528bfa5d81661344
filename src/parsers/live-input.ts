/**
 * `eb://ENVIRONMENT` and `eb://APPLICATION/ENVIRONMENT`: the inputs that name a running Elastic
 * Beanstalk environment. Kept apart from the reader (elastic-beanstalk/live.ts) so the CLI and
 * input detection can recognise one without loading the EB front end or the AWS SDK.
 */

/** EB's rule for environment names: 4 to 40 letters, digits and hyphens, not starting or ending with a hyphen. */
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/;
/** Application names: 1 to 100 characters; a `/` in one is written `%2F`. */
const APP_NAME = /^[^/]{1,100}$/;

export interface LiveTarget {
  application?: string;
  environment: string;
}

/**
 * Whether `input` is meant as a live environment (well formed or not); also what marks the files
 * a live environment gave (`eb://ENV/settings.cfg.yml`), which are not files of the user's.
 */
export function isLiveInput(input: string): boolean {
  return /^eb:\/\//i.test(input);
}

/** The environment (and application) an `eb://` input names; undefined when it is malformed. */
export function parseLiveInput(input: string): LiveTarget | undefined {
  if (!isLiveInput(input)) return undefined;
  const parts = input.slice(5).replace(/\/+$/, '').split('/');
  const [first, second] = parts;
  if (parts.length === 1 && first !== undefined && ENV_NAME.test(first)) return { environment: first };
  if (parts.length === 2 && first !== undefined && second !== undefined && APP_NAME.test(first) && ENV_NAME.test(second)) {
    let application: string;
    try {
      application = decodeURIComponent(first);
    } catch {
      return undefined; // a `%` that starts no escape
    }
    return application.length > 0 ? { application, environment: second } : undefined;
  }
  return undefined;
}
