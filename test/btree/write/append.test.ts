/**
 * The append fast path (src/btree/write/append.ts) and the sorted build of CREATE INDEX (ddl.ts
 * fillIndex → IdxInsert with OPFLAG_APPEND → balance-quick for index leaves), through the SQL engine
 * on files, against SQLite:
 * - rowid inserts that run along the right edge, mixed with inserts in the middle, replacements and
 *   deletes: sqlite3 finds the file sound, both oracles read the same rows as better-sqlite3's own
 *   database after the same statements, and the page layout (dbstat) is the one SQLite builds;
 * - CREATE INDEX over random rows (every storage class, duplicates, DESC, NOCASE, several columns,
 *   overflowing keys, with and without auto_vacuum): sound (pointer map included), and the index
 *   scan gives SQLite's order computed without the index;
 * - CREATE UNIQUE INDEX over duplicates fails as SQLite's does and leaves no index.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { BTreeWriter } from '../../../src/btree/write/btree-writer.js';
import { recordFromValues } from '../../../src/format/index.js';
import { NodeSyncIO, runSync } from '../../../src/io/index.js';
import { Pager } from '../../../src/pager/pager.js';
import { bsqValues } from '../../support/better-sqlite3.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteIntegrityCheck, sqliteValues } from '../../support/sqlite3.js';
import { expectSameLayout } from './checks.js';
import { expectSameRows, removeDb } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-append-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Param = number | string | Uint8Array | null;
/** One SQL statement with its parameters, run the same way on Strata and on better-sqlite3. */
type Stmt = [string, Param[]];

/**
 * A new WAL-mode file of `pageSize` bytes per page holding `CREATE TABLE t(a, b)`, made by SQLite,
 * with auto_vacuum `autoVacuum` (0 NONE, 1 FULL, 2 INCREMENTAL: pointer-map pages to keep right).
 */
function newFile(path: string, pageSize: number, autoVacuum = 0): void {
  removeDb(path);
  const b = new BetterSqlite3(path);
  b.pragma(`auto_vacuum = ${autoVacuum}`);
  b.pragma(`page_size = ${pageSize}`);
  b.pragma('journal_mode = WAL');
  b.exec('CREATE TABLE t(a, b)');
  b.close();
}

/** Runs `stmts` in one transaction on two new files of `pageSize` bytes per page, one per engine. */
function runBoth(strataPath: string, sqlitePath: string, pageSize: number, stmts: readonly Stmt[]): void {
  newFile(strataPath, pageSize);
  newFile(sqlitePath, pageSize);
  const s = new Database(strataPath);
  s.transaction(() => {
    for (const [sql, ps] of stmts) s.prepare(sql).run(...ps);
  })();
  s.close();
  const b = new BetterSqlite3(sqlitePath);
  b.transaction(() => {
    for (const [sql, ps] of stmts) b.prepare(sql).run(...ps);
  })();
  b.close();
}

/** A text of `n` characters that differs with `seed`. */
const text = (seed: number, n: number): string => `${seed}:`.padEnd(n, String.fromCharCode(97 + (seed % 26)));

