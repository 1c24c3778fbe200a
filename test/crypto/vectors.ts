/**
 * The AEGIS vectors in ../shared/vectors/aegis (beside the repository, resolved from this file):
 * the draft's test vectors as JSON and the Wycheproof sets. When ../shared is absent,
 * {@link HAVE_VECTORS} is false and the tests that need them skip, saying why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTORS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/vectors/aegis');
export const HAVE_VECTORS = existsSync(join(VECTORS_DIR, 'aegis-128l-test-vectors.json'));
export const VECTORS_MISSING = `skipped: ${VECTORS_DIR} (../shared/vectors/aegis beside the repository) is absent`;

export function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(join(VECTORS_DIR, relative), 'utf8')) as T;
}

export function hex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
}

/** One entry of a draft vector file; which fields exist depends on the entry's kind. */
export type DraftVector = Record<string, string>;

/** Wycheproof's AeadTest schema, the fields used here. */
export interface WycheproofFile {
  algorithm: string;
  numberOfTests: number;
  testGroups: {
    keySize: number;
    ivSize: number;
    tagSize: number;
    tests: { tcId: number; comment: string; flags: string[]; key: string; iv: string; aad: string; msg: string; ct: string; tag: string; result: 'valid' | 'invalid' | 'acceptable' }[];
  }[];
}
