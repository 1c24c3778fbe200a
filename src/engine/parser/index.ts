/**
 * SQLite's SQL grammar for Strata: a hand-written lexer and recursive-descent parser producing
 * the AST in ast.ts, and a printer that turns an AST back into SQL.
 *
 * ```
 * SQL text ──Lexer──▶ Token* ──parse-*.ts──▶ Statement (AST) ──print──▶ SQL text
 * ```
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
export { Lexer, tokenize, utf8Offset, type Token } from './lexer.js';
export { KEYWORDS, TK, type TokenKind } from './tokens.js';
