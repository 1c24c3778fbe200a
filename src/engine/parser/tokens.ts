/**
 * Token kinds of SQLite's SQL grammar, the keyword table, and the token classes the grammar uses.
 *
 * Follows SQLite's tokenizer and grammar (sqlite.org/lang_keywords.html, src/tokenize.c,
 * src/parse.y): 147 keywords, several of which share one kind (`LIKE`, `GLOB` and `REGEXP` are all
 * `LIKE_KW`; the seven join words are `JOIN_KW`; `CURRENT_DATE`, `CURRENT_TIME` and
 * `CURRENT_TIMESTAMP` are `CTIME_KW`; `TEMP` and `TEMPORARY` are `TEMP`).
 *
 * Keyword fallback: SQLite lets most non-standard keywords be used as identifiers. A keyword in
 * the FALLBACK set is read as an identifier wherever the keyword itself would not parse (the
 * parser decides; see parser-state.ts). The classes below are the grammar's token classes:
 *
 * | class | SQLite name | members                                        | used for                        |
 * |-------|-------------|------------------------------------------------|---------------------------------|
 * | ID    | `id`        | ID, INDEXED, fallback keywords                 | `DEFAULT x`, generated type     |
 * | IDS   | `ids`       | ID, STRING, fallback keywords                  | aliases, type names, COLLATE    |
 * | IDJ   | `idj`       | ID, INDEXED, JOIN_KW, fallback keywords        | column refs, function names     |
 * | NM    | `nm`        | ID, INDEXED, JOIN_KW, STRING, fallback keywords| object names                    |
 *
 * @module
 */

/** Token kinds. Numbers are internal; compare with `TK.X`. */
export const TK = {
  EOF: 0,
  SEMI: 1,
  LP: 2,
  RP: 3,
  COMMA: 4,
  DOT: 5,
  EQ: 6,
  NE: 7,
  LT: 8,
  LE: 9,
  GT: 10,
  GE: 11,
  PLUS: 12,
  MINUS: 13,
  STAR: 14,
  SLASH: 15,
  REM: 16,
  CONCAT: 17,
  PTR: 18,
  BITAND: 19,
  BITOR: 20,
  BITNOT: 21,
  LSHIFT: 22,
  RSHIFT: 23,
  ID: 24,
  STRING: 25,
  INTEGER: 26,
  FLOAT: 27,
  /** A number with `_` digit separators (SQLite 3.46+); validated when parsed. */
  QNUMBER: 28,
  BLOB: 29,
  VARIABLE: 30,
  ILLEGAL: 31,
  // keywords
  ABORT: 40,
  ACTION: 41,
  ADD: 42,
  AFTER: 43,
  ALL: 44,
  ALTER: 45,
  ALWAYS: 46,
  ANALYZE: 47,
  AND: 48,
  AS: 49,
  ASC: 50,
  ATTACH: 51,
  AUTOINCR: 52,
  BEFORE: 53,
  BEGIN: 54,
  BETWEEN: 55,
  BY: 56,
  CASCADE: 57,
  CASE: 58,
  CAST: 59,
  CHECK: 60,
  COLLATE: 61,
  COLUMNKW: 62,
  COMMIT: 63,
  CONFLICT: 64,
  CONSTRAINT: 65,
  CREATE: 66,
  CTIME_KW: 67,
  CURRENT: 68,
  DATABASE: 69,
  DEFAULT: 70,
  DEFERRABLE: 71,
  DEFERRED: 72,
  DELETE: 73,
  DESC: 74,
  DETACH: 75,
  DISTINCT: 76,
  DO: 77,
  DROP: 78,
  EACH: 79,
  ELSE: 80,
  END: 81,
  ESCAPE: 82,
  EXCEPT: 83,
  EXCLUDE: 84,
  EXCLUSIVE: 85,
  EXISTS: 86,
  EXPLAIN: 87,
  FAIL: 88,
  FILTER: 89,
  FIRST: 90,
  FOLLOWING: 91,
  FOR: 92,
  FOREIGN: 93,
  FROM: 94,
  GENERATED: 95,
  GROUP: 96,
  GROUPS: 97,
  HAVING: 98,
  IF: 99,
  IGNORE: 100,
  IMMEDIATE: 101,
  IN: 102,
  INDEX: 103,
  INDEXED: 104,
  INITIALLY: 105,
  INSERT: 106,
  INSTEAD: 107,
  INTERSECT: 108,
  INTO: 109,
  IS: 110,
  ISNULL: 111,
  JOIN: 112,
  JOIN_KW: 113,
  KEY: 114,
  LAST: 115,
  LIKE_KW: 116,
  LIMIT: 117,
  MATCH: 118,
  MATERIALIZED: 119,
  NO: 120,
  NOT: 121,
  NOTHING: 122,
  NOTNULL: 123,
  NULL: 124,
  NULLS: 125,
  OF: 126,
  OFFSET: 127,
  ON: 128,
  OR: 129,
  ORDER: 130,
  OTHERS: 131,
  OVER: 132,
  PARTITION: 133,
  PLAN: 134,
  PRAGMA: 135,
  PRECEDING: 136,
  PRIMARY: 137,
  QUERY: 138,
  RAISE: 139,
  RANGE: 140,
  RECURSIVE: 141,
  REFERENCES: 142,
  REINDEX: 143,
  RELEASE: 144,
  RENAME: 145,
  REPLACE: 146,
  RESTRICT: 147,
  RETURNING: 148,
  ROLLBACK: 149,
  ROW: 150,
  ROWS: 151,
  SAVEPOINT: 152,
  SELECT: 153,
  SET: 154,
  TABLE: 155,
  TEMP: 156,
  THEN: 157,
  TIES: 158,
  TO: 159,
  TRANSACTION: 160,
  TRIGGER: 161,
  UNBOUNDED: 162,
  UNION: 163,
  UNIQUE: 164,
  UPDATE: 165,
  USING: 166,
  VACUUM: 167,
  VALUES: 168,
  VIEW: 169,
  VIRTUAL: 170,
  WHEN: 171,
  WHERE: 172,
  WINDOW: 173,
  WITH: 174,
  WITHOUT: 175,
} as const;

