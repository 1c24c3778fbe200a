/**
 * Items and regions of a b-tree page for the page pane (fileformat2 §1.6; the layout is drawn in
 * page-regions.ts and src/format/btree-page.ts).
 *
 * A well-formed page is decoded whole (decodeBtreePage). A corrupt one is shown as far as it goes:
 * the error, then the header, and each cell pointer and cell decoded on its own, so one bad cell does
 * not hide the others (forensic-friendly, as showdb is).
 *
 * @module
 */
import { readPayload } from '../../src/btree/payload.js';
import {
  btreeHeaderOffset,
  btreeHeaderSize,
  decodeBtreePage,
  decodeBtreePageHeader,
  decodeCell,
  decodeRecord,
  storageClassOf,
  type BtreePageHeader,
  type Cell,
  type Freeblock,
} from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import type { InspectSession } from '../model/session.js';
import { attempt, errorText } from './attempt.js';
import { formatValue } from './format-value.js';
import { hexOffset } from './hex-lines.js';
import type { ItemLine, PageItem, PageParts } from './page-detail.js';
import { fillGaps, type Region } from './page-regions.js';

const PAGE_TYPE_NAMES: Record<number, string> = { 2: 'index interior', 5: 'table interior', 10: 'index leaf', 13: 'table leaf' };

/** Items and regions of b-tree page `pgno` (never throws for a corrupt page: `error` says why). */
export function btreeDetail(s: InspectSession, page: Uint8Array, pgno: number): PageParts {
  const usable = s.pager.usableSize;
  const h0 = btreeHeaderOffset(pgno);
  const head = attempt(() => decodeBtreePageHeader(page, pgno));
  if (!head.ok) return { items: [], regions: [{ start: 0, end: page.length, kind: 'unknown' }], error: head.error };
  const header = head.value;
  const whole = attempt(() => decodeBtreePage(page, pgno, usable));
  const { cells, pointers, freeblocks, error } = whole.ok
    ? { cells: whole.value.cells as Array<Cell | string>, pointers: whole.value.cellPointers, freeblocks: whole.value.freeblocks, error: undefined }
    : { ...tolerantDecode(page, pgno, header, usable), error: whole.error };

  const hs = btreeHeaderSize(header.pageType);
  const ptrStart = h0 + hs;
  const ptrEnd = Math.min(page.length, ptrStart + 2 * header.cellCount);
  const contentStart = Math.min(usable, Math.max(ptrEnd, header.cellContentStart));
  const regions: Region[] = [];
  if (pgno === 1) regions.push({ start: 0, end: h0, kind: 'dbheader' });
  regions.push({ start: h0, end: ptrStart, kind: 'header' });
  if (ptrEnd > ptrStart) regions.push({ start: ptrStart, end: ptrEnd, kind: 'pointers' });
  if (contentStart > ptrEnd) regions.push({ start: ptrEnd, end: contentStart, kind: 'unallocated' });
  cells.forEach((c, i) => {
    if (typeof c !== 'string') regions.push({ start: c.offset, end: Math.min(usable, c.offset + c.size), kind: 'cell', index: i });
  });
  freeblocks.forEach((f, i) => regions.push({ start: f.offset, end: Math.min(usable, f.offset + f.size), kind: 'freeblock', index: i }));
  const content = fillGaps(regions.filter((r) => r.start >= contentStart), contentStart, usable, 'fragment');
  const all = fillGaps([...regions.filter((r) => r.start < contentStart), ...content, ...(usable < page.length ? [{ start: usable, end: page.length, kind: 'reserved' as const }] : [])], 0, page.length, 'unknown');
  const fragments = content.filter((r) => r.kind === 'fragment');

  const items: PageItem[] = [];
  if (pgno === 1) items.push(fixed('database header: 100 bytes (see the header pane)', [0, h0]));
  items.push(...headerItems(header, h0));
  if (header.cellCount > 0) items.push(fixed(`cell pointer array: ${header.cellCount} × 2 bytes at ${hexOffset(ptrStart)}`, [ptrStart, ptrEnd]));
  items.push(fixed(`unallocated: ${hexOffset(ptrEnd)}..${hexOffset(contentStart)} (${contentStart - ptrEnd} bytes)`, [ptrEnd, contentStart]));
  cells.forEach((c, i) => items.push(...cellItems(s, pgno, header, c, i, pointers[i], ptrStart + 2 * i)));
  freeblocks.forEach((f, i) => items.push(fixed(`freeblock ${i} @${hexOffset(f.offset)}: ${f.size} bytes, next ${f.next ? hexOffset(f.next) : 'none'}`, [f.offset, f.offset + f.size])));
  const fragBytes = fragments.reduce((n, r) => n + r.end - r.start, 0);
  const fragLine = `fragments: ${fragments.length} runs, ${fragBytes} bytes (header says ${header.fragmentedBytes})`;
  items.push({ ...fixed(fragLine, fragments.length ? [fragments[0].start, fragments[0].end] : undefined), line: () => (fragBytes === header.fragmentedBytes || error ? { text: fragLine } : { text: fragLine, error: 'fragmented byte count differs from the header' }) });
  if (usable < page.length) items.push(fixed(`reserved: ${page.length - usable} bytes at ${hexOffset(usable)}`, [usable, page.length]));
  return { items, regions: all, error };
}

