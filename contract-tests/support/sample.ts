import type { ApiModel, Json, JsonObject } from '../../generator/src/api.js';

/**
 * A value a schema accepts, for a required parameter or body the spec gives no example of:
 * `const`, the first `enum`, `default`, `example`/`examples`, else one built from the type and
 * its bounds (formats ajv-formats checks get a valid text). A `pattern` without an example is
 * not solved: the schema's author is told to add an example when the value fails.
 */
export function sampleOf(model: ApiModel, schema: Json | undefined, depth = 0): Json {
  const s = resolveSchema(model, schema);
  if (depth > 12) return null;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0]!;
  // A `default: null` (heyapi's nullable form-style object) is no value a request can carry in most encodings: built from the type instead.
  if (s.default !== undefined && s.default !== null) return s.default;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0]!;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches) && branches.length > 0) return sampleOf(model, branches[0], depth + 1);
  }
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((part) => sampleOf(model, part, depth + 1)).filter(isRecord));
  switch (typeOf(s)) {
    case 'integer':
    case 'number': {
      const low =
        typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? Math.floor(s.exclusiveMinimum) + 1 : 1;
      return typeof s.maximum === 'number' && low > s.maximum ? s.maximum : low;
    }
    case 'boolean':
      return true;
    case 'array': {
      const items = Array.from({ length: Math.max(typeof s.minItems === 'number' ? s.minItems : 1, 1) }, () =>
        sampleOf(model, s.items, depth + 1),
      );
      // `uniqueItems` with minItems 2 (discord's bulk-delete messages): copies of one value are refused; digits and texts are told apart by their index.
      if (s.uniqueItems !== true) return items;
      return items.map((item, i) =>
        i === 0
          ? item
          : typeof item === 'string'
            ? /^\d+$/.test(item)
              ? String(Number(item) + i)
              : `${item}${i}`
            : typeof item === 'number'
              ? item + i
              : item,
      );
    }
    case 'object': {
      const properties = isRecord(s.properties) ? s.properties : {};
      const out: JsonObject = {};
      for (const name of Array.isArray(s.required) ? s.required.map(String) : []) out[name] = sampleOf(model, properties[name], depth + 1);
      // A map (`additionalProperties: {schema}`) gets one entry: an empty form-style map is no pair on the wire,
      // which a server cannot tell from an absent one (SQS TagQueue's required Tags).
      if (Object.keys(out).length === 0 && Object.keys(properties).length === 0 && isRecord(s.additionalProperties))
        out.key = sampleOf(model, s.additionalProperties, depth + 1);
      return out;
    }
    case 'null':
      return null;
    default: {
      const plain = FORMAT_SAMPLES[String(s.format)] ?? 'x'.repeat(Math.max(typeof s.minLength === 'number' ? s.minLength : 1, 1));
      if (typeof s.pattern !== 'string' || new RegExp(s.pattern, 'u').test(plain)) return plain;
      const fitted = textFor(s.pattern);
      return fitted !== undefined && new RegExp(s.pattern, 'u').test(fitted) ? fitted : plain;
    }
  }
}

/**
 * The shortest text of a simple regular expression: a class gives its first character, `+` and
 * `{n,}` their minimum count, `*` and `?` nothing, a group its first alternative. Enough for the
 * identifier patterns specs use (`^[a-z]+-[0-9a-z]+$` -> `a-0`); anything else returns what it
 * gets and the caller checks the result against the pattern.
 */
function textFor(pattern: string): string | undefined {
  let i = 0;
  const sequence = (): string => {
    let out = '';
    while (i < pattern.length && pattern[i] !== ')' && pattern[i] !== '|') {
      let atom = '';
      const ch = pattern[i]!;
      if (ch === '^' || ch === '$') {
        i++;
        continue;
      } else if (ch === '[') {
        const end = pattern.indexOf(']', i + 2);
        const body = pattern.slice(i + 1, end).replace(/^\^/, '');
        atom = body.startsWith('\\d') ? '0' : body.startsWith('\\w') ? 'a' : body.charAt(0) === '\\' ? body.charAt(1) : body.charAt(0);
        i = end + 1;
      } else if (ch === '(') {
        i++;
        if (pattern.startsWith('?:', i)) i += 2;
        atom = sequence();
        while (pattern[i] === '|') {
          i++;
          sequence();
        }
        i++;
      } else if (ch === '\\') {
        const next = pattern[i + 1] ?? '';
        atom = next === 'd' ? '0' : next === 'w' ? 'a' : next === 's' ? ' ' : next;
        i += 2;
      } else {
        atom = ch === '.' ? 'a' : ch;
        i++;
      }
      const quantifier = /^(\+|\*|\?|\{(\d+)(,\d*)?\})\??/.exec(pattern.slice(i));
      if (quantifier) {
        i += quantifier[0].length;
        const count = quantifier[1] === '+' ? 1 : quantifier[2] !== undefined ? Number(quantifier[2]) : 0;
        atom = atom.repeat(count);
      }
      out += atom;
    }
    return out;
  };
  try {
    return sequence();
  } catch {
    return undefined;
  }
}

/** A valid text of each string format ajv-formats checks: the kit's samples and the mock's fitted answers (mock/answer-fit.ts). */
export const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  byte: 'c3RyaW5n',
  date: '2024-01-31',
  'date-time': '2024-01-31T12:00:00Z',
  time: '12:00:00Z',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  email: 'contract@example.com',
  uri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  url: 'https://example.com/',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

/** A schema with component `$ref`s followed (the model keeps them as the spec wrote them). */
export function resolveSchema(model: ApiModel, schema: Json | undefined): JsonObject {
  let current = schema;
  for (let hops = 0; isRecord(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
    const ref: string = current.$ref;
    const { $ref: _ref, ...siblings } = current;
    const target = ref.startsWith('#/components/schemas/')
      ? model.componentSchemas[decodeURIComponent(ref.slice('#/components/schemas/'.length)).replaceAll('~1', '/').replaceAll('~0', '~')]
      : undefined;
    current = isRecord(target) && Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
  }
  return isRecord(current) ? current : {};
}

export function typeOf(schema: JsonObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') as string | undefined;
  if (isRecord(schema.properties)) return 'object';
  return undefined;
}

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
