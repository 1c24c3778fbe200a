/**
 * Integrity findings: what is wrong with a file, as a union keyed on `code` (the zod v4 style), with
 * the numbers that explain each one. {@link renderFinding} gives SQLite's integrity_check wording where
 * SQLite has one.
 *
 * @module
 */

/** One problem found while walking a file. */
export type IntegrityFinding =
  | { code: 'page_claimed_twice'; pgno: number; first: string; second: string }
  | { code: 'page_never_used'; pgno: number }
  | { code: 'page_out_of_range'; pgno: number; from: number; pageCount: number }
  | { code: 'corrupt_page'; pgno: number; offset?: number; message: string }
  | { code: 'wrong_page_type'; pgno: number; expected: string; found: number }
  | { code: 'freelist_count_mismatch'; expected: number; found: number }
  | { code: 'overflow_chain_short'; pgno: number; cell: number; missingBytes: number };

/** Renders a finding as one line, close to SQLite's `PRAGMA integrity_check` text. */
export function renderFinding(f: IntegrityFinding): string {
  switch (f.code) {
    case 'page_claimed_twice':
      return `Page ${f.pgno}: 2nd reference (${f.second}; first: ${f.first})`;
    case 'page_never_used':
      return `Page ${f.pgno}: never used`;
    case 'page_out_of_range':
      return `invalid page number ${f.pgno} (referenced from page ${f.from}; database has ${f.pageCount} pages)`;
    case 'corrupt_page':
      return `Page ${f.pgno}${f.offset !== undefined ? ` offset ${f.offset}` : ''}: ${f.message}`;
    case 'wrong_page_type':
      return `Page ${f.pgno}: expected ${f.expected}, found page type ${f.found}`;
    case 'freelist_count_mismatch':
      return `freelist: size is ${f.found} but should be ${f.expected}`;
    case 'overflow_chain_short':
      return `Page ${f.pgno} cell ${f.cell}: overflow chain ${f.missingBytes} bytes short`;
  }
}
