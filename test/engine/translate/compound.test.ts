/**
 * Which of several equal rows a compound SELECT keeps (0 and 0.0 compare equal but differ in
 * storage class): within one SELECT the first, across SELECTs the later one, INTERSECT the left
 * one — checked against better-sqlite3 on the same statements.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SETUP = 'CREATE TABLE a(v); INSERT INTO a VALUES (0.0), (0); CREATE TABLE b(v); INSERT INTO b VALUES (0), (0.0);';
const COMPOUNDS = [
  'SELECT v FROM a UNION SELECT 5',
  'SELECT v FROM b UNION SELECT 5',
  'SELECT 0.0 AS v UNION SELECT 0',
  'SELECT 0 AS v UNION SELECT 0.0',
  'SELECT v FROM a UNION SELECT 0',
  'SELECT v FROM b UNION SELECT 0.0',
  'SELECT 0.0 AS v UNION ALL SELECT 0 UNION SELECT 7',
  'SELECT v FROM a INTERSECT SELECT v FROM b',
  'SELECT v FROM b INTERSECT SELECT v FROM a',
  'SELECT v FROM a EXCEPT SELECT 5',
];

describe('compound SELECT keeps the row SQLite keeps', () => {
  const oracle = new BetterSqlite3(':memory:');
  const db = new Database(':memory:');
  oracle.exec(SETUP);
  db.exec(SETUP);
  it.each(COMPOUNDS.map((q) => [q]))('%s', (q) => {
    const sql = `SELECT typeof(v), v FROM (${q}) ORDER BY 2, 1`;
    expect(db.prepare(sql).raw().all()).toEqual(oracle.prepare(sql).raw().all());
  });
});
