// DynamoDB's AttributeValue JSON to and from plain JavaScript values, and the
// request bodies and plain replies of the `dynamodb` namespace (aws_json.js).
// Not a wasm-bindgen snippet: scripts/npm-package.mjs bundles it into the
// package's entry (index.js). The rules are those of the Rust module
// (crate/src/dynamodb/marshal.rs, shapes.rs), which the Yew demo uses:
//
// - in: strings (S), finite numbers and BigInts (N, as decimal text), booleans
//   (BOOL), null (NULL), arrays (L), plain objects (M; `undefined` members are
//   left out), binary (B: ArrayBuffer or any view of one) and non-empty Sets of
//   only strings (SS), only numbers/BigInts (NS) or only binary (BS);
// - out: N is a number when a JS number holds it exactly (its shortest form is
//   the same decimal), else a BigInt (an integer) or its decimal string (a
//   fraction); B and BS are Uint8Arrays; sets are Sets.
//
// Everything else, empty sets, mixed sets, cycles and nesting past 32 levels
// throw InvalidParameterException; a malformed reply is InvalidResponse.
// Messages never hold values.
import { CognitoError } from './host.js';

/** Deepest nesting DynamoDB stores; deeper (or cyclic) values are refused. */
const MAX_DEPTH = 32;

/** Request fields holding a map of AttributeValues. */
const ATTRIBUTE_MAPS = ['Key', 'Item', 'ExclusiveStartKey', 'ExpressionAttributeValues'];

/** `InvalidParameterException` (nothing was sent). */
export const invalid = (message) => new CognitoError('InvalidParameterException', message, false);

/** `InvalidResponse`: a DynamoDB reply this module cannot read. */
const malformed = (what) => new CognitoError('InvalidResponse', `DynamoDB reply has a malformed ${what}`, false);

// The checks below hold for values made in another realm too (an iframe's objects,
// or a test driver's), whose prototypes are that realm's: no `instanceof Object`.
const kindOf = (value) => Object.prototype.toString.call(value);

/** An object literal or `Object.create(null)`, of any realm; not a class instance. */
const isPlainObject = (value) => {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype
    || (Object.getPrototypeOf(proto) === null && kindOf(value) === '[object Object]');
};

/** A `Set`, of any realm. */
const isSet = (value) => kindOf(value) === '[object Set]';

/** The bytes of an ArrayBuffer or a view of one; `undefined` for anything else. */
const bytesOf = (value) => {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (kindOf(value) === '[object ArrayBuffer]') return new Uint8Array(value);
  return undefined;
};

/** Standard base64 with padding. */
const base64 = (bytes) => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
};

/** The bytes of base64 text (standard alphabet, padding optional). */
const unbase64 = (text) => {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw malformed('binary value');
  let raw;
  try {
    raw = atob(text);
  } catch {
    throw malformed('binary value');
  }
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
};

/** The decimal text of a finite number or a BigInt; `undefined` for other values. */
const numberText = (value) => {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid('a DynamoDB number must be finite');
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  return undefined;
};

const setKinds = [
  ['SS', (v) => (typeof v === 'string' ? v : undefined)],
  ['NS', numberText],
  ['BS', (v) => (typeof v === 'string' ? undefined : bytesOf(v) && base64(bytesOf(v)))],
];

/** The AttributeValue of a Set. */
const setAttribute = (set) => {
  if (set.size === 0) throw invalid('a DynamoDB set cannot be empty');
  const first = set.values().next().value;
  const [tag, each] = setKinds.find(([, f]) => f(first) !== undefined) ?? setKinds[2];
  const out = [];
  for (const v of set) {
    const text = each(v);
    if (text === undefined) throw invalid('a DynamoDB set holds only strings, only numbers or only binary');
    out.push(text);
  }
  return { [tag]: out };
};

