#!/usr/bin/env bash
# Rebuilds every file of Strata's shipped corpus: `bash corpus/make.sh [OUTDIR]` (default: corpus/,
# the directory of this script; `npm run corpus` does that).
#
# Uses only the sqlite3 CLI, coreutils and python3 (corpus/surgery.py, which fixes the random WAL
# salts and journal nonces and builds the damaged WAL). Deterministic: fixed data, no random(), no
# timestamps, so two runs with the same sqlite3 give identical bytes (test/corpus checks it). The
# committed files were made by sqlite3 3.40.1; another version may write other bytes (the header
# records the version) but the same contents. What each file is for: corpus/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "${1:-$here}"
out=$(cd "${1:-$here}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v sqlite3 >/dev/null || { echo "make.sh: the sqlite3 CLI is required" >&2; exit 1; }
command -v python3 >/dev/null || { echo "make.sh: python3 is required" >&2; exit 1; }

# sql NAME: runs the SQL on stdin against $work/NAME, stopping at the first error (output dropped).
sql() { sqlite3 -batch -bail "$work/$1" >/dev/null; }
surgery() { python3 "$here/surgery.py" "$@"; }
# ship FILE...: copies finished files from the scratch directory to the output directory.
ship() { for f in "$@"; do cp "$work/$f" "$out/$f"; done; }

# ---------------------------------------------------------------------------------------------
# page-N.db: the same two tables and index at every legal page size but 2048; the small page
# sizes give b-trees three levels deep.
for size in 512 1024 4096 8192 16384 32768 65536; do
  sql "page-$size.db" <<SQL
PRAGMA page_size=$size;
CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, price REAL, note TEXT);
CREATE INDEX items_name ON items(name);
CREATE TABLE tags(item_id INTEGER NOT NULL REFERENCES items(id), tag TEXT NOT NULL,
                  PRIMARY KEY(item_id, tag));
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 800)
INSERT INTO items
SELECT i, printf('item-%05d-%s', (i * 7919) % 10007, substr('abcdefghijklmnopqrstuvwxyz', 1 + i % 20, 1 + i % 7)),
       (i * 37) % 101, ((i * 2654435761) % 100000) / 100.0,
       CASE WHEN i % 10 = 0 THEN printf('note for item %d', i) END
FROM n;
INSERT INTO tags SELECT id, t FROM items, (SELECT 'red' AS t UNION ALL SELECT 'green' UNION ALL SELECT 'blue')
WHERE (id + length(t)) % 3 <> 0;
SQL
  ship "page-$size.db"
done

# ---------------------------------------------------------------------------------------------
# autovacuum-full.db: 512-byte pages, auto_vacuum=FULL, so ptrmap pages exist (one covers 102
# pages here) and there are three of them; overflow chains give ptrmap types 3 and 4. Deleting
# rows makes the commit relocate pages and truncate the file.
sql autovacuum-full.db <<'SQL'
PRAGMA page_size=512;
PRAGMA auto_vacuum=FULL;
CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT);
CREATE INDEX docs_title ON docs(title);
CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 160)
INSERT INTO docs SELECT i, printf('doc %03d', (i * 61) % 160),
       substr(replace(hex(zeroblob(1200)), '00', printf('%d-body ', i)), 1, 200 + (i * 53) % 1400) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
INSERT INTO log SELECT i, printf('event %d', i * 3) FROM n;
DELETE FROM docs WHERE id % 4 = 0;
DELETE FROM log WHERE id BETWEEN 100 AND 300;
SQL
ship autovacuum-full.db

# autovacuum-incremental.db: auto_vacuum=INCREMENTAL with free pages left in the file (ptrmap
# type 2); `incremental_vacuum(8)` gave back only eight of them.
sql autovacuum-incremental.db <<'SQL'
PRAGMA page_size=1024;
PRAGMA auto_vacuum=INCREMENTAL;
CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT);
CREATE INDEX docs_title ON docs(title);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO docs SELECT i, printf('doc %03d', i),
       substr(replace(hex(zeroblob(1500)), '00', printf('%d-text ', i)), 1, 100 + (i * 97) % 2000) FROM n;
