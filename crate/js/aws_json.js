// `awsJson` (any AWS JSON 1.0/1.1 API) and the `dynamodb` namespace, in
// JavaScript over the package's own `awsFetch` (the SigV4 signature, the
// credentials or provider, the page's clock offset, `timeoutMs`): a signed POST
// with `X-Amz-Target`, the reply's JSON, errors as CognitoErrors named by the
// service, retries of throttling, 5xx and network failures with capped
// exponential backoff and full jitter, `signal` obeyed during the waits.
// Not a wasm-bindgen snippet: scripts/npm-package.mjs bundles it into the
// package's entry (index.js), where `./cognito_wasm.js` is the wasm-bindgen glue.
import { awsFetch } from './aws_fetch.js';
import { CognitoError } from './host.js';
import { invalid, plainReply, requestBody } from './dynamodb_values.js';

/** Attempts of one request (the first included), as the library's other calls. */
const MAX_ATTEMPTS = 4;
/** Backoff ceiling of the first retry, doubled per retry up to `MAX_DELAY_MS`. */
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2000;
/** Most pages `queryAll` fetches. */
const MAX_PAGES = 1000;
/** Most BatchGetItem rounds (the first included) while `UnprocessedKeys` remain. */
const MAX_BATCH_ROUNDS = 8;
/** Longest service message kept in an error. */
const MAX_MESSAGE_CHARS = 500;
/** Options that say how to call, not what to send. */
const CALL_OPTIONS = ['credentials', 'provider', 'region', 'endpoint', 'signal', 'timeoutMs'];
const DYNAMODB_TARGET = 'DynamoDB_20120810.';

/** Error names AWS SDKs treat as "slow down", DynamoDB's included. */
const THROTTLING = [
  'ProvisionedThroughputExceededException', 'ThrottlingException', 'Throttling', 'ThrottledException',
  'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottledException', 'SlowDown',
  'TransactionInProgressException', 'InternalServerError', 'InternalErrorException', 'InternalError',
  'ServiceUnavailable',
];
/** Refusals of the request time: awsFetch has learned the server's clock from the reply, so one retry at once. */
const SKEW = /^(RequestTimeTooSkewed|RequestExpired|InvalidSignatureException|SignatureDoesNotMatch)$/;
const SKEW_MESSAGE = /expired|not yet current|skew|too skewed/i;

export const aborted = () => new CognitoError('AbortError', 'the call was aborted', false);

/** The reply's body as text; a body cut off on the way (the read rejects) is a retryable `NetworkError`. */
export async function readText(response) {
  try {
    return await response.text();
  } catch {
    throw new CognitoError('NetworkError', 'the reply could not be read to its end', true);
  }
}

/**
 * The error of a reply body that does not parse: a retryable `NetworkError` when the
 * body is shorter than its `Content-Length` (WebKit hands a body cut off on the way over
 * as complete), else `error`. (A decoded body may differ from its `Content-Length`, so
 * a short body counts only when it also fails to parse.)
 */
export function unreadable(response, text, error) {
  const length = Number(response.headers.get('content-length'));
  return text !== '' && Number.isInteger(length) && new TextEncoder().encode(text).length < length
    ? new CognitoError('NetworkError', 'the reply was cut short', true)
    : error;
}

/** The CognitoError of a non-2xx reply: `__type` (or `code`, or `x-amzn-ErrorType`) after any `…#`, the service's message. */
export async function errorOf(response) {
  let body;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  if (body === null || typeof body !== 'object') body = {};
  const type = [body.__type, body.code, response.headers.get('x-amzn-ErrorType')]
    .find((t) => typeof t === 'string' && t.trim() !== '') ?? '';
  const name = type.slice(type.lastIndexOf('#') + 1).split(':')[0].trim()
    || (response.status >= 500 ? 'InternalErrorException' : 'UnknownError');
  const text = [body.message, body.Message].find((m) => typeof m === 'string' && m !== '');
  const message = text ? Array.from(text).slice(0, MAX_MESSAGE_CHARS).join('') : `HTTP ${response.status}`;
  const retryable = response.status >= 500 || response.status === 429 || THROTTLING.includes(name);
  return new CognitoError(name, message, retryable);
}

/** The wait before retry `attempt` (0-based): full jitter under a doubling, capped ceiling. */
export const backoffMs = (attempt) => Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);

