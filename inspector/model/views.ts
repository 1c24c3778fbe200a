/**
 * The JSON views of `strata inspect FILE --json VIEW` (shapes fixed by DESIGN.md, "Interfaces others
 * rely on"): header, pages, page N, rows NAME, wal, freelist, ptrmap, check.
 *
 * Each view is a plain function of an {@link InspectSession}; the TUI draws from the same functions.
 *
 * @module
 */
import { SqliteError, isSqliteError } from '../../src/error.js';
import { renderFinding } from '../../src/btree/findings.js';
import { readPayload } from '../../src/btree/payload.js';
import {
  decodeBtreePage,
  decodeFreelistTrunk,
  decodeOverflowPage,
  decodePtrmapPage,
  decodeRecord,
  isPtrmapPage,
  storageClassOf,
} from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import { toJsonValue, type JsonValue } from './json-value.js';
import { tableRows } from './rows.js';
import type { InspectSession } from './session.js';
import { cipherById, sealedPageLayout } from '../../src/crypto/index.js';

/** `header` view. */
export function headerView(s: InspectSession): Record<string, unknown> {
  const h = s.header;
  if (!h) return { pageSize: 0, pageCount: 0, empty: true };
  const out: Record<string, unknown> = {
    pageSize: h.pageSize,
    pageCount: s.pager.pageCount,
    changeCounter: h.changeCounter,
    freelistTrunk: h.freelistTrunk,
    freelistCount: h.freelistCount,
    schemaCookie: h.schemaCookie,
    schemaFormat: h.schemaFormat,
    textEncoding: h.textEncoding,
    userVersion: h.userVersion,
    largestRootPage: h.largestRootPage,
    incrementalVacuum: h.incrementalVacuum,
    applicationId: h.applicationId,
    reservedSpace: h.reservedSpace,
    writeVersion: h.writeVersion,
    readVersion: h.readVersion,
    versionValidFor: h.versionValidFor,
    sqliteVersion: h.sqliteVersion,
    maxPayloadFraction: h.maxPayloadFraction,
    minPayloadFraction: h.minPayloadFraction,
    leafPayloadFraction: h.leafPayloadFraction,
    defaultCacheSize: h.defaultCacheSize,
    inHeaderPageCount: h.pageCount,
  };
  const enc = s.pager.encryption;
  if (enc) out.encryption = { version: enc.version, cipher: cipherById(enc.cipherId)?.name ?? `unknown(${enc.cipherId})`, sealed: s.sealed };
  if (s.pager.hotJournal) out.hotJournal = s.pager.hotJournal;
  return out;
}

/** `pages` view: `[{ pgno, type, owner }]` (plus the showdb-style description and dbstat path). */
export function pagesView(s: InspectSession): Array<Record<string, unknown>> {
  return s.pageMap().pages.map((p) => ({
    pgno: p.pgno,
    type: p.type,
    owner: p.owner,
    description: p.description,
    ...(p.path !== undefined ? { path: p.path } : {}),
    ...(p.corrupt !== undefined ? { corrupt: p.corrupt } : {}),
  }));
}

/** A cell of the `page N` view. */
export interface CellView {
  index: number;
  offset: number;
  size: number;
  leftChild?: number;
  rowid?: JsonValue;
  payloadSize?: number;
  localPayloadSize?: number;
  overflowPgno?: number;
  record?: { serialTypes: number[]; types: string[]; values: JsonValue[] };
  error?: string;
}

/**
 * `page N` view: what the page is, and for b-tree pages the header, cell pointer array, cells with
 * decoded records (overflow reassembled), freeblocks and fragmented bytes.
 * @throws SqliteError SQLITE_RANGE when N is not a page of the file.
 */
