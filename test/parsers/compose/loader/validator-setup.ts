/**
 * Vitest global setup: makes sure the generated Compose schema validator
 * (src/parsers/compose/schema/compose-validator.generated.ts, not committed) exists and is up to
 * date, so tests work on a fresh clone even if `npm run build` was not run.
 */
export default async function setup(): Promise<void> {
  const url = new URL('../../../../scripts/build-compose-validator.mjs', import.meta.url).href;
  const generator = (await import(url)) as { ensure: () => Promise<boolean> };
  await generator.ensure();
}
