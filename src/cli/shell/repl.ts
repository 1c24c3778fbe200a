/**
 * The interactive loop (node:readline): prompt `strata> `, or `   ...> ` while a statement is
 * pending; each line goes to the {@link Shell}. Ctrl-D ends the session, Ctrl-C drops the pending
 * statement (and ends the session when nothing is pending).
 *
 * @module
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Shell } from './shell.js';

/** The prompt for a new statement (tursodb's, with our name). */
export const PROMPT = 'strata> ';
/** The prompt while a statement is unfinished, as tursodb shows it. */
export const CONTINUATION_PROMPT = '   ...> ';

/** Runs the REPL until end of input or `.quit`; resolves when done. */
export function runRepl(shell: Shell, input: Readable, output: Writable): Promise<void> {
  const rl = createInterface({ input, output, terminal: true, historySize: 1000 });
  const prompt = (): void => {
    rl.setPrompt(shell.pending ? CONTINUATION_PROMPT : PROMPT);
    rl.prompt();
  };
  return new Promise((resolve) => {
    let queue = Promise.resolve();
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        await shell.feedLine(line);
        if (shell.done) rl.close();
        else prompt();
      });
    });
    rl.on('SIGINT', () => {
      if (!shell.pending) rl.close();
      else {
        shell.finishDiscard();
        output.write('\n');
        prompt();
      }
    });
    rl.on('close', () => {
      void queue.then(() => resolve());
    });
    prompt();
  });
}