/** A token kind: one of the values of {@link TK}. */
export type TokenKind = (typeof TK)[keyof typeof TK];

/** Number of distinct kinds (upper bound of the numeric values, exclusive). */
const KIND_COUNT = 176;

/** The 147 keywords, upper-case, each mapped to its kind (SQLite's keywordhash.h). */
export const KEYWORDS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['ABORT', TK.ABORT], ['ACTION', TK.ACTION], ['ADD', TK.ADD], ['AFTER', TK.AFTER], ['ALL', TK.ALL],
  ['ALTER', TK.ALTER], ['ALWAYS', TK.ALWAYS], ['ANALYZE', TK.ANALYZE], ['AND', TK.AND], ['AS', TK.AS],
  ['ASC', TK.ASC], ['ATTACH', TK.ATTACH], ['AUTOINCREMENT', TK.AUTOINCR], ['BEFORE', TK.BEFORE],
  ['BEGIN', TK.BEGIN], ['BETWEEN', TK.BETWEEN], ['BY', TK.BY], ['CASCADE', TK.CASCADE], ['CASE', TK.CASE],
  ['CAST', TK.CAST], ['CHECK', TK.CHECK], ['COLLATE', TK.COLLATE], ['COLUMN', TK.COLUMNKW],
  ['COMMIT', TK.COMMIT], ['CONFLICT', TK.CONFLICT], ['CONSTRAINT', TK.CONSTRAINT], ['CREATE', TK.CREATE],
  ['CROSS', TK.JOIN_KW], ['CURRENT', TK.CURRENT], ['CURRENT_DATE', TK.CTIME_KW],
  ['CURRENT_TIME', TK.CTIME_KW], ['CURRENT_TIMESTAMP', TK.CTIME_KW], ['DATABASE', TK.DATABASE],
  ['DEFAULT', TK.DEFAULT], ['DEFERRABLE', TK.DEFERRABLE], ['DEFERRED', TK.DEFERRED], ['DELETE', TK.DELETE],
  ['DESC', TK.DESC], ['DETACH', TK.DETACH], ['DISTINCT', TK.DISTINCT], ['DO', TK.DO], ['DROP', TK.DROP],
  ['EACH', TK.EACH], ['ELSE', TK.ELSE], ['END', TK.END], ['ESCAPE', TK.ESCAPE], ['EXCEPT', TK.EXCEPT],
  ['EXCLUDE', TK.EXCLUDE], ['EXCLUSIVE', TK.EXCLUSIVE], ['EXISTS', TK.EXISTS], ['EXPLAIN', TK.EXPLAIN],
  ['FAIL', TK.FAIL], ['FILTER', TK.FILTER], ['FIRST', TK.FIRST], ['FOLLOWING', TK.FOLLOWING], ['FOR', TK.FOR],
  ['FOREIGN', TK.FOREIGN], ['FROM', TK.FROM], ['FULL', TK.JOIN_KW], ['GENERATED', TK.GENERATED],
  ['GLOB', TK.LIKE_KW], ['GROUP', TK.GROUP], ['GROUPS', TK.GROUPS], ['HAVING', TK.HAVING], ['IF', TK.IF],
  ['IGNORE', TK.IGNORE], ['IMMEDIATE', TK.IMMEDIATE], ['IN', TK.IN], ['INDEX', TK.INDEX],
  ['INDEXED', TK.INDEXED], ['INITIALLY', TK.INITIALLY], ['INNER', TK.JOIN_KW], ['INSERT', TK.INSERT],
  ['INSTEAD', TK.INSTEAD], ['INTERSECT', TK.INTERSECT], ['INTO', TK.INTO], ['IS', TK.IS], ['ISNULL', TK.ISNULL],
  ['JOIN', TK.JOIN], ['KEY', TK.KEY], ['LAST', TK.LAST], ['LEFT', TK.JOIN_KW], ['LIKE', TK.LIKE_KW],
  ['LIMIT', TK.LIMIT], ['MATCH', TK.MATCH], ['MATERIALIZED', TK.MATERIALIZED], ['NATURAL', TK.JOIN_KW],
  ['NO', TK.NO], ['NOT', TK.NOT], ['NOTHING', TK.NOTHING], ['NOTNULL', TK.NOTNULL], ['NULL', TK.NULL],
  ['NULLS', TK.NULLS], ['OF', TK.OF], ['OFFSET', TK.OFFSET], ['ON', TK.ON], ['OR', TK.OR], ['ORDER', TK.ORDER],
  ['OTHERS', TK.OTHERS], ['OUTER', TK.JOIN_KW], ['OVER', TK.OVER], ['PARTITION', TK.PARTITION],
  ['PLAN', TK.PLAN], ['PRAGMA', TK.PRAGMA], ['PRECEDING', TK.PRECEDING], ['PRIMARY', TK.PRIMARY],
  ['QUERY', TK.QUERY], ['RAISE', TK.RAISE], ['RANGE', TK.RANGE], ['RECURSIVE', TK.RECURSIVE],
  ['REFERENCES', TK.REFERENCES], ['REGEXP', TK.LIKE_KW], ['REINDEX', TK.REINDEX], ['RELEASE', TK.RELEASE],
  ['RENAME', TK.RENAME], ['REPLACE', TK.REPLACE], ['RESTRICT', TK.RESTRICT], ['RETURNING', TK.RETURNING],
  ['RIGHT', TK.JOIN_KW], ['ROLLBACK', TK.ROLLBACK], ['ROW', TK.ROW], ['ROWS', TK.ROWS],
  ['SAVEPOINT', TK.SAVEPOINT], ['SELECT', TK.SELECT], ['SET', TK.SET], ['TABLE', TK.TABLE], ['TEMP', TK.TEMP],
  ['TEMPORARY', TK.TEMP], ['THEN', TK.THEN], ['TIES', TK.TIES], ['TO', TK.TO], ['TRANSACTION', TK.TRANSACTION],
  ['TRIGGER', TK.TRIGGER], ['UNBOUNDED', TK.UNBOUNDED], ['UNION', TK.UNION], ['UNIQUE', TK.UNIQUE],
  ['UPDATE', TK.UPDATE], ['USING', TK.USING], ['VACUUM', TK.VACUUM], ['VALUES', TK.VALUES], ['VIEW', TK.VIEW],
  ['VIRTUAL', TK.VIRTUAL], ['WHEN', TK.WHEN], ['WHERE', TK.WHERE], ['WINDOW', TK.WINDOW], ['WITH', TK.WITH],
  ['WITHOUT', TK.WITHOUT],
]);

