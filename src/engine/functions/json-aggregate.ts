/**
 * json_group_array(X) and json_group_object(NAME, VALUE) (json1.html §4.23), and their JSONB
 * forms jsonb_group_array / jsonb_group_object (the JSONB of the same text), as aggregates and
 * window functions (with an inverse that drops the oldest row). A NULL NAME leaves its row out;
 * a VALUE that came straight from a JSON function is inserted as JSON (json-subtype.ts). The
 * result has the JSON subtype; over no rows it is "[]" / "{}".
 *
 * @module
 */
import { textOf } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { valueArg } from './json-args.js';
import { quoteString, toJson } from './json-render.js';
import { registerFunction } from './store.js';
import { encodeJsonb } from './json-blob.js';
import type { JNode } from './json-node.js';
import { parseJson } from './json-parse.js';
import { beginJsonCall, markJson, takeLastJson } from './json-subtype.js';

interface Parts {
  parts: string[];
}

/** The JSON text of an aggregate's value argument. */
function itemJson(v: Value): string {
  return toJson(valueArg(v, takeLastJson(v)));
}

function result(s: Parts, open: string, close: string, blob: boolean): Value {
  beginJsonCall();
  const text = open + s.parts.join(',') + close;
  if (!blob) return markJson(text);
  return encodeJsonb((parseJson(text) as { node: JNode }).node);
}

for (const blob of [false, true]) {
  const b = blob ? 'jsonb_' : 'json_';
  registerFunction({
    kind: 'aggregate',
    name: b + 'group_array',
    nArg: 1,
    init: (): Parts => ({ parts: [] }),
    step: (s, [x]) => ((s as Parts).parts.push(itemJson(x)), s),
    inverse: (s) => ((s as Parts).parts.shift(), s),
    value: (s) => result(s as Parts, '[', ']', blob),
    final: (s) => result(s as Parts, '[', ']', blob),
  });
  registerFunction({
    kind: 'aggregate',
    name: b + 'group_object',
    nArg: 2,
    init: (): Parts => ({ parts: [] }),
    step: (s, [k, v]) => {
      const item = itemJson(v);
      if (k !== null) (s as Parts).parts.push(quoteString(textOf(k)!) + ':' + item);
      return s;
    },
    inverse: (s, [k]) => (k !== null && (s as Parts).parts.shift(), s),
    value: (s) => result(s as Parts, '{', '}', blob),
    final: (s) => result(s as Parts, '{', '}', blob),
  });
}
