/**
 * A scanner for the YAML that Compose and Elastic Beanstalk files are written in, producing the
 * very events js-yaml's `parseEvents` produces for the same text — same types, offsets, styles,
 * chomping, indentation and `fast` flags — or giving up on anything else.
 *
 * Why: `parseEvents` was the largest single cost of `convert` on a big Compose file (≈100 ms of
 * ≈0.6 s for the 1000-service benchmark file), much of it generality those files never use, and
 * its array of events survived every young-generation collection while the tree was built. This
 * scanner reads the common subset line by line, hands each event to the composer as it is read
 * (`scan`), and leaves the rest to js-yaml, which stays the reference: whatever this file
 * accepts must give js-yaml's events exactly (test/yaml/scan-events.test.ts holds it to that on
 * the corpus, on generated Compose files and on mutated and generated texts), and it must give
 * up on anything js-yaml would reject, so syntax errors keep js-yaml's messages and positions.
 *
 * The subset: documents with or without `---`/`...`; comments; block mappings and sequences
 * (compact `- key: value` entries, sequences at their key's indentation); plain scalars, on
 * several lines too; quoted scalars on one line (escapes checked as js-yaml checks them);
 * literal and folded block scalars; anchors, aliases and tags before block nodes and scalars
 * (`!reset`, `!!str`); flow sequences and mappings of such scalars, nested, over several lines
 * (JSON). It gives up on tabs, carriage returns, control characters, a byte order mark or
 * surrogates anywhere in the text; directives; explicit keys (`?`); collections, aliases or
 * multi-line scalars as keys; quoted scalars, and plain scalars in flow collections, continued
 * on the next line; content on a `---` line; properties at the start of a line or inside flow
 * collections; flow entries with an empty key or value; and a flow collection line indented
 * less than js-yaml wants (which parseYaml's retry of js-yaml repairs).
 *
 * Each rule below names the js-yaml behaviour it reproduces, in js-yaml's terms (`parseNode`,
 * `readBlockMapping`, …), since that code is the specification here.
 */
import type { Event } from 'js-yaml';

// js-yaml's EVENT_ID, SCALAR_STYLE, COLLECTION_STYLE and CHOMPING_MODE values, as constants of
// literal types (what the `Event` union needs).
const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const ALIAS = 5;
const POP = 6;
const PLAIN = 1;
const SINGLE_QUOTED = 2;
const DOUBLE_QUOTED = 3;
const LITERAL = 4;
const FOLDED = 5;
const BLOCK = 1;
const FLOW = 2;
const CLIP = 1;
const STRIP = 2;
const KEEP = 3;

type ScalarEvent = Extract<Event, { type: 4 }>;
type CollectionEvent = Extract<Event, { type: 2 | 3 }>;
const POP_EVENT: Event = { type: POP };

/** Deepest nesting read here; deeper files go to js-yaml (which allows 1000, see parseYaml). */
const MAX_DEPTH = 200;

/**
 * Characters that send the whole text to js-yaml: tab and carriage return (indentation and line
 * rules this scanner does not model), other C0 and C1 controls and U+FFFE/U+FFFF (js-yaml
 * rejects most of them), a byte order mark (a document boundary for js-yaml) and surrogates.
 */
const UNSUPPORTED = /[\0-\x09\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]/;

/** Characters js-yaml accepts in a tag suffix (`PATTERN_TAG_SUFFIX` without `%` escapes). */
const TAG_CHAR: readonly boolean[] = (() => {
  const table = new Array<boolean>(128).fill(false);
  for (const ch of "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-#;/?:@&=+$.~*'()_") table[ch.charCodeAt(0)] = true;
  return table;
})();

/** Thrown to give up (by the scanner or its sink, see `giveUp`); caught by `scan` only. */
const GIVE_UP = new Error('outside the fast YAML subset');

/**
 * For tests: `enabled` turns the fast path off (to compare parseYaml's two paths); `runs`
 * counts the runs of `scan`, `gaveUp` and `at` say why and at which offset the last one gave
 * up (`''` and -1 when it read the whole text).
 */
export const scanControl = { enabled: true, runs: 0, gaveUp: '', at: -1 };

/** Properties (`&anchor`, `!tag`) read before a node, as offsets (-1: absent). */
interface Props {
  anchorStart: number;
  anchorEnd: number;
  tagStart: number;
  tagEnd: number;
}

const NO_PROPS: Props = { anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1 };

/**
 * Receives the events of `scan` one by one, in order. An event object is the sink's only during
 * the call: the scanner fills the same object again for the next event of its type (allocating
 * one per event cost about a tenth of `parseYaml`'s time, mostly in garbage collection). Document
 * events are the exception: one per document, its `explicitEnd` set when the document ends, as
 * js-yaml does.
 */
export interface EventSink {
  event(ev: Event): void;
}

/**
 * The events `parseEvents(text)` returns, or undefined when the text is outside the subset (see
 * the file comment), which includes every text js-yaml rejects. For tests; parseYaml uses `scan`.
 */
