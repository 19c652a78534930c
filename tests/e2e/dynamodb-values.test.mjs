// The `dynamodb` namespace's marshalling (crate/js/dynamodb_values.js, bundled into the
// package's entry) against @aws-sdk/util-dynamodb, in Node: fixed cases and random values
// (a seeded generator, so a failure repeats), both ways. Where the two libraries agree
// by design the results must be equal; where they differ by design (binary on the wire is
// base64 text here and a Uint8Array there; numbers a double cannot hold) the test says
// what each gives.
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  marshallItem, marshallValue, numberFromText, plainReply, requestBody, unmarshallItem, unmarshallValue,
} from '../../crate/js/dynamodb_values.js';
import { CognitoError } from '../../crate/js/host.js';

/** xorshift32: a seeded source of random values. */
function random(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)] };
}

const CHARS = ['a', 'Z', '0', ' ', 'é', '€', '😀', '"', '\\', '\n', '\u0000', '#', ':'];
const text = (r, max = 12) => Array.from({ length: r.int(max) }, () => r.pick(CHARS)).join('');

/** A finite double util-dynamodb accepts (within the safe-integer range). */
function double(r) {
  switch (r.int(5)) {
    case 0: return r.int(2001) - 1000;
    case 1: return (r.next() - 0.5) * 2 ** (r.int(100) - 50);
    case 2: return Number.MAX_SAFE_INTEGER - r.int(1000);
    case 3: return -(r.int(2 ** 31));
    default: return r.pick([0, 0.1, 0.2, 0.3, 1e-7, 5e-324, 1.7976931348623157e-300, 123.456, -0.5]);
  }
}

const bytes = (r) => Uint8Array.from({ length: r.int(20) }, () => r.int(256));

/** A random value both libraries take: no empty sets, no numbers past 2^53. */
function value(r, depth) {
  const kinds = depth > 3 ? 6 : 9;
  switch (r.int(kinds)) {
    case 0: return text(r);
    case 1: return double(r);
    case 2: return r.next() < 0.5;
    case 3: return null;
    case 4: return bytes(r);
    // Odd and past 2^53: no double holds it, so it comes back a BigInt (with both).
    case 5: return BigInt(r.int(2 ** 30)) * 10n ** BigInt(r.int(25)) * 2n + 9007199254740993n;
    case 6: return Array.from({ length: r.int(5) }, () => value(r, depth + 1));
    case 7: return item(r, depth + 1);
    default: {
      const kind = r.int(3);
      const make = [() => text(r) || 'x', () => double(r), () => bytes(r)][kind];
      const set = new Set();
      const n = 1 + r.int(5);
      for (let i = 0; i < n; i++) set.add(make());
      return set;
    }
  }
}

function item(r, depth = 0) {
  const out = {};
  for (let i = r.int(6); i > 0; i--) out[text(r, 8) || 'k'] = value(r, depth);
  return out;
}

const b64 = (u8) => Buffer.from(u8).toString('base64');

/** util-dynamodb's AttributeValues with binary as base64 text, as the wire carries it. */
function wire(attribute) {
  if (Array.isArray(attribute)) return attribute.map(wire);
  if (attribute instanceof Uint8Array) return b64(attribute);
  if (attribute && typeof attribute === 'object') {
    return Object.fromEntries(Object.entries(attribute).map(([k, v]) => [k, wire(v)]));
  }
  return attribute;
}

/** The same with base64 text back as Uint8Array, as util-dynamodb's unmarshall takes it. */
function unwire(attribute) {
  if (attribute && typeof attribute === 'object' && !Array.isArray(attribute)) {
    const [[tag, inner]] = Object.entries(attribute);
    if (tag === 'B') return { B: Uint8Array.from(Buffer.from(inner, 'base64')) };
    if (tag === 'BS') return { BS: inner.map((s) => Uint8Array.from(Buffer.from(s, 'base64'))) };
    if (tag === 'L') return { L: inner.map(unwire) };
    if (tag === 'M') return { M: Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, unwire(v)])) };
  }
  return attribute;
}

test('random items: marshalled as util-dynamodb marshals them, and unmarshalled back the same', () => {
  const r = random(20260105);
  let checked = 0;
  for (let i = 0; i < 2000; i++) {
    const plain = item(r);
    const ours = marshallItem(plain);
    const theirs = wire(marshall(plain));
    assert.deepEqual(ours, theirs, `case ${i}`);
    const back = unmarshallItem(JSON.parse(JSON.stringify(ours)));
    assert.deepEqual(back, unmarshall(unwire({ M: theirs }).M), `case ${i} back`);
    assert.deepEqual(back, plain, `case ${i} round trip`);
    checked++;
  }
  assert.equal(checked, 2000);
});