/** SQLite's `%fallback ID` list: keywords that read as identifiers where the keyword cannot parse. */
const FALLBACK: readonly TokenKind[] = [
  TK.ABORT, TK.ACTION, TK.AFTER, TK.ANALYZE, TK.ASC, TK.ATTACH, TK.BEFORE, TK.BEGIN, TK.BY, TK.CASCADE,
  TK.CAST, TK.COLUMNKW, TK.CONFLICT, TK.DATABASE, TK.DEFERRED, TK.DESC, TK.DETACH, TK.DO, TK.EACH, TK.END,
  TK.EXCLUSIVE, TK.EXPLAIN, TK.FAIL, TK.FOR, TK.IGNORE, TK.IMMEDIATE, TK.INITIALLY, TK.INSTEAD, TK.LIKE_KW,
  TK.MATCH, TK.NO, TK.PLAN, TK.QUERY, TK.KEY, TK.OF, TK.OFFSET, TK.PRAGMA, TK.RAISE, TK.RECURSIVE,
  TK.RELEASE, TK.REPLACE, TK.RESTRICT, TK.ROW, TK.ROWS, TK.ROLLBACK, TK.SAVEPOINT, TK.TEMP, TK.TRIGGER,
  TK.VACUUM, TK.VIEW, TK.VIRTUAL, TK.WITH, TK.WITHOUT, TK.NULLS, TK.FIRST, TK.LAST, TK.CURRENT,
  TK.FOLLOWING, TK.PARTITION, TK.PRECEDING, TK.RANGE, TK.UNBOUNDED, TK.EXCLUDE, TK.GROUPS, TK.OTHERS,
  TK.TIES, TK.GENERATED, TK.ALWAYS, TK.MATERIALIZED, TK.REINDEX, TK.RENAME, TK.CTIME_KW, TK.IF,
];