export function scanEvents(text: string): Event[] | undefined {
  const events: Event[] = [];
  return scan(text, { event: (ev) => events.push(ev.type === DOCUMENT ? ev : { ...ev }) }) ? events : undefined;
}

/**
 * Feeds `sink` the events `parseEvents(text)` would return, one by one, and returns true; or
 * gives up at the first thing outside the subset (or when the sink calls `giveUp`) and returns
 * false, the sink having received only part of them.
 */
export function scan(text: string, sink: EventSink): boolean {
  scanControl.runs++;
  scanControl.gaveUp = '';
  scanControl.at = -1;
  if (!scanControl.enabled) {
    scanControl.gaveUp = 'disabled';
    return false;
  }
  if (UNSUPPORTED.test(text)) {
    scanControl.gaveUp = 'character';
    scanControl.at = text.search(UNSUPPORTED);
    return false;
  }
  const scanner = new Scanner(text, sink);
  try {
    scanner.stream();
  } catch (e) {
    if (e !== GIVE_UP) throw e;
    scanControl.gaveUp ||= scanner.why;
    scanControl.at = scanner.at;
    return false;
  }
  return true;
}

/** For a sink: abandons the `scan` that called it (which then returns false). */
export function giveUp(why: string): never {
  scanControl.gaveUp = why;
  throw GIVE_UP;
}

function isSpaceOrBreak(c: number): boolean {
  return c === 32 || c === 10;
}

/** `,[]{}` */
function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/**
 * The scanner. Block nodes are read with the cursor on their first character; each block
 * reader returns with the cursor on the first character of the next line holding content (not
 * blank, not only a comment), whose indentation is in `indent` (-1 at the end of the text).
 */
class Scanner {
  private pos = 0;
  /** Offset where the cursor's line starts. */
  private lineStart = 0;
  /** Indentation of the cursor's line (-1: end of text). */
  private indent = 0;
  private depth = 0;
  /** Indentation of the line `skipBlankLines` stopped on. */
  private skipIndent = 0;
  /** Why and where it gave up (see `scanControl`). */
  why = '';
  at = -1;
  private readonly len: number;
  // The last scalar token read (`plainToken`, `quotedToken`), emitted by the caller once it
  // knows whether a mapping event goes before it.
  private tokStart = 0;
  private tokEnd = 0;
  private tokStyle: 1 | 2 | 3 = PLAIN;
  private tokFast = true;
  // One object per event type, filled and passed to the sink for each event (see `EventSink`).
  private readonly scalarEv: ScalarEvent = {
    type: SCALAR,
    valueStart: -1,
    valueEnd: -1,
    anchorStart: -1,
    anchorEnd: -1,
    tagStart: -1,
    tagEnd: -1,
    style: PLAIN,
    chomping: CLIP,
    indent: -1,
    fast: false,
  };
  private readonly mappingEv: Extract<Event, { type: 3 }> = { type: MAPPING, start: -1, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1, style: BLOCK };
  private readonly sequenceEv: Extract<Event, { type: 2 }> = { type: SEQUENCE, start: -1, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1, style: BLOCK };
  private readonly aliasEv: Extract<Event, { type: 5 }> = { type: ALIAS, anchorStart: -1, anchorEnd: -1 };

  constructor(
    private readonly text: string,
    private readonly sink: EventSink,
  ) {
    this.len = text.length;
  }

  private giveUp(why: string): never {
    this.why = why;
    this.at = this.pos;
    throw GIVE_UP;
  }

  /** `parseEvents`: documents until the end of the text. */
  stream(): void {
    this.nextContent();
    while (this.indent !== -1) this.document();
  }

  /** `readDocument`, for a document without directives and with nothing on its `---` line. */
  private document(): void {
    const text = this.text;
    let explicitStart = false;
    // js-yaml counts a line's indentation only after a line break: on the first line of the
    // text it is 0 whatever the spaces, which the root node's `parentIndent` shows.
    const firstLine = this.lineStart === 0 && this.indent > 0;
    if (firstLine) {
      const c = text.charCodeAt(this.pos);
      if (c === 37 || this.isSeparator(this.pos, 45) || this.isSeparator(this.pos, 46)) this.giveUp('indented marker on the first line');
    }
    if (this.indent === 0) {
      const c = text.charCodeAt(this.pos);
      if (c === 37) this.giveUp('directive');
      if (this.isSeparator(this.pos, 45)) {
        explicitStart = true;
        this.pos += 3;
        // Content on the marker line (`--- value`) is read without compact collections.
        this.finishLine('content after ---');
      } else if (this.isSeparator(this.pos, 46)) {
        this.giveUp('... before a document');
      }
    }
    const doc: Extract<Event, { type: 1 }> = { type: DOCUMENT, explicitStart, explicitEnd: false, directives: [] };
    this.sink.event(doc);
    if (this.indent === -1 || (this.indent === 0 && (this.isSeparator(this.pos, 45) || this.isSeparator(this.pos, 46)))) {
      this.emptyScalar(NO_PROPS);
    } else {
      // `parseNode(state, lineIndent - 1, BLOCK_OUT, …)`; properties at the root are left to js-yaml.
      this.blockNode(firstLine ? -1 : this.indent - 1, true, true, true);
    }
    if (this.indent !== -1) {
      if (this.indent !== 0) this.giveUp('content after the document');
      if (this.isSeparator(this.pos, 46)) {
        doc.explicitEnd = true;
        this.pos += 3;
        this.finishLine('content after ...');
      } else if (!this.isSeparator(this.pos, 45)) {
        this.giveUp('content after the document');
      }
    }
    this.sink.event(POP_EVENT);
  }

