-- sample.db: a small periodic table, the demo file `npm start` opens in the inspector.
-- Built by corpus/make.sh with the sqlite3 CLI. Four tables with foreign keys, a UNIQUE
-- constraint and an index, a view, a trigger that logs mass revisions, and one text (about.body)
-- long enough to spill onto overflow pages at the default 4096-byte page size.
PRAGMA page_size=4096;
PRAGMA user_version=1;
PRAGMA application_id=1398035009; -- 0x53545241, "STRA"
PRAGMA foreign_keys=ON;

CREATE TABLE categories(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  metal INTEGER NOT NULL CHECK (metal IN (0, 1))
);

CREATE TABLE elements(
  atomic_number INTEGER PRIMARY KEY,
  symbol TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  atomic_mass REAL NOT NULL,          -- standard atomic weight, or the mass number of the
  mass_is_mass_number INTEGER NOT NULL DEFAULT 0, -- longest-lived isotope when this is 1
  period INTEGER NOT NULL,
  grp INTEGER,                        -- IUPAC group 1..18; NULL for La..Yb and Ac..No
  category_id INTEGER NOT NULL REFERENCES categories(id),
  state TEXT CHECK (state IN ('solid', 'liquid', 'gas'))  -- at 0 °C and 1 atm; NULL: unknown
);
CREATE INDEX elements_by_category ON elements(category_id, period);

CREATE TABLE isotopes(
  id INTEGER PRIMARY KEY,
  element INTEGER NOT NULL REFERENCES elements(atomic_number),
  mass_number INTEGER NOT NULL,
  half_life_s REAL,                   -- seconds; NULL for a stable isotope
  note TEXT,
  UNIQUE(element, mass_number)
);

CREATE TABLE revisions(
  id INTEGER PRIMARY KEY,
  element INTEGER NOT NULL REFERENCES elements(atomic_number),
  old_mass REAL NOT NULL,
  new_mass REAL NOT NULL
);

CREATE TABLE about(
  topic TEXT PRIMARY KEY,
  body TEXT NOT NULL
);

CREATE VIEW element_summary AS
SELECT e.atomic_number, e.symbol, e.name, c.name AS category, e.period, e.grp,
       printf(CASE e.mass_is_mass_number WHEN 1 THEN '[%d]' ELSE '%.3f' END, e.atomic_mass) AS mass
FROM elements AS e JOIN categories AS c ON c.id = e.category_id
ORDER BY e.atomic_number;

CREATE TRIGGER elements_mass_revised AFTER UPDATE OF atomic_mass ON elements
WHEN old.atomic_mass <> new.atomic_mass
BEGIN
  INSERT INTO revisions(element, old_mass, new_mass) VALUES (new.atomic_number, old.atomic_mass, new.atomic_mass);
END;

INSERT INTO categories VALUES
  (1, 'alkali metal', 1), (2, 'alkaline earth metal', 1), (3, 'lanthanide', 1), (4, 'actinide', 1),
  (5, 'transition metal', 1), (6, 'post-transition metal', 1), (7, 'metalloid', 0),
  (8, 'reactive nonmetal', 0), (9, 'noble gas', 0), (10, 'unknown properties', 1);

