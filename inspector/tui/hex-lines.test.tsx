import { describe, expect, it } from 'vitest';
import { asciiOf, hexLines, lineOf } from './hex-lines.js';

describe('hexLines', () => {
  it('collapses runs of two or more all-zero lines, and not the lines a highlight starts or ends on', () => {
    const b = new Uint8Array(128);
    b[0] = 1;
    b[127] = 2;
    expect(hexLines(b)).toEqual([
      { kind: 'bytes', offset: 0 },
      { kind: 'zeros', offset: 16, end: 112 },
      { kind: 'bytes', offset: 112 },
    ]);
    expect(hexLines(b, [[40, 70]])).toEqual([
      { kind: 'bytes', offset: 0 },
      { kind: 'bytes', offset: 16 },
      { kind: 'bytes', offset: 32 },
      { kind: 'bytes', offset: 48 },
      { kind: 'bytes', offset: 64 },
      { kind: 'zeros', offset: 80, end: 112 },
      { kind: 'bytes', offset: 112 },
    ]);
  });

  it('keeps a single zero line, and finds the line of an offset', () => {
    const b = new Uint8Array(48).fill(7);
    b.fill(0, 16, 32);
    const lines = hexLines(b);
    expect(lines.map((l) => l.kind)).toEqual(['bytes', 'bytes', 'bytes']);
    const z = hexLines(new Uint8Array(4096));
    expect(z).toEqual([{ kind: 'zeros', offset: 0, end: 4096 }]);
    expect(lineOf(hexLines(b), 40)).toBe(2);
  });

  it('prints printable ASCII only', () => {
    expect([0x41, 0x20, 0x7e, 0x7f, 0x00, 0xe9].map(asciiOf).join('')).toBe('A ~...');
  });
});