test('fixed values: every AttributeValue type', () => {
  const plain = {
    s: 'text', empty: '', n: 42, neg: -1.5, t: true, f: false, nul: null,
    b: new Uint8Array([0, 1, 255]), l: [1, 'x', null, [true]], m: { inner: { deeper: 'y' } },
    ss: new Set(['b', 'a']), ns: new Set([1, 2.5]), bs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
    big: 123456789012345678901234567890n,
  };
  const ours = marshallItem(plain);
  assert.deepEqual(ours, wire(marshall(plain)));
  assert.deepEqual(ours.b, { B: 'AAH/' });
  assert.deepEqual(ours.big, { N: '123456789012345678901234567890' });
  assert.deepEqual(unmarshallItem(ours), plain);
  // ArrayBuffer and other views are binary too; what comes back is a Uint8Array.
  assert.deepEqual(marshallValue(new Uint16Array([1, 2]).buffer), { B: b64(new Uint8Array([1, 0, 2, 0])) });
  assert.deepEqual(marshallValue(new DataView(new Uint8Array([7, 8, 9]).buffer, 1)), { B: 'CAk=' });
  // undefined members are left out, as util-dynamodb's removeUndefinedValues does.
  assert.deepEqual(marshallItem({ a: 1, gone: undefined }), marshall({ a: 1, gone: undefined }, { removeUndefinedValues: true }));
  // A __proto__ member stays a member, both ways.
  const odd = JSON.parse('{"__proto__": {"S": "x"}}');
  const back = unmarshallItem(odd);
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
  assert.deepEqual(Object.keys(back), ['__proto__']);
  assert.deepEqual(marshallItem(back), odd);
});

test('numbers: what util-dynamodb gives where a double holds them, more where it does not', () => {
  const r = random(7);
  // Shortest forms of doubles in the safe range: both give the number.
  for (let i = 0; i < 5000; i++) {
    const n = double(r);
    const t = String(n);
    assert.equal(numberFromText(t), unmarshall({ x: { N: t } }).x, t);
  }
  // Integers past 2^53 that a double does not hold: both give the BigInt.
  for (let i = 0; i < 2000; i++) {
    const digits = String(1 + r.int(9)) + Array.from({ length: 16 + r.int(22) }, () => r.int(10)).join('');
    const t = (r.next() < 0.5 ? '-' : '') + digits;
    if (String(Number(t)) === t) continue;
    const ours = numberFromText(t);
    assert.equal(typeof ours, 'bigint', t);
    assert.equal(ours, unmarshall({ x: { N: t } }).x, t);
  }
  // Other spellings of an exact number are that number; a fraction a double would round
  // stays its text (util-dynamodb rounds it); an integer in exponent form is its BigInt
  // when a double would round it (util-dynamodb throws).
  assert.equal(numberFromText('1.50'), 1.5);
  assert.equal(numberFromText('.5'), 0.5);
  assert.equal(numberFromText('05E-1'), 0.5);
  assert.equal(numberFromText('1e21'), 1e21);
  assert.equal(numberFromText('2E+2'), 200);
  assert.ok(Object.is(numberFromText('-0'), -0));
  assert.equal(numberFromText('0.1000000000000000000001'), '0.1000000000000000000001');
  assert.equal(unmarshall({ x: { N: '0.1000000000000000000001' } }).x, 0.1);
  assert.equal(numberFromText('12345678901234567891e5'), 1234567890123456789100000n);
  assert.throws(() => unmarshall({ x: { N: '12345678901234567891e5' } }));
  assert.equal(numberFromText('9007199254740993'), 9007199254740993n);
  // A BigInt a double holds comes back as a number (as the Rust API does).
  assert.equal(unmarshallValue(marshallValue(2n ** 53n)), 2 ** 53);
  // Number sets follow the same rule per member.
  assert.deepEqual(unmarshallValue({ NS: ['1', '9007199254740993', '0.30000000000000000001'] }),
    new Set([1, 9007199254740993n, '0.30000000000000000001']));
});

const refused = (fn, what) => {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof CognitoError, `${what}: ${e}`);
    assert.equal(e.name, 'InvalidParameterException', what);
    assert.equal(e.retryable, false);
    assert.ok(!e.message.includes('secret-value'), `${what}: the message shows the value`);
    return true;
  }, what);
};

test("values made in another realm (an iframe's, a test driver's) marshal as this realm's do", () => {
  const made = `({ id: 'x', profile: { city: 'Cork', tags: new Set(['a', 'b']), bytes: new Uint8Array([1, 2]),
    buffer: new Uint8Array([3]).buffer, bare: Object.assign(Object.create(null), { n: 1 }) } })`;
  const foreign = runInNewContext(made);
  assert.notEqual(Object.getPrototypeOf(foreign), Object.prototype, 'the object is of another realm');
  assert.deepEqual(marshallItem(foreign), marshallItem(eval(made)));
  assert.deepEqual(requestBody({ tableName: 't', key: runInNewContext("({ id: 'x' })") }, []).Key, { id: { S: 'x' } });
  // Another realm's class instances and Maps are refused as this realm's are.
  refused(() => marshallItem({ id: 'x', bad: runInNewContext('new (class P { constructor() { this.a = 1; } })()') }), 'a foreign class instance');
  refused(() => marshallItem({ id: 'x', bad: runInNewContext("new Map([['k', 'secret-value']])") }), 'a foreign Map');
});