/** The AttributeValue (`{ S: 'x' }`, `{ N: '1.5' }`, `{ M: {…} }`, …) of a plain value. */
export function marshallValue(value, depth = 0) {
  if (depth > MAX_DEPTH) throw invalid('a value nests too deep (or refers to itself)');
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'boolean':
      return { BOOL: value };
    case 'number':
    case 'bigint':
      return { N: numberText(value) };
    case 'object':
      if (value === null) return { NULL: true };
      if (Array.isArray(value)) {
        const list = new Array(value.length);
        for (let i = 0; i < value.length; i++) list[i] = marshallValue(value[i], depth + 1);
        return { L: list };
      }
      if (isSet(value)) return setAttribute(value);
      if (bytesOf(value)) return { B: base64(bytesOf(value)) };
      if (isPlainObject(value)) return { M: marshallItem(value, depth + 1) };
  }
  throw invalid('a DynamoDB value must be a string, number, BigInt, boolean, null, array, plain object, Set or binary');
}

/** An item, key or `expressionAttributeValues` (a plain object) as a map of AttributeValues. */
export function marshallItem(item, depth = 0, what = 'an item') {
  if (item === null || typeof item !== 'object' || Array.isArray(item) || !isPlainObject(item)) {
    throw invalid(`${what} must be an object`);
  }
  if (depth > MAX_DEPTH) throw invalid('a value nests too deep (or refers to itself)');
  const out = {};
  for (const key of Object.keys(item)) {
    const v = item[key];
    if (v === undefined) continue;
    const attribute = marshallValue(v, depth);
    if (key === '__proto__') Object.defineProperty(out, key, { value: attribute, enumerable: true, writable: true, configurable: true });
    else out[key] = attribute;
  }
  return out;
}

/** The significant digits of decimal text: `[negative, digits, point]` for `0.<digits> × 10^point`; `null` when not a decimal number. */
function canonical(text) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/.exec(text);
  if (!m || !(m[2] || m[3])) return null;
  const all = m[2] + (m[3] ?? '');
  let lead = 0;
  while (all.charCodeAt(lead) === 48) lead++;
  let end = all.length;
  while (end > lead && all.charCodeAt(end - 1) === 48) end--;
  if (end === lead) return [false, '', 0];
  return [m[1] === '-', all.slice(lead, end), m[2].length - lead + Number(m[4] ?? 0)];
}

const sameCanonical = (a, b) => a !== null && b !== null && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** A DynamoDB number as JavaScript: a number when exact, else a BigInt (integer) or the text (fraction). */
export function numberFromText(text) {
  const n = Number(text);
  // Fast path: the text is the number's own shortest form.
  if (String(n) === text) return n;
  const exact = canonical(text);
  if (exact === null) return text;
  if (Number.isFinite(n) && sameCanonical(canonical(String(n)), exact)) return n;
  const [negative, digits, point] = exact;
  if (point >= digits.length) return BigInt((negative ? '-' : '') + digits + '0'.repeat(point - digits.length));
  return text;
}

/** The plain value of an AttributeValue. */
export function unmarshallValue(attribute) {
  if (attribute === null || typeof attribute !== 'object') throw malformed('AttributeValue');
  let tag;
  for (const key in attribute) {
    if (tag !== undefined) throw malformed('AttributeValue');
    tag = key;
  }
  const inner = attribute[tag];
  switch (tag) {
    case 'S':
      if (typeof inner !== 'string') throw malformed('S');
      return inner;
    case 'N':
      if (typeof inner !== 'string') throw malformed('N');
      return numberFromText(inner);
    case 'BOOL':
      if (typeof inner !== 'boolean') throw malformed('BOOL');
      return inner;
    case 'NULL':
      return null;
    case 'M':
      return unmarshallItem(inner);
    case 'L': {
      if (!Array.isArray(inner)) throw malformed('L');
      const list = new Array(inner.length);
      for (let i = 0; i < inner.length; i++) list[i] = unmarshallValue(inner[i]);
      return list;
    }
    case 'B':
      return unbase64(inner);
    case 'SS':
    case 'NS':
    case 'BS': {
      if (!Array.isArray(inner)) throw malformed(tag);
      const set = new Set();
      for (const v of inner) {
        if (tag !== 'BS' && typeof v !== 'string') throw malformed(tag);
        set.add(tag === 'SS' ? v : tag === 'NS' ? numberFromText(v) : unbase64(v));
      }
      return set;
    }
    case undefined:
      throw malformed('AttributeValue');
  }
  throw malformed('AttributeValue type');
}

