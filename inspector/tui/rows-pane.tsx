/**
 * The rows pane: the rows of one table or index, one screen at a time (only those rows are decoded),
 * as `SELECT rowid, * FROM t` shows them, columns scrolled sideways with ←/→.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { ErrorLine } from './error-line.js';
import { fit } from './format-value.js';
import { rowsLayout } from './layout.js';
import type { RowsData } from './view-data.js';

/** Props of {@link RowsPane}. */
export interface RowsPaneProps {
  data: RowsData;
  /** First column shown. */
  col: number;
  height: number;
  width: number;
}

/** Column widths: each as wide as its widest cell on screen, 4..24 characters. */
function widths(columns: string[], rows: string[][]): number[] {
  return columns.map((c, i) => Math.min(24, Math.max(4, c.length, ...rows.map((r) => (r[i] ?? '').length))));
}

/** The rows pane. */
export function RowsPane({ data, col, height, width }: RowsPaneProps) {
  const { rows: lines } = rowsLayout(height);
  const w = widths(data.columns, data.rows);
  const shown: number[] = [];
  for (let i = col, used = 7; i < data.columns.length && used < width; i++) {
    shown.push(i);
    used += w[i] + 1;
  }
  const last = data.first + data.rows.length;
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate-end">
        <Text bold>{data.name}</Text> · rows {data.rows.length ? `${data.first + 1}–${last}` : 'none'}
        {data.more ? ' (more follow)' : ' (end)'} · columns {col + 1}–{col + shown.length} of {data.columns.length}
        {data.error ? <Text color="red"> ✗ {data.error}</Text> : null}
      </Text>
      <Text bold color="cyan" wrap="truncate-end">
        {'#'.padStart(6)} {shown.map((i) => fit(data.columns[i], w[i])).join(' ')}
      </Text>
      <Box flexDirection="column" height={lines}>
        {data.rows.map((r, k) => (
          <Text key={k} wrap="truncate-end">
            <Text dimColor>{String(data.first + k + 1).padStart(6)}</Text> {shown.map((i) => fit(r[i] ?? '', w[i])).join(' ')}
          </Text>
        ))}
        {data.rows.length === 0 && data.error ? <ErrorLine error={data.error} /> : null}
      </Box>
    </Box>
  );
}
