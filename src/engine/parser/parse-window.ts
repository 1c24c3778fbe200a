/**
 * Window definitions: the inside of `OVER (…)` and `WINDOW name AS (…)`, with frames
 * (sqlite.org/windowfunctions.html; SQLite's parse.y `window`, `frame_opt`, `frame_bound` rules).
 *
 * @module
 */
import type { FrameBound, WindowDefinition, WindowFrame } from './ast.js';
import { parseExpr, parseExprList, parseSortList } from './parse-expr.js';
import { dequote, type ParserState } from './parser-state.js';
import { TK, isNm } from './tokens.js';

/** The inside of `OVER (…)` / `AS (…)`: `[base] [PARTITION BY …] [ORDER BY …] [frame]`. */
export function parseWindowDefinition(p: ParserState): WindowDefinition {
  const win: WindowDefinition = { base: null, partitionBy: [], orderBy: [], frame: null };
  const k = p.tok.kind;
  if (k !== TK.PARTITION && k !== TK.ORDER && k !== TK.RANGE && k !== TK.ROWS && k !== TK.GROUPS && isNm(k)) {
    win.base = dequote(p.advance().text);
  }
  if (p.accept(TK.PARTITION)) {
    p.expect(TK.BY);
    win.partitionBy = parseExprList(p);
  }
  if (p.accept(TK.ORDER)) {
    p.expect(TK.BY);
    win.orderBy = parseSortList(p);
  }
  const u = p.tok.kind;
  if (u === TK.RANGE || u === TK.ROWS || u === TK.GROUPS) win.frame = parseFrame(p);
  return win;
}

/** `ROWS|RANGE|GROUPS [BETWEEN] bound [AND bound] [EXCLUDE …]`. */
function parseFrame(p: ParserState): WindowFrame {
  const unitsTok = p.advance();
  const units = unitsTok.text.toUpperCase() as WindowFrame['units'];
  let start: FrameBound;
  let end: FrameBound | null = null;
  if (p.accept(TK.BETWEEN)) {
    start = parseFrameBound(p, true);
    p.expect(TK.AND);
    end = parseFrameBound(p, false);
  } else {
    start = parseFrameBound(p, true);
  }
  let exclude: WindowFrame['exclude'] = null;
  if (p.accept(TK.EXCLUDE)) {
    if (p.accept(TK.NO)) {
      p.expect(TK.OTHERS);
      exclude = 'NO OTHERS';
    } else if (p.accept(TK.CURRENT)) {
      p.expect(TK.ROW);
      exclude = 'CURRENT ROW';
    } else if (p.accept(TK.GROUP)) {
      exclude = 'GROUP';
    } else if (p.accept(TK.TIES)) {
      exclude = 'TIES';
    } else {
      throw p.fail();
    }
  }
  // sqlite3WindowAlloc: the start may not come after the end in
  // UNBOUNDED PRECEDING < n PRECEDING < CURRENT ROW < n FOLLOWING < UNBOUNDED FOLLOWING.
  const e = end === null ? 'CURRENT ROW' : end.kind;
  if ((start.kind === 'CURRENT ROW' && e === 'PRECEDING') ||
    (start.kind === 'FOLLOWING' && (e === 'PRECEDING' || e === 'CURRENT ROW'))) {
    p.deferError('unsupported frame specification', unitsTok.offset);
  }
  return { units, start, end, exclude };
}

/** One frame boundary; UNBOUNDED PRECEDING only as a start, UNBOUNDED FOLLOWING only as an end. */
function parseFrameBound(p: ParserState, isStart: boolean): FrameBound {
  if (p.accept(TK.UNBOUNDED)) {
    p.expect(isStart ? TK.PRECEDING : TK.FOLLOWING);
    return { kind: isStart ? 'UNBOUNDED PRECEDING' : 'UNBOUNDED FOLLOWING', expr: null };
  }
  if (p.accept(TK.CURRENT)) {
    p.expect(TK.ROW);
    return { kind: 'CURRENT ROW', expr: null };
  }
  const expr = parseExpr(p);
  if (p.accept(TK.PRECEDING)) return { kind: 'PRECEDING', expr };
  if (p.accept(TK.FOLLOWING)) return { kind: 'FOLLOWING', expr };
  throw p.fail();
}
