/**
 * Cipher throughput on 4 KiB messages (one database page), in MB/s (10^6 bytes per second of
 * plaintext), encrypt and decrypt, Strata's ciphers side by side with libsodium-wrappers' AEGIS
 * (C compiled to WebAssembly) and node:crypto's AES-GCM (OpenSSL, AES-NI) in the same process.
 * Strata's AEGIS appears twice: with its WebAssembly lanes (the default) and its JavaScript lanes
 * (the fallback where WebAssembly is unavailable).
 *
 * Method: every case is warmed up, then the cases take turns, ROUNDS rounds of SLICE_MS each, so
 * that a slow spell of this shared machine hits every case alike; the table shows the median round
 * and, in brackets, the best. Each call is one whole AEAD operation (init, 4096 bytes, finalize);
 * the "into" forms are used where an implementation has them (in place, no allocation).
 *
 * A second table times the page cipher itself (encryptPage/decryptPage in place: layout, random
 * nonce, and the AEAD) for every cipher of the registry.
 *
 * Options: `--quick` (fewer, shorter rounds).
 */
import sodium from 'libsodium-wrappers';
import { createAegis128 } from '../src/crypto/aegis-128x.js';
import { createAegis256 } from '../src/crypto/aegis-256x.js';
import type { Aead } from '../src/crypto/aead.js';
import { nobleAesGcm, nodeAesGcm } from '../src/crypto/aes-gcm.js';
import { CIPHERS } from '../src/crypto/cipher-registry.js';
import { jsLanes } from '../src/crypto/lane-engine.js';
import { decryptPage, encryptPage } from '../src/crypto/page-cipher.js';

await sodium.ready;

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 9;
const SLICE_MS = quick ? 30 : 60;
const WARMUP_MS = quick ? 100 : 250;
const PAGE = 4096;

interface Case {
  cipher: string;
  impl: string;
  encrypt: () => void;
  decrypt: () => void;
}

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 151 + seed) & 0xff);
}

function strataCase(aead: Aead, impl = 'strata (wasm lanes)'): Case {
  const key = bytes(aead.keyBytes, 1), nonce = bytes(aead.nonceBytes, 2);
  const work = bytes(PAGE, 3), tag = new Uint8Array(aead.tagBytes);
  const sealed = bytes(PAGE, 3), sealedTag = new Uint8Array(aead.tagBytes);
  aead.encryptInto(key, nonce, sealed, sealed, sealedTag);
  const out = new Uint8Array(PAGE);
  return {
    cipher: aead.name.replace(' (js)', ''),
    impl,
    encrypt: () => aead.encryptInto(key, nonce, work, work, tag),
    decrypt: () => aead.decryptInto(key, nonce, sealed, sealedTag, out),
  };
}

function sodiumCase(variant: 'aegis128l' | 'aegis256', name: string): Case {
  const seal = sodium[`crypto_aead_${variant}_encrypt_detached`];
  const open = sodium[`crypto_aead_${variant}_decrypt_detached`];
  const keyBytes = variant === 'aegis128l' ? 16 : 32;
  const key = bytes(keyBytes, 1), nonce = bytes(keyBytes, 2), msg = bytes(PAGE, 3);
  const { ciphertext, mac } = seal(msg, null, null, nonce, key);
  return {
    cipher: name,
    impl: 'libsodium-wrappers (wasm, 32-byte tag)',
    encrypt: () => void seal(msg, null, null, nonce, key),
    decrypt: () => void open(null, ciphertext, mac, null, nonce, key),
  };
}

