/**
 * keep-shape.ts: settleFields writes the given fields in order and keeps the object; a field the
 * object does not have is an error (it would give the kept object a layout of its own).
 */
import { describe, expect, it } from 'vitest';
import { settleFields } from '../src/keep-shape.js';

describe('settleFields', () => {
  it('writes each batch of fields in order and returns the object', () => {
    const o = { a: 0, b: new Uint8Array(0), c: 'x' };
    const got = settleFields(o, { a: 1, b: new Uint8Array(2) }, { a: 2 });
    expect(got).toBe(o);
    expect(o.a).toBe(2);
    expect(o.b.length).toBe(2);
    expect(o.c).toBe('x');
  });

  it('refuses a field the object does not have, and adds none', () => {
    class Point {
      x = 0;
    }
    const p = new Point();
    expect(() => settleFields(p, { y: 1 })).toThrow('settleFields: Point has no field y');
    expect(Object.keys(p)).toEqual(['x']);
  });
});
