/**
 * date, time, datetime, julianday, unixepoch, strftime and timediff against SQLite 3.53
 * (better-sqlite3) on generated time values (text forms, Julian day and Unix numbers, edge dates,
 * malformed input) and generated modifier chains. 'now' is compared separately, within a second.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFunction } from '../../../src/engine/functions/index.js';
import type { ScalarFunction } from '../../../src/engine/functions/registry.js';
import type { Value } from '../../../src/engine/value/value.js';
import { Real } from '../../../src/engine/value/value.js';
import { fcParams, mismatch, outcome, show, sqliteEval } from '../value/oracle.js';
import { testContext } from './context.js';

const ctx = testContext();
const two = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const year = fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1970, 2000, 2024, 1900, 2100, 9999, 0)).map((y) => String(y).padStart(4, '0'));
const ymd = fc.tuple(fc.constantFrom('', '', '', '-'), year, two(1, 12), two(1, 31)).map(([s, y, m, d]) => `${s}${y}-${m}-${d}`);
const frac = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 9999 }).map((n) => '.' + String(n)), fc.constant('.9999'));
const hms = fc.tuple(two(0, 24), two(0, 59), fc.oneof(fc.constant(''), two(0, 59).map((s) => ':' + s)), frac).map(([h, m, s, f]) => `${h}:${m}${s}${s ? f : ''}`);
const tz = fc.oneof(fc.constant(''), fc.constant(''), fc.constantFrom('Z', 'z', ' Z', '+05:30', '-14:00', '+00:00', '-03:45 ', '+15:00'));
const timeValue: fc.Arbitrary<Value> = fc.oneof(
  ymd,
  fc.tuple(ymd, fc.constantFrom(' ', 'T', '  '), hms, tz).map(([a, sep, b, z]) => a + sep + b + z),
  fc.tuple(hms, tz).map(([a, z]) => a + z),
  fc.double({ min: -1e6, max: 6e6, noNaN: true }).map((r) => new Real(r) as Value),
  fc.integer({ min: -300000000000, max: 300000000000 }),
  fc.integer({ min: 0, max: 5373484 }),
  fc.double({ min: -2e11, max: 3e11, noNaN: true }).map((r) => String(r)),
  fc.constantFrom<Value>('2023-02-31', '2024-02-30 12:00', '2000-01-01', '1970-01-01 00:00:00', '-4713-11-24 12:00:00', '9999-12-31 23:59:59.999', 'garbage', '', null, '2451545.5', ' 2451545 ', new Uint8Array([0x32, 0x30])),
);

const unit = fc.constantFrom('day', 'days', 'hour', 'hours', 'minute', 'minutes', 'second', 'seconds', 'month', 'months', 'year', 'years', 'DAYS', 'fortnights');
const modifier: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('+', '-', ''), fc.oneof(fc.integer({ min: 0, max: 400 }).map(String), fc.double({ min: 0, max: 100, noNaN: true }).map((r) => r.toFixed(3))), fc.constantFrom(' ', '  ', ''), unit).map(([s, n, sp, u]) => s + n + sp + u),
  fc.constantFrom('start of month', 'start of year', 'start of day', 'START OF MONTH', 'start of week', 'weekday 0', 'weekday 3', 'weekday 6', 'weekday 7', 'weekday 1.5', 'unixepoch', 'julianday', 'auto', 'subsec', 'subsecond', 'ceiling', 'floor', 'utc', 'localtime', 'bogus'),
  fc.tuple(fc.constantFrom('+', '-'), two(0, 23), two(0, 59), fc.oneof(fc.constant(''), two(0, 59).map((s) => ':' + s + '.250'))).map(([s, h, m, x]) => `${s}${h}:${m}${x}`),
  fc.tuple(fc.constantFrom('+', '-'), year, two(0, 12), two(0, 31), fc.oneof(fc.constant(''), hms.map((t) => ' ' + t))).map(([s, y, m, d, t]) => `${s}${y}-${m}-${d}${t}`),
);
const modifiers = fc.array(modifier, { maxLength: 3 });

function check(name: string, args: Value[]): void {
  const fn = findFunction(name, args.length) as ScalarFunction;
  const sql = `${name}(${args.map((_, i) => `?${i + 1}`).join(', ')})`;
  expect(mismatch(outcome(() => fn.call(args, ctx)), sqliteEval(sql, args)), `${name}(${args.map(show).join(', ')})`).toBeUndefined();
}

describe('date and time functions vs SQLite', () => {
  for (const name of ['date', 'time', 'datetime', 'julianday', 'unixepoch']) {
    it(`${name}(time-value, modifiers…)`, () => {
      fc.assert(fc.property(timeValue, modifiers, (t, mods) => check(name, [t, ...mods])), fcParams(1500));
    });
  }

  it('strftime(format, time-value, modifiers…)', () => {
    const conv = fc.constantFrom(...'d e f F G g H I j J k l m M p P R s S T u U V w W Y %'.split(' ').map((c) => '%' + c), '%q', ' ', '-', 'x', '');
    const format = fc.array(conv, { minLength: 0, maxLength: 5 }).map((a) => a.join(''));
    fc.assert(fc.property(format, timeValue, modifiers, (f, t, mods) => check('strftime', [f, t, ...mods])), fcParams(1500));
  });

  it('strftime on every day of a few years (week numbers, day of year)', () => {
    const days = fc.integer({ min: 0, max: 3650 }).map((d) => new Real(2451544.5 + d));
    fc.assert(fc.property(days, (t) => check('strftime', ['%Y %j %U %V %W %G %g %u %w %F %J', t])), fcParams(500));
  });

  it('timediff(A, B)', () => {
    const dt = fc.tuple(ymd, hms).map(([a, b]) => `${a} ${b}`);
    fc.assert(fc.property(fc.oneof(dt, timeValue), fc.oneof(dt, timeValue), (a, b) => check('timediff', [a, b])), fcParams(1500));
  });

  it("'now' is the context's time, fixed for the statement", () => {
    const now = Date.now();
    const live = testContext({ nowMs: now });
    const ours = (findFunction('unixepoch', 1) as ScalarFunction).call(['now'], live) as number;
    const theirs = sqliteEval("unixepoch('now')", []);
    expect('value' in theirs && Math.abs(Number(theirs.value) - ours) <= 2).toBe(true);
    expect((findFunction('julianday', 0) as ScalarFunction).call([], live)).toEqual(new Real((now + 210866760000000) / 86400000));
    // CURRENT_TIMESTAMP and friends are datetime('now') and friends, on the same clock.
    for (const [kw, fn] of [['current_date', 'date'], ['current_time', 'time'], ['current_timestamp', 'datetime']]) {
      const a = (findFunction(kw, 0) as ScalarFunction).call([], live);
      expect(a).toBe((findFunction(fn, 1) as ScalarFunction).call(['now'], live));
      const t = sqliteEval(kw, []);
      expect('value' in t && typeof t.value === 'string' && t.value.length).toBe((a as string).length);
    }
  });
});
