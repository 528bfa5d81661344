/**
 * How Docker Compose turns YAML numbers and booleans into strings where it wants a string
 * (`environment`, `labels`, `build.args`, `extra_hosts` values…): Go's `fmt.Sprint`.
 * `1.10` → `1.1`, `1.0` → `1`, `1000000.0` → `1e+06`, `True` → `true`, `0123` → `83`.
 * The scalar's YAML type tells an int from a float (`1` and `1.0` are both the JS number 1).
 */
import type { YScalar } from '../../yaml/node.js';

/**
 * `fmt.Sprint` of a float64. Go's `%v` is strconv's 'g' format with the shortest digits that
 * round-trip, switching to exponent form when the decimal exponent is below -4 or at least 6
 * (so `100000` but `1e+06`); the exponent has a sign and at least two digits.
 */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  // JS's shortest round-trip digits are the same digits Go picks.
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= 0) {
    out =
      digits.length > exp + 1
        ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
        : digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return n < 0 ? `-${out}` : out;
}

/** The string Compose uses for a scalar value where it expects a string. `null` → `''`. */
export function goScalarString(node: YScalar): string {
  switch (node.type) {
    case 'null':
      return '';
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'int':
      // Beyond ±2^53 the parser kept the exact digits (Go's int64/uint64 print them all).
      if (node.exact !== undefined) return node.exact;
      return typeof node.value === 'number' ? goInt(node.value) : String(node.value);
    case 'float':
      return typeof node.value === 'number' ? goFloat(node.value) : String(node.value);
    case 'str':
      return String(node.value);
  }
}

function goInt(n: number): string {
  // Ints the YAML parser did not build (their exact digits are unknown): print without exponent.
  return Number.isSafeInteger(n) ? String(n) : BigInt(Math.trunc(n)).toString();
}
