/**
 * Just enough of the WebAssembly binary format (WebAssembly Core Specification 2.0, §5) to emit
 * the AEGIS lane functions from TypeScript: i32 locals and arithmetic, loads and stores, blocks,
 * loops and ifs, one exported memory, exported functions. No text format, no assembler: code is
 * written as calls on a {@link WasmFunction}.
 *
 * Module layout emitted by {@link wasmModule}:
 * ```
 * SECTION        ID  CONTENT
 * header         -   "\0asm", version 1
 * type           1   one (i32 × n) → () signature per function
 * function       3   function i has type i
 * memory         5   one memory, `pages` × 64 KiB, no maximum
 * export         7   every function by name, the memory as "memory"
 * code           10  one body per function: its i32 locals, then its code
 * ```
 *
 * @module
 */

const I32 = 0x7f;
const EMPTY_BLOCK = 0x40;

/** The opcodes used (Core spec §5.4). */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
} as const;

function unsignedLeb(n: number, out: number[]): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

function signedLeb(n: number, out: number[]): void {
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function vector(items: number[][]): number[] {
  const out: number[] = [];
  unsignedLeb(items.length, out);
  for (const item of items) out.push(...item);
  return out;
}

function utf8Name(name: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(name));
  const out: number[] = [];
  unsignedLeb(bytes.length, out);
  return out.concat(bytes);
}

/**
 * A function under construction: `params` i32 parameters (locals 0..params−1) and `locals` more
 * i32 locals after them. Methods push instructions and return `this`, so code reads as a
 * stack-machine listing.
 */
export class WasmFunction {
  readonly code: number[] = [];
  constructor(
    readonly name: string,
    readonly params: number,
    readonly locals: number,
  ) {}

  /** local.get i */
  get(i: number): this {
    this.code.push(Op.localGet);
    unsignedLeb(i, this.code);
    return this;
  }
  /** local.set i */
  set(i: number): this {
    this.code.push(Op.localSet);
    unsignedLeb(i, this.code);
    return this;
  }
  /** i32.const n */
  const(n: number): this {
    this.code.push(Op.i32Const);
    signedLeb(n | 0, this.code);
    return this;
  }
  /** i32.load with 4-byte alignment and a constant byte offset added to the address on the stack. */
  load(offset: number): this {
    this.code.push(Op.i32Load, 2);
    unsignedLeb(offset, this.code);
    return this;
  }
  /** i32.store with 4-byte alignment and a constant byte offset (stack: address, value). */
  store(offset: number): this {
    this.code.push(Op.i32Store, 2);
    unsignedLeb(offset, this.code);
    return this;
  }
  /** Any opcode without immediates (arithmetic, else, end). */
  op(opcode: number): this {
    this.code.push(opcode);
    return this;
  }
  /** block / loop / if with an empty result type. */
  open(opcode: typeof Op.block | typeof Op.loop | typeof Op.if): this {
    this.code.push(opcode, EMPTY_BLOCK);
    return this;
  }
  /** br / br_if to the `depth`-th enclosing label. */
  branch(opcode: typeof Op.br | typeof Op.brIf, depth: number): this {
    this.code.push(opcode);
    unsignedLeb(depth, this.code);
    return this;
  }
}

/**
 * Assembles a module of `functions` and one exported memory of `pages` × 64 KiB.
 *
 * @returns the module bytes, for `new WebAssembly.Module`.
 */
export function wasmModule(functions: WasmFunction[], pages: number): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const section = (id: number, body: number[]): void => {
    out.push(id);
    unsignedLeb(body.length, out);
    out.push(...body);
  };
  section(1, vector(functions.map((f) => [0x60, ...vector(new Array(f.params).fill([I32])), 0])));
  section(3, vector(functions.map((_, i) => { const o: number[] = []; unsignedLeb(i, o); return o; })));
  const memory: number[] = [0x00];
  unsignedLeb(pages, memory);
  section(5, vector([memory]));
  section(
    7,
    vector([
      ...functions.map((f, i) => { const o = [...utf8Name(f.name), 0x00]; unsignedLeb(i, o); return o; }),
      [...utf8Name('memory'), 0x02, 0x00],
    ]),
  );
  section(
    10,
    vector(
      functions.map((f) => {
        const body: number[] = [];
        if (f.locals > 0) {
          unsignedLeb(1, body);
          unsignedLeb(f.locals, body);
          body.push(I32);
        } else {
          unsignedLeb(0, body);
        }
        body.push(...f.code, Op.end);
        const sized: number[] = [];
        unsignedLeb(body.length, sized);
        return sized.concat(body);
      }),
    ),
  );
  return new Uint8Array(out);
}