const JS = 'strata (JavaScript lanes, fallback)';
const cases: Case[] = [
  strataCase(createAegis128(1)),
  strataCase(createAegis128(1, 16, jsLanes), JS),
  sodiumCase('aegis128l', 'AEGIS-128L'),
  strataCase(createAegis128(2)),
  strataCase(createAegis128(2, 16, jsLanes), JS),
  strataCase(createAegis128(4)),
  strataCase(createAegis128(4, 16, jsLanes), JS),
  strataCase(createAegis256(1)),
  strataCase(createAegis256(1, 16, jsLanes), JS),
  sodiumCase('aegis256', 'AEGIS-256'),
  strataCase(createAegis256(2)),
  strataCase(createAegis256(2, 16, jsLanes), JS),
  strataCase(createAegis256(4)),
  strataCase(createAegis256(4, 16, jsLanes), JS),
  strataCase(nodeAesGcm(16), 'node:crypto (OpenSSL)'),
  strataCase(nodeAesGcm(32), 'node:crypto (OpenSSL)'),
  strataCase(nobleAesGcm(32), '@noble/ciphers (fallback)'),
];

const pageCases: Case[] = CIPHERS.map((cipher) => {
  const key = bytes(cipher.keyBytes, 4);
  const work = bytes(PAGE, 5);
  const sealed = encryptPage(bytes(PAGE, 5), 2, cipher, key);
  const scratch = new Uint8Array(PAGE);
  return {
    cipher: cipher.name,
    impl: 'encryptPage / decryptPage, page 2, in place',
    encrypt: () => void encryptPage(work, 2, cipher, key, work),
    decrypt: () => {
      scratch.set(sealed);
      decryptPage(scratch, 2, cipher, key, scratch);
    },
  };
});

/** Runs `f` for about `ms` milliseconds; returns MB/s of 4 KiB operations. */
function slice(f: () => void, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  do {
    for (let i = 0; i < 16; i++) f();
    ops += 16;
    now = performance.now();
  } while (now - start < ms);
  return (ops * PAGE) / ((now - start) / 1000) / 1e6;
}

function measure(list: Case[]): { median: number; best: number }[][] {
  const fns = list.flatMap((c) => [c.encrypt, c.decrypt]);
  for (const f of fns) slice(f, WARMUP_MS);
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) fns.forEach((f, i) => samples[i].push(slice(f, SLICE_MS)));
  const stats = samples.map((s) => {
    s.sort((a, b) => a - b);
    return { median: s[s.length >> 1], best: s[s.length - 1] };
  });
  return list.map((_, i) => [stats[2 * i], stats[2 * i + 1]]);
}

function cell(s: { median: number; best: number }): string {
  return `${s.median.toFixed(0)} (${s.best.toFixed(0)})`.padStart(12);
}

function table(title: string, list: Case[]): Map<string, { median: number; best: number }[]> {
  const results = measure(list);
  console.log(`\n${title}\nMB/s on ${PAGE}-byte messages, median of ${ROUNDS} rounds (best)`);
  console.log(`${'cipher'.padEnd(12)} ${'implementation'.padEnd(44)} ${'encrypt'.padStart(12)} ${'decrypt'.padStart(12)}`);
  const byKey = new Map<string, { median: number; best: number }[]>();
  list.forEach((c, i) => {
    console.log(`${c.cipher.padEnd(12)} ${c.impl.padEnd(44)} ${cell(results[i][0])} ${cell(results[i][1])}`);
    byKey.set(`${c.cipher}|${c.impl}`, results[i]);
  });
  return byKey;
}

console.log(`Node ${process.version}, ${(await import('node:os')).cpus()[0]?.model ?? 'unknown CPU'}`);
const primitives = table('AEAD primitives', cases);
table('Page cipher (Turso layout)', pageCases);

const targets: [string, number][] = [
  ['AEGIS-256', 250],
  ['AEGIS-128L', 300],
];
console.log('\nTargets (Strata, median encrypt and decrypt):');
for (const [name, mbps] of targets) {
  const [enc, dec] = primitives.get(`${name}|strata (wasm lanes)`)!;
  const ratio = Math.min(enc.median, dec.median) / mbps;
  console.log(`  ${name} ≥ ${mbps} MB/s: encrypt ${enc.median.toFixed(0)}, decrypt ${dec.median.toFixed(0)} → ${ratio >= 1 ? 'met' : 'not met'}`);
}
