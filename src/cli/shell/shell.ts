/**
 * The shell's state machine: input lines in, statements and dot-commands run, output out.
 *
 * Input handling follows sqlite3's process_input: a line whose first non-blank character is '.'
 * while no SQL is pending is a dot-command; other lines accumulate until the text is a complete
 * statement (sql-complete.ts), then every statement in it runs in order. The first failing
 * statement of a chunk ends that chunk (later chunks still run, as in sqlite3); each failure
 * counts toward the exit code. At end of input a pending incomplete statement is still run.
 *
 * Output goes to `out` as byte strings (render/value-text.ts), errors to `err` as text lines.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { booleanValue, splitDotArgs } from './dot-args.js';
import { dumpDatabase } from './dump.js';
import { openDatabase, type EngineName, type OpenOptions, type ShellDatabase, type ShellValue } from './engine.js';
import { errorMessage, formatSqlError, OutputClosedError } from './errors.js';
import { DOT_COMMANDS, helpText } from './help.js';
import { isModeName, MODE_NAMES, rendererFor, type ModeName, type RendererFactory, type RenderSettings } from './render/index.js';
import { explainKind, opcodeTableRenderer, queryPlanRenderer, usesOpcodeTable } from './render/explain.js';
import { bytesToText, utf8Bytes } from './render/value-text.js';
import { schemaText, tablesText } from './schema.js';
import { isComplete, splitStatements } from './sql-complete.js';

/** How a shell is set up. */
export interface ShellConfig {
  engine: EngineName;
  /** Starting output mode (default 'list'). */
  mode?: ModeName;
  /** Starting `.headers` (default false). */
  headers?: boolean;
  /** Interactive: errors without line numbers, and they do not set the exit code. */
  interactive?: boolean;
  /** Print each statement and dot-command before running it (`-e`). */
  echo?: boolean;
  /** Receives output bytes (one char code per byte). */
  out: (bytes: string) => void;
  /** Receives error lines (text, with newline). */
  err: (text: string) => void;
}

interface InputSource {
  lineNo: number;
  buffer: string;
  startLine: number;
}

/** Column and row separators a mode sets when chosen with `.mode` (sqlite3: csv rows end in CRLF). */
function separatorsFor(mode: ModeName, fromDotMode: boolean): Pick<RenderSettings, 'colSep' | 'rowSep'> | null {
  switch (mode) {
    case 'list':
      return { colSep: '|', rowSep: '\n' };
    case 'csv':
      return { colSep: ',', rowSep: fromDotMode ? '\r\n' : '\n' };
    case 'quote':
      return { colSep: ',', rowSep: '\n' };
    case 'tabs':
      return { colSep: '\t', rowSep: '\n' };
    default:
      return null;
  }
}

/** An interactive or scripted shell over one database at a time. */
export class Shell {
  private db: ShellDatabase | null = null;
  private mode: ModeName;
  private readonly settings: RenderSettings;
  private readonly inputs: InputSource[] = [{ lineNo: 0, buffer: '', startLine: 0 }];
  /** Errors so far (each failed statement or dot-command). */
  errors = 0;
  /** Set by `.quit` / `.exit`: the exit code to leave with. */
  exitCode: number | null = null;

  constructor(private readonly config: ShellConfig) {
    this.mode = config.mode ?? 'list';
    this.settings = { headers: config.headers ?? false, nullValue: '', colSep: '|', rowSep: '\n', ...separatorsFor(this.mode, false) };
  }

  /** True while SQL is pending (the REPL shows the continuation prompt). */
  get pending(): boolean {
    return this.inputs[this.inputs.length - 1].buffer.trim() !== '';
  }

  /** True after `.quit` / `.exit`. */
  get done(): boolean {
    return this.exitCode !== null;
  }

  /**
   * Opens `target` (closing the current database).
   * @returns false, after printing `Error: unable to open database …`, when it fails.
   */
  async open(target: string, options: OpenOptions = {}): Promise<boolean> {
    this.close();
    try {
      this.db = await openDatabase(this.config.engine, target, options);
      return true;
    } catch (e) {
      this.fail(`Error: unable to open database "${target}": ${errorMessage(e)}`);
      return false;
    }
  }

  /** Closes the database, if open. */
  close(): void {
    try {
      this.db?.close();
    } catch {
      // closing twice or after a failed open is not an error worth reporting
    }
    this.db = null;
  }

  /** One line of input (without its newline). */
  async feedLine(line: string): Promise<void> {
    if (this.done) return;
    const src = this.inputs[this.inputs.length - 1];
    src.lineNo++;
    if (src.buffer.trim() === '') {
      const t = line.trimStart();
      if (t.startsWith('.')) {
        src.buffer = '';
        if (this.config.echo) this.config.out(utf8Bytes(`${line}\n`));
        await this.dotCommand(t);
        return;
      }
      if (t === '' || t.startsWith('#')) return;
      src.startLine = src.lineNo;
      src.buffer = '';
    }
    src.buffer += `${line}\n`;
    if (isComplete(src.buffer)) {
      const sql = src.buffer;
      src.buffer = '';
      this.runSql(sql, src.startLine);
    }
  }

  /** End of input: runs whatever statement is still pending. */
  finish(): void {
    const src = this.inputs[this.inputs.length - 1];
    if (!this.done && src.buffer.trim() !== '') this.runSql(src.buffer, src.startLine);
    src.buffer = '';
  }

  /** Drops the pending statement text (Ctrl-C in the REPL). */
  finishDiscard(): void {
    this.inputs[this.inputs.length - 1].buffer = '';
  }