-- Masses are first loaded rounded to one decimal; the UPDATE at the end refines them, which fires
-- the trigger and fills `revisions`.
CREATE TEMP TABLE precise(z INTEGER PRIMARY KEY, mass REAL NOT NULL);
INSERT INTO precise VALUES
  (1, 1.008), (2, 4.0026), (3, 6.94), (4, 9.0122), (5, 10.81), (6, 12.011), (7, 14.007), (8, 15.999),
  (9, 18.998), (10, 20.180), (11, 22.990), (12, 24.305), (13, 26.982), (14, 28.085), (15, 30.974),
  (16, 32.06), (17, 35.45), (18, 39.948), (19, 39.098), (20, 40.078), (21, 44.956), (22, 47.867),
  (23, 50.942), (24, 51.996), (25, 54.938), (26, 55.845), (27, 58.933), (28, 58.693), (29, 63.546),
  (30, 65.38), (31, 69.723), (32, 72.630), (33, 74.922), (34, 78.971), (35, 79.904), (36, 83.798),
  (37, 85.468), (38, 87.62), (39, 88.906), (40, 91.224), (41, 92.906), (42, 95.95), (43, 98),
  (44, 101.07), (45, 102.91), (46, 106.42), (47, 107.87), (48, 112.41), (49, 114.82), (50, 118.71),
  (51, 121.76), (52, 127.60), (53, 126.90), (54, 131.29), (55, 132.91), (56, 137.33), (57, 138.91),
  (58, 140.12), (59, 140.91), (60, 144.24), (61, 145), (62, 150.36), (63, 151.96), (64, 157.25),
  (65, 158.93), (66, 162.50), (67, 164.93), (68, 167.26), (69, 168.93), (70, 173.05), (71, 174.97),
  (72, 178.49), (73, 180.95), (74, 183.84), (75, 186.21), (76, 190.23), (77, 192.22), (78, 195.08),
  (79, 196.97), (80, 200.59), (81, 204.38), (82, 207.2), (83, 208.98), (84, 209), (85, 210),
  (86, 222), (87, 223), (88, 226), (89, 227), (90, 232.04), (91, 231.04), (92, 238.03), (93, 237),
  (94, 244), (95, 243), (96, 247), (97, 247), (98, 251), (99, 252), (100, 257), (101, 258),
  (102, 259), (103, 266), (104, 267), (105, 268), (106, 269), (107, 270), (108, 269), (109, 278),
  (110, 281), (111, 282), (112, 285), (113, 286), (114, 289), (115, 290), (116, 293), (117, 294),
  (118, 294);

-- symbol, name, period, group, category, state; the mass is a mass number when the element has no
-- stable isotope and no characteristic terrestrial composition.
CREATE TEMP TABLE raw(z INTEGER PRIMARY KEY, symbol TEXT, name TEXT, period INTEGER, grp INTEGER,
                      category INTEGER, state TEXT);
