#!/usr/bin/env python3
"""Tiny byte surgery for corpus/make.sh: makes WAL and rollback-journal files deterministic and
builds the damaged variants. SQLite fills WAL salts and journal nonces from sqlite3_randomness();
this script replaces them with fixed values and recomputes every checksum that depends on them,
so that `make.sh` gives the same bytes on every run. Written from fileformat2 §4 (WAL) and §3
(rollback journal); no SQLite code was copied.

Usage:
  surgery.py wal-normalize WAL            fixed salts, checksums recomputed (in place)
  surgery.py wal-bigendian WAL            magic 0x377f0683, big-endian checksums (in place)
  surgery.py wal-torn GOOD FULL OUT       GOOD's frames, then FULL's next frames with the last one's
                                          checksum broken, then half a frame
  surgery.py journal-normalize JOURNAL    fixed nonces, record checksums recomputed (in place)

WAL header (32 bytes, big-endian fields):
  OFFSET SIZE DESCRIPTION
       0    4 magic: 0x377f0682 (checksums over little-endian words) or 0x377f0683 (big-endian)
       4    4 format version 3007000
       8    4 page size in bytes
      12    4 checkpoint sequence number
      16    4 salt-1
      20    4 salt-2
      24    8 checksum-1, checksum-2 over bytes 0..23
WAL frame header (24 bytes), followed by one page:
       0    4 page number
       4    4 for a commit frame, the database size in pages after the commit; else 0
       8    8 salt-1, salt-2 copied from the WAL header (a mismatch ends the log)
      16    8 cumulative checksum over the frame header bytes 0..7 and the page, continuing from
            the previous frame's checksum (the header's checksum for frame 1)
Rollback journal segment header (padded with zeros to the sector size):
       0    8 magic d9 d5 05 f9 20 a1 63 d7 (zeros until the segment is synced)
       8    4 number of page records in this segment (0: not yet synced)
      12    4 checksum nonce
      16    4 database size in pages before the transaction
      20    4 sector size in bytes
      24    4 page size in bytes
Journal page record: 4-byte page number, the page, 4-byte checksum = nonce + the page's bytes at
offsets page_size-200, page_size-400, ... (all > 0), modulo 2^32.
"""
import struct
import sys

MASK = 0xFFFFFFFF
SALT1 = 0x53545241  # "STRA"
SALT2 = 0x54413031  # "TA01"
NONCE = 0x4E4F4E43  # "NONC"
WAL_HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
JOURNAL_MAGIC = bytes.fromhex('d9d505f920a163d7')


def wal_checksum(data, s0, s1, big_endian):
    """Fletcher-like checksum of fileformat2 §4.3 over 32-bit words, continuing from (s0, s1)."""
    words = struct.unpack(('>' if big_endian else '<') + '%dI' % (len(data) // 4), data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & MASK
        s1 = (s1 + words[i + 1] + s0) & MASK
    return s0, s1


def rechecksum_wal(buf, big_endian):
    """Fixes the header salts to (SALT1, SALT2) and recomputes every checksum in `buf`.

    Frames of an older WAL generation (salts that differ from the header's) keep differing:
    they get (SALT1 - 1, SALT2 + 1), as a restarted WAL leaves them behind."""
    page_size = struct.unpack_from('>I', buf, 8)[0]
    old = struct.unpack_from('>II', buf, 16)
    struct.pack_into('>II', buf, 16, SALT1, SALT2)
    s = wal_checksum(bytes(buf[0:24]), 0, 0, big_endian)
    struct.pack_into('>II', buf, 24, *s)
    generations = {old: (SALT1, SALT2)}
    frame_bytes = FRAME_HEADER_BYTES + page_size
    off = WAL_HEADER_BYTES
    while off + frame_bytes <= len(buf):
        salts = struct.unpack_from('>II', buf, off + 8)
        if salts not in generations:
            k = len(generations)
            generations[salts] = ((SALT1 - k) & MASK, (SALT2 + k) & MASK)
        struct.pack_into('>II', buf, off + 8, *generations[salts])
        s = wal_checksum(bytes(buf[off:off + 8]), *s, big_endian)
        s = wal_checksum(bytes(buf[off + FRAME_HEADER_BYTES:off + frame_bytes]), *s, big_endian)
        struct.pack_into('>II', buf, off + 16, *s)
        off += frame_bytes
    return page_size


def read(path):
    with open(path, 'rb') as f:
        return bytearray(f.read())


def write(path, buf):
    with open(path, 'wb') as f:
        f.write(buf)


def wal_normalize(path):
    buf = read(path)
    magic = struct.unpack_from('>I', buf, 0)[0]
    rechecksum_wal(buf, magic & 1 == 1)
    write(path, buf)


def wal_bigendian(path):
    buf = read(path)
    struct.pack_into('>I', buf, 0, 0x377F0683)
    rechecksum_wal(buf, True)
    write(path, buf)


def wal_torn(good_path, full_path, out_path):
    good, full = read(good_path), read(full_path)
    if full[:len(good)] != good or len(full) == len(good):
        sys.exit('wal-torn: FULL must extend GOOD (normalize both first)')
    page_size = struct.unpack_from('>I', good, 8)[0]
    frame_bytes = FRAME_HEADER_BYTES + page_size
    out = bytearray(full)
    last = len(out) - frame_bytes
    if struct.unpack_from('>I', out, last + 4)[0] == 0:
        sys.exit('wal-torn: the last frame of FULL must be a commit frame')
    out[last + FRAME_HEADER_BYTES + page_size // 2] ^= 0xFF  # the commit frame's checksum now fails
    out += full[len(good):len(good) + FRAME_HEADER_BYTES + page_size // 2]  # a torn write
    write(out_path, out)


def journal_normalize(path):
    buf = read(path)
    off, segment = 0, 0
    # A segment not yet synced has its magic still zeroed; SQLite stops there, but its nonce and
    # checksums are random too, so it is normalized like the others.
    while off + 28 <= len(buf) and bytes(buf[off:off + 8]) in (JOURNAL_MAGIC, bytes(8)):
        n_rec, _nonce, _db_pages, sector, page_size = struct.unpack_from('>IIIII', buf, off + 8)
        nonce = (NONCE + segment) & MASK
        struct.pack_into('>I', buf, off + 12, nonce)
        rec_bytes = 4 + page_size + 4
        pos = off + sector
        left = (len(buf) - pos) // rec_bytes
        count = left if n_rec in (0, MASK) else min(n_rec, left)
        for _ in range(count):
            page = buf[pos + 4:pos + 4 + page_size]
            total = nonce + sum(page[i] for i in range(page_size - 200, 0, -200))
            struct.pack_into('>I', buf, pos + 4 + page_size, total & MASK)
            pos += rec_bytes
        off = (pos + sector - 1) // sector * sector
        segment += 1
    write(path, buf)


COMMANDS = {
    'wal-normalize': wal_normalize,
    'wal-bigendian': wal_bigendian,
    'wal-torn': wal_torn,
    'journal-normalize': journal_normalize,
}

if __name__ == '__main__':
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
