/**
 * Turso's cipher names by the id stored in byte 6 of its 16-byte header (core/storage/encryption.rs).
 * @module
 */
const NAMES: Record<number, string> = {
  1: 'aes128gcm',
  2: 'aes256gcm',
  3: 'aegis256',
  4: 'aegis256x2',
  5: 'aegis256x4',
  6: 'aegis128l',
  7: 'aegis128x2',
  8: 'aegis128x4',
};

/** Turso's name for cipher id `id`, or `unknown(id)`. */
export function cipherNameOf(id: number): string {
  return NAMES[id] ?? `unknown(${id})`;
}
