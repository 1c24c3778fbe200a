/**
 * The tables pane: sqlite_schema and every object in it (type, name, table, root page), with the
 * selected object's CREATE statement below. Enter browses its rows; the root-page key opens its
 * root page.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { ErrorLine } from './error-line.js';
import { cut, fit } from './format-value.js';
import { tablesLayout } from './layout.js';
import { ListWindow } from './list-window.js';
import type { TablesData } from './view-data.js';

/** Props of {@link TablesPane}. */
export interface TablesPaneProps {
  data: TablesData;
  sel: number;
  height: number;
  width: number;
}

/** The tables pane. */
export function TablesPane({ data, sel, height, width }: TablesPaneProps) {
  const { list, sql } = tablesLayout(height);
  const o = data.objects[sel];
  const nameWidth = Math.max(12, Math.floor((width - 24) / 2));
  return (
    <Box flexDirection="column" height={height}>
      {data.error ? <ErrorLine error={data.error} /> : <Text bold>Schema · {data.objects.length - 1} {data.objects.length === 2 ? 'object' : 'objects'} (and sqlite_schema itself)</Text>}
      <Text dimColor wrap="truncate-end">
        {`  ${fit('type', 8)} ${fit('name', nameWidth)} ${fit('table', nameWidth)}   root`}
      </Text>
      <ListWindow
        count={data.objects.length}
        sel={sel}
        height={list}
        render={(i) => {
          const r = data.objects[i];
          return (
            <>
              <Text color={r.type === 'index' ? 'blue' : r.type === 'table' ? 'green' : 'yellow'}>{fit(r.type, 8)}</Text> {fit(r.name, nameWidth)} {fit(r.tblName, nameWidth)}{' '}
              {String(r.rootpage).padStart(6)}
            </>
          );
        }}
      />
      <Box height={sql} flexDirection="column">
        <Text wrap="wrap" dimColor>
          {o ? cut(o.sql ?? `(no SQL: ${o.type === 'index' ? 'an automatic index' : 'none stored'})`, sql * width - 2) : ''}
        </Text>
      </Box>
    </Box>
  );
}
