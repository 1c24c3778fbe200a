/**
 * The oracle states of a crash workload: a series of database images S0, S1, … SK that real SQLite
 * (better-sqlite3, rollback-journal mode) wrote, one per transaction of seeded random inserts,
 * updates and deletes on a table with an index and blobs big enough to spill to overflow pages (and
 * to free pages onto the freelist). A workload replays Si's pages through Strata's pager as its
 * transaction i; after a crash the recovered file must be exactly one of these images.
 *
 * With `fromEmpty`, S0 is the empty (0-byte) file, so the first transaction creates the database.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSqlite3 } from '../support/sqlite3-cli.js';

/** How to build the states. */
export interface StatesSpec {
  seed: number;
  pageSize: number;
  /** Transactions after S0. */
  transactions: number;
  /** S0 is the 0-byte file (the workload creates the database). */
  fromEmpty?: boolean;
  /** PRAGMA auto_vacuum = FULL: files shrink as rows go. */
  autoVacuum?: boolean;
}

/** The images and what sqlite3 says each holds. */
export interface States {
  pageSize: number;
  images: Uint8Array[];
  /** sqlite3's `.dump` of each image (the content oracle). */
  dumps: string[];
}

/** The `.dump` script sqlite3 prints for a file: the content compared after a crash. */
export const DUMP_SQL = '.dump\n';

/** Builds the states with better-sqlite3 and dumps each with the sqlite3 CLI. */
export function buildStates(spec: StatesSpec): States {
  const dir = mkdtempSync(join(tmpdir(), 'strata-states-'));
  try {
    const file = join(dir, 's.db');
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.pragma(`page_size = ${spec.pageSize}`);
    if (spec.autoVacuum) db.pragma('auto_vacuum = FULL');
    let x = spec.seed >>> 0 || 1;
    const rnd = (n: number): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x % n;
    };
    const images: Uint8Array[] = [];
    const snap = (): void => {
      images.push(new Uint8Array(readFileSync(file)));
    };
    if (spec.fromEmpty) images.push(new Uint8Array(0));
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b BLOB); CREATE INDEX t_a ON t(a)');
    const ins = db.prepare('INSERT INTO t(a, b) VALUES (?, ?)');
    const upd = db.prepare('UPDATE t SET a = ?, b = ? WHERE id = ?');
    const del = db.prepare('DELETE FROM t WHERE id IN (SELECT id FROM t ORDER BY id LIMIT 1 OFFSET ?)');
    const count = db.prepare('SELECT count(*) AS n FROM t').pluck();
    const blob = (): Buffer => {
      const b = Buffer.alloc(rnd(4) === 0 ? rnd(spec.pageSize * 3) : rnd(200));
      for (let i = 0; i < b.length; i++) b[i] = rnd(256);
      return b;
    };
    const text = (): string => `k${rnd(100000)}`.repeat(1 + rnd(6));
    for (let i = 0; i < 8; i++) ins.run(text(), blob());
    if (!spec.fromEmpty) snap();
    for (let t = spec.fromEmpty ? 0 : 1; t < spec.transactions + (spec.fromEmpty ? 0 : 1); t++) {
      db.transaction(() => {
        const ops = 1 + rnd(12);
        for (let i = 0; i < ops; i++) {
          const n = count.get() as number;
          const what = rnd(10);
          if (what < 5 || n < 4) ins.run(text(), blob());
          else if (what < 8) upd.run(text(), blob(), 1 + rnd(n * 2));
          else del.run(rnd(n));
        }
      })();
      snap();
    }
    db.close();
    const dumps = images.map((img, i) => {
      if (img.length === 0) return runSqlite3(join(dir, 'none.db'), DUMP_SQL, { readonly: false });
      const f = join(dir, `s${i}.db`);
      writeFileSync(f, img);
      return runSqlite3(f, DUMP_SQL);
    });
    return { pageSize: spec.pageSize, images, dumps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