/** Resolves after `ms`, or rejects with `AbortError` as soon as `signal` aborts. */
export function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const done = () => {
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const stop = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const nonEmpty = (value) => typeof value === 'string' && value !== '';

/** The checked call options: credentials/provider (awsFetch checks them), region, endpoint, signal, timeoutMs. */
function callOf(options, service) {
  if (!isObject(options)) throw invalid('options must be an object');
  const { credentials, provider, region, endpoint, signal, timeoutMs } = options;
  if (!nonEmpty(region) || !/^[a-z0-9-]+$/.test(region)) throw invalid('options.region must be a region name such as eu-west-1');
  if (endpoint !== undefined && !nonEmpty(endpoint)) throw invalid('options.endpoint must be a URL');
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw invalid('options.signal must be an AbortSignal');
  }
  if (credentials === undefined && provider === undefined) throw invalid('pass credentials or provider in the options');
  return {
    url: endpoint ?? `https://${service}.${region}.amazonaws.com/`,
    fetchOptions: Object.fromEntries(Object.entries({ credentials, provider, region, service, signal, timeoutMs })
      .filter(([, v]) => v !== undefined)),
    signal,
  };
}

/**
 * One request sent until it succeeds, as AWS advises. `once()` resolves `[result]`, or
 * `[undefined, error]` with the CognitoError of the service's refusal, or throws. A
 * refusal of the request time (`isSkew`) is sent again at once, once (awsFetch has
 * learned the server's clock from the reply); a retryable refusal or thrown CognitoError
 * (throttling, 5xx, network, timeout) again after a backoff, `MAX_ATTEMPTS` in all;
 * anything else rejects at once. `signal` ends it, also during a wait.
 */
export async function retrying(signal, isSkew, once) {
  let skewRetried = false;
  for (let attempt = 0; ; ) {
    if (signal?.aborted) throw aborted();
    let error;
    try {
      const [result, refusal] = await once();
      if (refusal === undefined) return result;
      error = refusal;
    } catch (e) {
      if (!(e instanceof CognitoError) || !e.retryable) throw e;
      error = e;
    }
    if (!skewRetried && isSkew(error)) {
      skewRetried = true;
      continue;
    }
    if (!error.retryable || attempt + 1 >= MAX_ATTEMPTS) throw error;
    await pause(backoffMs(attempt), signal);
    attempt++;
  }
}

/** DynamoDB's and the JSON APIs' refusals of the request time. */
const jsonSkew = (error) => SKEW.test(error.name) && (error.name.startsWith('Request') || SKEW_MESSAGE.test(error.message));

/** Signs and sends one AWS JSON request, retrying as AWS advises; resolves the reply's JSON (`{}` for an empty body). */
function send(call, target, contentType, body) {
  const { url, fetchOptions, signal } = call;
  const init = { method: 'POST', headers: { 'content-type': contentType, 'x-amz-target': target }, body };
  return retrying(signal, jsonSkew, async () => {
    const response = await awsFetch(url, init, fetchOptions);
    if (signal?.aborted) throw aborted();
    if (!response.ok) return [undefined, await errorOf(response)];
    const text = await readText(response);
    if (text.trim() === '') return [{}];
    try {
      return [JSON.parse(text)];
    } catch {
      throw unreadable(response, text, new CognitoError('InvalidResponse', `${target} reply is not JSON`, false));
    }
  });
}

/**
 * Calls any AWS JSON 1.0/1.1 API (a SigV4-signed POST with `X-Amz-Target`) and
 * resolves the reply's parsed JSON. Errors are CognitoErrors named by the
 * service; throttling, 5xx and network failures are retried with backoff.
 */