/** Statements: runs of ascending rowids past the end, inserts in the middle, replacements, deletes. */
const stmtsArb: fc.Arbitrary<Stmt[]> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('run' as const), n: fc.integer({ min: 1, max: 120 }), size: fc.integer({ min: 0, max: 300 }), gap: fc.integer({ min: 1, max: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('big' as const), size: fc.integer({ min: 900, max: 9000 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('mid' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), size: fc.integer({ min: 0, max: 200 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('del' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), n: fc.integer({ min: 1, max: 40 }) }) },
    ),
    { minLength: 1, maxLength: 25 },
  )
  .map((ops) => {
    const out: Stmt[] = [];
    let next = 1;
    for (const op of ops) {
      if (op.kind === 'run') {
        for (let i = 0; i < op.n; i++, next += op.gap) out.push(['INSERT INTO t(rowid, a, b) VALUES (?, ?, ?)', [next, next % 7, text(next, (op.size + i) % 301)]]);
      } else if (op.kind === 'big') {
        out.push(['INSERT INTO t(rowid, a, b) VALUES (?, ?, ?)', [next, null, text(next, op.size)]]);
        next++;
      } else if (op.kind === 'mid') {
        const r = Math.floor(op.at * next);
        out.push(['INSERT OR REPLACE INTO t(rowid, a, b) VALUES (?, ?, ?)', [r, -r, text(r, op.size)]]);
      } else {
        const from = Math.floor(op.at * next);
        out.push(['DELETE FROM t WHERE rowid BETWEEN ? AND ?', [from, from + op.n]]);
      }
    }
    return out;
  });

describe.skipIf(!sqlite3Available())('append fast path (rowid tables)', () => {
  it('gives SQLite\'s rows and page layout, and a sound file', () => {
    const a = join(dir, 'strata.db');
    const b = join(dir, 'sqlite.db');
    fc.assert(
      fc.property(stmtsArb, fc.constantFrom(1024, 4096), (stmts, pageSize) => {
        runBoth(a, b, pageSize, stmts);
        expect(sqliteIntegrityCheck(a)).toEqual(['ok']);
        const want = bsqValues(b, 'SELECT rowid, a, b FROM t ORDER BY rowid');
        expectSameRows(bsqValues(a, 'SELECT rowid, a, b FROM t ORDER BY rowid'), want, 'better-sqlite3: t');
        expectSameRows(sqliteValues(a, 'SELECT rowid, a, b FROM t ORDER BY rowid', 3), want, 'sqlite3: t');
        expectSameLayout(a, b);
      }),
      { numRuns: 12, seed: 5150 },
    );
  });
});

describe.skipIf(!sqlite3Available())('index appends after other writes to the same tree', () => {
  it('an append after a write that was not one compares with the tree as it is now', () => {
    // Keys 1, 2, 3 appended, 10 inserted without the hint, then 5 with it: 5 belongs before 10.
    const path = join(dir, 'edge.db');
    removeDb(path);
    const b = new BetterSqlite3(path);
    b.pragma('journal_mode = WAL');
    b.exec('CREATE TABLE t(a); CREATE INDEX i ON t(a)');
    const rootOf = (name: string) => (b.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(name) as { rootpage: number }).rootpage;
    const [table, root] = [rootOf('t'), rootOf('i')];
    b.close();
    const p = Pager.open(new NodeSyncIO(), path, { readonly: false });
    runSync(() => p.beginWrite());
    const w = new BTreeWriter(p);
    const steps: [number, boolean][] = [[1, true], [2, true], [3, true], [10, false], [5, true], [20, true]];
    steps.forEach(([a, append], i) => {
      runSync(() => w.insert(table, i + 1, recordFromValues([a], 1)));
      runSync(() => w.insertIndexKey(root, recordFromValues([a, i + 1], 1), { append }, [a, i + 1]));
    });
    runSync(() => p.commit());
    p.close();
    expect(sqliteIntegrityCheck(path)).toEqual(['ok']);
    expect(sqliteValues(path, 'SELECT a FROM t INDEXED BY i ORDER BY a').map((r) => r[0].value)).toEqual([1n, 2n, 3n, 5n, 10n, 20n]);
  });
});

/** A column value of any storage class; small ranges so that duplicates are common. */
const valueArb: fc.Arbitrary<Param> = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(0.5, -1.25, 3.0, 1e300),
  fc.constantFrom('a', 'A', 'b', 'B ', 'abc', 'Abc', ''),
  fc.integer({ min: 0, max: 2000 }).map((n) => text(n % 5, n)),
  fc.uint8Array({ maxLength: 3 }),
  fc.constant(null),
);

const INDEXES = ['CREATE INDEX i ON t(a)', 'CREATE INDEX i ON t(a DESC)', 'CREATE INDEX i ON t(b COLLATE NOCASE, a DESC)', 'CREATE INDEX i ON t(a, b)'];
const ORDERS = ['a, rowid', 'a DESC, rowid', 'b COLLATE NOCASE, a DESC, rowid', 'a, b, rowid'];
const COLUMNS = ['a', 'a', 'b, a', 'a, b'];

