/**
 * The parsed form of a JSON value, shaped as SQLite's JSONB (jsonb.html §3): one node per element,
 * its type one of JSONB's element types, numbers and strings kept as the text they were written
 * with (so that `json()` gives back "1.50e+3" as written), objects as alternating label / value
 * children.
 *
 * | t  | JSONB name | `s` holds                                                     |
 * |----|------------|---------------------------------------------------------------|
 * | 0  | NULL       | –                                                             |
 * | 1  | TRUE       | –                                                             |
 * | 2  | FALSE      | –                                                             |
 * | 3  | INT        | canonical decimal text ("-12")                                |
 * | 4  | INT5       | JSON5 hexadecimal ("0x1F", "-0x10")                           |
 * | 5  | FLOAT      | canonical JSON real text ("1.5e3")                            |
 * | 6  | FLOAT5     | JSON5 real (".5", "5.", "5.e3")                              |
 * | 7  | TEXT       | string content with no escapes                                 |
 * | 8  | TEXTJ      | content with JSON escapes, as written                          |
 * | 9  | TEXT5      | content with JSON5 escapes or raw control characters           |
 * | 10 | TEXTRAW    | unescaped content (an SQL TEXT value put into JSON)            |
 * | 11 | ARRAY      | – (`a`: the elements)                                          |
 * | 12 | OBJECT     | – (`a`: label, value, label, value …; labels are 7..10)        |
 *
 * Invariant: an INT/FLOAT/TEXT `s` is valid canonical JSON once quoted (texts) or as is (numbers).
 *
 * @module
 */

/** JSONB element types (jsonb.html §3.2). */
export const J_NULL = 0;
export const J_TRUE = 1;
export const J_FALSE = 2;
export const J_INT = 3;
export const J_INT5 = 4;
export const J_FLOAT = 5;
export const J_FLOAT5 = 6;
export const J_TEXT = 7;
export const J_TEXTJ = 8;
export const J_TEXT5 = 9;
export const J_TEXTRAW = 10;
export const J_ARRAY = 11;
export const J_OBJECT = 12;

/** One JSON element; see the module table. */
export interface JNode {
  t: number;
  /** Number or string text (types 3..10). */
  s?: string;
  /** Children of an ARRAY or OBJECT (types 11, 12). */
  a?: JNode[];
  /**
   * Header bytes to write in JSONB instead of the smallest (json-blob.ts padToSize): set when an
   * edit overwrote a larger element in place, as SQLite's jsonBlobOverwrite does.
   */
  hdr?: number;
}

/** True for the string types (TEXT, TEXTJ, TEXT5, TEXTRAW). */
export function isTextNode(n: JNode): boolean {
  return n.t >= J_TEXT && n.t <= J_TEXTRAW;
}

/** The name `json_type()` gives a node: null true false integer real text array object. */
export function typeName(n: JNode): string {
  switch (n.t) {
    case J_NULL:
      return 'null';
    case J_TRUE:
      return 'true';
    case J_FALSE:
      return 'false';
    case J_INT:
    case J_INT5:
      return 'integer';
    case J_FLOAT:
    case J_FLOAT5:
      return 'real';
    case J_ARRAY:
      return 'array';
    case J_OBJECT:
      return 'object';
    default:
      return 'text';
  }
}

/** A deep copy of `n` (edits work on copies of shared subtrees). */
export function cloneNode(n: JNode): JNode {
  return n.a ? { t: n.t, a: n.a.map(cloneNode) } : { ...n };
}
