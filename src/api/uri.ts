/**
 * `file:` URI filenames as SQLite reads them (sqlite.org/uri.html), for `new Database(uri)`,
 * `connect(uri)` and `strata shell URI`.
 *
 * ```
 *   file: [ //authority ] path [ ?query ] [ #fragment ]
 *         authority: empty or "localhost" (anything else is an error)
 *         path:      %HH escapes decoded; empty with an authority means no file
 *         query:     name=value pairs joined by '&', %HH decoded in both; a name without '='
 *                    has the empty value; the first occurrence of a name wins
 *         fragment:  ignored
 * ```
 *
 * A filename that does not begin with `file:` is an ordinary filename. The query parameters SQLite
 * defines and that Strata honours: `mode` (ro, rw, rwc, memory), plus Turso's `cipher` and `hexkey`.
 * Other parameters (vfs, cache, psow, nolock, immutable…) are kept in `params` and otherwise ignored,
 * as SQLite ignores parameters a VFS does not know.
 *
 * @module
 */
import { SqliteError } from '../error.js';

/** An opened filename: the path to open and the URI's query parameters. */
export interface ParsedFilename {
  /** The file to open ('' for a temporary/in-memory database). */
  path: string;
  /** True when the filename was a `file:` URI. */
  uri: boolean;
  /** Query parameters, decoded, first occurrence of each name. */
  params: ReadonlyMap<string, string>;
  /** `mode=` when given. */
  mode?: 'ro' | 'rw' | 'rwc' | 'memory';
}

function decode(text: string, what: string): string {
  // Percent-decoding works on bytes: %C3%A9 is one UTF-8 character.
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...enc.encode(ch));
    }
  }
  const out = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
  if (out.includes('\0')) throw new SqliteError('SQLITE_CANTOPEN', `a %00 in the URI ${what} is not allowed`);
  return out;
}

/**
 * Splits `filename` into the path to open and its URI parameters.
 *
 * @throws SqliteError SQLITE_CANTOPEN for an authority other than empty or localhost, and for
 *   `mode=` with a value other than ro, rw, rwc or memory ("no such access mode: x", as SQLite).
 */
export function parseFilename(filename: string): ParsedFilename {
  if (!filename.startsWith('file:')) return { path: filename, uri: false, params: new Map() };
  let rest = filename.slice(5);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  let path = q >= 0 ? rest.slice(0, q) : rest;
  if (path.startsWith('//')) {
    const slash = path.indexOf('/', 2);
    const authority = slash >= 0 ? path.slice(2, slash) : path.slice(2);
    if (authority !== '' && authority !== 'localhost') throw new SqliteError('SQLITE_CANTOPEN', `invalid uri authority: ${authority}`);
    path = slash >= 0 ? path.slice(slash) : '';
  }
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq >= 0 ? part.slice(0, eq) : part, 'query');
    const value = decode(eq >= 0 ? part.slice(eq + 1) : '', 'query');
    if (!params.has(name)) params.set(name, value);
  }
  const mode = params.get('mode');
  if (mode !== undefined && !['ro', 'rw', 'rwc', 'memory'].includes(mode)) throw new SqliteError('SQLITE_CANTOPEN', `no such access mode: ${mode}`);
  return { path: decode(path, 'path'), uri: true, params, mode: mode as ParsedFilename['mode'] };
}
