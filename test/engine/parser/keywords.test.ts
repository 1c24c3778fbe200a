/**
 * Keywords as identifiers: each of SQLite's 147 keywords (some in lower case too), in every place
 * a name can stand (table, column, type, alias with and without AS, qualified name, function,
 * CTE, index, collation, window, pragma, savepoint, schema…). Our verdict and message must equal
 * better-sqlite3's for every statement: this is SQLite's `%fallback ID` list and the contextual
 * WINDOW/OVER/FILTER rules, checked from the outside.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYWORDS } from '../../../src/engine/parser/index.js';
import { checkAll } from './oracle.js';

const db = new Database(':memory:');
db.exec('CREATE TABLE x(a, b); CREATE TABLE y(a, b);');
afterAll(() => db.close());

/** Statements with `K` standing for the keyword. */
const TEMPLATES = [
  'CREATE TABLE K(a)', 'CREATE TABLE x1(K)', 'CREATE TABLE x1(a K)', 'CREATE TABLE x1(a K(1))', 'CREATE TABLE x1(a, K INT)',
  'CREATE TABLE x1(a DEFAULT K)', 'CREATE TABLE x1(a COLLATE K)', 'CREATE TABLE x1(a, CONSTRAINT K UNIQUE (a))',
  'CREATE TABLE x1(a REFERENCES K)', 'CREATE TABLE main.K(a)', 'CREATE TABLE x1(a) K',
  'SELECT K', 'SELECT K FROM x', 'SELECT a K FROM x', 'SELECT a AS K FROM x', 'SELECT x.K FROM x', 'SELECT K.a FROM x AS K',
  'SELECT K.* FROM x AS K', 'SELECT * FROM x K', 'SELECT * FROM x AS K', 'SELECT * FROM K', 'SELECT * FROM main.K',
  'SELECT K(1)', 'SELECT K()', 'SELECT K(*) FROM x', 'SELECT a FROM x WHERE K = 1', 'SELECT a FROM x WHERE a = K',
  'SELECT a FROM x ORDER BY K', 'SELECT a FROM x GROUP BY K', 'SELECT K + 1, 2 K', 'SELECT (K)', 'SELECT -K', 'SELECT a K, b FROM x',
  'SELECT a FROM x K WHERE 1', 'SELECT * FROM x K JOIN y ON 1', 'SELECT * FROM x JOIN y K ON 1', 'SELECT * FROM x JOIN y USING (K)',
  'SELECT * FROM x NATURAL K JOIN y', 'SELECT * FROM x K NATURAL JOIN y', 'SELECT * FROM x INDEXED BY K',
  'SELECT a COLLATE K FROM x', 'SELECT CAST(a AS K) FROM x', 'SELECT 1 IN K', 'SELECT count(*) OVER K FROM x',
  'SELECT count(*) OVER (K) FROM x WINDOW K AS ()', 'SELECT a FROM x WINDOW K AS ()', 'SELECT count(*) FILTER (WHERE K) FROM x',
  'SELECT a FROM x LIMIT K', 'SELECT a FROM x WHERE a IS K', 'SELECT a FROM x WHERE a LIKE K', 'SELECT CASE K WHEN 1 THEN 2 END',
  'WITH K AS (SELECT 1) SELECT * FROM K', 'WITH K(K) AS (SELECT 1) SELECT K FROM K', 'WITH c(a) AS (SELECT 1) SELECT K FROM c',
  'CREATE INDEX K ON x(a)', 'CREATE INDEX i9 ON x(K)', 'CREATE INDEX i9 ON K(a)', 'CREATE VIEW K AS SELECT 1',
  'CREATE VIEW v9(K) AS SELECT 1', 'CREATE TRIGGER K AFTER INSERT ON x BEGIN SELECT 1; END',
  'CREATE TRIGGER r9 AFTER UPDATE OF K ON x BEGIN SELECT 1; END', 'CREATE VIRTUAL TABLE K USING fts5(a)',
  'INSERT INTO x(K) VALUES (1)', 'INSERT INTO K VALUES (1)', 'INSERT INTO x AS K VALUES (1, 2)', 'UPDATE x SET K = 1',
  'UPDATE x SET a = K', 'UPDATE K SET a = 1', 'UPDATE x AS K SET a = 1', 'DELETE FROM K', 'DELETE FROM x AS K WHERE 1',
  'DELETE FROM x WHERE K', 'INSERT INTO x VALUES (1, 2) RETURNING K', 'INSERT INTO x VALUES (1, 2) RETURNING a K',
  'ALTER TABLE K RENAME TO z', 'ALTER TABLE x RENAME TO K', 'ALTER TABLE x RENAME K TO z', 'ALTER TABLE x RENAME COLUMN a TO K',
  'ALTER TABLE x ADD K', 'ALTER TABLE x ADD COLUMN K INT', 'ALTER TABLE x DROP K', 'ALTER TABLE x DROP COLUMN K',
  'DROP TABLE K', 'DROP TABLE IF EXISTS K', 'DROP INDEX K', 'DROP VIEW K', 'DROP TRIGGER K',
  'PRAGMA K', 'PRAGMA K = 1', 'PRAGMA x = K', 'PRAGMA K.page_size', 'PRAGMA table_info(K)',
  'SAVEPOINT K', 'RELEASE K', 'RELEASE SAVEPOINT K', 'ROLLBACK TO K', 'BEGIN TRANSACTION K', 'BEGIN K', 'COMMIT K',
  "ATTACH ':memory:' AS K", 'DETACH K', 'VACUUM K', 'ANALYZE K', 'ANALYZE K.x', 'REINDEX K', 'EXPLAIN K',
  'SELECT K K', 'SELECT K.K', 'SELECT K.K.K', 'SELECT * FROM K K', 'SELECT K FROM K',
];

describe('keywords usable as identifiers agree with SQLite', () => {
  it('every keyword in every name position', () => {
    // Upper case, and every seventh keyword in lower case too (keyword lookup ignores case).
    const words = [...KEYWORDS.keys()].flatMap((k, i) => (i % 7 === 0 ? [k, k.toLowerCase()] : [k]));
    const statements = words.flatMap((k) => TEMPLATES.map((t) => t.replace(/\bK\b/g, k)));
    const { mismatches, inconclusive } = checkAll(db, statements);
    expect(statements.length).toBeGreaterThan(15_000);
    expect(mismatches).toEqual([]);
    // SQLite sometimes stops at a semantic error (a missing table) before a syntax error we see.
    expect(inconclusive / statements.length).toBeLessThan(0.01);
  });
});
