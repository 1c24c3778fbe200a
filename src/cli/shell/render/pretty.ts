/**
 * The `table` mode (alias `pretty`): the table Turso's shell draws by default, as in the Turso
 * manual's "Pretty" example (tursodb uses comfy-table with all-light box drawing):
 *
 * ```
 * ┌────┬─────────┬─────────┐
 * │ id │ name    │ salary  │     header left-aligned
 * ├────┼─────────┼─────────┤
 * │  1 │ Alice   │ 95000.0 │     INTEGER and REAL right-aligned; TEXT, BLOB and NULL left-aligned
 * ├────┼─────────┼─────────┤     a rule between every two rows
 * │  2 │ Bob     │ 72000.0 │
 * └────┴─────────┴─────────┘
 * ```
 *
 * Differences from sqlite3's `box` (box.ts), on purpose: widths are display widths (string-width:
 * a CJK character takes two cells, a combining mark none), numbers are right-aligned, the header is
 * not centred, and every row is ruled off. A value with newlines spans several lines of its cell.
 * Values are spelled as in list mode (REAL `%!.15g`), the NULL text is the null value. No
 * coloring and no wrapping to the terminal width; an empty result prints nothing.
 *
 * @module
 */
import stringWidth from 'string-width';
import type { ShellValue } from '../engine.js';
import type { Renderer, RendererFactory } from './types.js';
import { bytesToText, columnText, utf8Bytes } from './value-text.js';

interface Cell {
  lines: string[];
  right: boolean;
}

function cell(text: string, right: boolean): Cell {
  return { lines: text.split(/\r?\n/), right };
}

/** `table` / `pretty`. */
export const prettyRenderer: RendererFactory = (columns, settings, out): Renderer => {
  const rows: Cell[][] = [];
  return {
    row(values: readonly ShellValue[]) {
      rows.push(
        values.map((v) => {
          const t = columnText(v);
          return cell(bytesToText(t ?? settings.nullValue), typeof v === 'bigint' || typeof v === 'number');
        }),
      );
    },
    end() {
      if (rows.length === 0) return;
      const header = columns.map((c) => cell(c, false));
      const all = [header, ...rows];
      const widths = columns.map((_, i) => Math.max(...all.flatMap((r) => r[i].lines.map((l) => stringWidth(l)))));
      const rule = (l: string, m: string, r: string): string => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r + '\n';
      const draw = (r: Cell[]): string => {
        const height = Math.max(...r.map((c) => c.lines.length));
        let s = '';
        for (let k = 0; k < height; k++) {
          const parts = r.map((c, i) => {
            const text = c.lines[k] ?? '';
            const pad = ' '.repeat(Math.max(0, widths[i] - stringWidth(text)));
            return c.right ? pad + text : text + pad;
          });
          s += `│ ${parts.join(' │ ')} │\n`;
        }
        return s;
      };
      let s = rule('┌', '┬', '┐') + draw(header);
      for (const r of rows) s += rule('├', '┼', '┤') + draw(r);
      s += rule('└', '┴', '┘');
      out(utf8Bytes(s));
    },
  };
};
