/**
 * Parser speed: every statement of the sqllogictest files (select1-5, evidence), parsed a few
 * times after a warm-up round; prints statements/s and MB/s. The floor asserted is only a guard
 * against pathological slowdowns (backtracking, quadratic look-ahead): vitest's module transform
 * makes every cross-module binding a getter, so figures here are several times below those of the
 * compiled code.
 */
import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../../src/engine/parser/index.js';
import { sltFiles, sltStatements } from './slt-statements.js';
import { SHARED_MISSING } from '../../support/shared.js';

const files = sltFiles();
if (files.length === 0) console.warn(SHARED_MISSING);

describe('parser speed', () => {
  it.skipIf(files.length === 0)('parses the sqllogictest statements (statements/s)', () => {
    const statements = files.flatMap((f) => sltStatements(f).map((s) => s.sql));
    const bytes = statements.reduce((n, s) => n + Buffer.byteLength(s), 0);
    const parseAll = (): number => {
      let ok = 0;
      for (const sql of statements) {
        try {
          parseStatement(sql);
          ok++;
        } catch {
          // A few records hold two statements or are meant to fail; accept.test.ts checks them.
        }
      }
      return ok;
    };
    parseAll(); // warm-up
    const rounds = 3;
    const t0 = performance.now();
    let ok = 0;
    for (let i = 0; i < rounds; i++) ok = parseAll();
    const seconds = (performance.now() - t0) / 1000;
    const perSecond = (statements.length * rounds) / seconds;
    console.log(
      `parser: ${statements.length} sqllogictest statements (${ok} parse), ${(bytes / 1e6).toFixed(2)} MB: ` +
      `${Math.round(perSecond)} statements/s, ${((bytes * rounds) / seconds / 1e6).toFixed(1)} MB/s`,
    );
    expect(ok).toBeGreaterThan(statements.length - 10);
    expect(perSecond).toBeGreaterThan(1000);
  });
});
