/**
 * SQL transcribed from SQLite's documentation (sqlite.org: lang_with.html, windowfunctions.html,
 * lang_upsert.html, lang_returning.html, lang_createtable.html, lang_createtrigger.html,
 * lang_altertable.html, json1.html, gencol.html, stricttables.html, lang_select.html,
 * lang_expr.html, pragma.html, lang_attach.html, lang_vacuum.html, lang_savepoint.html), as
 * statements for the acceptance oracle. They are prepared on a database made by DOCS_SCHEMA.
 */

/** Tables the examples read (CREATE TRIGGER looks its table up while parsing). */
export const DOCS_SCHEMA = `
  CREATE TABLE org(name TEXT PRIMARY KEY, boss TEXT REFERENCES org, height INT);
  CREATE TABLE family(name, mom, dad, born, died);
  CREATE TABLE edge(aa INT, bb INT);
  CREATE TABLE t0(x INTEGER PRIMARY KEY, y TEXT);
  CREATE TABLE t1(a INTEGER PRIMARY KEY, b, c, d);
  CREATE TABLE t2(a, b, c);
  CREATE TABLE vocabulary(word TEXT PRIMARY KEY, count INT DEFAULT 1);
  CREATE TABLE phonebook(name TEXT PRIMARY KEY, phonenumber TEXT);
  CREATE TABLE phonebook2(name TEXT PRIMARY KEY, phonenumber TEXT, validDate DATE);
  CREATE TABLE customer(cust_id INTEGER PRIMARY KEY, cust_name TEXT, cust_addr TEXT);
  CREATE TABLE orders(ord_id INTEGER PRIMARY KEY, ord_customer INT, ord_item TEXT);
  CREATE TABLE inventory(itemId INTEGER PRIMARY KEY, quantity INT);
  CREATE TABLE sales(itemId INT, quantity INT);
  CREATE TABLE user(name, phone);
`;

