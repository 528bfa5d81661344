/**
 * Reading Compose and env files as Docker Compose decodes them (see util/text-encoding.ts), and
 * saying so where a file is not UTF-8 (`input/encoding`).
 */
import { readFileSync } from 'node:fs';
import type { Reporter } from '../../diagnostics/context.js';
import { originAt, type SourceFile } from '../../ir/source-file.js';
import { decodeText, hexByte, type DecodedText } from '../../util/text-encoding.js';

/** A file's bytes, decoded; throws as `readFileSync` does when it cannot be read. */
export function readInputText(abs: string): DecodedText {
  return decodeText(readFileSync(abs));
}

const SAVE_AS_UTF8 = 'Save the file as UTF-8; in PowerShell, write it with `Set-Content -Encoding utf8` rather than `>`.';

/**
 * Reports what Compose would make of the encoding of `file`, a Compose file (`yaml`) or an env
 * file (`env`): a Compose file must be UTF-8 or UTF-16 with a byte order mark; an env file, UTF-8.
 * Returns false when the file cannot be read at all (a UTF-16 env file), so its text, NUL-laced
 * garbage to an env reader, is not parsed.
 */
export function checkEncoding(reporter: Reporter, file: SourceFile, decoded: DecodedText, kind: 'yaml' | 'env'): boolean {
  if (kind === 'env' && decoded.encoding !== 'utf-8') {
    reporter.report('input/encoding', `${file.path} is ${decoded.encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'} text (as Windows PowerShell writes with \`>\`); Compose reads env files only as UTF-8, so it cannot read this one.`, {
      origin: originAt(file, 0, ''),
      hint: SAVE_AS_UTF8,
    });
    return false;
  }
  if (decoded.invalid) {
    const what = `${file.path} is not UTF-8: byte ${hexByte(decoded.invalid.byte)} here is not a UTF-8 character`;
    reporter.report(
      'input/encoding',
      kind === 'yaml'
        ? `${what}, and Docker Compose refuses the file.`
        : `${what}. Compose passes such bytes on as they are; ecsify can only write them as U+FFFD (\u{FFFD}), which changes the value.`,
      { origin: originAt(file, decoded.invalid.at, ''), hint: `${SAVE_AS_UTF8} Such bytes come from an editor set to Latin-1 or Windows-1252.`, ...(kind === 'env' ? { severity: 'warning' as const } : {}) },
    );
  }
  return true;
}
