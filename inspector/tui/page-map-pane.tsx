/**
 * The page map pane: every page on one line, as showdb's pgidx words it ("root leaf of table t",
 * "overflow 2 of cell 5 on page 9", "freelist leaf, child 3 of trunk 7", "ptrmap covering 3..400"),
 * pages claimed twice, never used or corrupt flagged in red. The walk over the whole file runs only
 * when this pane is first opened.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { renderFinding } from '../../src/btree/findings.js';
import { ErrorLine } from './error-line.js';
import { pagesLayout } from './layout.js';
import { ListWindow } from './list-window.js';
import type { PagesData } from './view-data.js';

/** Props of {@link PageMapPane}. */
export interface PageMapPaneProps {
  data: PagesData;
  sel: number;
  height: number;
}

/** The page map pane. */
export function PageMapPane({ data, sel, height }: PageMapPaneProps) {
  const { list } = pagesLayout(height);
  const map = data.map;
  if (!map) {
    return (
      <Box flexDirection="column" height={height}>
        {data.error ? <ErrorLine error={`page map: ${data.error}`} /> : <Text color="yellow">Walking {data.pageCount} pages to build the page map…</Text>}
      </Box>
    );
  }
  const others = map.findings.filter((f) => !('pgno' in f) || f.code === 'page_out_of_range');
  const selectedNotes = data.notes.get(sel + 1);
  const footer = selectedNotes ? `page ${sel + 1}: ${selectedNotes.join('; ')}` : others.length ? others.map(renderFinding).join('; ') : '';
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate-end">
        <Text bold>Page map</Text> · {map.pages.length} pages ·{' '}
        <Text color={map.findings.length ? 'red' : 'green'}>{map.findings.length ? `${map.findings.length} findings, ${data.flagged.length} pages flagged` : 'no findings'}</Text>
      </Text>
      <Text dimColor wrap="truncate-end">
        {'   page type           description'}
      </Text>
      <ListWindow
        count={map.pages.length}
        sel={sel}
        height={list}
        empty="the database has no pages"
        render={(i) => {
          const p = map.pages[i];
          const notes = data.notes.get(p.pgno);
          const bad = notes !== undefined || p.corrupt !== undefined;
          return (
            <>
              <Text color={bad ? 'red' : undefined}>{bad ? '!' : ' '}</Text>
              {String(p.pgno).padStart(5)} <Text color={typeColor(p.type)}>{p.type.padEnd(14)}</Text> {p.description}
              {notes ? <Text color="red"> — {notes.join('; ')}</Text> : null}
              {p.corrupt !== undefined && !notes ? <Text color="red"> — {p.corrupt}</Text> : null}
            </>
          );
        }}
      />
      {footer ? <ErrorLine error={footer} /> : <Text> </Text>}
    </Box>
  );
}

function typeColor(type: string): string | undefined {
  if (type.startsWith('table')) return 'green';
  if (type.startsWith('index')) return 'blue';
  if (type === 'overflow') return 'magenta';
  if (type.startsWith('freelist')) return 'yellow';
  if (type === 'unused') return 'red';
  return 'cyan';
}