export async function awsJson(options) {
  if (!isObject(options)) throw invalid('options must be an object');
  const { service, target, contentType } = options;
  if (!nonEmpty(service) || !/^[a-z0-9-]+$/i.test(service)) throw invalid('options.service must be a signing name such as dynamodb');
  if (!nonEmpty(target)) throw invalid('options.target must be the X-Amz-Target (DynamoDB_20120810.GetItem)');
  if (contentType !== undefined && !nonEmpty(contentType)) throw invalid('options.contentType must be a string');
  const call = callOf(options, service);
  let body = options.body;
  if (body === undefined) body = '{}';
  else if (typeof body !== 'string') {
    try {
      body = JSON.stringify(body);
    } catch {
      body = undefined;
    }
    if (typeof body !== 'string') throw invalid('options.body cannot be written as JSON');
  }
  const type = contentType ?? (service === 'dynamodb' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1');
  return send(call, target, type, body);
}

/** One DynamoDB operation with a wire-format body. */
const operation = (call, name, body) =>
  send(call, DYNAMODB_TARGET + name, 'application/x-amz-json-1.0', JSON.stringify(body));

/** The checked call and the wire body of a `dynamodb` method's options. */
function prepare(options) {
  const call = callOf(options, 'dynamodb');
  return [call, requestBody(options, CALL_OPTIONS)];
}

/** Query, following `LastEvaluatedKey` to the last page: every page's items, `Count` and `ScannedCount` summed. */
async function queryAllPages(call, body) {
  const items = [];
  let count = 0;
  let scanned = 0;
  let lastKey;
  for (let page = 0; page < MAX_PAGES; page++) {
    const reply = await operation(call, 'Query', body);
    if (Array.isArray(reply.Items)) items.push(...reply.Items);
    count += typeof reply.Count === 'number' ? reply.Count : 0;
    scanned += typeof reply.ScannedCount === 'number' ? reply.ScannedCount : 0;
    if (reply.LastEvaluatedKey === undefined) return { Items: items, Count: count, ScannedCount: scanned };
    const key = JSON.stringify(reply.LastEvaluatedKey);
    if (key === lastKey) throw new CognitoError('InvalidResponse', 'DynamoDB repeated a LastEvaluatedKey', false);
    lastKey = key;
    body = { ...body, ExclusiveStartKey: reply.LastEvaluatedKey };
  }
  throw new CognitoError('TooManyPages', `query stopped after ${MAX_PAGES} pages; narrow the key condition`, false);
}

/** BatchGetItem, asking again with backoff for `UnprocessedKeys` (at most `MAX_BATCH_ROUNDS` rounds): `Responses` merged per table. */
async function batchGetAll(call, body) {
  const responses = {};
  for (let round = 1; ; round++) {
    const reply = await operation(call, 'BatchGetItem', body);
    for (const [table, rows] of Object.entries(isObject(reply.Responses) ? reply.Responses : {})) {
      (responses[table] ??= []).push(...(Array.isArray(rows) ? rows : []));
    }
    const rest = reply.UnprocessedKeys;
    const pending = isObject(rest) && Object.keys(rest).length > 0;
    if (!pending || round >= MAX_BATCH_ROUNDS) {
      return pending ? { Responses: responses, UnprocessedKeys: rest } : { Responses: responses };
    }
    await pause(backoffMs(round - 1), call.signal);
    body = { ...body, RequestItems: rest };
  }
}

/** A DynamoDB operation that is one request. */
async function single(name, options) {
  const [call, body] = prepare(options);
  return plainReply(await operation(call, name, body));
}

/**
 * DynamoDB over plain JavaScript values (a namespace: static methods only):
 * options are DynamoDB's request fields in camelCase plus the call options;
 * results its reply fields in camelCase.
 */
export class dynamodb {
  /** GetItem: resolves `{ item? }` (no `item` when there is no such row). */
  static getItem(options) {
    return single('GetItem', options);
  }

  /** PutItem: a failed `conditionExpression` rejects with `ConditionalCheckFailedException`. */
  static putItem(options) {
    return single('PutItem', options);
  }

  /** UpdateItem: resolves `{ attributes? }` as `returnValues` asks. */
  static updateItem(options) {
    return single('UpdateItem', options);
  }

  /** DeleteItem. */
  static deleteItem(options) {
    return single('DeleteItem', options);
  }

  /** Query, one page: `{ items, count, scannedCount, lastEvaluatedKey? }`. */
  static query(options) {
    return single('Query', options);
  }

  /** Query, every page: `{ items, count, scannedCount }` (`limit` is then the page size). */
  static async queryAll(options) {
    const [call, body] = prepare(options);
    return plainReply(await queryAllPages(call, body));
  }

  /** BatchGetItem with `UnprocessedKeys` asked again: `{ responses, unprocessedKeys? }`. */
  static async batchGetItem(options) {
    const [call, body] = prepare(options);
    return plainReply(await batchGetAll(call, body));
  }
}
