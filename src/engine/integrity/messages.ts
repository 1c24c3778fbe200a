/**
 * The error list of one integrity check: SQLite's IntegrityCk context (btree.c checkAppendMsg), an
 * error budget and a prefix in force, so that messages read as SQLite 3.40's ("On tree page 7 cell
 * 0: 2nd reference to page 7", "Main freelist: invalid page number 99").
 *
 * @module
 */

/** Messages found so far, within a budget (PRAGMA integrity_check(N); default 100). */
export class CheckLog {
  readonly messages: string[] = [];
  /** The prefix of the next messages ("Page 5: ", "On tree page 5 cell 2: "), or null. */
  prefix: string | null = null;

  /** @param budget - the most messages to keep (≥ 0). */
  constructor(private budget: number) {}

  /** True while more messages may be added (SQLite's mxErr ≠ 0). */
  get open(): boolean {
    return this.budget > 0;
  }

  /** Errors still allowed. */
  get left(): number {
    return this.budget;
  }

  /** Adds a message with the current prefix, while the budget lasts. */
  add(text: string): void {
    if (this.budget <= 0) return;
    this.budget--;
    this.messages.push((this.prefix ?? '') + text);
  }
}
