import { afterEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { render } from 'ink-testing-library';
import { App } from './app.js';
import { InspectSession } from '../model/session.js';
import { loadPageDetail } from './page-detail.js';
import { frameWith, KEY, press, repoFile, tick, withSqliteCopy } from './testing.js';

const SIZE = { cols: 80, rows: 24 };
const sessions: InspectSession[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()!.close();
});

function open(rel: string) {
  const s = InspectSession.open(repoFile(rel));
  sessions.push(s);
  const app = render(<App session={s} size={SIZE} />);
  return { s, ...app };
}

/** dbstat rows of `file` (how SQLite classifies its pages), with the owner's type (table or index). */
function dbstat(file: string): Array<{ name: string; path: string; pageno: number; pagetype: string; type: string }> {
  const db = new Database(file, { readonly: true });
  try {
    const sql = "SELECT d.name, d.path, d.pageno, d.pagetype, coalesce(s.type, 'table') AS type FROM dbstat AS d LEFT JOIN sqlite_schema AS s ON s.name = d.name ORDER BY d.pageno";
    return db.prepare(sql).all() as never;
  } finally {
    db.close();
  }
}

describe('App at 80×24', () => {
  it('opens on the header pane, every line within 80 columns and 23 lines', async () => {
    const { lastFrame } = open('corpus/sample.db');
    await tick();
    const f = lastFrame()!;
    expect(f).toContain('Page size in bytes');
    expect(f).toMatch(/Page size in bytes\s+4096/);
    const db = new Database(repoFile('corpus/sample.db'), { readonly: true });
    const n = Object.fromEntries((db.prepare('SELECT type, count(*) AS n FROM sqlite_schema GROUP BY type').all() as Array<{ type: string; n: number }>).map((r) => [r.type, r.n]));
    db.close();
    expect(f).toContain(`${n.table} tables, ${n.index} indexes, ${n.view} view, ${n.trigger} trigger`);
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('page map → Enter into a page → Enter into a child → Esc, Esc back', async () => {
    const file = repoFile('corpus/sample.db');
    const stat = dbstat(file);
    const { s, lastFrame, stdin } = open('corpus/sample.db');
    await press(stdin, '2');
    let f = await frameWith(lastFrame, 'Page map');
    expect(f).toContain('14 pages');
    // every page SQLite's dbstat knows is drawn with its owner
    for (const r of stat) {
      const kind = r.pagetype === 'overflow' ? 'overflow' : `${r.type}-${r.pagetype === 'leaf' ? 'leaf' : 'interior'}`;
      expect(f).toMatch(new RegExp(`\\b${r.pageno} +${kind} +.*${r.pagetype === 'overflow' ? 'overflow 1 of cell' : r.name}`));
    }
    const interior = stat.find((r) => r.pagetype === 'internal')!; // elements: page 4
    await press(stdin, ...Array(interior.pageno - 1).fill(KEY.down), KEY.enter);
    f = await frameWith(lastFrame, `page ${interior.pageno}/14 · root interior of table ${interior.name}`);
    expect(f).toContain('page type: 5 (table interior)');
    const child = stat.find((r) => r.name === interior.name && r.path === '/000/')!;
    const idx = loadPageDetail(s, interior.pageno).items.findIndex((it) => it.link?.pgno === child.pageno);
    await press(stdin, ...Array(idx).fill(KEY.down));
    await frameWith(lastFrame, new RegExp(`›cell 0 @[0-9a-f]{4} \\d+B child ${child.pageno}`));
    await press(stdin, KEY.enter);
    f = await frameWith(lastFrame, `page ${child.pageno}/14 · leaf of table ${interior.name}  /000/`);
    expect(f).toContain(`page map › page ${interior.pageno} › page ${child.pageno}`);
    // Wait for each Esc to be handled before the next: two ESC bytes read in one chunk are one key.
    await press(stdin, KEY.escape);
    await frameWith(lastFrame, `page ${interior.pageno}/14 · root interior`);
    await press(stdin, KEY.escape);
    f = await frameWith(lastFrame, 'Page map');
    expect(f).toMatch(new RegExp(`›\\s+${interior.pageno} table-interior`));
  });

  it('follows a cell’s overflow link (go to page, Enter) and shows the byte map and hex', async () => {
    const stat = dbstat(repoFile('corpus/sample.db'));
    const overflow = stat.find((r) => r.pagetype === 'overflow')!; // dbstat path /001+000000: cell 1 of the root
    const parent = stat.find((r) => r.name === overflow.name && r.path === '/')!.pageno;
    const cell = parseInt(overflow.path.slice(1, 4), 16);
    const { s, lastFrame, stdin } = open('corpus/sample.db');
    await press(stdin, 'g', ...String(parent), KEY.enter);
    await frameWith(lastFrame, `page ${parent}/14 · table-leaf`);
    const idx = loadPageDetail(s, parent).items.findIndex((it) => it.link?.hint === 'overflow');
    await press(stdin, ...Array(idx).fill(KEY.down));
    let f = await frameWith(lastFrame, new RegExp(`›cell ${cell} @[0-9a-f]{4} \\d+B rowid \\d+ ovfl ${overflow.pageno}`));
    expect(f).toMatch(/C+/); // the byte map shows cells
    expect(f).toMatch(/^[0-9a-f]{4} {2}([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8}\|.{16}\|$/m); // a hex + ASCII line
    await press(stdin, KEY.enter);
    f = await frameWith(lastFrame, `page ${overflow.pageno}/14 · overflow`);
    expect(f).toContain('next overflow page: 0 (last page of the chain)');
  });

  it('r switches between the WAL-applied and the raw file', async () => {
    const { lastFrame, stdin } = open('corpus/wal.db');
    await tick();
    const pages = withSqliteCopy(repoFile('corpus/wal.db'), (db) => db.pragma('page_count', { simple: true }) as number);
    expect(lastFrame()).toContain(`${pages} pages of 1024 B · WAL applied`);
    await press(stdin, 'r');
    const raw = statSync(repoFile('corpus/wal.db')).size / 1024;
    await frameWith(lastFrame, `${raw} pages of 1024 B · raw file`);
    expect(raw).not.toBe(pages);
  });

  it('the tables pane browses rows, as sqlite3 quotes them', async () => {
    const db = new Database(repoFile('corpus/sample.db'), { readonly: true });
    const expected = db.prepare('SELECT quote(rowid) AS r, quote(id) AS i, quote(name) AS n, quote(metal) AS m FROM categories').all() as Array<Record<string, string>>;
    db.close();
    const { lastFrame, stdin } = open('corpus/sample.db');
    await press(stdin, '4', KEY.down, KEY.enter);
    const f = await frameWith(lastFrame, 'categories · rows 1–');
    expect(f).toMatch(/rowid +id +name +metal/);
    for (const r of expected.slice(0, 10)) {
      const esc = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(f).toMatch(new RegExp(`${esc(r.r)} +${esc(r.i)} +${esc(r.n)} +${esc(r.m)}`));
    }
  });
});