function tolerantDecode(page: Uint8Array, pgno: number, header: BtreePageHeader, usable: number): { cells: Array<Cell | string>; pointers: number[]; freeblocks: Freeblock[] } {
  const ptrStart = btreeHeaderOffset(pgno) + btreeHeaderSize(header.pageType);
  const cells: Array<Cell | string> = [];
  const pointers: number[] = [];
  for (let i = 0; i < header.cellCount && ptrStart + 2 * i + 2 <= page.length; i++) {
    const p = (page[ptrStart + 2 * i] << 8) | page[ptrStart + 2 * i + 1];
    pointers.push(p);
    const c = attempt(() => decodeCell(page, pgno, header.pageType, p, usable));
    cells.push(c.ok ? c.value : c.error);
  }
  const freeblocks: Freeblock[] = [];
  for (let pc = header.firstFreeblock, guard = 0; pc !== 0 && pc + 4 <= usable && guard < usable / 4; guard++) {
    const size = (page[pc + 2] << 8) | page[pc + 3];
    const next = (page[pc] << 8) | page[pc + 1];
    freeblocks.push({ offset: pc, size: Math.max(4, Math.min(size, usable - pc)), next });
    if (next !== 0 && next <= pc) break; // out of order: the chain would loop
    pc = next;
  }
  return { cells, pointers, freeblocks };
}

function fixed(text: string, range?: readonly [number, number], link?: PageItem['link']): PageItem {
  return { line: () => ({ text }), range, link };
}

function headerItems(h: BtreePageHeader, h0: number): PageItem[] {
  const items = [
    fixed(`page type: ${h.pageType} (${PAGE_TYPE_NAMES[h.pageType]})`, [h0, h0 + 1]),
    fixed(`first freeblock: ${h.firstFreeblock ? hexOffset(h.firstFreeblock) : '0 (none)'}`, [h0 + 1, h0 + 3]),
    fixed(`cell count: ${h.cellCount}`, [h0 + 3, h0 + 5]),
    fixed(`cell content area starts at ${hexOffset(h.cellContentStart)} (${h.cellContentStart})`, [h0 + 5, h0 + 7]),
    fixed(`fragmented free bytes: ${h.fragmentedBytes}`, [h0 + 7, h0 + 8]),
  ];
  if (h.rightChild !== undefined) items.push(fixed(`right-most child page: ${h.rightChild}`, [h0 + 8, h0 + 12], { pgno: h.rightChild, hint: 'btree' }));
  return items;
}

function cellItems(s: InspectSession, pgno: number, h: BtreePageHeader, c: Cell | string, i: number, ptr: number, ptrAt: number): PageItem[] {
  if (typeof c === 'string') {
    return [{ line: () => ({ text: `cell ${i} @${hexOffset(ptr)}`, error: c }), range2: [ptrAt, ptrAt + 2] }];
  }
  const range = [c.offset, c.offset + c.size] as const;
  const range2 = [ptrAt, ptrAt + 2] as const;
  const head = [`cell ${i} @${hexOffset(c.offset)} ${c.size}B`];
  if (c.leftChild !== undefined) head.push(`child ${c.leftChild}`);
  if (c.rowid !== undefined) head.push(`${h.pageType === 5 ? 'key' : 'rowid'} ${c.rowid}`);
  if (c.overflowPgno !== undefined) head.push(`ovfl ${c.overflowPgno}`);
  const record = memo(() => decodeCellRecord(s, pgno, c));
  const line = memo((): ItemLine => {
    if (c.payloadSize === undefined) return { text: head.join(' ') };
    const r = record();
    return typeof r === 'string' ? { text: head.join(' '), error: r } : { text: `${head.join(' ')}: ${r.values.map((v, k) => formatValue(v, 24, r.serialTypes[k])).join(', ')}` };
  });
  const more = (): string => {
    const parts: string[] = [];
    if (c.payloadSize !== undefined) parts.push(`payload ${c.payloadSize} B (${c.localPayload?.length ?? 0} on this page${c.overflowPgno !== undefined ? `, overflow from page ${c.overflowPgno}` : ''})`);
    const r = c.payloadSize === undefined ? null : record();
    if (typeof r === 'string') parts.push(r);
    else if (r) parts.push(r.values.map((v, k) => `${storageClassOf(r.serialTypes[k])}(${r.serialTypes[k]}) ${formatValue(v, 60, r.serialTypes[k])}`).join(', '));
    return parts.join(' · ');
  };
  const out: PageItem[] = [];
  if (c.leftChild !== undefined) out.push({ line, more, range, range2, link: { pgno: c.leftChild, hint: 'btree' } });
  else out.push({ line, more, range, range2, link: c.overflowPgno !== undefined ? { pgno: c.overflowPgno, hint: 'overflow' } : undefined });
  if (c.leftChild !== undefined && c.overflowPgno !== undefined) {
    const end = c.offset + c.size;
    out.push(fixed(`  cell ${i} overflow chain starts at page ${c.overflowPgno}`, [end - 4, end], { pgno: c.overflowPgno, hint: 'overflow' }));
  }
  return out;
}

function decodeCellRecord(s: InspectSession, pgno: number, c: Cell): { serialTypes: number[]; values: ReturnType<typeof decodeRecord>['values'] } | string {
  try {
    const payload = runSync(() => readPayload(s.pager, c, pgno));
    return decodeRecord(payload, s.encoding, pgno);
  } catch (e) {
    return errorText(e);
  }
}

/** Memoizes a function of no arguments. */
function memo<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}
