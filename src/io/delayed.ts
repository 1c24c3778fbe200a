/**
 * A test backend whose completions finish later, in random order: it wraps another {@link IO} and
 * holds each finished operation back until {@link DelayedIO.flush} (or a timer) releases it in a
 * shuffled order. Code that obeys the IOResult contract must give the same answers on it as on
 * node-sync; the property tests check exactly that.
 *
 * @module
 */
import { Completion } from './completion.js';
import type { File, IO, OpenOptions } from './file.js';

/** Wraps `inner`; every completion is released on a later macrotask, in seeded random order. */
export class DelayedIO implements IO {
  private queue: Array<() => void> = [];
  private scheduled = false;
  private state: number;
  /** Operations delayed so far. */
  delayed = 0;

  /**
   * @param inner - the backend doing the real work (must complete at once, e.g. node-sync or memory).
   * @param seed - seed of the release order.
   */
  constructor(
    private readonly inner: IO,
    seed = 1,
  ) {
    this.state = seed >>> 0 || 1;
  }

  open(path: string, options?: OpenOptions): File {
    const f = this.inner.open(path, options);
    const later = <T>(c: Completion<T>): Completion<T> => this.hold(c);
    return {
      path: f.path,
      read: (o, l) => later(f.read(o, l)),
      write: (o, d) => later(f.write(o, d.slice())),
      sync: () => later(f.sync()),
      size: () => later(f.size()),
      truncate: (l) => later(f.truncate(l)),
      close: () => f.close(),
    };
  }

  exists(path: string): boolean {
    return this.inner.exists(path);
  }

  remove(path: string): void {
    this.inner.remove(path);
  }

  private hold<T>(done: Completion<T>): Completion<T> {
    const c = new Completion<T>();
    this.delayed++;
    this.queue.push(() => (done.state === 'failed' ? c.fail(done.error!) : c.complete(done.value)));
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.flush(), 0);
    }
    return c;
  }

  /** Releases every held completion now, in shuffled order. */
  flush(): void {
    this.scheduled = false;
    const q = this.queue;
    this.queue = [];
    for (let i = q.length - 1; i > 0; i--) {
      const j = this.next() % (i + 1);
      [q[i], q[j]] = [q[j], q[i]];
    }
    for (const release of q) release();
  }

  private next(): number {
    // xorshift32
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
}
