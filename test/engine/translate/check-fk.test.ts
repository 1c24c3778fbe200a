/**
 * FOREIGN KEY constraints with PRAGMA foreign_keys = ON (immediate constraints) against
 * better-sqlite3: child inserts and updates need their parent (NULL keys pass, the parent key's
 * affinity applies), parent deletes and re-keys with NO ACTION (checked at statement end, so a
 * multi-row statement may fix its own violations), RESTRICT, CASCADE, SET NULL, SET DEFAULT,
 * composite keys in another order than the parent's, self-referencing rows, chains of cascades,
 * OR REPLACE deleting a parent, "foreign key mismatch" and missing parent tables, no enforcement
 * once the pragma is off, and DEFERRABLE INITIALLY DEFERRED keys (violations counted until COMMIT,
 * a committing RELEASE or an autocommit statement's end; savepoints and failed statements). Outcomes, changes(), last_insert_rowid(), the files and
 * integrity_check must match (dml-oracle.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './dml-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-fk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

const CASES: Record<string, string[]> = {
  actions: [
    'PRAGMA foreign_keys = ON',
    'CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT UNIQUE)',
    'CREATE TABLE c(x REFERENCES p, y REFERENCES p(k) ON DELETE CASCADE)',
    'INSERT INTO c VALUES (1, NULL)',
    "INSERT INTO p VALUES (1, 'a')",
    "INSERT INTO c VALUES (1, 'a')",
    "INSERT INTO c VALUES ('1', NULL)",
    'DELETE FROM p',
    'UPDATE p SET id = 2',
    'CREATE TABLE bad(z REFERENCES p(nope))',
    'INSERT INTO bad VALUES (1)',
    'CREATE TABLE c2(x REFERENCES missing)',
    'INSERT INTO c2 VALUES (1)',
    'INSERT INTO c2 VALUES (NULL)',
    'INSERT OR IGNORE INTO c VALUES (5, NULL)',
    "INSERT INTO p VALUES (2, 'b')",
    "INSERT INTO c VALUES (2, 'b'), (NULL, 'b')",
    'DELETE FROM c WHERE x = 1',
    'DELETE FROM p WHERE id = 1',
    'SELECT * FROM c',
    "UPDATE p SET k = 'z'",
    "CREATE TABLE sn(a REFERENCES p(k) ON DELETE SET NULL ON UPDATE CASCADE, b DEFAULT 'b' REFERENCES p(k) ON DELETE SET DEFAULT)",
    "INSERT INTO p VALUES (3, 'c')",
    "INSERT INTO sn VALUES ('b', 'c'), ('c', 'b')",
    'DELETE FROM c',
    "UPDATE p SET k = 'bb' WHERE k = 'b'",
    'SELECT * FROM sn',
    "DELETE FROM p WHERE k = 'c'",
    'SELECT * FROM sn',
    'CREATE TABLE r(a REFERENCES p ON DELETE RESTRICT)',
    'INSERT INTO r VALUES (2)',
    'DELETE FROM p WHERE id = 2',
    'INSERT INTO r SELECT id + 10 FROM p',
    "INSERT INTO p(id, k) SELECT 12, 'q' UNION ALL SELECT 13, 'r'",
    'INSERT INTO r SELECT id FROM p WHERE id > 10',
    'PRAGMA foreign_keys = OFF',
    'INSERT INTO r VALUES (99)',
    'SELECT * FROM r',
  ],
  keysAndChains: [
    'PRAGMA foreign_keys = ON',
    'CREATE TABLE t(id INTEGER PRIMARY KEY, parent REFERENCES t(id))',
    'INSERT INTO t VALUES (1, NULL), (2, 1), (3, 3)',
    'INSERT INTO t VALUES (4, 5), (5, NULL)',
    'INSERT INTO t VALUES (6, 7)',
    'DELETE FROM t WHERE id = 1',
    'DELETE FROM t WHERE id IN (1, 2)',
    'UPDATE t SET id = id + 100 WHERE id = 3',
    'UPDATE t SET id = 50, parent = 50 WHERE id = 3',
    'SELECT * FROM t',
    'CREATE TABLE a(x, y, PRIMARY KEY (x, y))',
    'CREATE TABLE b(p, q, FOREIGN KEY (q, p) REFERENCES a(y, x) ON UPDATE CASCADE ON DELETE CASCADE)',
    'INSERT INTO a VALUES (1, 2), (3, 4)',
    'INSERT INTO b VALUES (1, 2)',
    'INSERT INTO b VALUES (2, 1)',
    'INSERT INTO b VALUES (NULL, 1)',
    'UPDATE a SET x = 10 WHERE x = 1',
    'SELECT * FROM b',
    'INSERT OR REPLACE INTO a VALUES (10, 2)',
    'SELECT * FROM b',
    'DELETE FROM a',
    'SELECT count(*) FROM b',
    'CREATE TABLE g1(id INTEGER PRIMARY KEY)',
    'CREATE TABLE g2(id INTEGER PRIMARY KEY, g1 REFERENCES g1 ON DELETE CASCADE)',
    'CREATE TABLE g3(g2 REFERENCES g2 ON DELETE CASCADE)',
    'INSERT INTO g1 VALUES (1), (2)',
    'INSERT INTO g2 VALUES (10, 1), (20, 2)',
    'INSERT INTO g3 VALUES (10), (20), (10)',
    'DELETE FROM g1 WHERE id = 1',
    'SELECT * FROM g2',
    'SELECT * FROM g3',
    'UPDATE g2 SET g1 = 5',
    'UPDATE g3 SET g2 = 5',
    'UPDATE g3 SET g2 = 20',
    'SELECT * FROM g3',
    'CREATE TABLE m(x REFERENCES g1)',
    'BEGIN',
    'INSERT INTO m VALUES (7)',
    'INSERT INTO g1 VALUES (7)',
    'INSERT INTO m VALUES (7)',
    'COMMIT',
    'SELECT * FROM m',
  ],
  deferred: [
    'PRAGMA foreign_keys = ON',
    'CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT UNIQUE)',
    'CREATE TABLE c(x REFERENCES p DEFERRABLE INITIALLY DEFERRED, y REFERENCES p(k) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED)',
    'CREATE TABLE r(z REFERENCES p ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED)',
    'INSERT INTO c VALUES (1, NULL)',
    'SELECT count(*) FROM c',
    'BEGIN',
    'INSERT INTO c VALUES (1, NULL), (2, NULL)',
    'COMMIT',
    'SELECT count(*) FROM c',
    "INSERT INTO p VALUES (1, 'a')",
    'COMMIT',
    "INSERT INTO p VALUES (2, 'b')",
    'COMMIT',
    'SELECT * FROM c',
    'BEGIN',
    'DELETE FROM p WHERE id = 2',
    'SAVEPOINT s',
    "INSERT INTO p VALUES (2, 'b')",
    'ROLLBACK TO s',
    'COMMIT',
    'RELEASE s',
    'ROLLBACK',
    'SELECT * FROM p',
    'SAVEPOINT outer',
    'INSERT INTO c VALUES (7, NULL)',
    'RELEASE outer',
    'DELETE FROM c WHERE x = 7',
    'RELEASE outer',
    "INSERT INTO c VALUES (NULL, 'a')",
    "DELETE FROM p WHERE k = 'a'",
    'SELECT * FROM c',
    'INSERT INTO r VALUES (2)',
    'DELETE FROM p WHERE id = 2',
    'BEGIN',
    'INSERT INTO c VALUES (9, NULL)',
    'INSERT INTO c VALUES (NULL, NULL), (1, 2 + abs(-9223372036854775808))',
    'UPDATE c SET x = 2 WHERE x = 9',
    'COMMIT',
    'SELECT * FROM c',
  ],
};

describe('foreign keys as SQLite (PRAGMA foreign_keys = ON)', () => {
  for (const [name, script] of Object.entries(CASES)) {
    it(name, () => {
      const { mine, theirs } = runScript(dir, name, script);
      expect(mine).toEqual(theirs);
      expect(text(theirs)).toContain('FOREIGN KEY constraint failed');
    });
  }
});
