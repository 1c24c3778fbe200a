/**
 * Round trip: printing an AST and parsing the text again gives the same AST (positions, source
 * spans and parameter numbers aside), for generated ASTs of every statement type (fast-check,
 * ast-arbitrary.ts) and for every statement of the corpora and the sqllogictest files.
 * The printed text is also checked against SQLite: better-sqlite3 must not call it a syntax error
 * (Turso's BEGIN CONCURRENT aside).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runs } from './mode.js';
import { parseStatement, printStatement } from '../../../src/engine/parser/index.js';
import type { Statement } from '../../../src/engine/parser/index.js';
import { commandArb, exprArb } from './ast-arbitrary.js';
import { CORPUS } from './corpus.js';
import { DOCS } from './docs-corpus.js';
import { ourVerdict, sqliteVerdict } from './oracle.js';
import { sltFiles, sltStatements } from './slt-statements.js';

const db = new Database(':memory:');
afterAll(() => db.close());

/** A copy of `node` without positions (`offset`, `end`), spans and parameter numbers (`index`). */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'offset' || k === 'end' || k === 'index') && typeof v === 'number') continue;
    if (k === 'span' && typeof v === 'string') continue;
    out[k] = strip(v);
  }
  return out;
}

function roundTrip(ast: Statement): { text: string; again: unknown } {
  const text = printStatement(ast);
  return { text, again: strip(parseStatement(text)) };
}

describe('print → parse round trip', () => {
  it('generated statements of every kind (fast-check)', () => {
    fc.assert(
      fc.property(commandArb, (ast) => {
        const { text, again } = roundTrip(ast);
        expect({ text, ast: again }).toEqual({ text, ast: strip(ast) });
        // SQLite parses the printed text too (it may then miss tables: not a syntax error).
        // BEGIN CONCURRENT is Turso's, which SQLite refuses.
        const verdict = sqliteVerdict(db, text);
        if (!verdict.ok && !/^(EXPLAIN (QUERY PLAN )?)?BEGIN CONCURRENT$/.test(text)) {
          expect({ text, verdict: verdict.message }).toEqual({ text, verdict: 'no syntax error' });
        }
      }),
      runs(1000, 0x7a11ce),
    );
  });

  it('generated expressions, printed fully parenthesized, are valid SQL to SQLite too', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const ast: Statement = {
          type: 'select', with: null, orderBy: [], limit: null, compounds: [], offset: 0, end: 0,
          first: { type: 'select-core', distinct: false, columns: [{ type: 'expr', expr: e, alias: null, span: '' }], from: null, where: null, groupBy: [], having: null, windows: [], offset: 0 },
        };
        const { text, again } = roundTrip(ast);
        expect(again).toEqual(strip(ast));
        const verdict = sqliteVerdict(db, text);
        expect({ text, verdict: verdict.ok ? 'ok' : verdict.message }).toEqual({ text, verdict: 'ok' });
      }),
      runs(1000, 0xe4e4),
    );
  });

  it('every statement of the corpora and every fourth of the sqllogictest files that parses', () => {
    const statements = [
      ...CORPUS, ...DOCS,
      ...sltFiles().flatMap((f) => sltStatements(f).map((s) => s.sql)).filter((_, i) => i % 4 === 0),
    ].filter((sql) => ourVerdict(sql).ok);
    const failures: Array<{ sql: string; printed: string; problem: string }> = [];
    for (const sql of statements) {
      const ast = parseStatement(sql);
      const printed = printStatement(ast);
      try {
        const again = parseStatement(printed);
        if (JSON.stringify(strip(again)) !== JSON.stringify(strip(ast))) failures.push({ sql, printed, problem: 'different AST' });
        else if (printStatement(again) !== printed) failures.push({ sql, printed, problem: 'printing is not a fixpoint' });
      } catch (e) {
        failures.push({ sql, printed, problem: (e as Error).message });
      }
    }
    // The hand-written and doc corpora alone hold ~400 statements; the sqllogictest files (in
    // ../shared, absent from a fresh clone) add thousands.
    expect(statements.length).toBeGreaterThan(sltFiles().length > 0 ? 500 : 300);
    expect(failures).toEqual([]);
  });
});
