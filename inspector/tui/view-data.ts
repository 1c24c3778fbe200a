/**
 * What each view shows, loaded from the session, and the {@link ViewContext} the reducer needs with
 * it (item count, how many fit, where Enter leads).
 *
 * Loading follows the screen: the header and the schema are small; a page is read when it is opened;
 * rows are read from the first one shown for one screen and one more (to know whether more follow);
 * the page map is walked only once its pane asks (`walk: true`). Nothing here throws: every model
 * error becomes an `error` string the pane draws in red.
 *
 * @module
 */
import type { PageMap } from '../../src/btree/page-map.js';
import type { SchemaRow } from '../../src/btree/schema-table.js';
import type { SqlValue } from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import { forEachRow, findObject } from '../model/rows.js';
import type { InspectSession } from '../model/session.js';
import type { WalScan } from '../../src/wal/wal-index.js';
import { attempt } from './attempt.js';
import { formatValue, plural } from './format-value.js';
import { headerFields, type HeaderField } from './header-fields.js';
import { hexLines, lineOf, type HexLine } from './hex-lines.js';
import { bodyLines, headerLayout, pageLayout, pagesLayout, rowsLayout, tablesLayout, walLayout, windowTop, type Size } from './layout.js';
import { loadPageDetail, type PageDetail } from './page-detail.js';
import { pageMapIfWalked, walkError } from './page-map-state.js';
import { pageView, type View, type ViewContext } from './state.js';
import { tableColumns } from './table-columns.js';

/** The header pane's data. */
export interface HeaderData {
  pane: 'header';
  summary: string[];
  fields: HeaderField[];
  /** Bytes 0..99 of page 1 (for the hex view), or null. */
  head: Uint8Array | null;
  error?: string;
}

/** The page map pane's data; `map` is null until the walk has run. */
export interface PagesData {
  pane: 'pages';
  pageCount: number;
  map: PageMap | null;
  /** Indexes (pgno − 1) of flagged pages: claimed twice, never used, corrupt. */
  flagged: number[];
  /** Finding texts by page number. */
  notes: Map<number, string[]>;
  error?: string;
}

/** The page pane's data: the detail, its hex lines, and the first hex line shown. */
export interface PageData {
  pane: 'page';
  detail: PageDetail;
  lines: HexLine[];
  hexTop: number;
}

/** The WAL pane's data. */
export interface WalData {
  pane: 'wal';
  scan: WalScan | null;
  shm: ReturnType<InspectSession['shm']>;
  error?: string;
}

/** The tables pane's data: sqlite_schema itself, then every schema row. */
export interface TablesData {
  pane: 'tables';
  objects: SchemaRow[];
  error?: string;
}

/**
 * The rows pane's data: the rows on screen (from `first`), each value already rendered as text (so no
 * bigint travels in React props), and whether more rows follow.
 */
export interface RowsData {
  pane: 'rows';
  name: string;
  columns: string[];
  first: number;
  rows: string[][];
  more: boolean;
  error?: string;
}

/** Any view's data. */
export type ViewData = HeaderData | PagesData | PageData | WalData | TablesData | RowsData;

/** A view's data and the context the reducer needs with it. */
export interface Loaded {
  data: ViewData;
  ctx: ViewContext;
}

/** Longest rendering of one value in the rows pane (characters). */
const ROW_VALUE_CHARS = 200;

const SCHEMA_ROW: SchemaRow = {
  rowid: 0,
  type: 'table',
  name: 'sqlite_schema',
  tblName: 'sqlite_schema',
  rootpage: 1,
  sql: 'CREATE TABLE sqlite_schema(type text, name text, tbl_name text, rootpage integer, sql text)',
};

/**
 * A cache of loaded data (page details keep their decoded records), keyed by what the data depends
 * on: the mode, whether the page map has been walked, the pane and its argument. Bounded.
 */
export class ViewCache {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly capacity = 64) {}

  /** The cached value for `key`, computing it with `make` on a miss. */
  get<T>(key: string, make: () => T): T {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const v = make();
    this.entries.set(key, v);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return v;
  }
}

/** Loads the data of `view`, sized for a terminal of `size`, through `cache`. */
export function loadView(s: InspectSession, view: View, size: Size, cache: ViewCache): Loaded {
  const body = bodyLines(size);
  const key = `${s.mode}:${pageMapIfWalked(s) ? 'walked' : 'not-walked'}:${view.pane}:`;
  switch (view.pane) {
    case 'header': {
      const data = cache.get(key, () => loadHeader(s));
      return { data, ctx: { count: data.fields.length, visible: headerLayout(body).fields, link: linkOf(data.fields[view.sel]?.link) } };
    }
    case 'pages': {
      const data = cache.get(key, () => loadPages(s));
      return { data, ctx: { count: data.map?.pages.length ?? 0, visible: pagesLayout(body).list, link: data.map ? pageView(view.sel + 1) : undefined, flagged: data.flagged } };
    }
    case 'page': {
      const detail = cache.get(`${key}${view.pgno}:${view.hint ?? ''}:${view.frame ?? ''}`, () => loadPageDetail(s, view.pgno, view.hint, view.frame));
      const item = detail.items[view.sel];
      const { items, hex } = pageLayout(body);
      const lines = detail.bytes ? hexLines(detail.bytes, item?.range ? [item.range] : []) : [];
      const follow = item?.range ? windowTop(lineOf(lines, item.range[0]), lines.length, hex) : 0;
      const hexTop = view.hexTop >= 0 ? Math.min(view.hexTop, Math.max(0, lines.length - hex)) : follow;
      return {
        data: { pane: 'page', detail, lines, hexTop },
        ctx: {
          count: detail.items.length,
          visible: items,
          link: item?.link ? pageView(item.link.pgno, item.link.hint) : undefined,
          hexLines: lines.length,
          hexVisible: hex,
          hexTop,
        },
      };
    }
    case 'wal': {
      const data = cache.get(key, () => loadWal(s));
      const f = data.scan?.frames[view.sel];
      return { data, ctx: { count: data.scan?.frames.length ?? 0, visible: walLayout(body, !!data.shm).frames, link: f && f.pgno > 0 ? pageView(f.pgno, undefined, f.frame) : undefined } };
    }
    case 'tables': {
      const data = cache.get(key, () => loadTables(s));
      const o = data.objects[view.sel];
      const open = o && o.rootpage > 0;
      return {
        data,
        ctx: {
          count: data.objects.length,
          visible: tablesLayout(body).list,
          link: open ? { pane: 'rows', name: o.name, sel: 0, col: 0 } : undefined,
          altLink: open ? pageView(o.rootpage, 'btree') : undefined,
        },
      };
    }
    case 'rows': {
      const visible = rowsLayout(body).rows;
      const data = loadRows(s, view.name, view.sel, visible);
      return { data, ctx: { count: view.sel + data.rows.length + (data.more ? visible : 0), visible, columns: data.columns.length } };
    }
  }
}

