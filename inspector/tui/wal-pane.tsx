/**
 * The WAL pane: the WAL header with its checksum verdict, the `-shm` wal-index (both header copies
 * and the checkpoint info: mxFrame, nBackfill, read marks) when a -shm exists, and every frame with
 * its page, commit size, salts, checksums and verdict; frames past the last commit are marked.
 * Checksum verdicts carry on from each stored checksum, as showwal does (src/wal/wal-index.ts).
 *
 * @module
 */
import { Box, Text } from 'ink';
import type { WalIndexHeader } from '../../src/format/index.js';
import type { WalFrameInfo, WalScan } from '../../src/wal/wal-index.js';
import { ErrorLine } from './error-line.js';
import { walLayout } from './layout.js';
import { ListWindow } from './list-window.js';
import type { WalData } from './view-data.js';

/** Props of {@link WalPane}. */
export interface WalPaneProps {
  data: WalData;
  sel: number;
  height: number;
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** Why frame `f` is or is not valid, as a few words. */
export function frameVerdict(scan: WalScan, f: WalFrameInfo): string {
  if (f.valid) return f.commit ? 'ok COMMIT' : 'ok';
  const h = scan.header;
  if (h && (f.salt1 !== h.salt1 || f.salt2 !== h.salt2)) return 'BAD salt';
  if (f.checksum1 !== f.expectedChecksum1 || f.checksum2 !== f.expectedChecksum2) return 'BAD checksum';
  if (f.pgno === 0) return 'BAD pgno 0';
  return 'after bad frame';
}

function stopText(scan: WalScan): string {
  const s = scan.stop;
  switch (s.code) {
    case 'empty':
      return 'empty';
    case 'bad_header':
      return `bad header: ${s.why}`;
    case 'end_of_file':
      return 'valid to the end';
    case 'short_frame':
      return `frame ${s.frame} cut short (${s.bytes} bytes)`;
    default:
      return `${s.code.replace('_', ' ')} at frame ${s.frame}`;
  }
}

function ShmHeaderLine({ n, h, same }: { n: number; h: WalIndexHeader; same: boolean }) {
  return (
    <Text wrap="truncate-end">
      <Text dimColor>-shm {n}: </Text>
      {n === 2 && same ? (
        <Text color="green">same as copy 1</Text>
      ) : (
        <>
          mxFrame {h.mxFrame} · nPage {h.nPage} · iChange {h.iChange} · salt {hex8(h.aSalt[0])} {hex8(h.aSalt[1])} ·{' '}
          <Text color={h.checksumValid ? 'green' : 'red'}>{h.checksumValid ? 'cksum ok' : 'cksum BAD'}</Text>
        </>
      )}
    </Text>
  );
}

/** The WAL pane. */
export function WalPane({ data, sel, height }: WalPaneProps) {
  const { scan, shm } = data;
  const { frames: listLines } = walLayout(height, !!shm);
  if (!scan) {
    return (
      <Box flexDirection="column" height={height}>
        <Text>No -wal file beside the database.</Text>
        <ErrorLine error={data.error} />
      </Box>
    );
  }
  const h = scan.header;
  const f = scan.frames[sel];
  const marks = shm?.checkpoint.aReadMark.map((m) => (m === 0xffffffff ? '∅' : String(m))).join(', ');
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate-end">
        <Text bold>WAL </Text>
        {scan.stop.code === 'empty' && !h ? (
          <Text>empty -wal file (0 bytes): every page is read from the database file</Text>
        ) : (
          <Text color={scan.headerValid ? 'green' : 'red'}>{scan.headerValid ? 'header ok' : 'header BAD'}</Text>
        )}
        {h ? ` · ${hex8(h.magic)} ${h.magic === 0x377f0683 ? 'BE' : 'LE'}${h.formatVersion !== 3007000 ? ` · v${h.formatVersion}` : ''} · page ${h.pageSize} · ckpt seq ${h.checkpointSeq} · salt ${hex8(h.salt1)} ${hex8(h.salt2)}` : ''}
      </Text>
      <Text wrap="truncate-end">
        {scan.frames.length} frames · mxFrame {scan.mxFrame}
        {scan.mxFrame ? ` (db ${scan.dbSizePages} pages)` : ' (no commit)'} · {stopText(scan)}
      </Text>
      {shm ? (
        <>
          <ShmHeaderLine n={1} h={shm.headers[0]} same={shm.headersMatch} />
          <ShmHeaderLine n={2} h={shm.headers[1]} same={shm.headersMatch} />
          <Text wrap="truncate-end">
            <Text dimColor>checkpoint: </Text>nBackfill {shm.checkpoint.nBackfill} · attempted {shm.checkpoint.nBackfillAttempted} · read marks {marks}
          </Text>
        </>
      ) : (
        <Text dimColor>no -shm file</Text>
      )}
      <Text dimColor wrap="truncate-end">
        {'  frame   page  commit  salt-1   salt-2   cksum-1  cksum-2  verdict'}
      </Text>
      <ListWindow
        count={scan.frames.length}
        sel={sel}
        height={listLines}
        empty="no frames"
        render={(i) => {
          const fr = scan.frames[i];
          const verdict = frameVerdict(scan, fr);
          const past = fr.frame > scan.mxFrame;
          return (
            <>
              {String(fr.frame).padStart(6)} {String(fr.pgno).padStart(6)} {String(fr.commitSize).padStart(7)}  {hex8(fr.salt1)} {hex8(fr.salt2)} {hex8(fr.checksum1)} {hex8(fr.checksum2)}{' '}
              <Text color={fr.valid ? (fr.commit ? 'green' : undefined) : 'red'} bold={fr.commit}>
                {verdict}
              </Text>
              {past && fr.valid ? <Text color="yellow"> past last commit</Text> : null}
            </>
          );
        }}
      />
      {data.error ? (
        <ErrorLine error={data.error} />
      ) : f && (f.checksum1 !== f.expectedChecksum1 || f.checksum2 !== f.expectedChecksum2) ? (
        <Text color="red" wrap="truncate-end">
          frame {f.frame}: checksum should be {hex8(f.expectedChecksum1)} {hex8(f.expectedChecksum2)} (offset {f.offset} in the -wal)
        </Text>
      ) : f ? (
        <Text dimColor wrap="truncate-end">
          frame {f.frame}: page {f.pgno} at offset {f.offset} in the -wal{f.commit ? `, commit: database is ${f.commitSize} pages` : ''}
        </Text>
      ) : null}
    </Box>
  );
}
