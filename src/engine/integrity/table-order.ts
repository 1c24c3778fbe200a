/**
 * The order in which SQLite visits a schema's tables: the iteration order of its table hash
 * (src/hash.c), which integrity_check follows both for the b-tree roots (and so decides which of
 * two references to a page is the "2nd reference") and for the row checks.
 *
 * SQLite's hash keeps one linked list of all elements. A new element goes to the front of the
 * list, or, once buckets exist, just before the first element of its bucket. Buckets appear when
 * the count reaches 10 and exceeds twice the bucket count: the table then grows to count × 2
 * buckets (at most 64 of 16 bytes: SQLITE_MALLOC_SOFT_LIMIT 1024) and every element is reinserted
 * in list order. Keys hash case-insensitively:
 *
 * ```
 *   h = 0;  for each byte c of the UTF-8 name: h = (h + lower(c)) × 0x9e3779b1  (mod 2^32)
 * ```
 *
 * Tables enter the hash in the order the schema is loaded: sqlite_master first, then every table
 * and view row of sqlite_schema in rowid order.
 *
 * @module
 */

const MAX_BUCKETS = 64;

function strHash(name: string): number {
  let h = 0;
  for (const c of new TextEncoder().encode(name)) {
    const lower = c >= 0x41 && c <= 0x5a ? c + 32 : c;
    h = Math.imul((h + lower) >>> 0, 0x9e3779b1) >>> 0;
  }
  return h;
}

interface Elem {
  key: string;
  id: number;
  next: Elem | null;
  prev: Elem | null;
}

/**
 * The iteration order of a SQLite hash into which `names` were inserted in this order (a name seen
 * again replaces the earlier element's data in place, as sqlite3HashInsert does). Returns the
 * indexes into `names` of the elements kept, in iteration order.
 */
export function hashIterationOrder(names: readonly string[]): number[] {
  let first = null as Elem | null;
  let count = 0;
  let buckets: { count: number; chain: Elem | null }[] = [];
  const byKey = new Map<string, Elem>();

  const insert = (bucket: { count: number; chain: Elem | null } | null, e: Elem): void => {
    let head: Elem | null = null;
    if (bucket) {
      head = bucket.count ? bucket.chain : null;
      bucket.count++;
      bucket.chain = e;
    }
    if (head) {
      e.next = head;
      e.prev = head.prev;
      if (head.prev) head.prev.next = e;
      else first = e;
      head.prev = e;
    } else {
      e.next = first;
      if (first) first.prev = e;
      e.prev = null;
      first = e;
    }
  };

  names.forEach((name, id) => {
    const key = name.toLowerCase();
    const old = byKey.get(key);
    if (old) {
      old.id = id;
      return;
    }
    const e: Elem = { key: name, id, next: null, prev: null };
    byKey.set(key, e);
    count++;
    if (count >= 10 && count > 2 * buckets.length) {
      const size = Math.min(count * 2, MAX_BUCKETS);
      if (size !== buckets.length) {
        buckets = Array.from({ length: size }, () => ({ count: 0, chain: null }));
        let el: Elem | null = first;
        first = null;
        while (el) {
          const next: Elem | null = el.next;
          insert(buckets[strHash(el.key) % size], el);
          el = next;
        }
      }
    }
    insert(buckets.length ? buckets[strHash(name) % buckets.length] : null, e);
  });
  const out: number[] = [];
  for (let e: Elem | null = first; e; e = e.next) out.push(e.id);
  return out;
}