/** A plain object from a map of AttributeValues (an item or key). */
export function unmarshallItem(map) {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw malformed('item');
  const out = {};
  for (const key of Object.keys(map)) {
    const value = unmarshallValue(map[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/** A request field that is not an AttributeValue (`Limit`, `ExpressionAttributeNames`) as ordinary JSON: binary as base64, sets as arrays. */
function toJson(value, depth = 0) {
  if (depth > MAX_DEPTH) throw invalid('a value nests too deep (or refers to itself)');
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
    case 'bigint':
      return Number(numberText(value));
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1));
      if (isSet(value)) return Object.values(setAttribute(value))[0];
      const bytes = bytesOf(value);
      if (bytes) return base64(bytes);
      if (isPlainObject(value)) {
        const out = {};
        for (const key of Object.keys(value)) {
          if (value[key] !== undefined) out[key] = toJson(value[key], depth + 1);
        }
        return out;
      }
    }
  }
  throw invalid('a DynamoDB request field must be a string, number, BigInt, boolean, null, array, plain object, Set or binary');
}

/** `tableName` → `TableName`. */
const pascal = (name) => name.charAt(0).toUpperCase() + name.slice(1);
/** `TableName` → `tableName`. */
const camel = (name) => name.charAt(0).toLowerCase() + name.slice(1);

const objectOf = (value, what) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) {
    throw invalid(`${what} must be an object`);
  }
  return value;
};

/** One `requestItems` entry of BatchGetItem, `keys` marshalled. */
function keysAndAttributes(entry, table) {
  const out = {};
  for (const [name, v] of Object.entries(objectOf(entry, `requestItems.${table}`))) {
    if (v === undefined) continue;
    const wire = pascal(name);
    if (wire === 'Keys') {
      if (!Array.isArray(v)) throw invalid(`requestItems.${table}.keys must be an array`);
      out.Keys = v.map((key) => marshallItem(key, 0, 'a key'));
    } else {
      out[wire] = toJson(v);
    }
  }
  return out;
}

/**
 * The JSON body of a DynamoDB call from its options' request fields (camelCase
 * names; `skip` are the call options): `key`, `item`, `exclusiveStartKey`,
 * `expressionAttributeValues` and `requestItems.<table>.keys` marshalled, every
 * other field ordinary JSON.
 */
export function requestBody(options, skip) {
  const body = {};
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || skip.includes(name)) continue;
    const wire = pascal(name);
    if (ATTRIBUTE_MAPS.includes(wire)) body[wire] = marshallItem(value, 0, name);
    else if (wire === 'RequestItems') {
      const tables = {};
      for (const [table, entry] of Object.entries(objectOf(value, name))) tables[table] = keysAndAttributes(entry, table);
      body[wire] = tables;
    } else body[wire] = toJson(value);
  }
  return body;
}

const items = (list) => {
  if (!Array.isArray(list)) throw malformed('item list');
  return list.map(unmarshallItem);
};

const perTable = (map, each, what) => {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw malformed(what);
  const out = {};
  for (const [table, v] of Object.entries(map)) out[table] = each(v);
  return out;
};

const unprocessed = (entry) => {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw malformed('UnprocessedKeys');
  const out = {};
  for (const [name, v] of Object.entries(entry)) out[camel(name)] = name === 'Keys' ? items(v) : v;
  return out;
};

/**
 * A plain reply: camelCase top-level names; `Item`, `Attributes`,
 * `LastEvaluatedKey`, `Items`, `Responses` and `UnprocessedKeys` unmarshalled
 * (an empty `UnprocessedKeys` is left out); the rest as DynamoDB sent it.
 */
export function plainReply(reply) {
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply)) throw malformed('reply');
  const out = {};
  for (const [name, v] of Object.entries(reply)) {
    let plain;
    switch (name) {
      case 'Item':
      case 'Attributes':
      case 'LastEvaluatedKey':
        plain = unmarshallItem(v);
        break;
      case 'Items':
        plain = items(v);
        break;
      case 'Responses':
        plain = perTable(v, items, 'table map');
        break;
      case 'UnprocessedKeys':
        if (v !== null && typeof v === 'object' && Object.keys(v).length === 0) continue;
        plain = perTable(v, unprocessed, 'table map');
        break;
      default:
        plain = v;
    }
    out[camel(name)] = plain;
  }
  return out;
}