INSERT INTO raw VALUES
  (1, 'H', 'Hydrogen', 1, 1, 8, 'gas'), (2, 'He', 'Helium', 1, 18, 9, 'gas'),
  (3, 'Li', 'Lithium', 2, 1, 1, 'solid'), (4, 'Be', 'Beryllium', 2, 2, 2, 'solid'),
  (5, 'B', 'Boron', 2, 13, 7, 'solid'), (6, 'C', 'Carbon', 2, 14, 8, 'solid'),
  (7, 'N', 'Nitrogen', 2, 15, 8, 'gas'), (8, 'O', 'Oxygen', 2, 16, 8, 'gas'),
  (9, 'F', 'Fluorine', 2, 17, 8, 'gas'), (10, 'Ne', 'Neon', 2, 18, 9, 'gas'),
  (11, 'Na', 'Sodium', 3, 1, 1, 'solid'), (12, 'Mg', 'Magnesium', 3, 2, 2, 'solid'),
  (13, 'Al', 'Aluminium', 3, 13, 6, 'solid'), (14, 'Si', 'Silicon', 3, 14, 7, 'solid'),
  (15, 'P', 'Phosphorus', 3, 15, 8, 'solid'), (16, 'S', 'Sulfur', 3, 16, 8, 'solid'),
  (17, 'Cl', 'Chlorine', 3, 17, 8, 'gas'), (18, 'Ar', 'Argon', 3, 18, 9, 'gas'),
  (19, 'K', 'Potassium', 4, 1, 1, 'solid'), (20, 'Ca', 'Calcium', 4, 2, 2, 'solid'),
  (21, 'Sc', 'Scandium', 4, 3, 5, 'solid'), (22, 'Ti', 'Titanium', 4, 4, 5, 'solid'),
  (23, 'V', 'Vanadium', 4, 5, 5, 'solid'), (24, 'Cr', 'Chromium', 4, 6, 5, 'solid'),
  (25, 'Mn', 'Manganese', 4, 7, 5, 'solid'), (26, 'Fe', 'Iron', 4, 8, 5, 'solid'),
  (27, 'Co', 'Cobalt', 4, 9, 5, 'solid'), (28, 'Ni', 'Nickel', 4, 10, 5, 'solid'),
  (29, 'Cu', 'Copper', 4, 11, 5, 'solid'), (30, 'Zn', 'Zinc', 4, 12, 5, 'solid'),
  (31, 'Ga', 'Gallium', 4, 13, 6, 'solid'), (32, 'Ge', 'Germanium', 4, 14, 7, 'solid'),
  (33, 'As', 'Arsenic', 4, 15, 7, 'solid'), (34, 'Se', 'Selenium', 4, 16, 8, 'solid'),
  (35, 'Br', 'Bromine', 4, 17, 8, 'liquid'), (36, 'Kr', 'Krypton', 4, 18, 9, 'gas'),
  (37, 'Rb', 'Rubidium', 5, 1, 1, 'solid'), (38, 'Sr', 'Strontium', 5, 2, 2, 'solid'),
  (39, 'Y', 'Yttrium', 5, 3, 5, 'solid'), (40, 'Zr', 'Zirconium', 5, 4, 5, 'solid'),
  (41, 'Nb', 'Niobium', 5, 5, 5, 'solid'), (42, 'Mo', 'Molybdenum', 5, 6, 5, 'solid'),
  (43, 'Tc', 'Technetium', 5, 7, 5, 'solid'), (44, 'Ru', 'Ruthenium', 5, 8, 5, 'solid'),
  (45, 'Rh', 'Rhodium', 5, 9, 5, 'solid'), (46, 'Pd', 'Palladium', 5, 10, 5, 'solid'),
  (47, 'Ag', 'Silver', 5, 11, 5, 'solid'), (48, 'Cd', 'Cadmium', 5, 12, 5, 'solid'),
  (49, 'In', 'Indium', 5, 13, 6, 'solid'), (50, 'Sn', 'Tin', 5, 14, 6, 'solid'),
  (51, 'Sb', 'Antimony', 5, 15, 7, 'solid'), (52, 'Te', 'Tellurium', 5, 16, 7, 'solid'),
  (53, 'I', 'Iodine', 5, 17, 8, 'solid'), (54, 'Xe', 'Xenon', 5, 18, 9, 'gas'),
  (55, 'Cs', 'Caesium', 6, 1, 1, 'solid'), (56, 'Ba', 'Barium', 6, 2, 2, 'solid'),
  (57, 'La', 'Lanthanum', 6, NULL, 3, 'solid'), (58, 'Ce', 'Cerium', 6, NULL, 3, 'solid'),
  (59, 'Pr', 'Praseodymium', 6, NULL, 3, 'solid'), (60, 'Nd', 'Neodymium', 6, NULL, 3, 'solid'),
  (61, 'Pm', 'Promethium', 6, NULL, 3, 'solid'), (62, 'Sm', 'Samarium', 6, NULL, 3, 'solid'),
  (63, 'Eu', 'Europium', 6, NULL, 3, 'solid'), (64, 'Gd', 'Gadolinium', 6, NULL, 3, 'solid'),
  (65, 'Tb', 'Terbium', 6, NULL, 3, 'solid'), (66, 'Dy', 'Dysprosium', 6, NULL, 3, 'solid'),
  (67, 'Ho', 'Holmium', 6, NULL, 3, 'solid'), (68, 'Er', 'Erbium', 6, NULL, 3, 'solid'),
  (69, 'Tm', 'Thulium', 6, NULL, 3, 'solid'), (70, 'Yb', 'Ytterbium', 6, NULL, 3, 'solid'),
  (71, 'Lu', 'Lutetium', 6, 3, 3, 'solid'), (72, 'Hf', 'Hafnium', 6, 4, 5, 'solid'),
  (73, 'Ta', 'Tantalum', 6, 5, 5, 'solid'), (74, 'W', 'Tungsten', 6, 6, 5, 'solid'),
  (75, 'Re', 'Rhenium', 6, 7, 5, 'solid'), (76, 'Os', 'Osmium', 6, 8, 5, 'solid'),
  (77, 'Ir', 'Iridium', 6, 9, 5, 'solid'), (78, 'Pt', 'Platinum', 6, 10, 5, 'solid'),
  (79, 'Au', 'Gold', 6, 11, 5, 'solid'), (80, 'Hg', 'Mercury', 6, 12, 5, 'liquid'),
  (81, 'Tl', 'Thallium', 6, 13, 6, 'solid'), (82, 'Pb', 'Lead', 6, 14, 6, 'solid'),
  (83, 'Bi', 'Bismuth', 6, 15, 6, 'solid'), (84, 'Po', 'Polonium', 6, 16, 6, 'solid'),
  (85, 'At', 'Astatine', 6, 17, 7, 'solid'), (86, 'Rn', 'Radon', 6, 18, 9, 'gas'),
  (87, 'Fr', 'Francium', 7, 1, 1, 'solid'), (88, 'Ra', 'Radium', 7, 2, 2, 'solid'),
  (89, 'Ac', 'Actinium', 7, NULL, 4, 'solid'), (90, 'Th', 'Thorium', 7, NULL, 4, 'solid'),
  (91, 'Pa', 'Protactinium', 7, NULL, 4, 'solid'), (92, 'U', 'Uranium', 7, NULL, 4, 'solid'),
  (93, 'Np', 'Neptunium', 7, NULL, 4, 'solid'), (94, 'Pu', 'Plutonium', 7, NULL, 4, 'solid'),
  (95, 'Am', 'Americium', 7, NULL, 4, 'solid'), (96, 'Cm', 'Curium', 7, NULL, 4, 'solid'),
  (97, 'Bk', 'Berkelium', 7, NULL, 4, 'solid'), (98, 'Cf', 'Californium', 7, NULL, 4, 'solid'),
  (99, 'Es', 'Einsteinium', 7, NULL, 4, 'solid'), (100, 'Fm', 'Fermium', 7, NULL, 4, NULL),
  (101, 'Md', 'Mendelevium', 7, NULL, 4, NULL), (102, 'No', 'Nobelium', 7, NULL, 4, NULL),
  (103, 'Lr', 'Lawrencium', 7, 3, 4, NULL), (104, 'Rf', 'Rutherfordium', 7, 4, 5, NULL),
  (105, 'Db', 'Dubnium', 7, 5, 5, NULL), (106, 'Sg', 'Seaborgium', 7, 6, 5, NULL),
  (107, 'Bh', 'Bohrium', 7, 7, 5, NULL), (108, 'Hs', 'Hassium', 7, 8, 5, NULL),
  (109, 'Mt', 'Meitnerium', 7, 9, 10, NULL), (110, 'Ds', 'Darmstadtium', 7, 10, 10, NULL),
  (111, 'Rg', 'Roentgenium', 7, 11, 10, NULL), (112, 'Cn', 'Copernicium', 7, 12, 10, NULL),
  (113, 'Nh', 'Nihonium', 7, 13, 10, NULL), (114, 'Fl', 'Flerovium', 7, 14, 10, NULL),
  (115, 'Mc', 'Moscovium', 7, 15, 10, NULL), (116, 'Lv', 'Livermorium', 7, 16, 10, NULL),
  (117, 'Ts', 'Tennessine', 7, 17, 10, NULL), (118, 'Og', 'Oganesson', 7, 18, 10, NULL);