describe.skipIf(!sqlite3Available())('CREATE INDEX through a sorter and sorted appends', () => {
  it('builds a sound index in SQLite\'s order', () => {
    const path = join(dir, 'index.db');
    fc.assert(
      fc.property(fc.array(fc.tuple(valueArb, valueArb), { maxLength: 1500 }), fc.integer({ min: 0, max: INDEXES.length - 1 }), fc.constantFrom(512, 1024, 4096), fc.constantFrom(0, 1, 2), (rows, k, pageSize, autoVacuum) => {
        newFile(path, pageSize, autoVacuum);
        const db = new Database(path);
        const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
        db.transaction(() => {
          for (const [x, y] of rows) ins.run(x, y);
        })();
        db.exec(INDEXES[k]);
        db.close();
        expect(sqliteIntegrityCheck(path)).toEqual(['ok']);
        const want = bsqValues(path, `SELECT ${COLUMNS[k]}, rowid FROM t NOT INDEXED ORDER BY ${ORDERS[k]}`);
        expectSameRows(bsqValues(path, `SELECT ${COLUMNS[k]}, rowid FROM t INDEXED BY i ORDER BY ${ORDERS[k]}`), want, 'index scan');
        expect(bsqValues(path, 'SELECT count(*) FROM t INDEXED BY i WHERE a IS NOT NULL OR a IS NULL')).toEqual(bsqValues(path, 'SELECT count(*) FROM t'));
      }),
      { numRuns: 10, seed: 77 },
    );
  });

  it('several indexes built in one transaction, around a savepoint rolled back and with writes between, stay sound', () => {
    const path = join(dir, 'index-txn.db');
    const rowsArb = fc.array(fc.tuple(valueArb, valueArb), { maxLength: 600 });
    fc.assert(
      fc.property(rowsArb, rowsArb, rowsArb, fc.constantFrom(512, 4096), fc.constantFrom(10, 2000), (first, between, rolledBack, pageSize, cachePages) => {
        newFile(path, pageSize);
        const db = new Database(path);
        db.exec(`PRAGMA cache_size = ${cachePages}`);
        // Prepared after each schema change (a statement prepared before CREATE INDEX is not re-prepared yet).
        const ins = (rows: [Param, Param][]) => {
          const st = db.prepare('INSERT INTO t VALUES (?, ?)');
          for (const [x, y] of rows) st.run(x, y);
        };
        db.exec('BEGIN');
        ins(first);
        db.exec('CREATE INDEX i1 ON t(a)');
        db.exec('SAVEPOINT s');
        db.exec('CREATE INDEX i2 ON t(b)');
        ins(rolledBack);
        db.exec('ROLLBACK TO s');
        db.exec('CREATE INDEX i2 ON t(b COLLATE NOCASE, a DESC)');
        ins(between);
        db.exec('CREATE INDEX i3 ON t(a, b)');
        db.exec('RELEASE s');
        db.exec('COMMIT');
        db.close();
        expect(sqliteIntegrityCheck(path)).toEqual(['ok']);
        for (const [name, k] of [['i1', 0], ['i2', 2], ['i3', 3]] as const) {
          const want = bsqValues(path, `SELECT ${COLUMNS[k]}, rowid FROM t NOT INDEXED ORDER BY ${ORDERS[k]}`);
          expectSameRows(bsqValues(path, `SELECT ${COLUMNS[k]}, rowid FROM t INDEXED BY ${name} ORDER BY ${ORDERS[k]}`), want, `index scan ${name}`);
        }
      }),
      { numRuns: 8, seed: 91 },
    );
  });

  it('CREATE UNIQUE INDEX over duplicates fails as SQLite\'s does and leaves no index', () => {
    const s = new Database(':memory:');
    const b = new BetterSqlite3(':memory:');
    for (const db of [s, b]) {
      db.exec('CREATE TABLE t(a, b)');
      db.exec("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (NULL, 'z'), (NULL, 'w'), (2, 'v')");
    }
    const err = (fn: () => unknown): unknown => {
      try {
        fn();
        return null;
      } catch (e) {
        return { code: (e as { code: string }).code, message: (e as Error).message };
      }
    };
    expect(err(() => s.exec('CREATE UNIQUE INDEX u ON t(a)'))).toEqual(err(() => b.exec('CREATE UNIQUE INDEX u ON t(a)')));
    expect(s.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").raw(true).all()).toEqual(b.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").raw(true).all());
    // Without the duplicate (NULLs are distinct) the unique index builds.
    for (const db of [s, b]) db.exec('DELETE FROM t WHERE b = \'v\'');
    s.exec('CREATE UNIQUE INDEX u ON t(a)');
    b.exec('CREATE UNIQUE INDEX u ON t(a)');
    expect(s.prepare('SELECT a, rowid FROM t INDEXED BY u ORDER BY a').raw(true).all()).toEqual(b.prepare('SELECT a, rowid FROM t INDEXED BY u ORDER BY a').raw(true).all());
    s.close();
    b.close();
  });
});