DELETE FROM docs WHERE id BETWEEN 30 AND 60;
PRAGMA incremental_vacuum(8);
SQL
ship autovacuum-incremental.db

# ---------------------------------------------------------------------------------------------
# overflow.db: 1024-byte pages; a 190 KB blob and a 100 KB text (long overflow chains), payloads
# on both sides of the local-size limits, index keys and WITHOUT ROWID keys that overflow (also
# on interior pages).
sql overflow.db <<'SQL'
PRAGMA page_size=1024;
CREATE TABLE blobs(id INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB);
CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT);
CREATE TABLE keys(id INTEGER PRIMARY KEY, k TEXT NOT NULL);
CREATE INDEX keys_k ON keys(k);
CREATE TABLE wide(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
INSERT INTO blobs VALUES (1, 'big', (
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
  SELECT CAST(group_concat(char(32 + (i * 7919) % 1200), '') AS BLOB) FROM n));
INSERT INTO blobs VALUES (2, 'zeros', zeroblob(5000));
WITH RECURSIVE n(i) AS (SELECT 980 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
INSERT INTO blobs SELECT i, printf('len %d', i), CAST(substr(hex(zeroblob(i)), 1, i) AS BLOB) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8)
INSERT INTO blobs SELECT 2000 + i, printf('len %d', 2000 + 1020 * i),
       CAST(substr(replace(hex(zeroblob(6000)), '00', 'xy'), 1, 2000 + 1020 * i) AS BLOB) FROM n;
INSERT INTO docs VALUES (1, 'fox', (
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
  SELECT group_concat(printf('Line %05d: the quick brown fox jumps over the lazy dog.', i), char(10)) FROM n));
INSERT INTO docs VALUES (2, 'short', 'fits on its page');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO keys SELECT i, printf('%04d:', (i * 37) % 40) || replace(hex(zeroblob(300 + i * 13)), '00', 'ab') FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO wide SELECT printf('%03d:', (i * 23) % 40) || replace(hex(zeroblob(100 + i * 20)), '00', 'kw'),
       printf('value %d', i) FROM n;
SQL
ship overflow.db

# ---------------------------------------------------------------------------------------------
# freelist.db: 512-byte pages, no auto-vacuum; a deleted range and a dropped table leave hundreds
# of free pages, so the freelist has several trunk pages (a trunk lists up to 126 leaves here).
sql freelist.db <<'SQL'
PRAGMA page_size=512;
CREATE TABLE kept(id INTEGER PRIMARY KEY, payload TEXT);
CREATE TABLE dropped(id INTEGER PRIMARY KEY, payload TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO kept SELECT i, printf('kept row %05d %s', i, substr(hex(zeroblob(40)), 1, 20 + i % 60)) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
INSERT INTO dropped SELECT i, printf('dropped row %05d %s', i, hex(zeroblob(30))) FROM n;
DELETE FROM kept WHERE id BETWEEN 300 AND 1700;
DROP TABLE dropped;
SQL
ship freelist.db

# ---------------------------------------------------------------------------------------------
# schema.db: WITHOUT ROWID tables (one- and two-column keys, a DESC key column), multi-column,
# DESC, expression, partial and NOCASE indexes, UNIQUE autoindexes, a view and a trigger.
sql schema.db <<'SQL'
PRAGMA page_size=1024;
CREATE TABLE people(id INTEGER PRIMARY KEY, first TEXT NOT NULL, last TEXT NOT NULL, born INTEGER,
                    email TEXT UNIQUE, score REAL);
CREATE INDEX people_last_first ON people(last, first);
CREATE INDEX people_born_desc ON people(born DESC, id);
CREATE INDEX people_email_lower ON people(lower(email));
CREATE INDEX people_top_score ON people(score) WHERE score > 90;
CREATE INDEX people_last_nocase ON people(last COLLATE NOCASE);
CREATE TABLE kv(k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
CREATE TABLE edges(src INTEGER NOT NULL, dst INTEGER NOT NULL, weight REAL,
                   PRIMARY KEY(src, dst DESC)) WITHOUT ROWID;
CREATE INDEX edges_weight ON edges(weight);
CREATE TABLE pairs(a TEXT, b INTEGER, c, PRIMARY KEY(b, a), UNIQUE(c));
CREATE VIEW top_people AS SELECT first, last, score FROM people WHERE score > 90 ORDER BY score DESC;
CREATE TABLE audit(id INTEGER PRIMARY KEY, person INTEGER, what TEXT);
CREATE TRIGGER people_score_audit AFTER UPDATE OF score ON people
BEGIN INSERT INTO audit(person, what) VALUES (new.id, printf('%s -> %s', old.score, new.score)); END;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
INSERT INTO people SELECT i,
  substr('AnnaBrunoCarlaDavidEmmaFelixGretaHugoIrisJonas', 1 + (i % 10) * 4, 4 + (i % 3)),
  CASE i % 5 WHEN 0 THEN 'Smith' WHEN 1 THEN 'smith' WHEN 2 THEN 'Jones' WHEN 3 THEN 'Nguyen' ELSE 'Okafor' END
    || CASE WHEN i % 7 = 0 THEN '' ELSE printf('-%d', i % 13) END,
  1940 + (i * 17) % 70,
  CASE WHEN i % 11 = 0 THEN NULL ELSE printf('Person%d@Example.org', i) END,
  ((i * 7919) % 1000) / 10.0
FROM n;
UPDATE people SET score = score + 0.5 WHERE id % 50 = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO kv SELECT printf('key:%05d', (i * 7919) % 10007), CAST(printf('value %d', i) AS BLOB) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO edges SELECT i % 40, (i * 31) % 97, (i % 9) * 0.25 FROM n WHERE true
  ON CONFLICT DO NOTHING;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO pairs SELECT printf('a%d', i % 10), i / 10, i * 3 FROM n;
SQL
ship schema.db

# ---------------------------------------------------------------------------------------------
# utf16le.db, utf16be.db: non-ASCII text (accents, combining marks, Greek, Cyrillic, Hebrew,
# Arabic, CJK, a supplementary-plane ideograph, emoji with ZWJ and flags) in UTF-16 files.
for enc in le be; do
  sql "utf16$enc.db" <<SQL
PRAGMA encoding='UTF-16$enc';
PRAGMA page_size=1024;
CREATE TABLE words(id INTEGER PRIMARY KEY, word TEXT NOT NULL, lang TEXT);
CREATE INDEX words_word ON words(word);
INSERT INTO words(word, lang) VALUES
  ('café', 'fr'), ('naïve', 'fr'), ('façade', 'fr'), ('Ångström', 'sv'), ('Straße', 'de'),
  ('e' || char(769) || 'te', 'fr (combining acute)'), ('Ελληνικά', 'el'), ('русский', 'ru'),
  ('עברית', 'he'), ('العربية', 'ar'), ('日本語', 'ja'), ('中文', 'zh'), ('한국어', 'ko'),
  (char(131072) || '-ext-b', 'zh (U+20000)'), ('😀', 'emoji'), ('👩‍💻', 'emoji (ZWJ)'),
  ('🇫🇷', 'emoji (flag)'), ('plain ascii', 'en'), ('', 'empty');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO words(word, lang)
SELECT printf('%s №%d %s', (SELECT word FROM words WHERE id = 1 + i % 17), i, char(0x4E00 + (i * 37) % 2000)), 'mixed' FROM n;
SQL
  ship "utf16$enc.db"
done

# ---------------------------------------------------------------------------------------------
# values.db: every storage class and serial type. vals.v has no affinity, so each value is stored
# as given: integers at every width boundary, ±2^63, 2^53+1, reals (−0.0, 1e308, 5e-324, ±Inf,
# the largest and the smallest normal), text with NUL and control characters, empty text and
# blob, NULL. typed(...) shows affinity at work: REAL-affinity integral values are stored as
# integers on disk but read back as reals. The ALTER TABLE ... ADD COLUMN leaves the older rows'
# records one field short: readers must supply the column's DEFAULT.
sql values.db <<'SQL'
CREATE TABLE vals(id INTEGER PRIMARY KEY, label TEXT NOT NULL, v);
INSERT INTO vals(label, v) VALUES
  ('null', NULL), ('zero', 0), ('one', 1), ('two', 2), ('minus one', -1),
  ('i8 max', 127), ('i8 max + 1', 128), ('i8 min', -128), ('i8 min - 1', -129),
  ('i16 max', 32767), ('i16 max + 1', 32768), ('i16 min', -32768), ('i16 min - 1', -32769),
  ('i24 max', 8388607), ('i24 max + 1', 8388608), ('i24 min', -8388608), ('i24 min - 1', -8388609),
  ('i32 max', 2147483647), ('i32 max + 1', 2147483648), ('i32 min', -2147483648), ('i32 min - 1', -2147483649),
  ('i48 max', 140737488355327), ('i48 max + 1', 140737488355328),
  ('i48 min', -140737488355328), ('i48 min - 1', -140737488355329),
  ('2^53 - 1', 9007199254740991), ('2^53 + 1', 9007199254740993), ('-(2^53 + 1)', -9007199254740993),
  ('i64 max', 9223372036854775807), ('i64 min', -9223372036854775808),
  ('real one', 1.0), ('real zero', 0.0), ('real minus zero', -0.0), ('real 0.1', 0.1),
  ('real -2.5', -2.5), ('real pi', 3.141592653589793), ('real 1e308', 1e308), ('real -1e308', -1e308),
  ('real max', 1.7976931348623157e308), ('real min normal', 2.2250738585072014e-308),
  ('real min subnormal', 5e-324), ('real 2^53 + 2', 9007199254740994.0),
  ('real +inf', 1e999), ('real -inf', -1e999),
  ('text empty', ''), ('text ascii', 'hello'), ('text accents', 'Crème brûlée'),
  ('text cjk', '漢字かな'), ('text emoji', '😀🎉'), ('text quotes', 'it''s "quoted"'),
  ('text newline tab', 'line 1' || char(10) || 'line 2' || char(9) || 'tab' || char(13)),
  ('text with NUL', 'before' || char(0) || 'after'), ('text digits', '12345'),
  ('blob empty', x''), ('blob zero byte', x'00'), ('blob bytes', x'00ff7f80deadbeef'),
  ('blob zeroblob', zeroblob(16)), ('blob utf8 bytes', CAST('é' AS BLOB));
CREATE TABLE typed(id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, n NUMERIC);
INSERT INTO typed VALUES
  (1, 1, 1.0, 1, 1, '1'), (2, '42', '2.5', 2.5, x'01', '3.0'), (3, -7, 3, 'three', 'text', '1e3'),
  (4, 2.0, -0.0, NULL, NULL, 'abc'), (5, NULL, 1e308, '', x'', 9223372036854775807),
  (6, 9223372036854775807, 4503599627370497, x'41', 0.5, '0x10');
ALTER TABLE vals ADD COLUMN extra TEXT DEFAULT 'added later';
INSERT INTO vals(label, v, extra) VALUES ('after alter', 'x', 'explicit');
INSERT INTO vals(label, v) VALUES ('after alter, default', 'y');
SQL
ship values.db

# ---------------------------------------------------------------------------------------------
# reserved-bytes.db: 1024-byte pages with 40 reserved bytes at the end of each (usable size 984),
# as page checksums or encryption use them.
sql reserved-bytes.db <<'SQL'
PRAGMA page_size=1024;
.filectrl reserve_bytes 40
CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
CREATE INDEX notes_body ON notes(body);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
INSERT INTO notes SELECT i, printf('note %03d %s', i, substr(hex(zeroblob(200)), 1, (i * 13) % 300)) FROM n;
SQL
ship reserved-bytes.db

# empty.db: one page, no schema; only the header's user_version and application_id are set.
sql empty.db <<'SQL'
PRAGMA user_version=7;
PRAGMA application_id=1398035009;
SQL
ship empty.db

# ---------------------------------------------------------------------------------------------
# wal.db + wal.db-wal: rollback-mode contents, then four commits left in the WAL (autocheckpoint
# off; the files are copied while the writer still holds them, before its closing checkpoint).
# wal-torn.db-wal: the same frames, then an uncommitted frame, a commit frame whose checksum fails,
# and half a frame; readers must stop at the same commit as in wal.db.
# wal-be.db-wal: wal.db-wal with magic 0x377f0683 (big-endian checksums).
# wal-restart.db-wal: after a full checkpoint the next commit restarted the log: its frames come
# first, with new salts, and frames of the previous generation follow them and must be ignored.
sql wal-src.db <<SQL
PRAGMA page_size=1024;
CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL);
CREATE INDEX accounts_owner ON accounts(owner);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO accounts SELECT i, printf('owner %03d', (i * 7) % 200), (i * 613) % 10000 FROM n;
PRAGMA journal_mode=WAL;
PRAGMA wal_autocheckpoint=0;
WITH RECURSIVE n(i) AS (SELECT 201 UNION ALL SELECT i + 1 FROM n WHERE i < 260)
INSERT INTO accounts SELECT i, printf('owner %03d', (i * 7) % 200), (i * 613) % 10000 FROM n;
UPDATE accounts SET balance = balance + 100 WHERE id % 7 = 0;
BEGIN;
CREATE TABLE transfers(id INTEGER PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL, amount INTEGER NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO transfers SELECT i, 1 + (i * 13) % 200, 1 + (i * 29) % 200, i * 10 FROM n;
COMMIT;
DELETE FROM accounts WHERE id BETWEEN 20 AND 40;
.shell cp "$work/wal-src.db" "$work/wal.db" && cp "$work/wal-src.db-wal" "$work/wal.db-wal"
UPDATE accounts SET balance = -1 WHERE id IN (1, 250);
.shell cp "$work/wal-src.db-wal" "$work/wal-full.db-wal"
PRAGMA wal_checkpoint;
UPDATE accounts SET owner = 'restarted' WHERE id = 5;
.shell cp "$work/wal-src.db" "$work/wal-restart.db" && cp "$work/wal-src.db-wal" "$work/wal-restart.db-wal"
SQL
surgery wal-normalize "$work/wal.db-wal"
surgery wal-normalize "$work/wal-full.db-wal"
surgery wal-normalize "$work/wal-restart.db-wal"
cp "$work/wal.db" "$work/wal-torn.db"
surgery wal-torn "$work/wal.db-wal" "$work/wal-full.db-wal" "$work/wal-torn.db-wal"
cp "$work/wal.db" "$work/wal-be.db"
cp "$work/wal.db-wal" "$work/wal-be.db-wal"
surgery wal-bigendian "$work/wal-be.db-wal"
ship wal.db wal.db-wal wal-torn.db wal-torn.db-wal wal-be.db wal-be.db-wal wal-restart.db wal-restart.db-wal

# ---------------------------------------------------------------------------------------------
# hot-journal.db + hot-journal.db-journal: copied mid-transaction in journal_mode=DELETE; with a
# 10-page cache the UPDATE spilled changed pages into the database file, and the journal holds
# their originals. Opening it rolls the journal back: every memo is lower case, every amount > 0.
sql hot-src.db <<SQL
PRAGMA page_size=1024;
PRAGMA journal_mode=DELETE;
CREATE TABLE ledger(id INTEGER PRIMARY KEY, memo TEXT NOT NULL, amount INTEGER NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
INSERT INTO ledger SELECT i, printf('entry %04d %s', i, substr('abcdefghijklmnopqrstuvwxyz', 1 + i % 26)), 1 + (i * 389) % 5000 FROM n;
PRAGMA cache_size=10;
BEGIN;
UPDATE ledger SET memo = upper(memo), amount = -amount;
.shell cp "$work/hot-src.db" "$work/hot-journal.db" && cp "$work/hot-src.db-journal" "$work/hot-journal.db-journal"
ROLLBACK;
SQL
surgery journal-normalize "$work/hot-journal.db-journal"
ship hot-journal.db hot-journal.db-journal

# ---------------------------------------------------------------------------------------------
# sample.db: the demo for `npm start` (a periodic table), from corpus/sample.sql.
sql sample.db < "$here/sample.sql"
ship sample.db

echo "corpus written to $out"
