/**
 * Queries over damaged databases fail with a SqliteError (SQLITE_CORRUPT, SQLITE_NOTADB, …) or
 * answer; they never crash with another exception and never hang: every broken forensic file and
 * every malformed sqlittle input is opened read-only (on a copy) and each table it claims is
 * scanned and counted.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';
import { isSqliteError } from '../../src/error.js';
import { forensicBroken, sharedAvailable, SHARED_MISSING, sqlittleMalformed } from '../support/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-broken-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens and scans `file`; returns 'ok' or the SqliteError code; rethrows anything else. */
function probe(file: string, i: number): string {
  const copy = join(dir, `${i}-${basename(file)}`);
  copyFileSync(file, copy);
  for (const side of ['-wal', '-journal']) if (existsSync(file + side)) copyFileSync(file + side, copy + side);
  let db: Database | null = null;
  try {
    db = new Database(copy, { readonly: true });
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    for (const n of names) {
      const q = `"${n.replace(/"/g, '""')}"`;
      try {
        db.prepare(`SELECT * FROM ${q}`).all();
        db.prepare(`SELECT count(*) FROM ${q}`).get();
      } catch (e) {
        if (!isSqliteError(e)) throw e;
      }
    }
    return 'ok';
  } catch (e) {
    if (isSqliteError(e)) return e.code;
    throw e;
  } finally {
    db?.close();
  }
}

describe.skipIf(!sharedAvailable())('SELECT over broken files: SqliteError or an answer, never a crash', () => {
  if (!sharedAvailable()) console.warn(SHARED_MISSING);
  it('broken forensic files and malformed sqlittle inputs', () => {
    const files = [...forensicBroken(), ...sqlittleMalformed()];
    expect(files.length).toBeGreaterThan(0);
    const outcomes = new Map<string, number>();
    files.forEach((f, i) => {
      const o = probe(f, i);
      outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
    });
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(files.length);
    // Damage is noticed: opening or scanning at least some of them reports corruption.
    expect([...outcomes.keys()].filter((k) => k !== 'ok').length).toBeGreaterThan(0);
  }, 120_000);
});
