import { describe, expect, it } from 'vitest';
import { columnDouble, columnInt } from '../../../conformance/slt/column-value.js';
import { hashLine, md5Values, renderRows, renderValue, resultLines, sortValues } from '../../../conformance/slt/render.js';

describe('renderValue (slt_sqlite.c, as RUNNING.md describes it)', () => {
  it('renders NULL as NULL in every column type', () => {
    for (const t of ['I', 'R', 'T']) expect(renderValue(null, t)).toBe('NULL');
  });

  it('renders an empty string as (empty) in T columns', () => {
    expect(renderValue('', 'T')).toBe('(empty)');
    expect(renderValue(new Uint8Array(), 'T')).toBe('(empty)');
    expect(renderValue('\0after a NUL', 'T')).toBe('(empty)'); // C strings end at NUL
  });

  it('replaces control characters and every non-ASCII byte with @', () => {
    expect(renderValue('a\tb\nc\x7f', 'T')).toBe('a@b@c@');
    expect(renderValue('café', 'T')).toBe('caf@@'); // é is two UTF-8 bytes
    expect(renderValue('two words  kept', 'T')).toBe('two words  kept');
    expect(renderValue(new Uint8Array([0x41, 0x01, 0xff, 0x42, 0, 0x43]), 'T')).toBe('A@@B');
  });

  it('renders T of numbers as sqlite3_column_text: %lld and %!.15g', () => {
    expect(renderValue(42n, 'T')).toBe('42');
    expect(renderValue(-9223372036854775808n, 'T')).toBe('-9223372036854775808');
    expect(renderValue(1, 'T')).toBe('1.0'); // a number is a REAL
    expect(renderValue(0.1 + 0.2, 'T')).toBe('0.3');
    expect(renderValue(1e20, 'T')).toBe('1.0e+20');
  });

  it('renders I as a 32-bit integer (sqlite3_column_int)', () => {
    expect(renderValue(7n, 'I')).toBe('7');
    expect(renderValue(2147483648n, 'I')).toBe('-2147483648');
    expect(renderValue(4294967301n, 'I')).toBe('5');
    expect(renderValue(-9223372036854775808n, 'I')).toBe('0');
    expect(renderValue(-3.7, 'I')).toBe('-3'); // toward zero
    expect(renderValue(2.5, 'I')).toBe('2');
    expect(renderValue(1e30, 'I')).toBe('-1'); // clamped to INT64_MAX, whose low 32 bits are all ones
    expect(renderValue(-1e30, 'I')).toBe('0'); // INT64_MIN
    expect(renderValue('12abc', 'I')).toBe('12');
    expect(renderValue('  -7 ', 'I')).toBe('-7');
    expect(renderValue('3.9', 'I')).toBe('3');
    expect(renderValue('abc', 'I')).toBe('0');
    expect(renderValue('99999999999999999999999', 'I')).toBe('-1'); // clamped to INT64_MAX
    expect(renderValue(new Uint8Array([0x31, 0x32]), 'I')).toBe('12');
  });

  it('renders R with %.3f of sqlite3_column_double', () => {
    expect(renderValue(1.25, 'R')).toBe('1.250');
    expect(renderValue(9n, 'R')).toBe('9.000');
    expect(renderValue(-9223372036854775808n, 'R')).toBe('-9223372036854776000.000');
    expect(renderValue('2.5xyz', 'R')).toBe('2.500');
    expect(renderValue('.5e1', 'R')).toBe('5.000');
    expect(renderValue('x', 'R')).toBe('0.000');
    expect(renderValue(1e200, 'R')).toBe(''); // past the driver's 200-byte buffer
    expect(renderValue(-Infinity, 'R')).toBe('-Inf');
  });

  it('rejects an unknown type letter', () => {
    expect(() => renderValue(1n, 'X')).toThrow(/unknown type letter/);
  });

  it('column conversions give 0 for NULL, as the C API does', () => {
    expect(columnInt(null)).toBe(0);
    expect(columnDouble(null)).toBe(0);
  });
});

describe('rows, sorting and hashing (sqllogictest.c)', () => {
  const rows = [
    [3n, 'b'],
    [1n, null],
    [10n, 'a'],
  ];

  it('flattens rows column by column', () => {
    expect(renderRows(rows, 'IT')).toEqual(['3', 'b', '1', 'NULL', '10', 'a']);
  });

  it('nosort keeps order, rowsort sorts rows as strings, valuesort sorts all values', () => {
    const v = renderRows(rows, 'IT');
    expect(sortValues(v, 'nosort', 2)).toEqual(v);
    expect(sortValues(v, 'rowsort', 2)).toEqual(['1', 'NULL', '10', 'a', '3', 'b']); // '10' < '3'
    expect(sortValues(v, 'valuesort', 2)).toEqual(['1', '10', '3', 'NULL', 'a', 'b']);
  });

  it('rowsort compares later columns only on ties', () => {
    expect(sortValues(['1', 'z', '1', 'a', '0', 'q'], 'rowsort', 2)).toEqual(['0', 'q', '1', 'a', '1', 'z']);
  });

  it('hashes the MD5 of each value followed by a newline', () => {
    // python3 -c "import hashlib; print(hashlib.md5(b'1\n2\n3\n').hexdigest())"
    expect(md5Values(['1', '2', '3'])).toBe('c0710d6b4f15dfa88f600b0e6b624077');
    expect(md5Values([])).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hashLine(['1', '2', '3'])).toBe('3 values hashing to c0710d6b4f15dfa88f600b0e6b624077');
  });

  it('hashes only results with more values than the threshold, never at threshold 0', () => {
    const nine = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
    expect(resultLines(nine.slice(0, 8), 8)).toEqual(nine.slice(0, 8));
    expect(resultLines(nine, 8)).toEqual([hashLine(nine)]);
    expect(resultLines(nine, 0)).toEqual(nine);
  });
});
