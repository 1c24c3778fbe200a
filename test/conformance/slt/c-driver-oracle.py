"""Renders query results exactly as sqllogictest's C driver (slt_sqlite.c) does, by calling the
system SQLite C library (libsqlite3.so.0) through ctypes: sqlite3_column_int, _double, _text and
sqlite3_snprintf are SQLite's own. Used by render-oracle.test.ts as the reference.

stdin: JSON list of [sql, types]; stdout: JSON list of lists of rendered values (or null when
the query fails to prepare). The first line of output is the library version.
"""
import ctypes
import json
import sys

lib = ctypes.CDLL("libsqlite3.so.0")
c_void_p, c_int, c_double, c_char_p = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_char_p
lib.sqlite3_libversion.restype = c_char_p
lib.sqlite3_open.argtypes = [c_char_p, ctypes.POINTER(c_void_p)]
lib.sqlite3_prepare_v2.argtypes = [c_void_p, c_char_p, c_int, ctypes.POINTER(c_void_p), ctypes.POINTER(c_char_p)]
lib.sqlite3_step.argtypes = [c_void_p]
lib.sqlite3_finalize.argtypes = [c_void_p]
lib.sqlite3_column_count.argtypes = [c_void_p]
lib.sqlite3_column_type.argtypes = [c_void_p, c_int]
lib.sqlite3_column_int.argtypes = [c_void_p, c_int]
lib.sqlite3_column_int.restype = c_int
lib.sqlite3_column_double.argtypes = [c_void_p, c_int]
lib.sqlite3_column_double.restype = c_double
lib.sqlite3_column_text.argtypes = [c_void_p, c_int]
lib.sqlite3_column_text.restype = c_char_p
SQLITE_ROW, SQLITE_NULL = 100, 5


def snprintf(fmt, value):
    buf = ctypes.create_string_buffer(200)
    lib.sqlite3_snprintf(c_int(200), buf, c_char_p(fmt), value)
    return buf.value.decode("ascii")


def render(stmt, i, t):
    if lib.sqlite3_column_type(stmt, i) == SQLITE_NULL:
        return "NULL"
    if t == "I":
        return snprintf(b"%d", c_int(lib.sqlite3_column_int(stmt, i)))
    if t == "R":
        return snprintf(b"%.3f", c_double(lib.sqlite3_column_double(stmt, i)))
    text = lib.sqlite3_column_text(stmt, i) or b""
    if text == b"":
        return "(empty)"
    return "".join(chr(b) if 0x20 <= b <= 0x7E else "@" for b in text)


def main():
    db = c_void_p()
    lib.sqlite3_open(b":memory:", ctypes.byref(db))
    out = []
    for sql, types in json.load(sys.stdin):
        stmt = c_void_p()
        if lib.sqlite3_prepare_v2(db, sql.encode("utf-8"), -1, ctypes.byref(stmt), None) != 0:
            out.append(None)
            continue
        values = []
        while lib.sqlite3_step(stmt) == SQLITE_ROW:
            for i, t in enumerate(types):
                values.append(render(stmt, i, t))
        lib.sqlite3_finalize(stmt)
        out.append(values)
    print(lib.sqlite3_libversion().decode("ascii"))
    print(json.dumps(out))


main()
