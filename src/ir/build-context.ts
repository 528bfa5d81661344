/**
 * A build context Docker fetches itself (a URL, a Git repository) rather than a folder of the
 * project: the Compose front end keeps it as written (not relative to the project folder), and
 * whatever builds the image passes it to Docker as it is.
 */
export function isRemoteBuildContext(context: string): boolean {
  return context.includes('://') || context.startsWith('github.com/') || context.startsWith('git@');
}
