/**
 * The page cipher (Turso's layout): round trips for every cipher and page size, the page-1 layout
 * byte by byte, ciphertext equal to libsodium's / OpenSSL's on the same nonce and additional data,
 * fresh nonces, and tampering: every single-bit flip of a sealed page is refused.
 */
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIPHERS, cipherByName, type Cipher } from '../../src/crypto/cipher-registry.js';
import { decryptHeader, decryptPage, encryptPage, sealedPageLayout } from '../../src/crypto/page-cipher.js';
import { createPageCipher } from '../../src/crypto/page-codec.js';
import { encodeTursoHeader } from '../../src/format/turso-header.js';
import { isSqliteError, type SqliteError } from '../../src/error.js';
import { toHex } from './vectors.js';

beforeAll(async () => {
  await sodium.ready;
});

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A plaintext page: page 1 starts with a database header naming the page size and reserved bytes. */
function plainPage(pgno: number, pageSize: number, cipher: Cipher): Uint8Array {
  const page = pseudoRandom(pageSize, pgno * 1000 + pageSize);
  if (pgno === 1) {
    page.set(new TextEncoder().encode('SQLite format 3\0'), 0);
    page[16] = pageSize === 65536 ? 0 : pageSize >> 8;
    page[17] = pageSize === 65536 ? 1 : 0;
    page[20] = cipher.reservedBytes;
    page[100] = 13; // a table-leaf b-tree page header follows the database header
  }
  return page;
}

function keyFor(cipher: Cipher, seed = 1): Uint8Array {
  return pseudoRandom(cipher.keyBytes, seed);
}

