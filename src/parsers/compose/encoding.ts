/**
 * Reading Compose and env files as Docker Compose decodes them (see util/text-encoding.ts), and
 * saying so where a file is not UTF-8 (`input/encoding`).
 */
import { readFileSync } from 'node:fs';
import type { Reporter } from '../../diagnostics/context.js';
import { originAt, type SourceFile } from '../../ir/source-file.js';
import { decodeText, encodingLabel, NOT_UTF8_HINT, notUtf8, SAVE_AS_UTF8, type DecodedText } from '../../util/text-encoding.js';

/** A file's bytes, decoded; throws as `readFileSync` does when it cannot be read. */
export function readInputText(abs: string): DecodedText {
  return decodeText(readFileSync(abs));
}

/**
 * Reports what Compose would make of the encoding of `file`, a Compose file (`yaml`) or an env
 * file (`env`): a Compose file must be UTF-8 or UTF-16 with a byte order mark; an env file, UTF-8.
 * Returns false when Compose could not read the file at all (a UTF-16 env file): ecsify does not
 * use it either, so the conversion holds what Compose would run.
 */
export function checkEncoding(reporter: Reporter, file: SourceFile, decoded: DecodedText, kind: 'yaml' | 'env'): boolean {
  if (kind === 'env' && decoded.encoding !== 'utf-8') {
    reporter.report('input/encoding', `${file.path} is ${encodingLabel(decoded.encoding)} text (as Windows PowerShell writes with \`>\`); Compose reads env files only as UTF-8, so it cannot read this one.`, {
      origin: originAt(file, 0, ''),
      hint: SAVE_AS_UTF8,
    });
    return false;
  }
  if (decoded.invalid) {
    const what = notUtf8(file.path, decoded.invalid);
    reporter.report(
      'input/encoding',
      kind === 'yaml'
        ? `${what}, and Docker Compose refuses the file.`
        : `${what}. Compose passes such bytes on as they are; ecsify can only write them as U+FFFD (\u{FFFD}), which changes the value.`,
      { origin: originAt(file, decoded.invalid.at, ''), hint: NOT_UTF8_HINT, ...(kind === 'env' ? { severity: 'warning' as const } : {}) },
    );
  }
  return true;
}
