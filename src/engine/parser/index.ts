/**
 * SQLite's SQL grammar for Strata: a hand-written lexer and recursive-descent parser producing
 * the AST in ast.ts, and a printer that turns an AST back into SQL.
 *
 * ```
 * SQL text ──Lexer──▶ Token* ──parse-*.ts──▶ Statement (AST) ──print──▶ SQL text
 * ```
 *
 * | file            | concept                                                             |
 * |-----------------|---------------------------------------------------------------------|
 * | tokens.ts       | token kinds, the keyword table, fallback classes (id, ids, idj, nm) |
 * | lexer.ts        | SQL text → tokens, as SQLite's tokenize.c                            |
 * | parser-state.ts | the token cursor, deferred parse-time checks, parameter numbering   |
 * | parser.ts       | statement dispatch and the entry points                             |
 * | parse-expr.ts   | expressions by precedence climbing                                  |
 * | expr-height.ts  | SQLite's expression heights and its depth limit (1000)              |
 * | parse-window.ts | window definitions and frames                                       |
 * | parse-select.ts | SELECT, WITH, compounds, FROM and joins, ORDER BY, LIMIT            |
 * | parse-dml.ts    | INSERT / upsert / RETURNING, UPDATE … FROM, DELETE                   |
 * | parse-create.ts | CREATE TABLE / INDEX / VIEW / TRIGGER / VIRTUAL TABLE               |
 * | parse-misc.ts   | DROP, ALTER, transactions, PRAGMA, ATTACH, VACUUM, ANALYZE, REINDEX |
 * | ast.ts          | the AST: the contract with schema and translate                      |
 * | print*.ts       | AST → SQL (fully parenthesized; parses back to the same AST)        |
 * | schema-sql.ts   | the text SQLite stores in sqlite_schema for CREATE / ALTER … ADD    |
 * | errors.ts       | SqlParseError and SQLite's wording                                  |
 *
 * Entry points: {@link parse} (a script), {@link parseStatement} (exactly one statement),
 * {@link parseNext} (statement by statement, with parameter names), {@link printStatement} /
 * {@link printExpr}, {@link storedSql} (the text SQLite keeps in sqlite_schema). Errors are
 * {@link SqlParseError}s worded as SQLite words them.
 *
 * @module
 */
export type * from './ast.js';
export { parse, parseNext, parseStatement, type ParsedStatement } from './parser.js';
export { printExpr, printSelect, printStatement } from './print.js';
export { addedColumnSql, storedSql, type SchemaStatement } from './schema-sql.js';
export { SqlParseError } from './errors.js';
export { MAX_EXPR_DEPTH, MAX_VARIABLE_NUMBER } from './parser-state.js';
export { Lexer, tokenize, utf8Offset, type Token } from './lexer.js';
export { KEYWORDS, TK, type TokenKind } from './tokens.js';
