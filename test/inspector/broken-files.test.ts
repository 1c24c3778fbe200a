/**
 * Bad input never crashes or hangs the inspector: every deliberately broken forensic file (64), every
 * malformed sqlittle file and fuzz-corpus entry goes through every JSON view; each view either
 * answers or throws a SqliteError (SQLITE_NOTADB, SQLITE_CORRUPT…), and corrupt pages are marked.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSqliteError } from '../../src/error.js';
import { jsonView } from '../../inspector/cli.js';
import { InspectSession } from '../../inspector/model/session.js';
import { forensicBroken, sharedAvailable, SHARED_MISSING, sqlittleMalformed } from '../support/shared.js';

interface Outcome {
  opened: boolean;
  errors: string[];
  views: number;
  markedPages: number;
}

function exercise(file: string): Outcome {
  const out: Outcome = { opened: false, errors: [], views: 0, markedPages: 0 };
  const attempt = (f: () => unknown) => {
    try {
      f();
      out.views++;
    } catch (e) {
      if (!isSqliteError(e)) throw e; // anything but a typed error fails the test
      out.errors.push(e.code);
    }
  };
  let s: InspectSession;
  try {
    s = InspectSession.open(file);
  } catch (e) {
    if (!isSqliteError(e)) throw e;
    out.errors.push(e.code);
    return out;
  }
  out.opened = true;
  try {
    for (const v of ['header', 'pages', 'wal', 'freelist', 'ptrmap', 'check']) attempt(() => jsonView(s, v));
    const n = Math.min(s.pager.pageCount, 2000);
    for (let p = 1; p <= n; p++) attempt(() => jsonView(s, 'page', String(p)));
    let names: string[] = [];
    attempt(() => (names = s.schema().rows.filter((r) => r.rootpage > 0).map((r) => r.name)));
    for (const name of names) attempt(() => jsonView(s, 'rows', name));
    attempt(() => (out.markedPages = s.pageMap().pages.filter((p) => p.corrupt !== undefined || p.type === 'unused').length));
  } finally {
    s.close();
  }
  return out;
}

describe('broken files give typed errors or marked pages, never a crash or hang', () => {
  if (!sharedAvailable()) {
    it.skip(SHARED_MISSING, () => undefined);
    return;
  }
  const broken = forensicBroken();
  const malformed = sqlittleMalformed();
  const stats = { files: 0, refused: 0, withErrors: 0, marked: 0 };

  it('there are 64 broken forensic files', () => expect(broken.length).toBe(64));

  it.each([...broken, ...malformed].map((f) => [basename(f), f]))('%s', (_n, file) => {
    const o = exercise(file);
    stats.files++;
    if (!o.opened) stats.refused++;
    else if (o.errors.length) stats.withErrors++;
    if (o.markedPages) stats.marked++;
    expect(o.opened || o.errors.length === 1).toBe(true);
  });

  it('reports its figures', () => {
    console.log(`broken files: ${stats.files} run; ${stats.refused} refused at open with a typed error; ${stats.withErrors} opened with typed errors in some views; ${stats.marked} with pages marked corrupt/unused`);
    expect(stats.files).toBe(broken.length + malformed.length);
  });
});