/** The statements, each on its own. */
export const DOCS = [
  // lang_with.html
  'WITH RECURSIVE cnt(x) AS (VALUES(1) UNION ALL SELECT x+1 FROM cnt WHERE x<1000000) SELECT x FROM cnt',
  'WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM cnt LIMIT 1000000) SELECT x FROM cnt',
  `WITH RECURSIVE works_for_alice(n) AS (VALUES('Alice') UNION SELECT name FROM org, works_for_alice
     WHERE org.boss=works_for_alice.n) SELECT avg(height) FROM org WHERE org.name IN works_for_alice`,
  `WITH RECURSIVE parent_of(name, parent) AS (SELECT name, mom FROM family UNION SELECT name, dad FROM family),
     ancestor_of_alice(name) AS (SELECT parent FROM parent_of WHERE name='Alice'
       UNION ALL SELECT parent FROM parent_of JOIN ancestor_of_alice USING(name))
   SELECT family.name FROM ancestor_of_alice, family WHERE ancestor_of_alice.name=family.name AND died IS NULL ORDER BY born`,
  `WITH RECURSIVE nodes(x) AS (SELECT 59 UNION SELECT aa FROM edge JOIN nodes ON bb=x UNION SELECT bb FROM edge JOIN nodes ON aa=x)
   SELECT x FROM nodes`,
  `WITH RECURSIVE under_alice(name,level) AS (VALUES('Alice',0) UNION ALL SELECT org.name, under_alice.level+1
     FROM org JOIN under_alice ON org.boss=under_alice.name ORDER BY 2 DESC)
   SELECT substr('..........',1,level*3) || name FROM under_alice`,
  `WITH RECURSIVE xaxis(x) AS (VALUES(-2.0) UNION ALL SELECT x+0.05 FROM xaxis WHERE x<1.2),
     yaxis(y) AS (VALUES(-1.0) UNION ALL SELECT y+0.1 FROM yaxis WHERE y<1.0),
     m(iter, cx, cy, x, y) AS (SELECT 0, x, y, 0.0, 0.0 FROM xaxis, yaxis UNION ALL
       SELECT iter+1, cx, cy, x*x-y*y + cx, 2.0*x*y + cy FROM m WHERE (x*x + y*y) < 4.0 AND iter<28),
     m2(iter, cx, cy) AS (SELECT max(iter), cx, cy FROM m GROUP BY cx, cy),
     a(t) AS (SELECT group_concat( substr(' .+*#', 1+min(iter/7,4), 1), '') FROM m2 GROUP BY cy)
   SELECT group_concat(rtrim(t),x'0a') FROM a`,
  `WITH RECURSIVE input(sud) AS (VALUES('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79')),
     digits(z, lp) AS (VALUES('1', 1) UNION ALL SELECT CAST(lp+1 AS TEXT), lp+1 FROM digits WHERE lp<9),
     x(s, ind) AS (SELECT sud, instr(sud, '.') FROM input UNION ALL
       SELECT substr(s, 1, ind-1) || z || substr(s, ind+1), instr( substr(s, 1, ind-1) || z || substr(s, ind+1), '.' )
       FROM x, digits AS z WHERE ind>0 AND NOT EXISTS (SELECT 1 FROM digits AS lp
         WHERE z.z = substr(s, ((ind-1)/9)*9 + lp, 1) OR z.z = substr(s, ((ind-1)%9) + (lp-1)*9 + 1, 1)
            OR z.z = substr(s, (((ind-1)/3) % 3) * 3 + ((ind-1)/27) * 27 + lp + ((lp-1) / 3) * 6, 1)))
   SELECT s FROM x WHERE ind=0`,
  'WITH t1(a) AS MATERIALIZED (SELECT 1) SELECT * FROM t1',
  'WITH one AS NOT MATERIALIZED (SELECT 1) SELECT * FROM one',
  // windowfunctions.html
  'SELECT x, y, row_number() OVER (ORDER BY y) AS row_number FROM t0 ORDER BY x',
  'SELECT x, y, row_number() OVER win1, rank() OVER win2 FROM t0 WINDOW win1 AS (ORDER BY y RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), win2 AS (PARTITION BY y ORDER BY x) ORDER BY x',
  "SELECT c, a, b, group_concat(b, '.') OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS group_concat FROM t1 ORDER BY c, a",
  "SELECT c, a, b, group_concat(b, '.') OVER (PARTITION BY c ORDER BY a RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS group_concat FROM t1 ORDER BY c, a",
  "SELECT a, b, group_concat(b, '.') OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM t1",
  "SELECT c, a, b, group_concat(b, '.') FILTER (WHERE c!='two') OVER (ORDER BY a) AS group_concat FROM t1 ORDER BY a",
  "SELECT group_concat(b, '.') OVER (win ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t1 WINDOW win AS (PARTITION BY a ORDER BY c)",
  'SELECT a, ntile(2) OVER win AS ntile_2, ntile(4) OVER win AS ntile_4 FROM t2 WINDOW win AS (ORDER BY a)',
  "SELECT b AS b, lead(b, 2, 'n/a') OVER win AS lead, lag(b) OVER win AS lag, first_value(b) OVER win AS first_value, last_value(b) OVER win AS last_value, nth_value(b, 3) OVER win AS nth_value_3 FROM t1 WINDOW win AS (ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
  'SELECT x, y, sum(y) OVER (ORDER BY x RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING) FROM t0',
  // lang_upsert.html
  "INSERT INTO vocabulary(word) VALUES('jovial') ON CONFLICT(word) DO UPDATE SET count=count+1",
  "INSERT INTO phonebook(name,phonenumber) VALUES('Alice','704-555-1212') ON CONFLICT(name) DO UPDATE SET phonenumber=excluded.phonenumber",
  "INSERT INTO phonebook2(name,phonenumber,validDate) VALUES('Alice','704-555-1212','2018-05-08') ON CONFLICT(name) DO UPDATE SET phonenumber=excluded.phonenumber, validDate=excluded.validDate WHERE excluded.validDate>phonebook2.validDate",
  'INSERT INTO t1 SELECT * FROM t2 WHERE true ON CONFLICT(a) DO UPDATE SET b=excluded.b',
  'INSERT INTO t1 SELECT * FROM t2 ON CONFLICT(a) DO UPDATE SET b=excluded.b',
  // lang_returning.html
  "INSERT INTO t0(y) VALUES('red'),('blue') RETURNING x, y",
  "DELETE FROM t0 WHERE y='red' RETURNING *",
  "UPDATE t0 SET y='green' WHERE x=1 RETURNING x AS id, y || '!' AS y2",
  // lang_update.html (UPDATE FROM)
  'UPDATE inventory SET quantity = quantity - daily.amt FROM (SELECT sum(quantity) AS amt, itemId FROM sales GROUP BY 2) AS daily WHERE inventory.itemId = daily.itemId',
  // lang_createtable.html, gencol.html, stricttables.html
  'CREATE TABLE ex1(a INTEGER PRIMARY KEY, b INT, c REAL, d TEXT, e BLOB, f ANY)',
  'CREATE TABLE t3(x INTEGER PRIMARY KEY ASC, y, z)',
  'CREATE TABLE t4(x INTEGER, y, z, PRIMARY KEY(x ASC))',
  'CREATE TABLE t5(x INTEGER, y, z, PRIMARY KEY(x DESC))',
  'CREATE TABLE t6(a INTEGER PRIMARY KEY, b INT, c TEXT, d INT GENERATED ALWAYS AS (a*abs(b)) VIRTUAL, e TEXT GENERATED ALWAYS AS (substr(c,b,b+1)) STORED)',
  'CREATE TABLE t7(a INTEGER PRIMARY KEY, b INT, c TEXT, d INT AS (a*abs(b)), e TEXT AS (substr(c,b,b+1)) STORED)',
  'CREATE TABLE t8(a INT, b TEXT, c INTEGER PRIMARY KEY) STRICT',
  'CREATE TABLE wordcount(word TEXT PRIMARY KEY, cnt INTEGER) WITHOUT ROWID',
  'CREATE TABLE artist(artistid INTEGER PRIMARY KEY, artistname TEXT)',
  'CREATE TABLE track(trackid INTEGER, trackname TEXT, trackartist INTEGER REFERENCES artist(artistid) ON UPDATE CASCADE ON DELETE SET NULL)',
  'CREATE TABLE song(songid INTEGER, songartist TEXT, songalbum TEXT, songname TEXT, FOREIGN KEY(songartist, songalbum) REFERENCES album(albumartist, albumname))',
  'CREATE TABLE track2(trackid INTEGER, trackname TEXT, trackartist INTEGER, FOREIGN KEY(trackartist) REFERENCES artist(artistid) DEFERRABLE INITIALLY DEFERRED)',
  // lang_createindex.html
  'CREATE INDEX po_parent ON orders(ord_customer) WHERE ord_customer IS NOT NULL',
  'CREATE UNIQUE INDEX ex2 ON orders(ord_customer, ord_item COLLATE NOCASE DESC)',
  'CREATE INDEX acctchng_magnitude ON t1(b, abs(c))',
  // lang_createtrigger.html
  `CREATE TRIGGER update_customer_address UPDATE OF cust_addr ON customer
     BEGIN UPDATE orders SET ord_item = new.cust_addr WHERE ord_customer = old.cust_id; END`,
  `CREATE TRIGGER cust_addr_chng INSTEAD OF UPDATE OF cust_addr ON customer
     BEGIN UPDATE orders SET ord_item = NEW.cust_addr WHERE ord_customer = NEW.cust_id; END`,
  `CREATE TRIGGER aft_insert AFTER INSERT ON customer FOR EACH ROW WHEN new.cust_name IS NULL
     BEGIN SELECT RAISE(ABORT, 'name required'); END`,
  // lang_altertable.html
  'ALTER TABLE t1 RENAME TO t1_old',
  'ALTER TABLE t1 RENAME COLUMN b TO bb',
  "ALTER TABLE t1 ADD COLUMN e TEXT DEFAULT 'x' NOT NULL",
  'ALTER TABLE t1 DROP COLUMN d',
  // lang_select.html, lang_expr.html
  'SELECT * FROM t1 LEFT JOIN t2 ON t1.a = t2.a RIGHT JOIN t0 USING (x) FULL JOIN edge ON 1',
  "SELECT CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END FROM t0",
  "SELECT x FROM t0 WHERE y LIKE '%\\_%' ESCAPE '\\' OR y GLOB '*[0-9]*'",
  'SELECT (1, 2, 3) = (1, 2, 3), (1, 2) < (1, 3), (x, y) IN (SELECT a, b FROM t2) FROM t0',
  'SELECT x IS NOT DISTINCT FROM y, x IS DISTINCT FROM NULL FROM t0',
  "SELECT '{\"a\":2,\"c\":[4,5,{\"f\":7}]}' -> '$.c[2]', '{\"a\":2}' ->> 'a'",
  "SELECT json_extract('{\"a\":2,\"c\":[4,5]}', '$.c'), value FROM json_each('[1,2,3]')",
  'SELECT CAST(x AS TEXT), CAST(y AS NUMERIC), x COLLATE NOCASE FROM t0 ORDER BY 2 COLLATE RTRIM DESC NULLS LAST',
  'SELECT count(*) FILTER (WHERE x > 1), group_concat(DISTINCT y), string_agg(y, \',\' ORDER BY x DESC) FROM t0',
  'SELECT x FROM t0 INTERSECT SELECT a FROM t1 EXCEPT SELECT aa FROM edge ORDER BY 1 LIMIT 10 OFFSET 2',
  'SELECT * FROM t0 AS p NOT INDEXED, t1 INDEXED BY sqlite_autoindex_t1_1 WHERE p.x = t1.a',
  'SELECT 0x7FFFFFFFFFFFFFFF, 1_000_000, 9.99e+99, X\'53514C697465\', ?, ?5, :name, @name, $name',
  'SELECT current_timestamp, current_date, current_time',
  // pragma.html, lang_attach.html, lang_vacuum.html, lang_savepoint.html, lang_transaction.html
  'PRAGMA main.journal_mode = WAL',
  'PRAGMA table_xinfo(t1)',
  'PRAGMA wal_checkpoint(TRUNCATE)',
  "PRAGMA integrity_check('t1')",
  'PRAGMA schema.user_version = 7',
  "ATTACH DATABASE 'aux.db' AS aux",
  'DETACH DATABASE aux',
  "VACUUM INTO 'backup.db'",
  'SAVEPOINT one',
  'RELEASE SAVEPOINT one',
  'ROLLBACK TRANSACTION TO SAVEPOINT one',
  'BEGIN IMMEDIATE TRANSACTION',
  'END TRANSACTION',
  'EXPLAIN QUERY PLAN SELECT a FROM t1 WHERE b = 5',
  'REINDEX NOCASE',
  'ANALYZE main.t1',
] as const;
