/**
 * Hex + ASCII view of a page: 16 bytes a line, all-zero runs collapsed, bytes coloured by region, the
 * selected item's bytes in inverse and its related bytes (a cell's pointer) underlined. Only the
 * `height` lines from `top` are formatted.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { asciiOf, hexByte, hexOffset, HEX_BYTES_PER_LINE, type HexLine } from './hex-lines.js';
import { regionAt, REGION_STYLE, type Region } from './page-regions.js';
import type { ByteRange } from './page-detail.js';

/** Props of {@link HexView}. */
export interface HexViewProps {
  bytes: Uint8Array;
  lines: readonly HexLine[];
  top: number;
  height: number;
  regions: readonly Region[];
  /** Bytes of the selected item. */
  highlight?: ByteRange;
  /** Bytes related to the selected item. */
  related?: ByteRange;
  /** Offset added to printed offsets (0 for a page). */
  base?: number;
}

type Style = { color?: string; inverse?: boolean; underline?: boolean; dim?: boolean };

function styleOf(off: number, p: HexViewProps): Style {
  if (p.highlight && off >= p.highlight[0] && off < p.highlight[1]) return { inverse: true, color: 'yellow' };
  if (p.related && off >= p.related[0] && off < p.related[1]) return { underline: true, color: 'yellow' };
  const r = regionAt(p.regions, off);
  if (!r) return { dim: true };
  const kind = r.kind;
  if (kind === 'cell') return { color: (r.index ?? 0) % 2 ? 'greenBright' : 'green' };
  return { color: REGION_STYLE[kind].color, dim: kind === 'unallocated' || kind === 'unknown' };
}

function same(a: Style, b: Style): boolean {
  return a.color === b.color && a.inverse === b.inverse && a.underline === b.underline && a.dim === b.dim;
}

/** Consecutive runs of text with one style. */
function spans(parts: Array<{ text: string; style: Style }>): Array<{ text: string; style: Style }> {
  const out: Array<{ text: string; style: Style }> = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && same(last.style, p.style)) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

function BytesLine({ offset, props }: { offset: number; props: HexViewProps }) {
  const { bytes } = props;
  const hex: Array<{ text: string; style: Style }> = [];
  const ascii: Array<{ text: string; style: Style }> = [];
  for (let k = 0; k < HEX_BYTES_PER_LINE; k++) {
    const o = offset + k;
    const gap = k === 7 ? '  ' : ' ';
    if (o >= bytes.length) {
      hex.push({ text: '  ' + gap, style: {} });
      continue;
    }
    const style = styleOf(o, props);
    hex.push({ text: hexByte(bytes[o]), style }, { text: gap, style: {} });
    ascii.push({ text: asciiOf(bytes[o]), style });
  }
  return (
    <Text wrap="truncate-end">
      <Text dimColor>{hexOffset(offset + (props.base ?? 0))} </Text>{' '}
      {spans(hex).map((s, i) => (
        <Text key={i} color={s.style.color} inverse={s.style.inverse} underline={s.style.underline} dimColor={s.style.dim}>
          {s.text}
        </Text>
      ))}
      <Text dimColor>|</Text>
      {spans(ascii).map((s, i) => (
        <Text key={`a${i}`} color={s.style.color} inverse={s.style.inverse} underline={s.style.underline} dimColor={s.style.dim}>
          {s.text}
        </Text>
      ))}
      <Text dimColor>|</Text>
    </Text>
  );
}

/** The hex view (`height` lines). */
export function HexView(props: HexViewProps) {
  const shown = props.lines.slice(props.top, props.top + props.height);
  return (
    <Box flexDirection="column" height={props.height}>
      {shown.map((l) =>
        l.kind === 'bytes' ? (
          <BytesLine key={l.offset} offset={l.offset} props={props} />
        ) : (
          <Text key={l.offset} dimColor wrap="truncate-end">
            {hexOffset(l.offset + (props.base ?? 0))} {' '}* {l.end - l.offset} zero bytes to {hexOffset(l.end - 1 + (props.base ?? 0))}
          </Text>
        ),
      )}
    </Box>
  );
}
