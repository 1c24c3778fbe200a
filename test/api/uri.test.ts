/**
 * `file:` URI filenames against the sqlite3 CLI (which opens with SQLITE_OPEN_URI): for generated
 * file names (blanks, UTF-8, '%', '?', '#', '&' and '=' escaped or not as a URI allows), optional
 * `//localhost` authority, extra parameters and a fragment, the file sqlite3 creates is the path
 * parseFilename returns; bad authorities and access modes are refused with sqlite3's wording.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFilename } from '../../src/api/uri.js';
import { isSqliteError } from '../../src/error.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-uri-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Percent-encodes the characters a URI path must escape, and (randomly) some that it need not. */
function encodePath(name: string, extra: boolean[]): string {
  let out = '';
  let i = 0;
  for (const ch of name) {
    const must = '%?#'.includes(ch) || ch === ' ';
    if (must || extra[i++ % extra.length]) out += [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
    else out += ch;
  }
  return out;
}

describe('parseFilename agrees with sqlite3 on which file a URI names', () => {
  it('generated names, authorities, parameters and fragments', () => {
    const nameChar = fc.constantFrom('a', 'B', '7', ' ', 'é', '日', '%', '?', '#', '&', '=', '-', '_', '.', '+');
    fc.assert(
      fc.property(
        fc.array(nameChar, { minLength: 1, maxLength: 10 }).map((cs) => `db${cs.join('')}`),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.constantFrom('', '?mode=rwc', '?cache=private&mode=rwc', '?psow=1', '?nolock=1&mode=rwc'),
        fc.constantFrom('', '#frag', '#a?b'),
        (name, extra, authority, query, fragment) => {
          const sub = mkdtempSync(join(dir, 'u-'));
          const path = encodePath(name, extra);
          const uri = authority ? `file://localhost${encodePath(sub, [false])}/${path}${query}${fragment}` : `file:${path}${query}${fragment}`;
          execFileSync('sqlite3', [uri, 'CREATE TABLE t(x)'], { cwd: sub });
          const created = readdirSync(sub);
          const parsed = parseFilename(uri);
          expect(parsed.uri).toBe(true);
          expect(created).toEqual([name]);
          expect(parsed.path).toBe(authority ? join(sub, name) : name);
          expect(parsed.mode).toBe(query.includes('mode=rwc') ? 'rwc' : undefined);
        },
      ),
      { seed: 20261126, numRuns: 40 },
    );
  });

  it('ordinary filenames stay as they are', () => {
    expect(parseFilename('a%20b.db')).toEqual({ path: 'a%20b.db', uri: false, params: new Map() });
  });

  it('refuses what sqlite3 refuses, in its words', () => {
    for (const uri of ['file://otherhost/x.db', 'file:x.db?mode=zz']) {
      let theirs = '';
      try {
        execFileSync('sqlite3', [uri, 'SELECT 1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        theirs = String((e as { stderr: Buffer }).stderr);
      }
      let ours = '';
      try {
        parseFilename(uri);
      } catch (e) {
        if (!isSqliteError(e)) throw e;
        expect(e.code).toBe('SQLITE_CANTOPEN');
        ours = e.message;
      }
      expect(ours).not.toBe('');
      expect(theirs).toContain(ours);
    }
  });

  it('decodes the cipher and hexkey parameters', () => {
    const p = parseFilename('file:enc.db?cipher=aegis%32%35%36&hexkey=ab%63d&hexkey=ignored');
    expect(p.params.get('cipher')).toBe('aegis256');
    expect(p.params.get('hexkey')).toBe('abcd');
  });
});
