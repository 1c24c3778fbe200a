/**
 * The rules of EncryptionConfig (src/api/encryption-config.ts): cipher and key from options, URI or
 * PRAGMAs in any order; both needed; a key of the wrong size or an unknown cipher refused; once the
 * pager decrypts with them, the same values may be set again but different ones are an error
 * (Turso's issue #2883). The codec it yields opens a Turso-written file (checked against the real
 * engine) and refuses the same file under another key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@tursodatabase/database';
import { afterAll, describe, expect, it } from 'vitest';
import { EncryptionConfig } from '../../src/api/encryption-config.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { runSync } from '../../src/io/io-result.js';
import { Pager } from '../../src/pager/pager.js';
import { readSchemaTable } from '../../src/btree/schema-table.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-enccfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'c4'.repeat(32);

describe('EncryptionConfig', () => {
  it('takes both or neither from options and URIs', () => {
    expect(EncryptionConfig.from(undefined, undefined, 'options').codec()).toBeUndefined();
    expect(() => EncryptionConfig.from('aegis256', undefined, 'options')).toThrow(/give both or neither/);
    expect(() => EncryptionConfig.from(undefined, KEY, 'URI')).toThrow(/URI: cipher and hexkey go together/);
    expect(EncryptionConfig.from('AES-256-GCM', KEY, 'options').codec()!.cipher.name).toBe('aes256gcm');
  });

  it('accepts the PRAGMAs in either order and checks the key size against the cipher', () => {
    const a = new EncryptionConfig();
    a.setHexkey(KEY);
    expect(() => a.codec()).toThrow(/no cipher/);
    expect(() => a.setCipher('aegis128l')).toThrow(/32 hex digits/); // a 32-byte key for a 16-byte cipher
    a.setCipher('aegis256');
    expect(a.codec()!.cipher.name).toBe('aegis256');
    const b = new EncryptionConfig();
    b.setCipher('aegis128x2');
    expect(() => b.setHexkey(KEY)).toThrow(/32 hex digits \(16 bytes\), got 64/);
    expect(() => b.setHexkey('zz')).toThrow(/non-hex/);
    expect(() => b.codec()).toThrow(/no hexkey/);
    expect(() => b.setCipher('rot13')).toThrow(/unknown cipher 'rot13'/);
  });

  it('refuses a different cipher or key once in use; the same ones are fine', () => {
    const c = EncryptionConfig.from('aegis256', KEY, 'options');
    c.codec();
    expect(c.inUse).toBe(true);
    c.setCipher('AEGIS-256');
    c.setHexkey(KEY.toUpperCase());
    expect(() => c.setHexkey('c5'.repeat(32))).toThrow(/already open with another key/);
    expect(() => c.setCipher('aegis256x2')).toThrow(/cannot change to aegis256x2/);
  });

  it('its codec opens a Turso-written file; another key is refused naming page 1', async () => {
    const path = join(dir, 't.db');
    const db = await connect(path, { encryption: { cipher: 'aegis256', hexkey: KEY }, experimental: ['encryption'] });
    await db.exec('CREATE TABLE secret(x)');
    db.close();
    const open = (hex: string) => Pager.open(new NodeSyncIO(), path, { codec: EncryptionConfig.from('aegis256', hex, 'options').codec() });
    const p = open(KEY);
    expect(runSync(() => readSchemaTable(p, 1)).map((r) => r.name)).toEqual(['secret']);
    p.close();
    expect(() => {
      const q = open('c5'.repeat(32));
      try {
        runSync(() => readSchemaTable(q, 1));
      } finally {
        q.close();
      }
    }).toThrow(/page 1/);
  });
});
