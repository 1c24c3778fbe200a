/**
 * README example: open a database file through the pager and walk a table's b-tree with a cursor.
 * Run: `npx tsx examples/read-table.ts [FILE] [TABLE] [LIMIT]` (defaults: corpus/sample.db elements 3).
 */
import { BTreeCursor, NodeSyncIO, Pager, readSchemaTable, runSync } from '../src/index.js';

const [file = 'corpus/sample.db', table = 'elements', limit = '3'] = process.argv.slice(2);
const pager = Pager.open(new NodeSyncIO(), file); // reads the -wal too, if there is one
const encoding = pager.dbHeader?.textEncoding || 1; // 0 in an empty file means UTF-8
const schema = runSync(() => readSchemaTable(pager, encoding));
const entry = schema.find((r) => r.type === 'table' && r.name === table);
if (!entry) throw new Error(`${file} has no table ${table}`);

const cursor = new BTreeCursor(pager, entry.rootpage, 'table', encoding);
let n = 0;
for (let ok = runSync(() => cursor.first()); ok && n < Number(limit); ok = runSync(() => cursor.next()), n++) {
  console.log(cursor.rowid(), runSync(() => cursor.record()).values);
}
pager.close();
