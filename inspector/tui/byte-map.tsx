/**
 * The byte map: a page drawn as `lines` × `width` characters, each standing for a run of bytes and
 * showing the region that run belongs to (header, cell pointers, unallocated, cells, freeblocks,
 * fragments, reserved…), the selected item's bytes in inverse, and a legend of the kinds present.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { byteMap, REGION_STYLE, type ByteMapCell, type Region, type RegionKind } from './page-regions.js';
import type { ByteRange } from './page-detail.js';

/** Props of {@link ByteMap}. */
export interface ByteMapProps {
  regions: readonly Region[];
  pageSize: number;
  width: number;
  lines: number;
  selected?: ByteRange;
}

function colorOf(c: ByteMapCell): string {
  if (c.kind === 'cell') return c.odd ? 'greenBright' : 'green';
  return REGION_STYLE[c.kind].color;
}

/** Runs of equal neighbouring cells, so a line is a few Text nodes, not one per character. */
function runs(row: readonly ByteMapCell[]): Array<{ cell: ByteMapCell; n: number }> {
  const out: Array<{ cell: ByteMapCell; n: number }> = [];
  for (const c of row) {
    const last = out[out.length - 1];
    if (last && last.cell.kind === c.kind && last.cell.odd === c.odd && last.cell.selected === c.selected) last.n++;
    else out.push({ cell: c, n: 1 });
  }
  return out;
}

/** The byte map and its legend (`lines` + 1 lines). */
export function ByteMap({ regions, pageSize, width, lines, selected }: ByteMapProps) {
  const cells = byteMap(regions, pageSize, width * lines, selected);
  const rows: ByteMapCell[][] = [];
  for (let i = 0; i < lines; i++) rows.push(cells.slice(i * width, (i + 1) * width));
  const present = new Set<RegionKind>(regions.map((r) => r.kind));
  const per = Math.round(pageSize / (width * lines));
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
        <Text key={i} wrap="truncate-end">
          {runs(row).map((r, k) => (
            <Text key={k} color={colorOf(r.cell)} inverse={r.cell.selected}>
              {REGION_STYLE[r.cell.kind].char.repeat(r.n)}
            </Text>
          ))}
        </Text>
      ))}
      <Text wrap="truncate-end" dimColor>
        {`1 char ≈ ${per || 1} B `}
        {(Object.keys(REGION_STYLE) as RegionKind[])
          .filter((k) => present.has(k))
          .map((k) => (
            <Text key={k}>
              {' '}
              <Text color={REGION_STYLE[k].color} dimColor={false}>
                {REGION_STYLE[k].char}
              </Text>{' '}
              {REGION_STYLE[k].label}
            </Text>
          ))}
      </Text>
    </Box>
  );
}
