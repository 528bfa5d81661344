/** `base`, or the first of `base-2`, `base-3`, … that `taken` does not hold. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  return name;
}
