/**
 * A small whole-file walker for the format tests, built only on src/format: classifies every page
 * reachable from the header and sqlite_schema, and reads a b-tree's entries with their full payloads.
 */
import {
  decodeBtreePage,
  decodeDatabaseHeader,
  decodeFreelistTrunk,
  decodeOverflowPage,
  decodeRecord,
  isPtrmapPage,
  lockBytePage,
  type BtreePage,
  type Cell,
  type DatabaseHeader,
  type SqlValue,
  type TextEncoding,
} from '../../src/format/index.js';

export type PageKind = 'btree' | 'overflow' | 'freelist-trunk' | 'freelist-leaf' | 'ptrmap' | 'lock-byte';

export interface FileMap {
  header: DatabaseHeader;
  pageSize: number;
  usableSize: number;
  encoding: TextEncoding;
  pageCount: number;
  kinds: Map<number, PageKind>;
  /** Schema entries with a b-tree: [type, name, rootpage]. */
  trees: { type: string; name: string; root: number }[];
}

export function pageOf(file: Uint8Array, pageSize: number, pgno: number): Uint8Array {
  return file.subarray((pgno - 1) * pageSize, pgno * pageSize);
}

export interface Entry {
  cell: Cell;
  payload: Uint8Array;
}

/** Walks the b-tree rooted at `root`, calling `onPage` for each b-tree and overflow page and returning leaf (and index interior) entries in order. */
export function walkTree(
  file: Uint8Array,
  m: Pick<FileMap, 'pageSize' | 'usableSize' | 'pageCount'>,
  root: number,
  onPage: (pgno: number, kind: PageKind) => void = () => {},
): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<number>();
  const visit = (pgno: number): void => {
    if (pgno < 1 || pgno > m.pageCount || seen.has(pgno)) throw new Error(`bad or repeated page ${pgno}`);
    seen.add(pgno);
    onPage(pgno, 'btree');
    const p: BtreePage = decodeBtreePage(pageOf(file, m.pageSize, pgno), pgno, m.usableSize);
    const interior = p.header.pageType === 2 || p.header.pageType === 5;
    for (const c of p.cells) {
      if (interior) visit(c.leftChild as number);
      if (c.payloadSize !== undefined) out.push({ cell: c, payload: fullPayload(file, m, c, onPage) });
    }
    if (interior) visit(p.header.rightChild as number);
  };
  visit(root);
  return out;
}

function fullPayload(
  file: Uint8Array,
  m: Pick<FileMap, 'pageSize' | 'usableSize'>,
  c: Cell,
  onPage: (pgno: number, kind: PageKind) => void,
): Uint8Array {
  const total = c.payloadSize as number;
  const out = new Uint8Array(total);
  const local = c.localPayload as Uint8Array;
  out.set(local);
  let filled = local.length;
  for (let next = c.overflowPgno ?? 0; filled < total; ) {
    if (next === 0) throw new Error('overflow chain too short');
    onPage(next, 'overflow');
    const ov = decodeOverflowPage(pageOf(file, m.pageSize, next), next, m.usableSize);
    const take = Math.min(total - filled, ov.content.length);
    out.set(ov.content.subarray(0, take), filled);
    filled += take;
    next = ov.next;
  }
  return out;
}

/** Classifies every page of a well-formed file. Throws when the file is not well formed. */
export function mapFile(file: Uint8Array): FileMap {
  const header = decodeDatabaseHeader(file);
  const pageSize = header.pageSize;
  const usableSize = pageSize - header.reservedSpace;
  const pageCount = Math.floor(file.length / pageSize);
  const encoding = (header.textEncoding || 1) as TextEncoding;
  const kinds = new Map<number, PageKind>();
  const mark = (pgno: number, kind: PageKind): void => {
    if (kinds.has(pgno)) throw new Error(`page ${pgno} used twice`);
    kinds.set(pgno, kind);
  };
  const m = { header, pageSize, usableSize, encoding, pageCount, kinds, trees: [] as FileMap['trees'] };
  for (const e of walkTree(file, m, 1, mark)) {
    const r = decodeRecord(e.payload, encoding, 1).values;
    if (typeof r[3] === 'number' && r[3] > 0) m.trees.push({ type: String(r[0]), name: String(r[1]), root: r[3] });
  }
  for (const t of m.trees) walkTree(file, m, t.root, mark);
  for (let trunk = header.freelistTrunk; trunk !== 0; ) {
    mark(trunk, 'freelist-trunk');
    const t = decodeFreelistTrunk(pageOf(file, pageSize, trunk), trunk, usableSize);
    for (const leaf of t.leaves) mark(leaf, 'freelist-leaf');
    trunk = t.next;
  }
  if (header.largestRootPage !== 0) {
    for (let p = 2; p <= pageCount; p++) if (isPtrmapPage(p, usableSize, pageSize)) mark(p, 'ptrmap');
  }
  const lb = lockBytePage(pageSize);
  if (lb <= pageCount && !kinds.has(lb)) kinds.set(lb, 'lock-byte');
  return m;
}

/** Rows of a table b-tree as [rowid, ...values]. */
export function tableRows(file: Uint8Array, m: FileMap, root: number): SqlValue[][] {
  return walkTree(file, m, root).map((e) => [e.cell.rowid as number | bigint, ...decodeRecord(e.payload, m.encoding, root).values]);
}