export function pageView(s: InspectSession, pgno: number): Record<string, unknown> {
  const pager = s.pager;
  if (!Number.isInteger(pgno) || pgno < 1 || pgno > pager.pageCount) throw new SqliteError('SQLITE_RANGE', `no page ${pgno}: the database has ${pager.pageCount} pages`);
  const info = s.pageMap().pages[pgno - 1];
  const out: Record<string, unknown> = { pgno, type: info.type, owner: info.owner, description: info.description, source: pager.sourceOf(pgno) };
  const enc = pager.encryption && cipherById(pager.encryption.cipherId);
  if (enc) {
    // The sealed parts of the on-disk page: ciphertext, then the 16-byte tag, then the nonce.
    const raw = runSync(() => pager.readRawPage(pgno));
    const l = sealedPageLayout(pager.pageSize, pgno, enc);
    out.sealed = { cipher: enc.name, encrypted: [l.encryptedStart, l.encryptedEnd], tag: hex(raw.subarray(l.encryptedEnd, l.nonceStart)), nonce: hex(raw.subarray(l.nonceStart, pager.pageSize)) };
  }
  let page: Uint8Array;
  try {
    page = runSync(() => pager.getPage(pgno));
  } catch (e) {
    if (!isSqliteError(e)) throw e;
    return { ...out, error: e.message };
  }
  try {
    switch (info.type) {
      case 'table-interior':
      case 'table-leaf':
      case 'index-interior':
      case 'index-leaf':
      case 'unused':
        if (info.type !== 'unused' || looksLikeBtree(page, pgno)) Object.assign(out, btreeDetail(s, page, pgno));
        break;
      case 'overflow': {
        const o = decodeOverflowPage(page, pgno, pager.usableSize);
        out.next = o.next;
        break;
      }
      case 'freelist-trunk': {
        const t = decodeFreelistTrunk(page, pgno, pager.usableSize);
        out.next = t.next;
        out.leaves = t.leaves;
        break;
      }
      case 'ptrmap':
        out.entries = decodePtrmapPage(page, pgno, pager.usableSize, pager.pageCount).map((e, i) => ({ pgno: pgno + 1 + i, type: e.type, parent: e.parent }));
        break;
      default:
        break;
    }
  } catch (e) {
    if (!isSqliteError(e)) throw e;
    out.error = e.message;
    if (e.offset !== undefined) out.errorOffset = e.offset;
  }
  return out;
}

function looksLikeBtree(page: Uint8Array, pgno: number): boolean {
  const t = page[pgno === 1 ? 100 : 0];
  return t === 2 || t === 5 || t === 10 || t === 13;
}

function btreeDetail(s: InspectSession, page: Uint8Array, pgno: number): Record<string, unknown> {
  const pager = s.pager;
  const p = decodeBtreePage(page, pgno, pager.usableSize);
  const cells: CellView[] = p.cells.map((c, index) => {
    const v: CellView = { index, offset: c.offset, size: c.size };
    if (c.leftChild !== undefined) v.leftChild = c.leftChild;
    if (c.rowid !== undefined) v.rowid = toJsonValue(c.rowid);
    if (c.payloadSize !== undefined) {
      v.payloadSize = c.payloadSize;
      v.localPayloadSize = c.localPayload?.length ?? 0;
      if (c.overflowPgno !== undefined) v.overflowPgno = c.overflowPgno;
      try {
        const payload = runSync(() => readPayload(pager, c, pgno));
        const r = decodeRecord(payload, s.encoding, pgno);
        v.record = { serialTypes: r.serialTypes, types: r.serialTypes.map(storageClassOf), values: r.values.map(toJsonValue) };
      } catch (e) {
        if (!isSqliteError(e)) throw e;
        v.error = e.message;
      }
    }
    return v;
  });
  const cellPointerEnd = p.headerOffset + (p.header.rightChild !== undefined ? 12 : 8) + 2 * p.header.cellCount;
  return {
    headerOffset: p.headerOffset,
    header: p.header,
    cellPointers: p.cellPointers,
    cells,
    freeblocks: p.freeblocks,
    fragmentedBytes: p.header.fragmentedBytes,
    unallocated: { start: cellPointerEnd, end: p.header.cellContentStart === 0 ? 65536 : p.header.cellContentStart },
  };
}

