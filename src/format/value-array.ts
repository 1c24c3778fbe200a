/**
 * Arrays of values that keep one V8 element layout for their whole life: made holding objects
 * (null), resized by push and by cutting the length, never by growing the length. An array made
 * empty holds small integers until its first other value, one grown by a length set holds holes,
 * and one filled from a Float64Array holds doubles: code V8 optimized for one of those layouts
 * deoptimizes ("wrong map") when the same site next meets another, as the key arrays of the b-tree
 * append path did in the second CREATE INDEX of a process. Not part of the format's public API.
 *
 * @module
 */

/** An array of `n` nulls laid out for any values (V8's PACKED_ELEMENTS). */
export function objectArray<T>(n: number): (T | null)[] {
  const a: (T | null)[] = [null];
  if (n === 0) a.pop();
  while (a.length < n) a.push(null);
  return a;
}

/** Makes `a` hold `n` elements (new ones null) without changing its layout. */
export function resizeValues<T>(a: (T | null)[], n: number): void {
  if (a.length > n) a.length = n;
  else while (a.length < n) a.push(null);
}
