/**
 * The header pane: a summary (file, pages, schema counts, WAL, journal — as the shell's .dbinfo),
 * every field of the 100-byte database header named as fileformat2 §1.3 names it, and a hex view of
 * the header with the selected field's bytes highlighted.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { ErrorLine } from './error-line.js';
import { HexView } from './hex-view.js';
import { hexLines } from './hex-lines.js';
import { headerLayout } from './layout.js';
import { ListWindow } from './list-window.js';
import type { HeaderData } from './view-data.js';
import type { Region } from './page-regions.js';

/** Props of {@link HeaderPane}. */
export interface HeaderPaneProps {
  data: HeaderData;
  sel: number;
  height: number;
}

/** The header pane. */
export function HeaderPane({ data, sel, height }: HeaderPaneProps) {
  const layout = headerLayout(height);
  const field = data.fields[sel];
  const regions: Region[] = data.fields.map((f, i) => ({ start: f.offset, end: f.offset + f.size, kind: i % 2 ? 'dbheader' : 'header' }));
  return (
    <Box flexDirection="column" height={height}>
      {data.summary.map((line, i) => (
        <Text key={i} wrap="truncate-end" color={i === 0 ? 'cyan' : undefined}>
          {line}
        </Text>
      ))}
      {data.error ? <ErrorLine error={data.error} /> : <Text dimColor>{' off size field                                  value'}</Text>}
      <ListWindow
        count={data.fields.length}
        sel={sel}
        height={layout.fields}
        empty="no header to show"
        render={(i) => {
          const f = data.fields[i];
          return (
            <>
              {String(f.offset).padStart(3)} {String(f.size).padStart(3)}  {f.name.padEnd(38)} {f.value}
              {f.warning ? <Text color="red"> ! {f.warning}</Text> : null}
              {f.link ? <Text color="cyan"> →</Text> : null}
            </>
          );
        }}
      />
      {data.head ? (
        <HexView bytes={data.head} lines={hexLines(data.head)} top={0} height={layout.hex} regions={regions} highlight={field ? [field.offset, field.offset + field.size] : undefined} />
      ) : null}
    </Box>
  );
}