const F_FALLBACK = 1;
const F_ID = 2;
const F_IDS = 4;
const F_IDJ = 8;
const F_NM = 16;
/** Counts as an identifier for the WINDOW/OVER look-ahead (SQLite's getToken()). */
const F_LOOKID = 32;

const flags = new Uint8Array(KIND_COUNT);
for (const k of FALLBACK) flags[k] = F_FALLBACK | F_ID | F_IDS | F_IDJ | F_NM | F_LOOKID;
flags[TK.ID] = F_ID | F_IDS | F_IDJ | F_NM | F_LOOKID;
flags[TK.INDEXED] = F_ID | F_IDJ | F_NM;
flags[TK.JOIN_KW] = F_IDJ | F_NM | F_LOOKID;
flags[TK.STRING] = F_IDS | F_NM | F_LOOKID;
flags[TK.WINDOW] = F_LOOKID;
flags[TK.OVER] = F_LOOKID;

/** True for keywords on SQLite's fallback list. */
export function isFallback(k: TokenKind): boolean {
  return (flags[k] & F_FALLBACK) !== 0;
}
/** SQLite's `id` class: ID, INDEXED or a fallback keyword. */
export function isId(k: TokenKind): boolean {
  return (flags[k] & F_ID) !== 0;
}
/** SQLite's `ids` class: ID, STRING or a fallback keyword. */
export function isIds(k: TokenKind): boolean {
  return (flags[k] & F_IDS) !== 0;
}
/** SQLite's `idj` class: ID, INDEXED, JOIN_KW or a fallback keyword. */
export function isIdj(k: TokenKind): boolean {
  return (flags[k] & F_IDJ) !== 0;
}
/** SQLite's `nm` class: ID, INDEXED, JOIN_KW, STRING or a fallback keyword. */
export function isNm(k: TokenKind): boolean {
  return (flags[k] & F_NM) !== 0;
}
/** Identifier-like for the WINDOW/OVER look-ahead: ID, STRING, JOIN_KW, WINDOW, OVER or fallback. */
export function isLookaheadId(k: TokenKind): boolean {
  return (flags[k] & F_LOOKID) !== 0;
}
