/**
 * README example: the b-tree toolkit (`strata/btree`) writing a database that sqlite3 reads.
 * A table b-tree is created, filled, and entered in sqlite_schema, all in one write transaction.
 * Run: `npx tsx examples/btree-write.ts [FILE]` (default /tmp/planets.db), then
 * `sqlite3 /tmp/planets.db "SELECT * FROM planets"`.
 */
import { rmSync } from 'node:fs';
import { BTreeWriter, NodeSyncIO, Pager, runSync } from '../src/btree/index.js';
import { recordFromValues } from '../src/format/index.js';

const [file = '/tmp/planets.db'] = process.argv.slice(2);
for (const suffix of ['', '-wal']) rmSync(file + suffix, { force: true });

const pager = Pager.open(new NodeSyncIO(), file, { readonly: false, newPageSize: 4096 });
runSync(() => pager.begin('immediate'));
const w = new BTreeWriter(pager);
const root = runSync(() => w.createTree('table'));
const planets: [string, number][] = [['Mercury', 0.387], ['Venus', 0.723], ['Earth', 1], ['Mars', 1.524]];
planets.forEach(([name, au], i) => runSync(() => w.insert(root, i + 1, recordFromValues([name, au], 1))));
// sqlite_schema (tree 1): type, name, tbl_name, rootpage, sql
const sql = 'CREATE TABLE planets(name TEXT, au REAL)';
runSync(() => w.insert(1, 1, recordFromValues(['table', 'planets', 'planets', root, sql], 1)));
pager.header.schemaCookie += 1;
runSync(() => w.beforeCommit());
runSync(() => pager.commit());
pager.close(); // the last connection checkpoints the WAL into the file
console.log(`${file}: table planets at root page ${root}, ${planets.length} rows`);
