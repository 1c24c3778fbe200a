/**
 * The shared corpora in `../shared` (beside the repository, never copied into it), sorted into
 * the lists tests iterate over.
 *
 * `../shared` is resolved from this file (repo root = two levels up), not from process.cwd().
 * When it is absent every list is empty; tests must then skip and say why:
 *
 *   describe.skipIf(!sharedAvailable())('…', …);  if (!sharedAvailable()) console.warn(SHARED_MISSING);
 *
 * "Well-formed" is decided by real SQLite: the sqlite3 CLI's `PRAGMA integrity_check` must print
 * exactly `ok` (on a temporary copy when the file has a -wal or a journal, so WAL frames are
 * applied and a hot journal rolled back first). Each file is checked once per process.
 *
 * | list                   | files                                                              |
 * |------------------------|--------------------------------------------------------------------|
 * | forensicWellFormed()   | forensic/**\/*.db except *_antifor.db, integrity ok (77)           |
 * | forensicBroken()       | forensic/**\/*_antifor.db (64), plus any other .db failing the check |
 * | sqlittleWellFormed()   | sqlittle/testdata/*.sqlite, integrity ok, not in the list below    |
 * | sqlittleMalformed()    | testdata notadatabase, truncated, zerolength, magic and any other   |
 * |                        | testdata file failing the check; every sqlittle/corpus/* fuzz input |
 *
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqliteIntegrityCheck } from './sqlite3.js';

/** Absolute path of the repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of `../shared` beside the repository. */
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');

/** The message tests print when they skip for want of `../shared`. */
export const SHARED_MISSING = `skipped: ${SHARED_DIR} (../shared beside the repository) is absent`;

const FORENSIC_DIR = join(SHARED_DIR, 'corpus', 'forensic');
const SQLITTLE_DIR = join(SHARED_DIR, 'corpus', 'sqlittle');

/** sqlittle testdata files that are malformed by design (sqlite3 3.40 opens zerolength as empty). */
const SQLITTLE_MALFORMED_BY_NAME = new Set(['notadatabase.sqlite', 'truncated.sqlite', 'zerolength.sqlite', 'magic.sqlite']);

/** True when `../shared/corpus` exists. */
export function sharedAvailable(): boolean {
  return existsSync(join(SHARED_DIR, 'corpus'));
}

const verdicts = new Map<string, boolean>();

/**
 * True when sqlite3's `PRAGMA integrity_check` prints exactly `ok` for `file`; false when it
 * reports anything else or cannot open the file. Cached per process.
 */
export function integrityOk(file: string): boolean {
  let ok = verdicts.get(file);
  if (ok === undefined) {
    try {
      const lines = sqliteIntegrityCheck(file);
      ok = lines.length === 1 && lines[0] === 'ok';
    } catch {
      ok = false;
    }
    verdicts.set(file, ok);
  }
  return ok;
}

function listFiles(dir: string, keep: (name: string) => boolean, recursive = false): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive, withFileTypes: false, encoding: 'utf8' })
    .filter((name) => keep(name.split('/').pop() ?? name))
    .map((name) => join(dir, name))
    .sort();
}

/** Every `*.db` of the forensic corpus, broken ones included (141). */
export function forensicFiles(): string[] {
  return listFiles(FORENSIC_DIR, (n) => n.endsWith('.db'), true);
}

/** Forensic files that are not `*_antifor.db` and pass integrity_check. */
export function forensicWellFormed(): string[] {
  return forensicFiles().filter((f) => !f.endsWith('_antifor.db') && integrityOk(f));
}

/** The deliberately broken `*_antifor.db` forensic files, and any other that fails integrity_check. */
export function forensicBroken(): string[] {
  return forensicFiles().filter((f) => f.endsWith('_antifor.db') || !integrityOk(f));
}

function sqlittleTestdata(): string[] {
  return listFiles(join(SQLITTLE_DIR, 'testdata'), (n) => n.endsWith('.sqlite'));
}

function malformedByName(file: string): boolean {
  return SQLITTLE_MALFORMED_BY_NAME.has(file.split('/').pop() ?? '');
}

/** sqlittle testdata databases that pass integrity_check (WAL and journal files among them). */
export function sqlittleWellFormed(): string[] {
  return sqlittleTestdata().filter((f) => !malformedByName(f) && integrityOk(f));
}

/** sqlittle's malformed inputs: the named testdata files, testdata failing the check, all fuzz inputs. */
export function sqlittleMalformed(): string[] {
  const testdata = sqlittleTestdata().filter((f) => malformedByName(f) || !integrityOk(f));
  return [...testdata, ...listFiles(join(SQLITTLE_DIR, 'corpus'), () => true)];
}

/** sqlittle testdata databases with a `-wal` beside them (wal.sqlite, wal_crashed.sqlite). */
export function sqlittleWalFiles(): string[] {
  return sqlittleTestdata().filter((f) => existsSync(`${f}-wal`));
}
