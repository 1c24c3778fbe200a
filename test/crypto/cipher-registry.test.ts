/** The cipher registry: Turso's names, ids and sizes; name aliases; hex keys. */
import { describe, expect, it } from 'vitest';
import { CIPHERS, cipherById, cipherByName, parseHexKey } from '../../src/crypto/cipher-registry.js';
import { isSqliteError } from '../../src/error.js';

const TABLE = [
  ['aes128gcm', 1, 16, 12, 28],
  ['aes256gcm', 2, 32, 12, 28],
  ['aegis256', 3, 32, 32, 48],
  ['aegis256x2', 4, 32, 32, 48],
  ['aegis256x4', 5, 32, 32, 48],
  ['aegis128l', 6, 16, 16, 32],
  ['aegis128x2', 7, 16, 16, 32],
  ['aegis128x4', 8, 16, 16, 32],
] as const;

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

describe('cipher registry', () => {
  it("has Turso's eight ciphers with their ids and sizes", () => {
    expect(CIPHERS.map((c) => [c.name, c.id, c.keyBytes, c.nonceBytes, c.reservedBytes])).toEqual(TABLE);
    for (const c of CIPHERS) {
      expect(c.tagBytes).toBe(16);
      expect(c.aead.keyBytes).toBe(c.keyBytes);
      expect(cipherById(c.id)).toBe(c);
      expect(cipherByName(c.name)).toBe(c);
    }
    expect(cipherById(0)).toBeUndefined();
    expect(cipherById(9)).toBeUndefined();
  });

  it('accepts names in any case, with dashes, underscores and blanks', () => {
    for (const [alias, name] of [
      ['aes-256-gcm', 'aes256gcm'],
      ['aes256-gcm', 'aes256gcm'],
      ['AES-128-GCM', 'aes128gcm'],
      ['AEGIS-256', 'aegis256'],
      ['aegis-128l', 'aegis128l'],
      ['AEGIS-128L', 'aegis128l'],
      ['aegis_256_x2', 'aegis256x2'],
      ['Aegis-128X4', 'aegis128x4'],
      ['  aegis256x4 ', 'aegis256x4'],
    ]) {
      expect(cipherByName(alias).name, alias).toBe(name);
    }
  });

  it('refuses an unknown name with SQLITE_ERROR listing the valid ones', () => {
    for (const bad of ['aes', 'chacha20', 'aegis128', 'aegis-512', '']) {
      const e = thrown(() => cipherByName(bad));
      expect(isSqliteError(e, 'SQLITE_ERROR'), bad).toBe(true);
      expect((e as Error).message).toContain(`unknown cipher '${bad}'`);
      expect((e as Error).message).toContain('aes128gcm, aes256gcm, aegis256, aegis256x2, aegis256x4, aegis128l, aegis128x2, aegis128x4');
    }
  });

  it('decodes hex keys of exactly the cipher key size', () => {
    const c = cipherByName('aegis256');
    const key = parseHexKey(' ' + '0123456789abcdefABCDEF'.padEnd(64, '0') + '\n', c);
    expect(key.length).toBe(32);
    expect(Array.from(key.subarray(0, 11))).toEqual([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef]);
    expect(parseHexKey('ff'.repeat(16), cipherByName('aes128gcm'))).toEqual(new Uint8Array(16).fill(255));
  });

  it('refuses hex keys of the wrong length or with non-hex characters', () => {
    const c = cipherByName('aegis128l');
    for (const [text, message] of [
      ['ab'.repeat(32), 'must be 32 hex digits (16 bytes), got 64'],
      ['ab'.repeat(15), 'must be 32 hex digits (16 bytes), got 30'],
      ['abc', 'must be 32 hex digits (16 bytes), got 3'],
      ['', 'must be 32 hex digits (16 bytes), got 0'],
      ['zz'.repeat(16), 'non-hex character at position 1'],
      ['0x' + 'ab'.repeat(15), 'non-hex character at position 2'],
    ]) {
      const e = thrown(() => parseHexKey(text, c));
      expect(isSqliteError(e, 'SQLITE_ERROR'), text).toBe(true);
      expect((e as Error).message).toContain(message);
      expect((e as Error).message).toContain('aegis128l');
    }
  });
});
