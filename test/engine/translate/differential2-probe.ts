/**
 * Probe for minimising a differential2 mismatch by hand: stdin holds setup SQL, then queries, each
 * part separated by a line `---`; prints each query's rows from better-sqlite3 and Strata and marks
 * differences. `npx tsx test/engine/translate/differential2-probe.ts < probe.sql`.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';
import { readFileSync } from 'node:fs';
const [setup, ...qs] = readFileSync(0, 'utf8').split('\n---\n');
const o = new BetterSqlite3(':memory:'); o.exec(setup);
const s = new Database(':memory:'); s.exec(setup);
const j = (x: unknown) => JSON.stringify(x, (_k, v) => typeof v === 'bigint' ? v.toString() + 'n' : v instanceof Uint8Array ? 'x' + Buffer.from(v).toString('hex') : Object.is(v, -0) ? '-0' : v);
for (const q of qs) { if (!q.trim()) continue;
  let a, b;
  try { a = j(o.prepare(q).raw(true).safeIntegers(true).all()); } catch (e) { a = 'ERR ' + (e as Error).message; }
  try { b = j(s.prepare(q).raw(true).safeIntegers(true).all()); } catch (e) { b = 'ERR ' + (e as Error).message; }
  console.log((a === b ? 'same ' : 'DIFF ') + q + '\n   sqlite ' + a + (a === b ? '' : '\n   strata ' + b));
}
