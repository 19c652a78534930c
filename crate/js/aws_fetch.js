// `awsFetch`: fetch with a SigV4 signature (like aws4fetch), for any AWS service, in
// JavaScript over the wasm's `signRequest` (the body's SHA-256 computed in wasm, the
// signing time the page's clock corrected by the offset learned from AWS replies) and
// `__observeClock` (the reply's `Date` teaches that offset: only AWS's and configured
// endpoints' replies do, crate/src/client/skew.rs). Resolves the real `Response`.
// Not a wasm-bindgen snippet: scripts/npm-package.mjs bundles it into the package's
// entry (index.js), where `./cognito_wasm.js` is the wasm-bindgen glue.
import { __observeClock, signRequest } from './cognito_wasm.js';
import { CognitoError } from './host.js';
import { invalid } from './dynamodb_values.js';

/** Longest wait for the reply when the options set none (ms). */
const DEFAULT_TIMEOUT_MS = 30000;
/** Longest `timeoutMs` (`setTimeout`'s limit). */
const MAX_TIMEOUT_MS = 2147483647;
/** Request settings copied to the signed request (method, URL, headers and body are replaced; the signal is followed). */
const COPIED = ['mode', 'credentials', 'cache', 'redirect', 'referrerPolicy', 'integrity', 'keepalive'];

// ---- the credential scope a host name implies (crate/src/sigv4/host.rs) ----

/** Service labels that sign under another name. */
const RENAMED = new Map([['email', 'ses'], ['queue', 'sqs'], ['appsync-api', 'appsync'], ['appsync-realtime-api', 'appsync'],
  ['s3-accesspoint', 's3'], ['s3-control', 's3'], ['s3-accelerate', 's3'], ['s3express-control', 's3express'],
  ['bedrock-runtime', 'bedrock']]);
/** Service labels that are their own signing name. */
const SAME_NAME = new Set(('s3 s3-object-lambda s3-outposts execute-api dynamodb lambda sts sqs sns iam kms ssm '
  + 'secretsmanager kinesis firehose logs monitoring events states cognito-idp cognito-identity ses polly rekognition '
  + 'textract translate comprehend transcribe bedrock sagemaker apigateway cloudformation ec2 ecr').split(' '));
const isRegion = (s) => /^[a-z]{2}(-[a-z]+)+-[0-9]{1,3}$/.test(s);

/**
 * `{ region?, service? }` of a URL's AWS host name (`dynamodb.eu-west-1.amazonaws.com`,
 * `bucket.s3.eu-west-1.amazonaws.com`, `s3.amazonaws.com`, …): nothing outside
 * `amazonaws.com` / `amazonaws.com.cn`, no service for a service not known here.
 */
function hostScope(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return {};
  }
  const host = /^https?:$/.test(parsed.protocol) && /^([a-z0-9._-]*)\.amazonaws\.com(\.cn)?$/.exec(parsed.hostname);
  if (!host) return {};
  const labels = host[1].split('.').filter((l) => l !== 'dualstack');
  // The region is the last label; global endpoints (sts.amazonaws.com) have none and mean us-east-1.
  let region = isRegion(labels.at(-1) ?? '') ? labels.pop() : undefined;
  let label = labels.pop();
  if (label === undefined) return {};
  // Legacy dash-style S3 endpoints: s3-eu-west-1, bucket.s3-eu-west-1.
  if (label.startsWith('s3-') && isRegion(label.slice(3))) return { region: label.slice(3), service: 's3' };
  region ??= 'us-east-1';
  if (label.endsWith('-fips')) label = label.slice(0, -5);
  const previous = labels.at(-1);
  // IoT: the control plane (iot.region) signs as execute-api, the data plane (prefix-ats.iot.region)
  // as iotdata, jobs as iot-jobs-data; its credentials provider is not SigV4.
  const service = label === 'iot'
    ? (previous === undefined ? 'execute-api' : previous === 'jobs' ? 'iot-jobs-data' : previous === 'credentials' ? undefined : 'iotdata')
    : label.startsWith('s3express-') && label !== 's3express-control' ? 's3express'
      : RENAMED.get(label) ?? (SAME_NAME.has(label) ? label : undefined);
  return service ? { region, service } : { region };
}

// ---- options ----

const isOptions = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `Reflect.get`, undefined where it throws (a primitive, a throwing getter). */
const peek = (object, key) => {
  try {
    return Reflect.get(object, key);
  } catch {
    return undefined;
  }
};

/** A field of an options object (undefined or null: not given). */
function field(object, key, context) {
  let value;
  try {
    value = object[key];
  } catch {
    throw invalid(`${context}.${key} could not be read`);
  }
  return value ?? undefined;
}

function stringField(object, key, context) {
  const value = field(object, key, context);
  if (value !== undefined && typeof value !== 'string') throw invalid(`${context}.${key} must be a string`);
  return value;
}

function requiredString(object, key, context) {
  const value = stringField(object, key, context);
  if (value === undefined) throw invalid(`${context}.${key} is required`);
  return value;
}