function thrown(f: () => unknown): SqliteError {
  try {
    f();
  } catch (e) {
    if (isSqliteError(e)) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('page cipher', () => {
  for (const cipher of CIPHERS) {
    const key = keyFor(cipher);
    const R = cipher.reservedBytes;

    it(`${cipher.name}: round trip of pages 1, 2 and 1000 at page sizes 512..65536, copied and in place`, () => {
      for (const pageSize of [512, 1024, 4096, 65536]) {
        for (const pgno of [1, 2, 1000]) {
          const plain = plainPage(pgno, pageSize, cipher);
          const sealed = encryptPage(plain, pgno, cipher, key);
          const opened = decryptPage(sealed, pgno, cipher, key);
          expect(toHex(opened.subarray(0, pageSize - R))).toBe(toHex(plain.subarray(0, pageSize - R)));
          expect(toHex(opened.subarray(pageSize - R))).toBe(toHex(sealed.subarray(pageSize - R))); // tag + nonce kept
          const inPlace = plain.slice();
          expect(encryptPage(inPlace, pgno, cipher, key, inPlace)).toBe(inPlace);
          expect(decryptPage(inPlace, pgno, cipher, key, inPlace)).toBe(inPlace);
          expect(toHex(inPlace.subarray(0, pageSize - R))).toBe(toHex(plain.subarray(0, pageSize - R)));
        }
      }
    });

    it(`${cipher.name}: page 1 layout: Turso header, clear header bytes 16..99, tag, nonce at the end`, () => {
      const pageSize = 4096;
      const plain = plainPage(1, pageSize, cipher);
      const sealed = encryptPage(plain, 1, cipher, key);
      expect(toHex(sealed.subarray(0, 16))).toBe(toHex(encodeTursoHeader(cipher.id)));
      expect(Array.from(sealed.subarray(0, 16))).toEqual([0x54, 0x75, 0x72, 0x73, 0x6f, 0, cipher.id, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      expect(toHex(sealed.subarray(16, 100))).toBe(toHex(plain.subarray(16, 100)));
      expect(sealed[20]).toBe(R);
      expect(toHex(sealed.subarray(100, pageSize - R))).not.toBe(toHex(plain.subarray(100, pageSize - R)));
      expect(sealedPageLayout(pageSize, 1, cipher)).toEqual({ encryptedStart: 100, encryptedEnd: pageSize - R, nonceStart: pageSize - R + 16 });
      expect(sealedPageLayout(pageSize, 2, cipher)).toEqual({ encryptedStart: 0, encryptedEnd: pageSize - R, nonceStart: pageSize - R + 16 });
      const header = decryptHeader(sealed.subarray(0, 100), cipher);
      expect(new TextDecoder().decode(header.subarray(0, 16))).toBe('SQLite format 3\0');
      expect(toHex(header.subarray(16))).toBe(toHex(plain.subarray(16, 100)));
    });

    it(`${cipher.name}: each write draws a fresh nonce`, () => {
      const plain = plainPage(2, 1024, cipher);
      const a = encryptPage(plain, 2, cipher, key), b = encryptPage(plain, 2, cipher, key);
      const { nonceStart } = sealedPageLayout(1024, 2, cipher);
      expect(toHex(a.subarray(nonceStart))).not.toBe(toHex(b.subarray(nonceStart)));
      expect(toHex(a.subarray(0, 100))).not.toBe(toHex(b.subarray(0, 100)));
    });

    it(`${cipher.name}: every single-bit flip of a sealed 512-byte page 1 and page 2 is refused`, () => {
      for (const pgno of [1, 2]) {
        const sealed = encryptPage(plainPage(pgno, 512, cipher), pgno, cipher, key);
        const out = new Uint8Array(512);
        let refused = 0;
        for (let bit = 0; bit < 512 * 8; bit++) {
          sealed[bit >> 3] ^= 1 << (bit & 7);
          const e = thrown(() => decryptPage(sealed, pgno, cipher, key, out));
          sealed[bit >> 3] ^= 1 << (bit & 7);
          expect(e.code).toBe(pgno === 1 ? 'SQLITE_NOTADB' : 'SQLITE_CORRUPT');
          if (pgno === 2 || bit >= 16 * 8) expect(e.message).toContain(`page ${pgno} failed authentication: wrong key or corrupted page`);
          expect(e.pgno).toBe(pgno === 1 ? 1 : 2);
          refused++;
        }
        expect(refused).toBe(4096);
        expect(decryptPage(sealed, pgno, cipher, key)[pgno === 1 ? 100 : 0]).toBe(plainPage(pgno, 512, cipher)[pgno === 1 ? 100 : 0]);
      }
    });

    it(`${cipher.name}: random bit flips of 4 KiB pages are refused; the output is all zeros`, () => {
      const sealed = [1, 2].map((pgno) => encryptPage(plainPage(pgno, 4096, cipher), pgno, cipher, key));
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 4096 * 8 - 1 }), (pgno, bit) => {
          const page = sealed[pgno - 1].slice();
          page[bit >> 3] ^= 1 << (bit & 7);
          const out = new Uint8Array(4096).fill(0x55);
          expect(() => decryptPage(page, pgno, cipher, key, out)).toThrow();
          expect(out.every((b) => b === 0)).toBe(true);
        }),
        { numRuns: 200 },
      );
    });

    it(`${cipher.name}: wrong key: page 1 → SQLITE_NOTADB, page 7 → SQLITE_CORRUPT naming page 7`, () => {
      const other = keyFor(cipher, 2);
      const p1 = thrown(() => decryptPage(encryptPage(plainPage(1, 4096, cipher), 1, cipher, key), 1, cipher, other));
      expect(p1.code).toBe('SQLITE_NOTADB');
      expect(p1.message).toBe('page 1 failed authentication: wrong key or corrupted page (page 1)');
      const p7 = thrown(() => decryptPage(encryptPage(plainPage(7, 4096, cipher), 7, cipher, key), 7, cipher, other));
      expect(p7.code).toBe('SQLITE_CORRUPT');
      expect(p7.pgno).toBe(7);
      expect(p7.message).toMatch(/^page 7 failed authentication: wrong key or corrupted page/);
      // A page sealed as page 7 does not open as page 8? It does: Turso binds no pgno into the AD.
      expect(decryptPage(encryptPage(plainPage(7, 4096, cipher), 7, cipher, key), 8, cipher, key)[0]).toBe(plainPage(7, 4096, cipher)[0]);
    });
  }

  it('ciphertext equals libsodium (AEGIS) and OpenSSL (AES-GCM) on the nonce and AD the page carries', () => {
    for (const name of ['aegis256', 'aegis128l', 'aes256gcm', 'aes128gcm']) {
      const cipher = cipherByName(name);
      const key = keyFor(cipher);
      for (const pgno of [1, 2]) {
        const plain = plainPage(pgno, 4096, cipher);
        const sealed = encryptPage(plain, pgno, cipher, key);
        const { encryptedStart, encryptedEnd, nonceStart } = sealedPageLayout(4096, pgno, cipher);
        const nonce = sealed.subarray(nonceStart);
        const ad = pgno === 1 ? sealed.subarray(0, 100) : new Uint8Array(0);
        const msg = plain.subarray(encryptedStart, encryptedEnd);
        let ct: Uint8Array, tag: Uint8Array | undefined;
        if (name.startsWith('aegis')) {
          // libsodium makes 256-bit tags; the ciphertext is the same.
          ct = sodium[`crypto_aead_${name as 'aegis256' | 'aegis128l'}_encrypt_detached`](msg, ad, null, nonce, key).ciphertext;
        } else {
          const c = createCipheriv(name === 'aes256gcm' ? 'aes-256-gcm' : 'aes-128-gcm', key, nonce);
          c.setAAD(ad);
          ct = Buffer.concat([c.update(msg), c.final()]);
          tag = c.getAuthTag();
        }
        expect(toHex(sealed.subarray(encryptedStart, encryptedEnd))).toBe(toHex(ct));
        if (tag) expect(toHex(sealed.subarray(encryptedEnd, nonceStart))).toBe(toHex(tag));
      }
    }
  });

  it('refuses a file sealed with another cipher, a bad Turso header, a page 1 without the SQLite magic, tiny pages', () => {
    const aegis = cipherByName('aegis256'), gcm = cipherByName('aes256gcm');
    const sealed = encryptPage(plainPage(1, 4096, aegis), 1, aegis, keyFor(aegis));
    const wrongCipher = thrown(() => decryptPage(sealed, 1, gcm, keyFor(gcm)));
    expect(wrongCipher.code).toBe('SQLITE_NOTADB');
    expect(wrongCipher.message).toContain('file is encrypted with aegis256, not aes256gcm');
    expect(thrown(() => decryptHeader(sealed.subarray(0, 100), gcm)).code).toBe('SQLITE_NOTADB');
    const plainFile = plainPage(1, 4096, aegis);
    expect(thrown(() => decryptPage(plainFile, 1, aegis, keyFor(aegis))).code).toBe('SQLITE_NOTADB');
    const noMagic = pseudoRandom(4096, 3);
    expect(thrown(() => encryptPage(noMagic, 1, aegis, keyFor(aegis))).code).toBe('SQLITE_MISUSE');
    expect(thrown(() => encryptPage(plainPage(1, 4096, aegis).subarray(0, 140), 1, aegis, keyFor(aegis))).code).toBe('SQLITE_MISUSE');
    expect(thrown(() => encryptPage(new Uint8Array(48), 2, aegis, keyFor(aegis))).code).toBe('SQLITE_MISUSE');
    expect(thrown(() => encryptPage(new Uint8Array(512), 0, aegis, keyFor(aegis))).code).toBe('SQLITE_MISUSE');
    expect(thrown(() => encryptPage(new Uint8Array(512), 2, aegis, new Uint8Array(16))).code).toBe('SQLITE_MISUSE');
  });

  it('createPageCipher binds a cipher name and a hex key', () => {
    const pc = createPageCipher('AEGIS-128X2', '00112233445566778899aabbccddeeff');
    expect(pc.cipher.name).toBe('aegis128x2');
    expect(pc.reservedBytes).toBe(32);
    const plain = plainPage(1, 4096, pc.cipher);
    const sealed = pc.encrypt(1, plain);
    expect(toHex(pc.decrypt(1, sealed).subarray(0, 4096 - 32))).toBe(toHex(plain.subarray(0, 4096 - 32)));
    expect(toHex(pc.decryptHeader(sealed.subarray(0, 100)))).toBe(toHex(plain.subarray(0, 100)));
    expect(thrown(() => createPageCipher('aegis128x2', 'abcd')).code).toBe('SQLITE_ERROR');
    expect(thrown(() => createPageCipher('rot13', 'abcd')).code).toBe('SQLITE_ERROR');
    expect(thrown(() => createPageCipher(pc.cipher, new Uint8Array(32))).code).toBe('SQLITE_MISUSE');
  });
});
