import { describe, expect, it } from 'vitest';
import { byteMap, fillGaps, regionAt } from './page-regions.js';

describe('page regions', () => {
  const regions = fillGaps(
    [
      { start: 0, end: 8, kind: 'header' },
      { start: 8, end: 12, kind: 'pointers' },
      { start: 100, end: 120, kind: 'cell', index: 1 },
      { start: 120, end: 128, kind: 'cell', index: 0 },
    ],
    0,
    128,
    'unallocated',
  );

  it('fills the gaps so every byte has a region', () => {
    expect(regions.map((r) => [r.start, r.end, r.kind])).toEqual([
      [0, 8, 'header'],
      [8, 12, 'pointers'],
      [12, 100, 'unallocated'],
      [100, 120, 'cell'],
      [120, 128, 'cell'],
    ]);
    expect(regionAt(regions, 99)?.kind).toBe('unallocated');
    expect(regionAt(regions, 120)?.index).toBe(0);
    expect(regionAt(regions, 128)).toBeUndefined();
  });

  it('draws each map cell as the most telling region it touches, and marks the selection', () => {
    const map = byteMap(regions, 128, 8, [100, 110]);
    expect(map.map((c) => c.kind)).toEqual(['header', 'unallocated', 'unallocated', 'unallocated', 'unallocated', 'unallocated', 'cell', 'cell']);
    expect(map.map((c) => c.selected)).toEqual([false, false, false, false, false, false, true, false]);
    expect(map[6].odd).toBe(true); // cell 1
    expect(byteMap(regions, 128, 1000)).toHaveLength(128);
  });
});