-- Elements with no stable isotope (Tc, Pm, and everything from Po on except Th, Pa and U) carry
-- the mass number of their longest-lived isotope.
INSERT INTO elements
SELECT r.z, r.symbol, r.name, round(p.mass, 1),
       (r.z IN (43, 61) OR (r.z >= 84 AND r.z NOT IN (90, 91, 92))), r.period, r.grp, r.category, r.state
FROM raw AS r JOIN precise AS p ON p.z = r.z;

UPDATE elements SET atomic_mass = (SELECT mass FROM precise WHERE z = atomic_number);

INSERT INTO isotopes(element, mass_number, half_life_s, note) VALUES
  (1, 1, NULL, 'protium'), (1, 2, NULL, 'deuterium'), (1, 3, 3.888e8, 'tritium, 12.32 years'),
  (2, 3, NULL, NULL), (2, 4, NULL, 'alpha particle nucleus'),
  (6, 12, NULL, 'defines the atomic mass unit'), (6, 13, NULL, NULL), (6, 14, 1.808e11, 'radiocarbon dating'),
  (7, 14, NULL, NULL), (8, 16, NULL, NULL), (9, 18, 6586.2, 'PET imaging'),
  (15, 32, 1.2323e6, NULL), (19, 40, 3.938e16, 'potassium-argon dating'),
  (26, 56, NULL, 'most tightly bound per nucleon among common nuclides'), (27, 60, 1.6634e8, 'gamma source'),
  (38, 90, 9.085e8, 'fission product'), (43, 99, 6.66e12, NULL), (53, 131, 6.93e5, 'medical use'),
  (55, 137, 9.49e8, 'fission product'), (79, 197, NULL, 'the only stable gold isotope'),
  (82, 206, NULL, 'end of the uranium series'), (82, 208, NULL, 'doubly magic'),
  (84, 210, 1.1956e7, NULL), (86, 222, 3.3035e5, NULL), (88, 226, 5.05e10, NULL),
  (90, 232, 4.434e17, 'primordial'), (92, 235, 2.221e16, 'fissile'), (92, 238, 1.41e17, 'primordial'),
  (94, 239, 7.609e11, 'fissile'), (95, 241, 1.364e10, 'smoke detectors');