/** The signing keys of an `AwsCredentials` object (other fields are ignored). */
function signingKeys(value, context) {
  if (typeof value === 'function') throw invalid(`${context} must be an object; pass a function as \`provider\``);
  if (!isOptions(value)) throw invalid(`${context} must be an object`);
  const accessKeyId = requiredString(value, 'accessKeyId', context);
  const secretAccessKey = requiredString(value, 'secretAccessKey', context);
  if (accessKeyId === '' || secretAccessKey === '') {
    throw invalid(`${context}.accessKeyId and ${context}.secretAccessKey must not be empty`);
  }
  const sessionToken = stringField(value, 'sessionToken', context);
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** The error of a call aborted by a signal whose reason is `reason`. */
const abortedBy = (reason) => peek(reason, 'name') === 'TimeoutError'
  ? new CognitoError('TimeoutError', 'the call timed out', true)
  : new CognitoError('AbortError', 'the call was aborted', false);

/**
 * The options' `signal` (not yet aborted) and `timeoutMs`: `InvalidParameterException`
 * for options that are no object, a signal that is no AbortSignal or a timeout that is
 * not a whole number of ms from 1 to 2^31 - 1; the abort error for an aborted signal.
 */
function callOf(options) {
  if (options === undefined || options === null) return { timeoutMs: DEFAULT_TIMEOUT_MS };
  if (!isOptions(options)) throw invalid('options must be an object');
  const signal = peek(options, 'signal') ?? undefined;
  if (signal !== undefined) {
    const aborted = peek(signal, 'aborted');
    if (typeof aborted !== 'boolean') throw invalid('signal must be an AbortSignal');
    if (aborted) throw abortedBy(peek(signal, 'reason'));
  }
  const timeoutMs = peek(options, 'timeoutMs');
  if (timeoutMs === undefined) return { signal, timeoutMs: DEFAULT_TIMEOUT_MS };
  if (!(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw invalid('timeoutMs must be a whole number of milliseconds from 1 to 2147483647');
  }
  return { signal, timeoutMs };
}

// ---- the credential provider ----

/** fetch's "no reply" TypeError messages, by browser (those the AWS SDK retries). */
const FETCH_FAILURES = ['Failed to fetch', 'NetworkError when attempting to fetch resource.',
  'The Internet connection appears to be offline.', 'Load failed', 'Network request failed'];
/** The library's own error names that end in `Error` (an application's or JavaScript's other `…Error` is a failure of the provider). */
const OWN_ERRORS = /^(Network|CredentialsProvider|Abort|Timeout|Unknown|Internal)Error$/;
/** Names of "slow down and try again" errors: retryable. */
const THROTTLING = ['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException',
  'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException', 'RequestThrottledException',
  'TransactionInProgressException', 'InternalErrorException', 'InternalError', 'ServiceUnavailable'];

/**
 * What a provider threw, as a CognitoError: a CognitoError as it was; fetch's "no reply"
 * TypeError a `NetworkError`; a library name (`TimeoutError`, …) or another name not
 * ending in `Error` (an AWS SDK error) kept; anything else `CredentialsProviderError`,
 * the class and message in the message. Throttling, network errors and timeouts are
 * retryable.
 */
function providerError(thrown) {
  const context = 'the credential provider failed';
  if (typeof thrown !== 'object' || thrown === null) return new CognitoError('CredentialsProviderError', context, false);
  const text = (key) => {
    const v = peek(thrown, key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const name = text('name');
  const message = text('message');
  if (thrown instanceof CognitoError) {
    return new CognitoError(name ?? 'CredentialsProviderError', message ?? '', peek(thrown, 'retryable') === true);
  }
  let kind = 'CredentialsProviderError';
  let detail = message;
  if (name === 'TypeError' && FETCH_FAILURES.includes(message)) kind = 'NetworkError';
  else if (name !== undefined && name !== 'Error') {
    if (name.endsWith('Error') && !OWN_ERRORS.test(name)) detail = message === undefined ? name : `${name}: ${message}`;
    else kind = name;
  }
  const retryable = kind === 'NetworkError' || kind === 'TimeoutError' || THROTTLING.includes(kind);
  return new CognitoError(kind, detail === undefined ? context : `${context}: ${detail}`, retryable);
}

/** The provider's credentials (awaiting a promise it returns). */
async function provided(provider) {
  let value;
  try {
    value = provider();
    const then = typeof value === 'object' && value !== null && peek(value, 'then');
    if (typeof then === 'function') value = await Promise.resolve(value);
  } catch (e) {
    throw providerError(e);
  }
  return signingKeys(value, "the provider's credentials");
}

// ---- the request ----

/** The browser's Request for `input` and `init`, as fetch would build it. */
function requestOf(input, init) {
  let url = input;
  if (!(input instanceof Request) && typeof input !== 'string') {
    url = peek(input, 'href');
    if (typeof url !== 'string') throw invalid('awsFetch input must be a string, URL or Request');
  }
  try {
    return new Request(url, init);
  } catch {
    throw invalid('awsFetch: input and init do not make a valid request');
  }
}

/**
 * Builds, signs and sends the request (see `awsFetch`). `run.stopped` is set when the
 * options' signal ended the call: nothing is asked or sent after that; `run.cancel`
 * aborts the request in flight.
 */
async function send(input, init, options, timeoutMs, run) {
  if (!isOptions(options)) throw invalid('options must be an object');
  const credentials = field(options, 'credentials', 'options');
  const provider = field(options, 'provider', 'options');
  if (provider !== undefined && typeof provider !== 'function') throw invalid('options.provider must be a function');
  if (credentials !== undefined && provider !== undefined) throw invalid('give either credentials or provider, not both');
  if (credentials === undefined && provider === undefined) throw invalid('credentials or provider is required');
  const keys = credentials === undefined ? undefined : signingKeys(credentials, 'credentials');
  let region = stringField(options, 'region', 'options');
  let service = stringField(options, 'service', 'options');
  if (init === undefined || init === null) init = {};
  else if (!isOptions(init)) throw invalid('awsFetch init must be an object');
  const request = requestOf(input, init);
  const url = request.url;
  // An unknown host's service is never guessed.
  if (region === undefined || service === undefined) {
    const told = hostScope(url);
    service ??= told.service;
    if (service === undefined) throw invalid('unknown host: pass `service` in the options');
    region ??= told.region;
    if (region === undefined) throw invalid('unknown region: pass `region` in the options');
  }
  const headers = Object.fromEntries(request.headers);
  let body;
  try {
    body = new Uint8Array(await request.clone().arrayBuffer());
  } catch {
    throw invalid('awsFetch: the request body could not be read');
  }
  if (run.stopped) return undefined;
  const signingCredentials = keys ?? (await provided(provider));
  if (run.stopped) return undefined;
  const unsigned = { method: request.method, url, headers };
  if (body.length > 0) unsigned.body = body;
  const signed = signRequest(unsigned, { credentials: signingCredentials, region, service });
  const signedInit = {};
  for (const key of COPIED) {
    const value = request[key];
    if (value !== undefined) signedInit[key] = value;
  }
  signedInit.method = request.method;
  signedInit.headers = signed.headers;
  if (body.length > 0) signedInit.body = body;
  let signedRequest;
  try {
    signedRequest = new Request(signed.url, signedInit);
  } catch {
    throw invalid('awsFetch: the signed request could not be built');
  }
  // The request's own signal (from init or the Request) aborts it, as with fetch; a
  // timer after timeoutMs without a reply; the options' signal through `run.cancel`.
  const caller = request.signal;
  if (caller?.aborted) throw abortedBy(caller.reason);
  const controller = new AbortController();
  const abort = () => controller.abort();
  caller?.addEventListener('abort', abort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // After the reply the request's signal still aborts its body; the timer no longer does.
  const end = (keepSignal) => {
    clearTimeout(timer);
    if (!keepSignal) caller?.removeEventListener('abort', abort);
  };
  run.cancel = () => {
    end(false);
    controller.abort();
  };
  let response;
  try {
    response = await fetch(signedRequest, { signal: controller.signal });
  } catch {
    end(false);
    if (caller?.aborted) throw abortedBy(caller.reason);
    const origin = new URL(signed.url).origin;
    if (timedOut) throw new CognitoError('TimeoutError', `no reply in time from ${origin}`, true);
    throw new CognitoError('NetworkError', `no reply from ${origin}`, true);
  }
  run.cancel = undefined;
  end(true);
  // Only AWS's and configured endpoints teach the page's clock (the wasm decides).
  // "" for a header the reply lacks; an empty Age (a cached reply of unknown age,
  // which teaches nothing) goes as "-".
  const age = response.headers.get('age');
  __observeClock(signed.url, response.headers.get('date') ?? '', age === '' ? '-' : age ?? '');
  return response;
}

/**
 * `fetch` with a SigV4 signature: builds the request from `input` and `init` as `fetch`
 * would, signs it with the given `credentials` or those a `provider` returns, and sends
 * it. `region` and `service` default to what the `*.amazonaws.com` host name says for
 * the services it knows (an unknown host needs `service`). Resolves the real `Response`
 * (HTTP error statuses included); rejects with a `CognitoError` only when the request
 * could not be signed or sent (`NetworkError`; `TimeoutError` after `timeoutMs` without
 * a reply; `AbortError` when the request's or the options' `signal` aborts).
 */
export function awsFetch(input, init, options) {
  let call;
  try {
    call = callOf(options);
  } catch (e) {
    return Promise.reject(e);
  }
  const run = { stopped: false, cancel: undefined };
  const { signal } = call;
  return new Promise((resolve, reject) => {
    // The options' signal ends the whole call at once (the request in flight aborted).
    const stop = () => {
      run.stopped = true;
      run.cancel?.();
      reject(abortedBy(peek(signal, 'reason')));
    };
    if (signal !== undefined) {
      try {
        signal.addEventListener('abort', stop);
      } catch {
        return stop();
      }
    }
    send(input, init, options, call.timeoutMs, run).then(resolve, reject).finally(() => {
      try {
        signal?.removeEventListener('abort', stop);
      } catch {
        // A signal-like object without removeEventListener.
      }
    });
  });
}
