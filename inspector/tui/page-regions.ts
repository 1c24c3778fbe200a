/**
 * Regions of a page (what each byte is) and the byte map drawn from them.
 *
 * A b-tree page, by region (fileformat2 §1.6):
 *
 * | bytes                              | region      |
 * |------------------------------------|-------------|
 * | [0, 100)                   page 1  | dbheader    |
 * | [h, h + 8 or 12)                   | header      |
 * | [h + 8 or 12, + 2·cellCount)       | pointers    |
 * | [end of pointers, cellContentStart)| unallocated |
 * | each cell [offset, offset + size)  | cell        |
 * | each freeblock                     | freeblock   |
 * | other bytes in [cellContentStart, usableSize) | fragment |
 * | [usableSize, pageSize)             | reserved    |
 *
 * Overflow, freelist and ptrmap pages have `link` (the 4-byte next pointer or trunk header) and
 * `data` regions; bytes nothing explains are `unknown`.
 *
 * @module
 */

/** What a byte of a page is. */
export type RegionKind = 'dbheader' | 'header' | 'pointers' | 'unallocated' | 'cell' | 'freeblock' | 'fragment' | 'reserved' | 'link' | 'data' | 'unknown';

/** A run of bytes `[start, end)` of one kind; `index` numbers cells and freeblocks (0-based). */
export interface Region {
  start: number;
  end: number;
  kind: RegionKind;
  index?: number;
}

/** One character and colour per region kind, for the byte map and its legend. */
export const REGION_STYLE: Record<RegionKind, { char: string; color: string; label: string }> = {
  dbheader: { char: 'D', color: 'magenta', label: 'db header' },
  header: { char: 'H', color: 'magentaBright', label: 'page header' },
  pointers: { char: 'P', color: 'yellow', label: 'cell ptrs' },
  unallocated: { char: '·', color: 'gray', label: 'unallocated' },
  cell: { char: 'C', color: 'green', label: 'cells' },
  freeblock: { char: 'F', color: 'red', label: 'freeblock' },
  fragment: { char: 'x', color: 'redBright', label: 'fragment' },
  reserved: { char: 'R', color: 'blue', label: 'reserved' },
  link: { char: 'L', color: 'cyan', label: 'link' },
  data: { char: 'd', color: 'white', label: 'data' },
  unknown: { char: '?', color: 'gray', label: 'unknown' },
};

/** Drawing priority: in a byte-map cell covering several regions, the earliest kind here wins. */
const PRIORITY: readonly RegionKind[] = ['freeblock', 'fragment', 'header', 'dbheader', 'pointers', 'link', 'cell', 'data', 'reserved', 'unallocated', 'unknown'];

/**
 * Fills the gaps of `regions` inside `[from, to)` with regions of kind `kind`, so that every byte of
 * that range is covered. Returns a new array sorted by start.
 */
export function fillGaps(regions: readonly Region[], from: number, to: number, kind: RegionKind): Region[] {
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  const out: Region[] = [];
  let at = from;
  for (const r of sorted) {
    if (r.start > at && at < to) out.push({ start: at, end: Math.min(r.start, to), kind });
    out.push(r);
    at = Math.max(at, r.end);
  }
  if (at < to) out.push({ start: at, end: to, kind });
  return out.sort((a, b) => a.start - b.start);
}

/** The region holding byte `offset`, or undefined. `regions` sorted by start (binary search). */
export function regionAt(regions: readonly Region[], offset: number): Region | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  let found: Region | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (regions[mid].start <= offset) {
      if (offset < regions[mid].end) found = regions[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found ?? regions.find((r) => r.start <= offset && offset < r.end);
}

/** One cell of the byte map: the winning region kind, and whether it touches the selected range. */
export interface ByteMapCell {
  kind: RegionKind;
  /** Parity of the cell index covering it (to alternate colours between neighbouring cells). */
  odd: boolean;
  selected: boolean;
}

/**
 * Buckets a page of `pageSize` bytes into `cells` byte-map cells (fewer when the page has fewer
 * bytes), cell c covering bytes [⌊c·pageSize/cells⌋, ⌊(c+1)·pageSize/cells⌋).
 *
 * @param selected - byte range `[start, end)` to mark, if any.
 */
export function byteMap(regions: readonly Region[], pageSize: number, cells: number, selected?: readonly [number, number]): ByteMapCell[] {
  const n = Math.min(cells, pageSize);
  const out: ByteMapCell[] = [];
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  let first = 0;
  for (let c = 0; c < n; c++) {
    const lo = Math.floor((c * pageSize) / n);
    const hi = Math.floor(((c + 1) * pageSize) / n);
    while (first < sorted.length && sorted[first].end <= lo) first++;
    let best: Region | undefined;
    for (let i = first; i < sorted.length && sorted[i].start < hi; i++) {
      const r = sorted[i];
      if (r.end <= lo) continue;
      if (!best || PRIORITY.indexOf(r.kind) < PRIORITY.indexOf(best.kind)) best = r;
    }
    out.push({
      kind: best?.kind ?? 'unknown',
      odd: (best?.index ?? 0) % 2 === 1,
      selected: selected !== undefined && selected[0] < hi && selected[1] > lo,
    });
  }
  return out;
}
