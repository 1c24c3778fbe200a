/**
 * The step loop on hand-written programs, checked against what sqlite.org/opcode.html says each
 * opcode does: control flow (Gosub/Return, InitCoroutine/Yield/EndCoroutine, Compare/Jump,
 * IfPos, DecrJumpZero, Once), a sorter, and Row/Done results; and against better-sqlite3 for the
 * value an expression program computes.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MemoryIO } from '../../../src/io/memory.js';
import { Pager } from '../../../src/pager/pager.js';
import { ProgramBuilder } from '../../../src/engine/vdbe/program.js';
import { Vm, type VmHost } from '../../../src/engine/vdbe/vm.js';
import { stepSync } from '../../../src/engine/vdbe/driver.js';
import { ready } from '../../../src/io/io-result.js';
import { Real, type Value } from '../../../src/engine/value/value.js';
import { keyInfoFor } from '../../../src/engine/translate/select.js';

function host(): VmHost {
  const pager = Pager.open(new MemoryIO(), 'vm-test', { readonly: false });
  const no = (): never => {
    throw new Error('unused');
  };
  return {
    source: pager,
    encoding: 1,
    begin: () => ready(true),
    functionContext: { changes: () => 0, lastInsertRowid: () => 0, totalChanges: () => 0, now: () => 0, randomBytes: () => {} },
    writer: no,
    countChange: () => {},
    schemaChanged: () => {},
    setCookie: () => {},
    readCookie: () => 0,
  };
}

function rows(b: ProgramBuilder): Value[][] {
  const vm = new Vm(b.finish({ columnNames: ['x'], columnTypes: [null], nParam: 0, paramNames: new Map(), readonly: true }), host());
  const out: Value[][] = [];
  for (let r = stepSync(vm); r === 'row'; r = stepSync(vm)) out.push(vm.row());
  return out;
}

describe('VM control flow', () => {
  it('a coroutine yields 1..3 to its caller', () => {
    const b = new ProgramBuilder();
    const co = b.reg();
    const x = b.reg();
    const body = b.label();
    const done = b.label();
    b.emit('InitCoroutine', co, 0, body);
    const skip = b.label();
    b.emit('Goto', 0, skip);
    b.resolve(body);
    for (const v of [1, 2, 3]) {
      b.emit('Integer', v, x);
      b.emit('Yield', co);
    }
    b.emit('EndCoroutine', co);
    b.resolve(skip);
    const loop = b.addr;
    b.emit('Yield', co, done);
    b.emit('ResultRow', x, 1);
    b.emit('Goto', 0, loop);
    b.resolve(done);
    b.emit('Halt');
    expect(rows(b)).toEqual([[1], [2], [3]]);
  });

  it('Gosub/Return, IfPos and DecrJumpZero count down a loop', () => {
    const b = new ProgramBuilder();
    const n = b.reg();
    const ret = b.reg();
    const sub = b.label();
    b.emit('Integer', 3, n);
    const top = b.addr;
    b.emit('Gosub', ret, sub);
    b.emit('DecrJumpZero', n, b.addr + 2);
    b.emit('Goto', 0, top);
    b.emit('Halt');
    b.resolve(sub);
    b.emit('ResultRow', n, 1);
    b.emit('Return', ret);
    expect(rows(b)).toEqual([[3], [2], [1]]);
  });

  it('Compare/Jump and Once', () => {
    const b = new ProgramBuilder();
    const a = b.regs(2);
    const c = b.regs(2);
    const out = b.reg();
    b.emit('Integer', 1, a);
    b.emit('String8', 0, a + 1, 0, { kind: 'string', value: 'b' });
    b.emit('Integer', 1, c);
    b.emit('String8', 0, c + 1, 0, { kind: 'string', value: 'a' });
    b.emit('Compare', a, c, 2, { kind: 'keyinfo', info: keyInfoFor(['BINARY', 'BINARY'], [false, false]) });
    const lt = b.label();
    const eq = b.label();
    const gt = b.label();
    b.emit('Jump', lt, eq, gt);
    for (const [l, v] of [[lt, -1], [eq, 0], [gt, 1]] as const) {
      b.resolve(l);
      b.emit('Integer', v, out);
      b.emit('ResultRow', out, 1);
      b.emit('Goto', 0, b.addr + 2);
    }
    b.emit('Noop');
    const again = b.addr;
    b.emit('Once', 0, b.addr + 3);
    b.emit('ResultRow', out, 1);
    b.emit('Goto', 0, again);
    b.emit('Halt');
    expect(rows(b)).toEqual([[1], [1]]);
  });

  it('a sorter returns records in key order, DESC and NOCASE honoured', () => {
    const b = new ProgramBuilder();
    const cur = b.cursor();
    const r = b.regs(2);
    const rec = b.reg();
    b.emit('SorterOpen', cur, 2, 0, { kind: 'keyinfo', info: keyInfoFor(['NOCASE'], [true]) });
    for (const [s, i] of [['b', 1], ['A', 2], ['c', 3], ['B', 4]] as const) {
      b.emit('String8', 0, r, 0, { kind: 'string', value: s });
      b.emit('Integer', i, r + 1);
      b.emit('MakeRecord', r, 2, rec);
      b.emit('SorterInsert', cur, rec);
    }
    const end = b.label();
    b.emit('SorterSort', cur, end);
    const top = b.addr;
    b.emit('Column', cur, 1, r + 1);
    b.emit('ResultRow', r + 1, 1);
    b.emit('SorterNext', cur, top);
    b.resolve(end);
    b.emit('Halt');
    expect(rows(b)).toEqual([[3], [1], [4], [2]]);
  });
});

describe('VM arithmetic agrees with SQLite', () => {
  const oracle = new BetterSqlite3(':memory:');
  const cases: [string, Value, Value][] = [
    ['Add', 9007199254740993n, 1],
    ['Add', 0x7fffffffffffffffn, 1],
    ['Divide', 7, 2],
    ['Divide', 7, new Real(2)],
    ['Remainder', -7, 3],
    ['Divide', 1, 0],
    ['Multiply', '3abc', 4],
    ['Subtract', 'x', 1],
  ];
  it.each(cases)('%s(%s, %s)', (op, l, r) => {
    const b = new ProgramBuilder();
    const a = b.reg();
    const c = b.reg();
    const out = b.reg();
    const load = (v: Value, reg: number): void => {
      if (v instanceof Real) b.emit('Real', 0, reg, 0, { kind: 'real', value: v.value });
      else if (typeof v === 'string') b.emit('String8', 0, reg, 0, { kind: 'string', value: v });
      else b.emit('Int64', 0, reg, 0, { kind: 'int64', value: v as number | bigint });
    };
    load(l, a);
    load(r, c);
    b.emit(op as 'Add', c, a, out);
    b.emit('ResultRow', out, 1);
    b.emit('Halt');
    const [[got]] = rows(b);
    const sqlOp = { Add: '+', Subtract: '-', Multiply: '*', Divide: '/', Remainder: '%' }[op];
    const lit = (v: Value): string => (v instanceof Real ? `${v.value}.0` : typeof v === 'string' ? `'${v}'` : String(v));
    const [exp, type] = oracle.prepare(`SELECT ${lit(l)} ${sqlOp} ${lit(r)}, typeof(${lit(l)} ${sqlOp} ${lit(r)})`).raw().safeIntegers().get() as [unknown, string];
    expect(type).toBe(got === null ? 'null' : got instanceof Real ? 'real' : 'integer');
    expect(got instanceof Real ? got.value : got === null ? null : BigInt(got as number)).toEqual(exp);
  });
});
