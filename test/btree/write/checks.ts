/**
 * The checks of a finished run: a file Strata wrote, read by SQLite, and a file SQLite wrote, read
 * by Strata — both against the model of the same operations.
 */
import { expect } from 'vitest';
import { bsqValues } from '../../support/better-sqlite3.js';
import { sqliteDbstat, sqliteIntegrityCheck, sqlitePragmaValue, sqliteValues } from '../../support/sqlite3.js';
import type { SqlValue } from '../../support/sql-value.js';
import { expectedT, expectedTemps, expectedW, expectSameRows, modelOf, readWithStrata, tag, tempText, type Config, type Op } from './harness.js';

const MODES = ['none', 'full', 'incremental'] as const;

function expectedTemp(name: string, ops: readonly Op[]): SqlValue[][] {
  const m = modelOf(ops);
  const t = m.temps.find((x) => x.name === name)!;
  const rows: SqlValue[][] = [];
  for (let r = 1; r <= t.rows; r++) rows.push([tag(r), tag(tempText(r, t.size))]);
  return rows;
}

/** What SQLite says the order of index i is, computed without the index. */
export function sqliteIndexOrder(path: string): SqlValue[][] {
  return bsqValues(path, 'SELECT a, rowid FROM t NOT INDEXED ORDER BY a DESC, rowid');
}

/** Strata wrote `path`: sqlite3 finds it sound and both oracles read the model. */
export function checkStrataFile(path: string, cfg: Config, ops: readonly Op[]): void {
  const m = modelOf(ops);
  expect(sqliteIntegrityCheck(path)).toEqual(['ok']);
  const t = expectedT(m);
  expectSameRows(sqliteValues(path, 'SELECT rowid, a, b FROM t ORDER BY rowid', 3), t, 'sqlite3: t');
  expectSameRows(bsqValues(path, 'SELECT rowid, a, b FROM t ORDER BY rowid'), t, 'better-sqlite3: t');
  expectSameRows(bsqValues(path, 'SELECT a, rowid FROM t INDEXED BY i'), sqliteIndexOrder(path), 'better-sqlite3: i scan');
  const w = expectedW(m);
  expectSameRows(sqliteValues(path, 'SELECT k, v FROM w', 2), w, 'sqlite3: w');
  expectSameRows(bsqValues(path, 'SELECT k, v FROM w'), w, 'better-sqlite3: w');
  const temps = expectedTemps(m);
  expect(bsqValues(path, "SELECT name FROM sqlite_schema WHERE name GLOB 'x*' ORDER BY name").map((r) => r[0].value)).toEqual(temps);
  for (const name of temps) expectSameRows(bsqValues(path, `SELECT rowid, y FROM ${name} ORDER BY rowid`), expectedTemp(name, ops), name);
  if (cfg.av === 'full') expect(sqlitePragmaValue(path, 'freelist_count')).toBe('0');
  expect(sqlitePragmaValue(path, 'auto_vacuum')).toBe(String(MODES.indexOf(cfg.av)));
}

/** SQLite wrote `path`: Strata's cursor reads the model. */
export function checkSqliteFileThroughStrata(path: string, ops: readonly Op[]): void {
  const m = modelOf(ops);
  const got = readWithStrata(path);
  expectSameRows(got.t, expectedT(m), 'Strata on SQLite file: t');
  expectSameRows(got.i, sqliteIndexOrder(path), 'Strata on SQLite file: i');
  expectSameRows(got.w, expectedW(m), 'Strata on SQLite file: w');
  const temps = expectedTemps(m);
  expect([...got.temps.keys()].sort()).toEqual(temps);
  for (const name of temps) expectSameRows(got.temps.get(name)!, expectedTemp(name, ops), `Strata on SQLite file: ${name}`);
}


/**
 * Strata's file `a` and SQLite's file `b`, written by the same operations, have the same page
 * layout: every b-tree and overflow page at the same page number in the same place of the same tree
 * (dbstat), and the same page and freelist counts. sqlite_schema is left out (its SQL text and
 * rowids are the writers' own).
 */
export function expectSameLayout(a: string, b: string): void {
  const layout = (f: string): string[] => sqliteDbstat(f).filter((p) => p.name !== 'sqlite_schema').map((p) => `${p.pgno} ${p.name} ${p.pagetype} ${p.path}`);
  expect(layout(a)).toEqual(layout(b));
  expect(sqlitePragmaValue(a, 'page_count')).toBe(sqlitePragmaValue(b, 'page_count'));
  expect(sqlitePragmaValue(a, 'freelist_count')).toBe(sqlitePragmaValue(b, 'freelist_count'));
}
