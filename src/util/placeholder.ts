/**
 * Does a value look like an unfilled template placeholder (`<port>`, `@@NAME@@`, `${X}`,
 * `DOCKER_IMAGE_NAME`, `BUILD_TAG`)? EB bundles are often templates filled in by a CI job; the
 * EB reader reports such values, and the lints leave them to it.
 */
export function looksLikePlaceholder(s: string): boolean {
  return /<[^<>]+>|@@[A-Za-z0-9_]+@@|\$\{[A-Za-z0-9_]+\}|^[A-Z][A-Z0-9_]*_(PORT|TAG|NAME|IMAGE|NUMBER)$|BUILD_NUMBER|BUILD_TAG/.test(s);
}