  /** Every line of `text`, then {@link finish}. */
  async feedText(text: string): Promise<void> {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) {
      if (this.done) break;
      await this.feedLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    this.finish();
  }

  private fail(message: string): void {
    this.errors++;
    this.config.err(`${message}\n`);
  }

  private requireDb(): ShellDatabase {
    if (!this.db) throw new Error('no database is open');
    return this.db;
  }

  /** Runs every statement of a complete chunk; stops at the first error. */
  private runSql(buffer: string, startLine: number): void {
    const line = this.config.interactive ? null : startLine;
    // The chunk as sqlite3 holds it: leading blanks and the final newline dropped.
    const chunk = buffer.trimStart().replace(/\n$/, '');
    if (this.config.echo) this.config.out(utf8Bytes(`${chunk}\n`));
    const { statements, starts } = splitStatements(chunk);
    for (let i = 0; i < statements.length; i++) {
      if (!this.runStatement(statements[i], line, chunk.slice(starts[i]))) return;
    }
  }

  /** True (and the shell stops, status 0) when `e` says the output went away. */
  private outputClosed(e: unknown): boolean {
    if (!(e instanceof OutputClosedError)) return false;
    this.exitCode ??= 0;
    return true;
  }

  /** Prints an error (a byte string) to the error stream as text. */
  private failBytes(message: string): void {
    this.fail(bytesToText(message));
  }

  private runStatement(sql: string, line: number | null, tail: string): boolean {
    let stmt;
    try {
      stmt = this.requireDb().prepare(sql);
    } catch (e) {
      this.failBytes(formatSqlError('Parse', e, line, utf8Bytes(tail)));
      return false;
    }
    try {
      if (!stmt.reader) {
        stmt.run();
        return true;
      }
      const columns = stmt.columns().map((c) => c.name);
      const renderer = this.rendererForStatement(sql, columns)(columns, this.settings, this.config.out);
      try {
        for (const row of stmt.raw(true).safeIntegers(true).iterate() as IterableIterator<ShellValue[]>) renderer.row(row);
      } finally {
        renderer.end();
      }
      return true;
    } catch (e) {
      if (!this.outputClosed(e)) this.failBytes(formatSqlError('Runtime', e, line, utf8Bytes(tail)));
      return false;
    }
  }

  /** The current mode's renderer, or sqlite3's automatic EXPLAIN / EXPLAIN QUERY PLAN layout. */
  private rendererForStatement(sql: string, columns: readonly string[]): RendererFactory {
    const kind = explainKind(sql);
    if (kind === 2) return queryPlanRenderer;
    if (kind === 1 && usesOpcodeTable(sql, columns.length)) return opcodeTableRenderer;
    return rendererFor(this.mode);
  }

  private async dotCommand(line: string): Promise<void> {
    const [word, ...args] = splitDotArgs(line.slice(1));
    const name = (word ?? '').toLowerCase();
    const known = DOT_COMMANDS.find((c) => c.name === name);
    if (!known) {
      this.fail(`Error: unknown command or invalid arguments:  "${word ?? ''}". Enter ".help" for help`);
      return;
    }
    try {
      await this.dispatch(name, args);
    } catch (e) {
      if (!this.outputClosed(e)) this.fail(`Error: ${errorMessage(e)}`);
    }
  }

  private async dispatch(name: string, args: string[]): Promise<void> {
    const out = this.config.out;
    switch (name) {
      case 'quit':
        this.exitCode = 0;
        return;
      case 'exit':
        this.exitCode = args[0] === undefined ? 0 : Number.parseInt(args[0], 10) || 0;
        return;
      case 'help':
        out(utf8Bytes(helpText()));
        return;
      case 'headers': {
        if (args.length !== 1) {
          this.fail('Usage: .headers on|off');
          return;
        }
        const { value, warning } = booleanValue(args[0]);
        if (warning) this.config.err(`${warning}\n`);
        this.settings.headers = value;
        return;
      }
      case 'nullvalue':
        if (args.length !== 1) this.fail('Usage: .nullvalue STRING');
        else this.settings.nullValue = utf8Bytes(args[0]);
        return;
      case 'mode': {
        const m = args[0]?.toLowerCase();
        if (m === undefined) out(`current output mode: ${this.mode}\n`);
        else if (!isModeName(m)) this.fail(`Error: mode should be one of: ${MODE_NAMES.join(' ')}`);
        else {
          this.mode = m;
          Object.assign(this.settings, separatorsFor(m, true));
        }
        return;
      }
      case 'open': {
        const readonly = args.includes('--readonly');
        const file = args.filter((a) => a !== '--readonly')[0] ?? ':memory:';
        await this.open(file, { readonly });
        return;
      }
      case 'read':
        await this.readFile(args[0]);
        return;
      case 'schema':
        out(utf8Bytes(schemaText(this.requireDb(), args[0])));
        return;
      case 'tables':
        out(utf8Bytes(tablesText(this.requireDb(), args[0])));
        return;
      case 'dump':
        dumpDatabase(this.requireDb(), out, args[0]);
        return;
    }
  }

  private async readFile(file: string | undefined): Promise<void> {
    if (file === undefined) {
      this.fail('Usage: .read FILE');
      return;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      this.fail(`Error: cannot open "${file}"`);
      return;
    }
    this.inputs.push({ lineNo: 0, buffer: '', startLine: 0 });
    try {
      await this.feedText(text);
    } finally {
      this.inputs.pop();
    }
  }
}
