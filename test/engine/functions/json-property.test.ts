/**
 * Property test: random JSON documents (fc.jsonValue, written by JSON.stringify, sometimes
 * re-spaced) × random paths (mostly built from the document's own structure: labels, quoted
 * labels, [N], [#-N], plus missing steps) through json_extract, ->, ->>, json_type,
 * json_array_length, json_set, json_insert, json_replace, json_remove, json_each and json_tree
 * (every column), and jsonb / jsonb_set / jsonb_extract (BLOBs as hex), on better-sqlite3
 * (SQLite 3.53) and Strata; every result (value, storage class or error) must be equal.
 * Seeded; STRATA_JSON_SEED and STRATA_JSON_RUNS override.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonOracle } from './json-oracle.js';

const SEED = Number(process.env.STRATA_JSON_SEED ?? 20261126);
const RUNS = Number(process.env.STRATA_JSON_RUNS ?? 150);

function label(k: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(k) ? `.${k}` : `."${k.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A path into `v`, steered by `choices` (each in [0, 1)). */
function pathInto(v: unknown, choices: number[]): string {
  let p = '$';
  let cur: unknown = v;
  for (const c of choices) {
    if (Array.isArray(cur) && cur.length > 0) {
      const i = Math.floor(c * (cur.length + 1));
      if (i === cur.length) return p + (c > 0.95 ? '[#]' : `[${i}]`);
      if (c < 0.3) p += `[#-${cur.length - i}]`;
      else p += `[${i}]`;
      cur = cur[i];
    } else if (cur !== null && typeof cur === 'object') {
      const keys = Object.keys(cur);
      if (keys.length === 0 || c > 0.9) return p + '.missing';
      const k = keys[Math.floor(c * keys.length)];
      p += label(k);
      cur = (cur as Record<string, unknown>)[k];
    } else return c > 0.8 ? p + '[0]' : p;
  }
  return p;
}

const doc = fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.boolean()).map(([v, spaced]) => ({ v, text: JSON.stringify(v, null, spaced ? 1 : undefined) ?? 'null' }));
const paths = fc.array(fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { maxLength: 4 }), { minLength: 1, maxLength: 3 });
const setValue = fc.oneof(fc.integer().map((n) => BigInt(n)), fc.string({ maxLength: 4 }), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }));

describe('JSON functions: random documents × paths vs SQLite 3.53', () => {
  const o = new JsonOracle();
  afterAll(() => o.close());
  it(`agrees on ${RUNS} runs`, () => {
    let compared = 0;
    fc.assert(
      fc.property(doc, paths, setValue, fc.boolean(), ({ v, text }, ps, val, jsonVal) => {
        const pp = ps.map((c) => pathInto(v, c));
        const p0 = pp[0];
        const valSql = jsonVal ? 'json_array(?)' : '?';
        const queries: [string, unknown[]][] = [
          ['SELECT json_extract(?, ?), typeof(json_extract(?, ?))', [text, p0, text, p0]],
          [`SELECT json_extract(?, ${pp.map(() => '?').join(', ')})`, [text, ...pp]],
          ['SELECT ? -> ?, ? ->> ?, typeof(? ->> ?)', [text, p0, text, p0, text, p0]],
          ['SELECT json_type(?, ?), json_array_length(?, ?), json(?)', [text, p0, text, p0, text]],
          [`SELECT json_set(?, ?, ${valSql}), json_insert(?, ?, ${valSql}), json_replace(?, ?, ${valSql})`, [text, p0, val, text, p0, val, text, p0, val]],
          [`SELECT json_remove(?, ${pp.map(() => '?').join(', ')})`, [text, ...pp]],
          ['SELECT *, json, root FROM json_each(?, ?)', [text, p0]],
          ['SELECT *, json, root FROM json_tree(?, ?)', [text, p0]],
          [`SELECT hex(jsonb(?)), hex(jsonb_set(?, ?, ${valSql})), hex(jsonb_extract(?, ?))`, [text, text, p0, val, text, p0]],
        ];
        for (const [sql, params] of queries) {
          compared++;
          expect(o.actual(sql, params), `${sql} ${JSON.stringify(params, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x))}`).toBe(o.expected(sql, params));
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(compared).toBe(RUNS * 9);
  });
});

/** JSON5-ish token soup: valid and broken documents alike. */
const TOKENS = ['{', '}', '[', ']', ',', ':', ' ', '\n', '"a"', "'b'", 'x', '_$y', '1', '-0', '0x1F', '.5', '5.', '+3', '1e5', '1E-2', 'Infinity', '-inf', 'NaN', 'null', 'true', 'false', '"\\u0041"', '"\\x41"', "'\\''", '"\\q"', '/*c*/', '//c\n', '\u00a0', '\u2028', '\t', '"é"', '00', '1.2.3', '"\u0001"', '\\', '\v'];
const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((t) => t.join(''));

describe('JSON text parsing: token soup vs SQLite 3.53', () => {
  const o = new JsonOracle();
  afterAll(() => o.close());
  it(`json(), json_valid flags, json_error_position agree on ${RUNS * 4} texts`, () => {
    fc.assert(
      fc.property(soup, (text) => {
        const sql = 'SELECT json_valid(?, 1), json_valid(?, 2), json_error_position(?), json_valid(?, 6)';
        expect(o.actual(sql, [text, text, text, text]), text).toBe(o.expected(sql, [text, text, text, text]));
        expect(o.actual('SELECT json(?)', [text]), text).toBe(o.expected('SELECT json(?)', [text]));
      }),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });
});