  /** `testDocumentSeparator`: `---` or `...` (`marker`: `-` or `.`) followed by a space, break or end. */
  private isSeparator(at: number, marker: number): boolean {
    const text = this.text;
    if (text.charCodeAt(at) !== marker || text.charCodeAt(at + 1) !== marker || text.charCodeAt(at + 2) !== marker) return false;
    return at + 3 >= this.len || isSpaceOrBreak(text.charCodeAt(at + 3));
  }

  /**
   * After a node: the rest of the line must be spaces and perhaps a comment (`#` after a space),
   * as js-yaml's callers demand once a node is read. Leaves the cursor at the next line's start.
   */
  private endLine(what: string): void {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (c === 32) c = text.charCodeAt(++pos);
    if (c === 35) {
      const prev = text.charCodeAt(pos - 1);
      if (!isSpaceOrBreak(prev) && pos !== 0) this.giveUp(what);
      const eol = text.indexOf('\n', pos);
      pos = eol === -1 ? this.len : eol;
      c = text.charCodeAt(pos);
    }
    if (pos >= this.len) {
      this.pos = this.len;
      return;
    }
    if (c !== 10) this.giveUp(what);
    this.pos = pos + 1;
  }

  /** After a node that ends its line: `endLine`, then on to the next line with content. */
  private finishLine(what: string): void {
    this.endLine(what);
    this.nextContent();
  }

  /**
   * From the start of a line, skips blank and comment lines (`skipSeparationSpace`); sets
   * `indent`, `lineStart` and the cursor for the next line with content.
   */
  private nextContent(): void {
    const text = this.text;
    const len = this.len;
    let pos = this.pos;
    for (;;) {
      const start = pos;
      let c = text.charCodeAt(pos);
      while (c === 32) c = text.charCodeAt(++pos);
      if (pos >= len) {
        this.pos = len;
        this.lineStart = start;
        this.indent = -1;
        return;
      }
      if (c === 10) {
        pos++;
        continue;
      }
      if (c === 35) {
        const eol = text.indexOf('\n', pos);
        if (eol === -1) {
          this.pos = len;
          this.indent = -1;
          return;
        }
        pos = eol + 1;
        continue;
      }
      this.pos = pos;
      this.lineStart = start;
      this.indent = pos - start;
      return;
    }
  }

  /** Emits a scalar event (the object is reused: see `EventSink`). */
  private scalarEvent(
    valueStart: number,
    valueEnd: number,
    props: Props,
    style: ScalarEvent['style'],
    chomping: ScalarEvent['chomping'],
    indent: number,
    fast: boolean,
  ): void {
    const ev = this.scalarEv;
    ev.valueStart = valueStart;
    ev.valueEnd = valueEnd;
    ev.anchorStart = props.anchorStart;
    ev.anchorEnd = props.anchorEnd;
    ev.tagStart = props.tagStart;
    ev.tagEnd = props.tagEnd;
    ev.style = style;
    ev.chomping = chomping;
    ev.indent = indent;
    ev.fast = fast;
    this.sink.event(ev);
  }

  /** Emits a mapping or sequence event (reused objects, see `EventSink`). */
  private collectionEvent(type: typeof MAPPING | typeof SEQUENCE, start: number, props: Props, style: CollectionEvent['style']): void {
    const ev = type === MAPPING ? this.mappingEv : this.sequenceEv;
    ev.start = start;
    ev.anchorStart = props.anchorStart;
    ev.anchorEnd = props.anchorEnd;
    ev.tagStart = props.tagStart;
    ev.tagEnd = props.tagEnd;
    ev.style = style;
    this.sink.event(ev);
  }

  private emptyScalar(props: Props): void {
    this.scalarEvent(-1, -1, props, PLAIN, CLIP, -1, false);
  }

  /** Emits the last token read as a scalar with `props`. */
  private tokenScalar(props: Props): void {
    this.scalarEvent(this.tokStart, this.tokEnd, props, this.tokStyle, CLIP, -1, this.tokFast);
  }

