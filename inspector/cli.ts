/**
 * `strata inspect`: prints one JSON view when `view` is given, else starts the TUI.
 * @module
 */
import { SqliteError } from '../src/error.js';
import { InspectSession } from './model/session.js';
import { checkView, freelistView, headerView, pageView, pagesView, ptrmapView, rowsView, walView } from './model/views.js';

/** Arguments of {@link runInspect}. */
export interface InspectArgs {
  file: string;
  /** JSON view name; undefined starts the TUI. */
  view?: string;
  /** Page number for `page`, table or index name for `rows`. */
  arg?: string;
  raw: boolean;
  cipher?: string;
  hexkey?: string;
}

/** JSON.stringify that prints bigint as a decimal string (never reached by the views, which convert first). */
function json(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x), 2);
}

/**
 * Runs `strata inspect`.
 * @throws SqliteError for unusable files, SQLITE_MISUSE for a bad view name or missing argument.
 */
export async function runInspect(a: InspectArgs): Promise<void> {
  if (a.view === undefined) {
    const { startTui } = await import('./tui/start.js');
    await startTui(a);
    return;
  }
  const s = InspectSession.open(a.file, { raw: a.raw, cipher: a.cipher, hexkey: a.hexkey });
  try {
    process.stdout.write(json(jsonView(s, a.view, a.arg)) + '\n');
  } finally {
    s.close();
  }
}

/** Computes JSON view `view` (with its argument) of session `s`. */
export function jsonView(s: InspectSession, view: string, arg?: string): unknown {
  switch (view) {
    case 'header':
      return headerView(s);
    case 'pages':
      return pagesView(s);
    case 'page': {
      const n = Number(arg);
      if (!arg || !Number.isInteger(n)) throw new SqliteError('SQLITE_MISUSE', '--json page needs a page number, e.g. --json page 2');
      return pageView(s, n);
    }
    case 'rows':
      if (!arg) throw new SqliteError('SQLITE_MISUSE', '--json rows needs a table or index name');
      return rowsView(s, arg);
    case 'wal':
      return walView(s);
    case 'freelist':
      return freelistView(s);
    case 'ptrmap':
      return ptrmapView(s);
    case 'check':
      return checkView(s);
    default:
      throw new SqliteError('SQLITE_MISUSE', `unknown view "${view}": use header, pages, page N, rows NAME, wal, freelist, ptrmap or check`);
  }
}