test('values DynamoDB cannot hold are refused with InvalidParameterException, without the value in the message', () => {
  const cyclic = { a: 'secret-value' };
  cyclic.self = cyclic;
  let deep = 'secret-value';
  for (let i = 0; i < 40; i++) deep = [deep];
  const cases = {
    'empty set': new Set(),
    'mixed set': new Set(['secret-value', 1]),
    'set of objects': new Set([{ a: 'secret-value' }]),
    map: new Map([['k', 'secret-value']]),
    date: new Date(),
    NaN: Number.NaN,
    Infinity: Number.POSITIVE_INFINITY,
    function: () => 'secret-value',
    symbol: Symbol('secret-value'),
    'undefined in a list': ['secret-value', undefined],
    'class instance': new (class Profile { constructor() { this.name = 'secret-value'; } })(),
    cyclic,
    'too deep': deep,
  };
  for (const [what, bad] of Object.entries(cases)) refused(() => marshallItem({ id: 'x', bad }), what);
  refused(() => marshallItem('secret-value'), 'an item that is a string');
  refused(() => marshallItem(['secret-value']), 'an item that is an array');
  refused(() => requestBody({ tableName: 't', key: 'secret-value' }, []), 'a key that is a string');
  refused(() => requestBody({ tableName: 't', limit: new Map() }, []), 'a Map as an ordinary field');
  refused(() => requestBody({ requestItems: { t: { keys: 'secret-value' } } }, []), 'keys that are not an array');
  refused(() => requestBody({ requestItems: 'secret-value' }, []), 'requestItems that is a string');
});

test('request bodies: camelCase options in, PascalCase fields out, AttributeValues where DynamoDB wants them', () => {
  const body = requestBody({
    tableName: 'profiles', key: { id: 'a' }, conditionExpression: 'attribute_exists(id)',
    expressionAttributeValues: { ':n': 5, ':s': new Set(['x']) }, expressionAttributeNames: { '#n': 'name' },
    limit: 10, consistentRead: true, exclusiveStartKey: { id: 'b' }, returnValues: 'ALL_NEW',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, region: 'eu-west-1', skipped: undefined,
  }, ['credentials', 'region']);
  assert.deepEqual(body, {
    TableName: 'profiles', Key: { id: { S: 'a' } }, ConditionExpression: 'attribute_exists(id)',
    ExpressionAttributeValues: { ':n': { N: '5' }, ':s': { SS: ['x'] } }, ExpressionAttributeNames: { '#n': 'name' },
    Limit: 10, ConsistentRead: true, ExclusiveStartKey: { id: { S: 'b' } }, ReturnValues: 'ALL_NEW',
  });
  assert.deepEqual(requestBody({ requestItems: { t: { keys: [{ id: 'a' }, { id: 1 }], projectionExpression: 'id' } } }, []), {
    RequestItems: { t: { Keys: [{ id: { S: 'a' } }, { id: { N: '1' } }], ProjectionExpression: 'id' } },
  });
});

test('replies: camelCase top-level names, items unmarshalled, the rest as sent; malformed ones are InvalidResponse', () => {
  assert.deepEqual(plainReply({
    Items: [{ id: { S: 'a' }, n: { N: '1' } }], Count: 1, ScannedCount: 2, LastEvaluatedKey: { id: { S: 'a' } },
    ConsumedCapacity: { TableName: 't', CapacityUnits: 0.5 },
  }), {
    items: [{ id: 'a', n: 1 }], count: 1, scannedCount: 2, lastEvaluatedKey: { id: 'a' },
    consumedCapacity: { TableName: 't', CapacityUnits: 0.5 },
  });
  assert.deepEqual(plainReply({}), {});
  assert.deepEqual(plainReply({ Attributes: { a: { BOOL: true } } }), { attributes: { a: true } });
  assert.deepEqual(plainReply({ Responses: { t: [{ id: { S: 'a' } }] }, UnprocessedKeys: {} }), { responses: { t: [{ id: 'a' }] } });
  assert.deepEqual(plainReply({ Responses: {}, UnprocessedKeys: { t: { Keys: [{ id: { S: 'b' } }], ConsistentRead: true } } }),
    { responses: {}, unprocessedKeys: { t: { keys: [{ id: 'b' }], consistentRead: true } } });
  for (const bad of [
    null, [], { Item: 'x' }, { Item: { a: { S: 1 } } }, { Item: { a: {} } }, { Item: { a: { S: 'x', N: '1' } } },
    { Item: { a: { Q: 'x' } } }, { Items: {} }, { Item: { a: { B: '%%%' } } }, { Item: { a: { SS: [1] } } },
    { Responses: [] }, { Item: { a: { L: 'x' } } }, { Item: { a: { BOOL: 'yes' } } },
  ]) {
    assert.throws(() => plainReply(bad), (e) => e instanceof CognitoError && e.name === 'InvalidResponse', JSON.stringify(bad));
  }
});