/** `rows NAME` view: every row of a table (`[rowid, col…]`) or index / WITHOUT ROWID table (its fields). */
export function rowsView(s: InspectSession, name: string): JsonValue[][] {
  return tableRows(s, name).map((r) => r.map(toJsonValue));
}

/** `wal` view (DESIGN.md shape), or null fields when there is no WAL. */
export function walView(s: InspectSession): Record<string, unknown> {
  const scan = s.walScan();
  if (!scan) return { header: null, frames: [], lastCommitFrame: 0 };
  const h = scan.header;
  return {
    header: h && {
      magic: h.magic,
      formatVersion: h.formatVersion,
      pageSize: h.pageSize,
      checkpointSeq: h.checkpointSeq,
      salt1: h.salt1,
      salt2: h.salt2,
      checksum1: h.checksum1,
      checksum2: h.checksum2,
    },
    headerValid: scan.headerValid,
    frames: scan.frames.map((f) => ({
      frame: f.frame,
      pgno: f.pgno,
      commitSize: f.commitSize,
      salt1: f.salt1,
      salt2: f.salt2,
      checksum1: f.checksum1,
      checksum2: f.checksum2,
      valid: f.valid,
      commit: f.commit,
      afterLastCommit: f.frame > scan.mxFrame,
    })),
    lastCommitFrame: scan.mxFrame,
    stop: scan.stop,
    shm: s.shm(),
  };
}

/** `freelist` view: trunk pages in chain order with the leaves each lists. */
export function freelistView(s: InspectSession): Record<string, unknown> {
  const h = s.header;
  const trunks: Array<{ pgno: number; next: number; leaves: number[] }> = [];
  let error: string | undefined;
  const seen = new Set<number>();
  for (let t = h?.freelistTrunk ?? 0; t !== 0 && !seen.has(t); ) {
    seen.add(t);
    try {
      const page = runSync(() => s.pager.getPage(t));
      const d = decodeFreelistTrunk(page, t, s.pager.usableSize);
      trunks.push({ pgno: t, next: d.next, leaves: d.leaves });
      t = d.next;
    } catch (e) {
      if (!isSqliteError(e)) throw e;
      error = e.message;
      break;
    }
  }
  return { firstTrunk: h?.freelistTrunk ?? 0, count: h?.freelistCount ?? 0, trunks, ...(error ? { error } : {}) };
}

/** `ptrmap` view: every ptrmap page and its entries (empty when the file is not auto_vacuum). */
export function ptrmapView(s: InspectSession): Record<string, unknown> {
  const h = s.header;
  const pages: Array<Record<string, unknown>> = [];
  if (h && h.largestRootPage !== 0) {
    for (let p = 2; p <= s.pager.pageCount; p++) {
      if (!isPtrmapPage(p, s.pager.usableSize)) continue;
      try {
        const page = runSync(() => s.pager.getPage(p));
        const entries = decodePtrmapPage(page, p, s.pager.usableSize, s.pager.pageCount).map((e, i) => ({ pgno: p + 1 + i, type: e.type, parent: e.parent }));
        pages.push({ pgno: p, entries });
      } catch (e) {
        if (!isSqliteError(e)) throw e;
        pages.push({ pgno: p, error: e.message });
      }
    }
  }
  return { autoVacuum: h ? h.largestRootPage !== 0 : false, incrementalVacuum: h ? h.incrementalVacuum !== 0 : false, pages };
}

/** `check` view: integrity findings of the page walk, each with SQLite-style text. */
export function checkView(s: InspectSession): Record<string, unknown> {
  const schema = s.schema();
  const findings = [...s.pageMap().findings];
  const rows = findings.map((f) => ({ ...f, text: renderFinding(f) }));
  return { ok: rows.length === 0 && !schema.error, ...(schema.error ? { schemaError: schema.error.message } : {}), findings: rows };
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