function linkOf(link: HeaderField['link']): View | undefined {
  return link ? pageView(link.pgno, link.hint) : undefined;
}

function loadHeader(s: InspectSession): HeaderData {
  const h = s.header;
  const p = s.pager;
  const summary = [`${p.fileSizeBytes} bytes · ${p.pageCount} pages of ${p.pageSize} B${p.usableSize !== p.pageSize ? ` (usable ${p.usableSize})` : ''} · ${s.mode === 'wal' ? 'WAL applied' : 'raw file'}`];
  const schema = attempt(() => s.schema());
  const counts = new Map<string, number>();
  if (schema.ok) for (const r of schema.value.rows) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const scan = attempt(() => s.walScan());
  const wal = scan.ok ? (scan.value ? `WAL ${scan.value.frames.length} frames, last commit ${scan.value.mxFrame}` : 'no WAL') : 'WAL unreadable';
  const schemaText = ['table', 'index', 'view', 'trigger'].map((t) => plural(counts.get(t) ?? 0, t)).join(', ');
  const notes = [schemaText, wal];
  if (p.hotJournal) notes.push(`hot journal ${p.hotJournal.sizeBytes} B`);
  if (p.encryption) notes.push(`encrypted (Turso v${p.encryption.version})`);
  summary.push(notes.join(' · '));
  const error = !schema.ok ? schema.error : schema.value.error ? `schema: ${schema.value.error.message}` : undefined;
  if (!h) return { pane: 'header', summary, fields: [], head: null, error: error ?? 'empty database: no header' };
  const head = attempt(() => runSync(() => p.getPage(1)).subarray(0, 100));
  return { pane: 'header', summary, fields: headerFields(h, p.pageCount), head: head.ok ? head.value : null, error: error ?? (head.ok ? undefined : head.error) };
}

function loadPages(s: InspectSession): PagesData {
  const map = pageMapIfWalked(s);
  const notes = new Map<number, string[]>();
  const flagged = new Set<number>();
  if (map) {
    // Short structural notes first (claimed twice, never used), long decoder messages last: the
    // line of a page in the list is cut at the screen's edge.
    const order = (code: string): number => (code === 'corrupt_page' ? 1 : 0);
    for (const f of [...map.findings].sort((a, b) => order(a.code) - order(b.code))) {
      if (!('pgno' in f) || f.code === 'page_out_of_range') continue;
      flagged.add(f.pgno - 1);
      const text = f.code === 'page_claimed_twice' ? `also ${f.second}` : f.code === 'page_never_used' ? 'never used' : f.code === 'corrupt_page' ? f.message : f.code;
      notes.set(f.pgno, [...(notes.get(f.pgno) ?? []), text]);
    }
    map.pages.forEach((p, i) => p.corrupt !== undefined && flagged.add(i));
  }
  return { pane: 'pages', pageCount: s.pager.pageCount, map, flagged: [...flagged].sort((a, b) => a - b), notes, error: walkError(s) };
}

function loadWal(s: InspectSession): WalData {
  const scan = attempt(() => s.walScan());
  const shm = attempt(() => s.shm());
  return { pane: 'wal', scan: scan.ok ? scan.value : null, shm: shm.ok ? shm.value : null, error: !scan.ok ? scan.error : !shm.ok ? `-shm: ${shm.error}` : undefined };
}

function loadTables(s: InspectSession): TablesData {
  const schema = attempt(() => s.schema());
  if (!schema.ok) return { pane: 'tables', objects: [SCHEMA_ROW], error: schema.error };
  return { pane: 'tables', objects: [SCHEMA_ROW, ...schema.value.rows], error: schema.value.error?.message };
}

function loadRows(s: InspectSession, name: string, first: number, visible: number): RowsData {
  const rows: SqlValue[][] = [];
  let more = false;
  const read = attempt(() =>
    forEachRow(
      s,
      name,
      (r) => {
        if (rows.length === visible) {
          more = true;
          return false;
        }
        rows.push(r);
      },
      first,
    ),
  );
  const obj = attempt(() => findObject(s, name));
  const columns = tableColumns(obj.ok ? obj.value : null, rows[0]?.length ?? 0);
  return { pane: 'rows', name, columns, first, rows: rows.map((r) => r.map((v) => formatValue(v, ROW_VALUE_CHARS))), more, error: read.ok ? undefined : read.error };
}
