/**
 * The lines of a hex + ASCII dump, 16 bytes a line, with runs of all-zero lines collapsed into one
 * (as showdb and hexdump skip them). Only line descriptors are computed here (cheap: one pass over
 * the page); the view formats just the lines on screen.
 *
 * @module
 */

/** Bytes per hex line. */
export const HEX_BYTES_PER_LINE = 16;

/** A line of the dump: 16 bytes from `offset`, or a collapsed run of zero bytes `[offset, end)`. */
export type HexLine = { kind: 'bytes'; offset: number } | { kind: 'zeros'; offset: number; end: number };

/**
 * The display lines of `bytes`.
 *
 * @param keep - byte ranges `[start, end)` (the highlighted bytes) whose first and last lines are
 *   never collapsed, so the highlight always shows where it starts and ends.
 * @param minRun - shortest run of all-zero lines that is collapsed (default 2).
 */
export function hexLines(bytes: Uint8Array, keep: ReadonlyArray<readonly [number, number]> = [], minRun = 2): HexLine[] {
  const out: HexLine[] = [];
  const n = Math.ceil(bytes.length / HEX_BYTES_PER_LINE);
  const line = (off: number): number => Math.floor(off / HEX_BYTES_PER_LINE);
  const keptLines = new Set(keep.filter(([s, e]) => e > s).flatMap(([s, e]) => [line(s), line(e - 1)]));
  const kept = (off: number): boolean => keptLines.has(line(off));
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && isZeroLine(bytes, j * HEX_BYTES_PER_LINE) && !kept(j * HEX_BYTES_PER_LINE)) j++;
    if (j - i >= minRun) {
      out.push({ kind: 'zeros', offset: i * HEX_BYTES_PER_LINE, end: Math.min(bytes.length, j * HEX_BYTES_PER_LINE) });
      i = j;
    } else {
      for (const end = Math.max(j, i + 1); i < end; i++) out.push({ kind: 'bytes', offset: i * HEX_BYTES_PER_LINE });
    }
  }
  return out;
}

function isZeroLine(bytes: Uint8Array, off: number): boolean {
  const end = Math.min(bytes.length, off + HEX_BYTES_PER_LINE);
  for (let k = off; k < end; k++) if (bytes[k] !== 0) return false;
  return true;
}

/** Index of the line showing byte `offset` (0 when none does). */
export function lineOf(lines: readonly HexLine[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].offset <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Offset as the dump prints it: 4 hex digits (pages are at most 65536 bytes), more when needed. */
export function hexOffset(offset: number): string {
  return offset.toString(16).padStart(4, '0');
}

/** A byte as two hex digits. */
export function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** A byte as the ASCII column prints it: printable ASCII as is, anything else as '.'. */
export function asciiOf(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}
