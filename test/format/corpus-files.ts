/**
 * The list of well-formed database files the byte-exact corpus test checks:
 * - ../shared/corpus/forensic: every `*.db` not named `*_antifor.db`;
 * - ../shared/corpus/sqlittle/testdata: `*.sqlite` except notadatabase, truncated, zerolength, magic;
 * - the repo's own corpus/*.db, when that folder exists.
 * Files that fail `sqlite3 FILE "PRAGMA integrity_check"` are dropped later, by the test.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SHARED } from './shared.js';

const SQLITTLE_EXCLUDED = new Set(['notadatabase.sqlite', 'truncated.sqlite', 'zerolength.sqlite', 'magic.sqlite']);

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Absolute paths of the candidate files, sorted. */
export function corpusFiles(): string[] {
  const forensic = walk(join(SHARED, 'corpus/forensic')).filter((p) => p.endsWith('.db') && !p.endsWith('_antifor.db'));
  const sqlittleDir = join(SHARED, 'corpus/sqlittle/testdata');
  const sqlittle = existsSync(sqlittleDir)
    ? readdirSync(sqlittleDir).filter((n) => n.endsWith('.sqlite') && !SQLITTLE_EXCLUDED.has(n)).map((n) => join(sqlittleDir, n))
    : [];
  const repoDir = join(REPO_ROOT, 'corpus');
  const repo = existsSync(repoDir) ? readdirSync(repoDir).filter((n) => n.endsWith('.db')).map((n) => join(repoDir, n)) : [];
  return [...forensic, ...sqlittle, ...repo].sort();
}