  /**
   * A block node whose first character is at the cursor (`parseNode` in a block context).
   * `parentIndent`: as js-yaml's; `collections`: whether a block mapping or sequence may start
   * here (`allowBlockCollections`: not on a key's line); `newLine`: whether the node starts a
   * line of its own; `blockOut`: the context is BLOCK_OUT (a mapping value or the root), where
   * a sequence may sit at its parent's indentation.
   */
  private blockNode(parentIndent: number, collections: boolean, newLine: boolean, blockOut: boolean): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 38 || c === 33) {
      // `parseNode`'s property loop has special cases for properties at the start of a line.
      if (newLine) this.giveUp('properties starting a line');
      const props = this.readProps();
      const n = text.charCodeAt(this.pos);
      if (n === 10 || n === 35 || this.pos >= this.len) {
        this.finishLine('properties');
        this.afterProps(parentIndent, props, blockOut);
      } else {
        this.inlineNode(parentIndent, props);
      }
      return;
    }
    if (!collections) {
      this.inlineNode(parentIndent, NO_PROPS);
      return;
    }
    if (c === 45 && this.isBlank(text.charCodeAt(this.pos + 1), this.pos + 1)) {
      this.blockSequence(NO_PROPS);
      return;
    }
    // `readBlockMapping` reads the first token as a key and checks for `:` after it; when there
    // is none, that token is the node (read with the same indentation, so the same events).
    const start = this.pos;
    const lineStart = this.lineStart;
    if (c === 34 || c === 39) {
      this.quotedToken();
      if (this.colonAfterQuoted()) {
        this.blockMapping(start - lineStart, start, NO_PROPS);
        return;
      }
      this.tokenScalar(NO_PROPS);
      this.finishLine('content after a quoted scalar');
      return;
    }
    if (this.canStartPlain(c)) {
      const stop = this.plainToken(parentIndent + 1);
      if (stop === STOP_COLON) {
        this.blockMapping(start - lineStart, start, NO_PROPS);
        return;
      }
      this.tokenScalar(NO_PROPS);
      this.finishLine('content after a plain scalar');
      return;
    }
    this.inlineNode(parentIndent, NO_PROPS);
  }

  /** A space, a line break or the end of the text (`isWsOrEolOrEnd`; tabs never get here). */
  private isBlank(c: number, at: number): boolean {
    return c === 32 || c === 10 || at >= this.len;
  }

  /**
   * After properties that end their line: what `parseNode` reads on the next line with content
   * (`indentStatus` from its indentation), or an empty scalar carrying the properties.
   */
  private afterProps(parentIndent: number, props: Props, blockOut: boolean): void {
    const indent = this.indent;
    if (indent > parentIndent) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 38 || c === 33) this.giveUp('properties on two lines');
      if (c === 45 && this.isBlank(this.text.charCodeAt(this.pos + 1), this.pos + 1)) {
        this.blockSequence(props);
        return;
      }
      // Only a mapping: anything else after a line of properties takes other js-yaml paths.
      const start = this.pos;
      if (c === 34 || c === 39) {
        this.quotedToken();
        if (!this.colonAfterQuoted()) this.giveUp('scalar after a line of properties');
      } else if (!this.canStartPlain(c) || this.plainToken(parentIndent + 1) !== STOP_COLON) {
        this.giveUp('scalar after a line of properties');
      }
      this.blockMapping(indent, start, props);
      return;
    }
    if (indent === parentIndent && blockOut && this.text.charCodeAt(this.pos) === 45 && this.isBlank(this.text.charCodeAt(this.pos + 1), this.pos + 1)) {
      this.blockSequence(props);
      return;
    }
    this.emptyScalar(props);
  }

  /**
   * A node on the line of its key, or after properties (no block collection can start here):
   * a flow collection, a block scalar, a quoted or plain scalar, an alias.
   */
  private inlineNode(parentIndent: number, props: Props): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 91 || c === 123) {
      this.flowCollection(parentIndent + 1, props);
      this.finishLine('content after a flow collection');
      return;
    }
    if (c === 124 || c === 62) {
      this.blockScalar(parentIndent + 1, props);
      return;
    }
    if (c === 34 || c === 39) {
      this.quotedToken();
      this.tokenScalar(props);
      this.finishLine('content after a quoted scalar');
      return;
    }
    if (c === 42) {
      if (props !== NO_PROPS) this.giveUp('alias with properties');
      this.alias(false);
      this.finishLine('content after an alias');
      return;
    }
    if (!this.canStartPlain(c)) this.giveUp('unexpected character');
    const stop = this.plainToken(parentIndent + 1);
    if (stop === STOP_COLON) this.giveUp('mapping on the line of a key');
    this.tokenScalar(props);
    this.finishLine('content after a plain scalar');
  }

  /** `canStartPlainScalar` in a block context (`-`/`?` followed by a space never reach here as such). */
  private canStartPlain(c: number): boolean {
    switch (c) {
      case 32:
      case 10:
      case 35: // #
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case 39: // '
      case 34: // "
      case 37: // %
      case 64: // @
      case 96: // `
      case 44:
      case 91:
      case 93:
      case 123:
      case 125:
        return false;
      case 45: // -
      case 63: // ?
        return !this.isBlank(this.text.charCodeAt(this.pos + 1), this.pos + 1);
    }
    return this.pos < this.len;
  }

  /**
   * A plain scalar in a block context (`readPlainScalar`): up to a `: `, a ` #` or the end of
   * a line not continued. Sets the token and returns where it stopped. At a line break js-yaml
   * looks for a continuation line indented at least `nodeIndent` (see `continuation`); a scalar
   * continued on other lines is not `fast`, and gives up if a `: ` ends it (a multi-line key).
   */
  private plainToken(nodeIndent: number): number {
    const text = this.text;
    const len = this.len;
    const start = this.pos;
    let pos = start;
    let end = start;
    let stop = STOP_END;
    let fast = true;
    for (;;) {
      for (; pos < len; pos++) {
        const c = text.charCodeAt(pos);
        if (c === 58) {
          const n = text.charCodeAt(pos + 1);
          if (n === 32 || n === 10 || pos + 1 >= len) {
            stop = STOP_COLON;
            break;
          }
        } else if (c === 35) {
          if (text.charCodeAt(pos - 1) === 32) {
            stop = STOP_COMMENT;
            break;
          }
        } else if (c === 10) {
          stop = STOP_BREAK;
          break;
        }
        if (c !== 32) end = pos + 1;
      }
      if (stop !== STOP_BREAK) break;
      const next = this.continuation(pos, nodeIndent);
      if (next === NOT_CONTINUED) break;
      fast = false;
      if (next === ENDS_THERE) break;
      pos = next;
      stop = STOP_END;
    }
    if (end === start) this.giveUp('empty plain scalar');
    if (!fast && stop === STOP_COLON) this.giveUp('multi-line key');
    this.pos = pos;
    this.tokStart = start;
    this.tokEnd = end;
    this.tokStyle = PLAIN;
    this.tokFast = fast;
    return stop;
  }

  /**
   * From the line break at `at`, past blank lines (spaces only) to the first character of the
   * next line with content, or the end of the text: its offset, with that line's indentation in
   * `skipIndent` (a field, not a returned pair: this runs once per line break of a scalar).
   */
  private skipBlankLines(at: number): number {
    const text = this.text;
    let pos = at;
    let indent = 0;
    let c = 10;
    while (c === 10) {
      pos++;
      indent = 0;
      c = text.charCodeAt(pos);
      while (c === 32) {
        indent++;
        c = text.charCodeAt(++pos);
      }
    }
    this.skipIndent = indent;
    return pos;
  }

  /**
   * What js-yaml's plain scalar reader does at the line break `at`: it skips blank lines
   * (`skipSeparationSpace` without comments) and, on a line indented at least `nodeIndent`,
   * goes on (the offset returned) unless that line starts with a comment or a document marker
   * or the text ends (`ENDS_THERE`: the scalar ends at `at` but is not `fast`); on a line
   * indented less the scalar ends at `at` (`NOT_CONTINUED`).
   */
  private continuation(at: number, nodeIndent: number): number {
    const text = this.text;
    const pos = this.skipBlankLines(at);
    const indent = this.skipIndent;
    const c = text.charCodeAt(pos);
    if (indent < nodeIndent) return NOT_CONTINUED;
    if (pos >= this.len || c === 35) return ENDS_THERE;
    if (indent === 0 && (this.isSeparator(pos, 45) || this.isSeparator(pos, 46))) return ENDS_THERE;
    // A `: ` first on the line ends the scalar there too, as a multi-line key (given up).
    if (c === 58 && this.isBlank(text.charCodeAt(pos + 1), pos + 1)) this.giveUp('multi-line key');
    return pos;
  }

  /** A single- or double-quoted scalar closed on its line; sets the token. */
  private quotedToken(): void {
    const text = this.text;
    const quote = text.charCodeAt(this.pos);
    let pos = this.pos + 1;
    const start = pos;
    let fast = true;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === quote) {
        if (quote === 39 && text.charCodeAt(pos + 1) === 39) {
          fast = false;
          pos += 2;
          continue;
        }
        break;
      }
      if (c === 10 || pos >= this.len) this.giveUp('quoted scalar on several lines');
      if (c === 92 && quote === 34) {
        fast = false;
        pos = this.escape(pos + 1);
        continue;
      }
      pos++;
    }
    this.tokStart = start;
    this.tokEnd = pos;
    this.tokStyle = quote === 39 ? SINGLE_QUOTED : DOUBLE_QUOTED;
    this.tokFast = fast;
    this.pos = pos + 1;
  }

  /** Checks the escape whose letter is at `at` as `readDoubleQuotedScalar` does; returns the offset after it. */
  private escape(at: number): number {
    const c = this.text.charCodeAt(at);
    switch (c) {
      // isSimpleEscape: 0 a b t <tab> n v f r e <space> " / \ N _ L P
      case 48:
      case 97:
      case 98:
      case 116:
      case 110:
      case 118:
      case 102:
      case 114:
      case 101:
      case 32:
      case 34:
      case 47:
      case 92:
      case 78:
      case 95:
      case 76:
      case 80:
        return at + 1;
    }
    const digits = c === 120 ? 2 : c === 117 ? 4 : c === 85 ? 8 : 0;
    if (digits === 0) this.giveUp('escape');
    for (let i = 1; i <= digits; i++) {
      const h = this.text.charCodeAt(at + i);
      const isHex = (h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102);
      if (!isHex) this.giveUp('escape');
    }
    return at + digits + 1;
  }

  /** After a quoted token: spaces, then `:` and a space or break (a key), or not a key. */
  private colonAfterQuoted(): boolean {
    const text = this.text;
    let pos = this.pos;
    while (text.charCodeAt(pos) === 32) pos++;
    if (text.charCodeAt(pos) !== 58) return false;
    if (!this.isBlank(text.charCodeAt(pos + 1), pos + 1)) this.giveUp('no space after :');
    this.pos = pos;
    return true;
  }

  /** `&anchor` and `!tag` properties, each followed by a space or a line break. */
  private readProps(): Props {
    const text = this.text;
    const props: Props = { anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1 };
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (c === 38 || c === 33) {
      if (c === 38) {
        if (props.anchorStart !== -1) this.giveUp('two anchors');
        const start = ++pos;
        c = text.charCodeAt(pos);
        while (pos < this.len && !isSpaceOrBreak(c) && !isFlowIndicator(c)) c = text.charCodeAt(++pos);
        if (pos === start || isFlowIndicator(c)) this.giveUp('anchor');
        props.anchorStart = start;
        props.anchorEnd = pos;
      } else {
        if (props.tagStart !== -1) this.giveUp('two tags');
        const start = pos;
        c = text.charCodeAt(++pos);
        if (c === 33) c = text.charCodeAt(++pos);
        while (pos < this.len && !isSpaceOrBreak(c)) {
          // A second `!` (a named handle) must be declared by a directive; `<`: verbatim.
          if (c >= 128 || !TAG_CHAR[c]) this.giveUp('tag');
          c = text.charCodeAt(++pos);
        }
        props.tagStart = start;
        props.tagEnd = pos;
      }
      while (c === 32) c = text.charCodeAt(++pos);
    }
    this.pos = pos;
    return props;
  }

  /** `*name`, the name ending at a space, a break or the end (`inFlow`: or a flow indicator). */
  private alias(inFlow: boolean): void {
    const text = this.text;
    let pos = this.pos + 1;
    const start = pos;
    let c = text.charCodeAt(pos);
    while (pos < this.len && !isSpaceOrBreak(c) && !isFlowIndicator(c)) c = text.charCodeAt(++pos);
    if (pos === start || (!inFlow && isFlowIndicator(c))) this.giveUp('alias');
    const alias = this.aliasEv;
    alias.anchorStart = start;
    alias.anchorEnd = pos;
    this.sink.event(alias);
    this.pos = pos;
  }

  /**
   * A block mapping whose first key starts at `start`, at column `indent` (`readBlockMapping`).
   * Keys are plain or quoted scalars on one line; the first is the last token read, the cursor
   * on its `:`.
   */
  private blockMapping(indent: number, start: number, props: Props): void {
    if (++this.depth > MAX_DEPTH) this.giveUp('depth');
    const text = this.text;
    this.collectionEvent(MAPPING, start, props, BLOCK);
    for (;;) {
      this.tokenScalar(NO_PROPS);
      this.pos++; // the `:`
      // The value: on this line, or on the next lines (`parseNode` seeking past the break).
      let v = text.charCodeAt(this.pos);
      while (v === 32) v = text.charCodeAt(++this.pos);
      if (v === 10 || v === 35 || this.pos >= this.len) {
        this.finishLine('key');
        const next = this.indent;
        if (next > indent) {
          this.blockNode(indent, true, true, true);
        } else if (next === indent && text.charCodeAt(this.pos) === 45 && this.isBlank(text.charCodeAt(this.pos + 1), this.pos + 1)) {
          this.blockSequence(NO_PROPS);
        } else {
          this.emptyScalar(NO_PROPS);
        }
      } else {
        this.blockNode(indent, false, false, true);
      }
      // The next entry: at this indentation, else the mapping ends (a deeper line is an error).
      const next = this.indent;
      if (next < indent) break;
      if (next > indent) this.giveUp('bad indentation of a mapping entry');
      const k = text.charCodeAt(this.pos);
      if (k === 45 && this.isBlank(text.charCodeAt(this.pos + 1), this.pos + 1)) break;
      if (next === 0 && (this.isSeparator(this.pos, 45) || this.isSeparator(this.pos, 46))) break;
      // The next key, then `:` (checked by the token readers).
      if (k === 34 || k === 39) {
        this.quotedToken();
        if (!this.colonAfterQuoted()) this.giveUp('key without :');
      } else if (!this.canStartPlain(k) || this.plainToken(indent + 1) !== STOP_COLON) {
        this.giveUp('key');
      }
    }
    this.sink.event(POP_EVENT);
    this.depth--;
  }

  /** A block sequence whose first `-` is at the cursor (`readBlockSequence`). */
  private blockSequence(props: Props): void {
    if (++this.depth > MAX_DEPTH) this.giveUp('depth');
    const text = this.text;
    const indent = this.pos - this.lineStart;
    this.collectionEvent(SEQUENCE, this.pos, props, BLOCK);
    for (;;) {
      this.pos++; // the `-`
      let c = text.charCodeAt(this.pos);
      while (c === 32) c = text.charCodeAt(++this.pos);
      if (c === 10 || c === 35 || this.pos >= this.len) {
        this.finishLine('sequence entry');
        if (this.indent <= indent) this.emptyScalar(NO_PROPS);
        else this.blockNode(indent, true, true, false);
      } else {
        this.blockNode(indent, true, false, false);
      }
      const next = this.indent;
      if (next < indent) break;
      if (next > indent) this.giveUp('bad indentation of a sequence entry');
      if (text.charCodeAt(this.pos) !== 45 || !this.isBlank(text.charCodeAt(this.pos + 1), this.pos + 1)) break;
    }
    this.sink.event(POP_EVENT);
    this.depth--;
  }

  /**
   * A literal or folded block scalar (`readBlockScalar`, `parentIndent` as js-yaml's), its
   * header at the cursor. Reproduces js-yaml's reading line by line: where the content ends,
   * the indentation it detects (or the indicator gives) and the errors it raises.
   */
  private blockScalar(parentIndent: number, props: Props): void {
    const text = this.text;
    const len = this.len;
    const style = text.charCodeAt(this.pos) === 124 ? LITERAL : FOLDED;
    let pos = this.pos + 1;
    let chomping: 1 | 2 | 3 = CLIP;
    let indent = -1;
    let detected = false;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 43 || c === 45) {
        if (chomping !== CLIP) this.giveUp('block scalar header');
        chomping = c === 43 ? KEEP : STRIP;
      } else if (c >= 49 && c <= 57) {
        if (detected) this.giveUp('block scalar header');
        indent = parentIndent + (c - 48) - 1;
        detected = true;
      } else {
        break;
      }
      pos++;
    }
    this.pos = pos;
    this.endLine('block scalar header');
    pos = this.pos;
    let contentIndent = detected ? indent : -1;
    let maxLeadingIndent = 0;
    const valueStart = pos;
    let valueEnd = pos;
    while (pos < len) {
      const linePosition = pos;
      let column = 0;
      while (text.charCodeAt(linePosition + column) === 32) column++;
      const first = text.charCodeAt(linePosition + column);
      if (linePosition + column >= len) {
        if (contentIndent >= 0) {
          if (column > contentIndent) valueEnd = linePosition + column;
        } else if (column > 0) {
          valueEnd = linePosition + column;
        }
        pos = len;
        break;
      }
      if (this.isSeparator(linePosition, 45) || this.isSeparator(linePosition, 46)) break;
      const blank = first === 10;
      if (!detected && contentIndent === -1) {
        if (blank) maxLeadingIndent = Math.max(maxLeadingIndent, column);
        else if (column >= parentIndent && column < maxLeadingIndent) this.giveUp('bad indentation in a block scalar');
      }
      if (contentIndent === -1 && !blank && column < parentIndent) break;
      if (!detected && !blank && contentIndent === -1) contentIndent = column;
      const requiredIndent = contentIndent === -1 ? parentIndent + 1 : contentIndent;
      if (!blank && column < requiredIndent) break;
      const eol = text.indexOf('\n', linePosition + column);
      if (eol === -1) {
        pos = valueEnd = len;
        break;
      }
      pos = valueEnd = eol + 1;
    }
    this.scalarEvent(valueStart, valueEnd, props, style, chomping, contentIndent, false);
    this.pos = pos;
    this.nextContent();
  }

  /**
   * A flow sequence or mapping at the cursor (`readFlowCollection`), every line of it indented
   * at least `nodeIndent`. Entries are scalars, aliases and flow collections; mapping entries
   * have both a key and a value. Leaves the cursor after the closing bracket.
   */
  private flowCollection(nodeIndent: number, props: Props): void {
    if (++this.depth > MAX_DEPTH) this.giveUp('depth');
    const text = this.text;
    const isMapping = text.charCodeAt(this.pos) === 123;
    const terminator = isMapping ? 125 : 93;
    this.collectionEvent(isMapping ? MAPPING : SEQUENCE, this.pos, props, FLOW);
    this.pos++;
    let readNext = true;
    for (;;) {
      this.flowSpace(nodeIndent);
      let c = text.charCodeAt(this.pos);
      if (c === terminator) {
        this.pos++;
        break;
      }
      if (!readNext || c === 44) this.giveUp('flow entry');
      this.flowNode(nodeIndent);
      this.flowSpace(nodeIndent);
      c = text.charCodeAt(this.pos);
      if (c === 58) {
        // A pair in a sequence (`[a: b]`) takes js-yaml's implicit-mapping path.
        if (!isMapping) this.giveUp('pair in a flow sequence');
        this.pos++;
        this.flowSpace(nodeIndent);
        c = text.charCodeAt(this.pos);
        if (c === 44 || c === 125) this.giveUp('empty flow value');
        this.flowNode(nodeIndent);
        this.flowSpace(nodeIndent);
        c = text.charCodeAt(this.pos);
      } else if (isMapping) {
        this.giveUp('flow key without value');
      }
      if (c === 44) {
        readNext = true;
        this.pos++;
      } else {
        readNext = false;
      }
    }
    this.sink.event(POP_EVENT);
    this.depth--;
  }

  /**
   * `skipFlowSeparationSpace`: spaces, comments and line breaks inside a flow collection; a
   * line indented less than `nodeIndent` is js-yaml's "deficient indentation" (which parseYaml
   * may repair by retrying js-yaml: left to it).
   */
  private flowSpace(nodeIndent: number): void {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    for (;;) {
      while (c === 32) c = text.charCodeAt(++pos);
      if (c === 35 && isSpaceOrBreak(text.charCodeAt(pos - 1))) {
        const eol = text.indexOf('\n', pos);
        pos = eol === -1 ? this.len : eol;
        c = text.charCodeAt(pos);
      }
      if (c !== 10) break;
      pos++;
      const start = pos;
      c = text.charCodeAt(pos);
      while (c === 32) c = text.charCodeAt(++pos);
      if (pos - start < nodeIndent && c !== 10 && c !== 35) this.giveUp('deficient indentation');
    }
    if (pos >= this.len) this.giveUp('unclosed flow collection');
    this.pos = pos;
  }

  /** One node inside a flow collection (`parseNode` in FLOW_IN), without properties. */
  private flowNode(nodeIndent: number): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 91 || c === 123) {
      this.flowCollection(nodeIndent, NO_PROPS);
      return;
    }
    if (c === 34 || c === 39) {
      this.quotedToken();
      this.tokenScalar(NO_PROPS);
      return;
    }
    if (c === 42) {
      this.alias(true);
      return;
    }
    if (!this.canStartPlain(c) || ((c === 45 || c === 63) && isFlowIndicator(text.charCodeAt(this.pos + 1)))) this.giveUp('flow entry');
    // A document marker at the start of a line ends js-yaml's plain scalar before it starts.
    if (text.charCodeAt(this.pos - 1) === 10 && (this.isSeparator(this.pos, 45) || this.isSeparator(this.pos, 46))) this.giveUp('document marker in a flow collection');
    // `readPlainScalar` in FLOW_IN: also ends at flow indicators and at `:` before one.
    const len = this.len;
    const start = this.pos;
    let pos = start;
    let end = start;
    let atBreak = false;
    for (; pos < len; pos++) {
      const ch = text.charCodeAt(pos);
      if (ch === 58) {
        const n = text.charCodeAt(pos + 1);
        if (n === 32 || n === 10 || pos + 1 >= len || isFlowIndicator(n)) break;
      } else if (ch === 35) {
        if (text.charCodeAt(pos - 1) === 32) break;
      } else if (ch === 10) {
        atBreak = true;
        break;
      } else if (isFlowIndicator(ch)) {
        break;
      }
      if (ch !== 32) end = pos + 1;
    }
    if (end === start) this.giveUp('empty plain scalar');
    this.pos = pos;
    this.tokStart = start;
    this.tokEnd = end;
    this.tokStyle = PLAIN;
    this.tokFast = atBreak ? !this.flowContinues(pos, nodeIndent) : true;
    this.tokenScalar(NO_PROPS);
  }

  /**
   * `continues` for a plain scalar in a flow collection: the next line ends the scalar when it
   * starts with a flow indicator, a comment or a `:` before a space; then the scalar is not
   * `fast`. A line indented less than `nodeIndent` leaves it `fast` (and is an error after).
   */
  private flowContinues(at: number, nodeIndent: number): boolean {
    const text = this.text;
    const pos = this.skipBlankLines(at);
    const indent = this.skipIndent;
    const c = text.charCodeAt(pos);
    if (indent < nodeIndent) return false;
    if (pos >= this.len || c === 35 || isFlowIndicator(c)) return true;
    if (indent === 0 && (this.isSeparator(pos, 45) || this.isSeparator(pos, 46))) return true;
    if (c === 58) {
      const n = text.charCodeAt(pos + 1);
      if (n === 32 || n === 10 || pos + 1 >= this.len || isFlowIndicator(n)) return true;
    }
    return this.giveUp('plain scalar on several lines');
  }
}

/** `continuation`'s answers besides an offset. */
const NOT_CONTINUED = -1;
const ENDS_THERE = -2;

/** Where `plainToken` stopped. */
const STOP_END = 0;
const STOP_COLON = 1;
const STOP_COMMENT = 2;
const STOP_BREAK = 3;
