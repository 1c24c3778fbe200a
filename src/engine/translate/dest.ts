/**
 * Where a SELECT's rows go (SQLite's SelectDest / SRT_* codes) and the code that sends one row there.
 *
 * | kind      | SQLite      | what happens to a row r[start..start+n-1]                         |
 * |-----------|-------------|-------------------------------------------------------------------|
 * | output    | SRT_Output  | ResultRow                                                         |
 * | mem       | SRT_Mem     | copied to `reg`…, then the select stops (scalar subquery)         |
 * | exists    | SRT_Exists  | `reg` = 1, then the select stops                                  |
 * | table     | SRT_EphemTab| appended to an ephemeral rowid table (materialized FROM subquery) |
 * | index     | SRT_Set     | inserted into an ephemeral index (IN (SELECT …))                  |
 * | union     | SRT_Union   | inserted with a sequence number; `distinct`: see emitRow            |
 * | except    | SRT_Except  | removes the equal row from the index                              |
 * | intersect | —           | the equal row of `from` copied into `cursor` when present         |
 * | queue     | SRT_Queue   | a recursive CTE's row: to the result table and the queue          |
 *
 * @module
 */
import type { Label } from '../vdbe/program.js';
import type { Ctx } from './context.js';

/** A row destination (see the module table). */
export type Dest =
  | { kind: 'output' }
  | { kind: 'mem'; reg: number; n: number; done: Label }
  | { kind: 'exists'; reg: number; done: Label }
  | { kind: 'table'; cursor: number }
  | { kind: 'index'; cursor: number; affinityOf?: (colAffinities: number[]) => string }
  | { kind: 'union'; cursor: number; distinct: boolean; partStart: number }
  | { kind: 'except'; cursor: number }
  | { kind: 'intersect'; from: number; cursor: number }
  | { kind: 'queue'; queue: number; result: number; distinct: number | null; limitReg: number; done: Label };

/** Emits the code sending r[start..start+n-1] to `dest`; `skip` is where a dropped row continues. */
export function emitRow(ctx: Ctx, dest: Dest, start: number, n: number, affinities: number[], skip: Label): void {
  const b = ctx.b;
  switch (dest.kind) {
    case 'output':
      b.emit('ResultRow', start, n, 0, null, 0, n === 1 ? `output=r[${start}]` : `output=r[${start}..${start + n - 1}]`);
      return;
    case 'mem':
      b.emit('Copy', start, dest.reg, Math.min(n, dest.n) - 1);
      b.emit('Goto', 0, dest.done);
      return;
    case 'exists':
      b.emit('Integer', 1, dest.reg);
      b.emit('Goto', 0, dest.done);
      return;
    case 'table': {
      const rid = b.reg();
      const rec = b.reg();
      b.emit('NewRowid', dest.cursor, rid);
      b.emit('MakeRecord', start, n, rec);
      b.emit('Insert', dest.cursor, rec, rid);
      return;
    }
    case 'index': {
      const rec = b.reg();
      const aff = dest.affinityOf ? dest.affinityOf(affinities) : '';
      b.emit('MakeRecord', start, n, rec, aff ? { kind: 'affinity', value: aff } : null);
      b.emit('IdxInsert', dest.cursor, rec);
      return;
    }
    case 'union': {
      // As SQLite keeps them: of equal rows from one SELECT the first stays; a row from a later
      // SELECT replaces an equal row from an earlier one. The sequence number tells them apart:
      // r[partStart] is the first sequence number of the current SELECT.
      if (dest.distinct) {
        const insert = b.label();
        const seq = b.reg();
        b.emit('NotFound', dest.cursor, insert, start, { kind: 'int', value: n });
        b.emit('Column', dest.cursor, n, seq);
        b.emit('Ge', dest.partStart, skip, seq, null, 0);
        b.emit('IdxDelete', dest.cursor, start, n);
        b.resolve(insert);
      }
      const tmp = b.regs(n + 1);
      const rec = b.reg();
      b.emit('Copy', start, tmp, n - 1);
      b.emit('Sequence', dest.cursor, tmp + n);
      b.emit('MakeRecord', tmp, n + 1, rec);
      b.emit('IdxInsert', dest.cursor, rec);
      return;
    }
    case 'except':
      b.emit('IdxDelete', dest.cursor, start, n);
      return;
    case 'intersect': {
      // The row kept is the left-hand one (the entry NotFound positioned `from` on), as SQLite's.
      b.emit('NotFound', dest.from, skip, start, { kind: 'int', value: n });
      const tmp = b.regs(n + 1);
      const rec = b.reg();
      for (let i = 0; i < n; i++) b.emit('Column', dest.from, i, tmp + i);
      b.emit('IdxDelete', dest.cursor, tmp, n);
      b.emit('Sequence', dest.cursor, tmp + n);
      b.emit('MakeRecord', tmp, n + 1, rec);
      b.emit('IdxInsert', dest.cursor, rec);
      return;
    }
    case 'queue': {
      if (dest.distinct !== null) {
        b.emit('Found', dest.distinct, skip, start, { kind: 'int', value: n });
        const drec = b.reg();
        b.emit('MakeRecord', start, n, drec);
        b.emit('IdxInsert', dest.distinct, drec);
      }
      const rec = b.reg();
      const rid = b.reg();
      b.emit('MakeRecord', start, n, rec);
      b.emit('NewRowid', dest.queue, rid);
      b.emit('Insert', dest.queue, rec, rid);
      b.emit('NewRowid', dest.result, rid);
      b.emit('Insert', dest.result, rec, rid);
      if (dest.limitReg) b.emit('DecrJumpZero', dest.limitReg, dest.done);
      return;
    }
  }
}
