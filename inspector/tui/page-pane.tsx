/**
 * The page detail pane:
 *
 * ```
 * title: page N/M · kind · description · source            [items|hex]
 * byte map (2 lines) + legend
 * items: header fields, cell pointer array, cells with records, freeblocks, fragments, reserved
 * the selected item, in full (2 lines)
 * hex + ASCII, the selected item's bytes highlighted
 * ```
 *
 * @module
 */
import { Box, Text } from 'ink';
import { ByteMap } from './byte-map.js';
import { cut, plural } from './format-value.js';
import { HexView } from './hex-view.js';
import { hexOffset } from './hex-lines.js';
import { pageLayout } from './layout.js';
import { ListWindow } from './list-window.js';
import type { PageData } from './view-data.js';

/** Props of {@link PagePane}. */
export interface PagePaneProps {
  data: PageData;
  sel: number;
  focus: 'items' | 'hex';
  pageCount: number;
  height: number;
  width: number;
}

/** The page pane. */
export function PagePane({ data, sel, focus, pageCount, height, width }: PagePaneProps) {
  const { detail, lines, hexTop } = data;
  const layout = pageLayout(height);
  const item = detail.items[sel];
  const more = item?.more?.() ?? item?.line().error ?? (item?.range ? `bytes ${hexOffset(item.range[0])}..${hexOffset(item.range[1] - 1)} (${plural(item.range[1] - item.range[0], 'byte')})` : '');
  const tag = focus === 'hex' ? '[hex]' : '[items]';
  const title = `page ${detail.pgno}/${pageCount} · ${detail.title} · ${detail.source}`;
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate-end">
        <Text bold>{cut(title, width - tag.length - 1).padEnd(width - tag.length - 1)}</Text> <Text color="cyan">{tag}</Text>
      </Text>
      {detail.bytes ? (
        <ByteMap regions={detail.regions} pageSize={detail.bytes.length} width={width - 2} lines={layout.mapLines} selected={item?.range} />
      ) : (
        <Box height={layout.mapLines + 1} />
      )}
      <ListWindow
        count={detail.items.length}
        sel={sel}
        active={focus === 'items'}
        height={layout.items}
        empty="nothing decoded on this page"
        render={(i) => {
          const it = detail.items[i];
          const l = it.line();
          return (
            <>
              <Text color={l.error ? 'red' : undefined}>{l.text}</Text>
              {l.error && l.error !== more ? <Text color="red"> ✗ {l.error}</Text> : null}
              {it.link ? <Text color="cyan"> →</Text> : null}
            </>
          );
        }}
      />
      <Box height={2} flexDirection="column">
        {detail.error ? (
          <Text color="red" wrap="truncate-end">
            ✗ {detail.error}
          </Text>
        ) : null}
        <Text dimColor wrap="wrap">
          {cut(more, (detail.error ? 1 : 2) * width - 2)}
        </Text>
      </Box>
      {detail.bytes ? (
        <HexView bytes={detail.bytes} lines={lines} top={hexTop} height={layout.hex} regions={detail.regions} highlight={item?.range} related={item?.range2} />
      ) : null}
    </Box>
  );
}