INSERT INTO about VALUES ('this file', 'sample.db is the demo database that npm start opens in the Strata inspector. It holds a small periodic table: one row per element in elements, the ten categories they are grouped into, some well-known isotopes, and a log of mass revisions written by a trigger. Everything in it was produced by corpus/make.sh from corpus/sample.sql with the sqlite3 command-line shell, so the file can be rebuilt byte for byte.');
INSERT INTO about VALUES ('the file format', (SELECT group_concat(p, char(10) || char(10)) FROM (
  SELECT 'A SQLite database file is a sequence of pages of one size, here 4096 bytes. Page 1 begins with a 100-byte header: the magic string, the page size, the file format versions, the number of reserved bytes at the end of each page, the change counter, the size of the database in pages, the first page of the freelist and the number of free pages, the schema cookie, the text encoding, the user version and the application id. Everything after the header on page 1 is the root of the sqlite_schema table, which lists every table, index, view and trigger with the SQL that created it and, for tables and indexes, the number of its root page.' AS p
  UNION ALL SELECT 'Tables and indexes are B-trees. A rowid table is a B+tree keyed by a 64-bit integer: its interior pages hold only keys and child page numbers, and its leaf pages hold the rows. An index, and a table declared WITHOUT ROWID, is a B-tree whose keys are whole records. Every B-tree page starts with an 8-byte header (12 bytes on interior pages, which add the right-most child pointer), followed by an array of two-byte cell pointers sorted by key. The cells themselves are packed at the end of the page, growing towards the pointers, with unallocated space between the two.'
  UNION ALL SELECT 'A cell of a table leaf is a varint payload length, a varint rowid and the payload, which is a record: a header of serial types, one varint per column, then the column values. Serial types 0 to 9 are NULL, integers of 1, 2, 3, 4, 6 and 8 bytes, a 64-bit float and the constants 0 and 1; larger even numbers are blobs and larger odd numbers are text, with the length encoded in the type. Integers are big-endian and two''s complement.'
  UNION ALL SELECT 'When a payload is too large to sit on its page, only a prefix stays in the cell and the rest goes to a chain of overflow pages. Each overflow page starts with the number of the next page in the chain, zero on the last one, and is otherwise filled with payload. How large the local prefix is follows from the usable page size with a small formula that keeps at least four cells on every page. This paragraph and the ones around it are stored together in one row, which is long enough to need such a chain: look for the overflow pages owned by the about table.'
  UNION ALL SELECT 'Pages that are no longer used are kept on the freelist: trunk pages list the numbers of free leaf pages and point to the next trunk. Databases with auto-vacuum also have pointer-map pages, which record the parent of every page so that pages can be moved when the file shrinks. In WAL mode, changes are first appended as frames to a separate write-ahead log, each frame a page with a 24-byte header whose salts and running checksum tell a reader where the valid part of the log ends; a checkpoint later copies the pages back into the database file.'
  UNION ALL SELECT 'Numbers that describe the structure itself, such as payload lengths, rowids and serial types, are stored as varints: one to nine bytes, seven bits per byte with the high bit meaning that another byte follows, except the ninth byte, which contributes all eight of its bits. Small numbers therefore cost one byte, and any 64-bit integer fits. Text is stored in the encoding named by the header, UTF-8 here, and never with a terminating zero: its length comes from the serial type.'
  UNION ALL SELECT 'An index entry is a record holding the indexed columns followed by the rowid of the row it points to. Entries are ordered the way SQLite compares records: column by column, NULL before numbers, numbers before text, text before blobs, integers and floats compared by value, text by the collating sequence of the column, and a DESC column in reverse. The UNIQUE constraint on elements.symbol is enforced by such an index, sqlite_autoindex_elements_1, which SQLite created and named by itself; elements_by_category was created explicitly.'
  UNION ALL SELECT 'Two details surprise first-time readers of the format. The page that holds the bytes at offset 1073741824 of a file larger than one gibibyte is never used, because the operating system locks are taken on those bytes. And the schema cookie in the header changes whenever a table or index is created or dropped, so every open connection knows when to read sqlite_schema again.'
  UNION ALL SELECT 'Try the page map to see which page belongs to which table, open a leaf of elements to see its cells decoded, and follow the overflow chain of this row to its end.'
)));
DROP TABLE temp.raw;
DROP TABLE temp.precise;
