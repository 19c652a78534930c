// The S3 object calls (`getObject`, `putObject`, `headObject`, `deleteObject`,
// `deleteObjects`, `copyObject`, `presignPutObject`) in JavaScript over the
// package's own `awsFetch` (the SigV4 signature with the body's SHA-256
// computed in wasm; the credentials or provider; the page's clock offset;
// `timeoutMs`) and `signRequest` (presigned URLs, and the headers of a Blob
// sent as `UNSIGNED-PAYLOAD`, which goes to the browser's fetch unread). awsFetch sends once: the retries of 5xx,
// throttling and network failures are here, one loop per request, so a part of
// a multipart upload is retried by that loop only.
// Bundled into the package's entry (index.js) by scripts/npm-package.mjs.
import { signRequest } from './cognito_wasm.js';
import { awsFetch } from './aws_fetch.js';
import { CognitoError } from './host.js';
import { invalid } from './dynamodb_values.js';
import { aborted, readText, retrying, unreadable } from './aws_json.js';

const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
const MAX_DELETE_KEYS = 1000;
const MAX_MESSAGE_CHARS = 500;
/** Bodies of at least this many bytes go up as a multipart upload. */
export const MULTIPART_FROM = 16 * 1024 * 1024;
/** Size of each part but the last (raised to keep within S3's 10,000 parts). */
export const PART_SIZE = 8 * 1024 * 1024;
/** Parts in flight at once. */
export const PARALLEL_PARTS = 4;
const MAX_PARTS = 10000;
const MAX_PART_SIZE = 5 * 1024 ** 3;
const MAX_OBJECT_SIZE = 5 * 1024 ** 4;
const UNSIGNED = 'UNSIGNED-PAYLOAD';
const XML_TYPE = 'application/xml';
const RETRYABLE_CODES = ['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded',
  'TooManyRequestsException', 'RequestThrottled', 'RequestTimeout', 'InternalError', 'ServiceUnavailable'];
const SKEW = /^(RequestTimeTooSkewed|RequestExpired|SignatureDoesNotMatch|AccessDenied)$/;
const SKEW_MESSAGE = /expired|not yet current|skew/i;
/** S3's refusals of the request time (an `AccessDenied` only when its message says so). */
export const s3Skew = (error) => SKEW.test(error.name) && (error.name.startsWith('Request') || SKEW_MESSAGE.test(error.message));
/** Names of replies without an error body (HEAD), by status. */
const STATUS_NAMES = {
  301: 'PermanentRedirect', 307: 'TemporaryRedirect', 400: 'BadRequest', 401: 'Unauthorized',
  403: 'AccessDenied', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict',
  412: 'PreconditionFailed', 416: 'InvalidRange', 429: 'TooManyRequests', 501: 'NotImplemented',
  503: 'ServiceUnavailable',
};

export const badReply = (what) => new CognitoError('InvalidResponse', `S3 reply: ${what}`, false);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const utf8 = (s) => new TextEncoder().encode(s);

// ---- XML (S3's replies: elements, text, entities; no DTDs) ----

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (text) => text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e) => {
  if (e[0] === '#') {
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  }
  return ENTITIES[e] ?? all;
});
const escapeXml = (text) => text.replace(/[&<>"']/g, (c) => `&${Object.keys(ENTITIES).find((k) => ENTITIES[k] === c)};`);

/** The root element `{ name, children, text }` of an XML document (names without a prefix); throws `InvalidResponse`. */
export function parseXml(xml) {
  const top = { children: [] };
  const open = [top];
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<(\/?)([^\s/>]+)(?:\s[^>]*?)?(\/?)>|([^<]+)|</g;
  let m;
  while ((m = token.exec(xml)) !== null) {
    const parent = open[open.length - 1];
    if (m[1] !== undefined) parent.text += m[1];
    else if (m[5] !== undefined) {
      if (parent !== top) parent.text += decode(m[5]);
      else if (m[5].trim() !== '') throw badReply('not XML');
    } else if (m[3] !== undefined) {
      const name = m[3].slice(m[3].indexOf(':') + 1);
      if (m[2] === '/') {
        if (open.length < 2 || parent.name !== name) throw badReply('not well-formed XML');
        open.pop();
      } else {
        const el = { name, children: [], text: '' };
        if (parent === top && top.children.length > 0) throw badReply('not well-formed XML');
        parent.children.push(el);
        if (m[4] !== '/') open.push(el);
      }
    } else if (m[0] === '<') throw badReply('not well-formed XML');
  }
  if (open.length !== 1 || top.children.length !== 1) throw badReply('not well-formed XML');
  return top.children[0];
}

export const child = (el, name) => el?.children.find((c) => c.name === name);
export const textOf = (el, name) => {
  const c = child(el, name);
  return c === undefined ? undefined : c.text.trim();
};

// ---- errors ----

/** The CognitoError of an `<Error>` element (root or `<ErrorResponse>`'s child), or `undefined` without a code. */
export function errorOfElement(root, status) {
  const error = root.name === 'Error' ? root : child(root, 'Error');
  const code = textOf(error, 'Code');
  if (!code) return undefined;
  const field = (n) => textOf(error, n) || textOf(root, n) || '';
  let message = Array.from(field('Message') || code).slice(0, MAX_MESSAGE_CHARS).join('');
  if (field('Region')) message += ` (bucket region: ${field('Region')})`;
  const id = field('RequestId') || field('RequestID');
  if (id) message += ` (request id: ${id})`;
  return new CognitoError(code, message, status >= 500 || status === 429 || RETRYABLE_CODES.includes(code));
}

/** The CognitoError of a non-2xx S3 reply: from its XML body, else named after the status. */
export async function s3ErrorOf(response) {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // No body: named from the status.
  }
  let error;
  try {
    error = errorOfElement(parseXml(text), response.status);
  } catch {
    error = undefined;
  }
  if (error) return error;
  const status = response.status;
  const name = STATUS_NAMES[status] ?? (status >= 500 ? 'InternalError' : 'UnknownError');
  let message = `S3 replied with HTTP ${status} and no error details`;
  const region = response.headers.get('x-amz-bucket-region');
  if (region) message += ` (bucket region: ${region})`;
  const id = response.headers.get('x-amz-request-id');
  if (id) message += ` (request id: ${id})`;
  return new CognitoError(name, message, status >= 500 || status === 429);
}

// ---- input ----

/** RFC 3986 encoding as SigV4 wants it, `/` kept when `keepSlash`. */
export function uriEncode(text, keepSlash) {
  let out;
  try {
    out = encodeURIComponent(text);
  } catch {
    throw invalid('object keys must be valid Unicode');
  }
  out = out.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? out.replace(/%2F/g, '/') : out;
}

function checkKey(key, what = 'key') {
  if (typeof key !== 'string' || key === '') throw invalid(`${what} must be a non-empty string`);
  if (utf8(key).length > MAX_KEY_BYTES) throw invalid(`${what} is longer than ${MAX_KEY_BYTES} bytes`);
  uriEncode(key, true);
  return key;
}

const checkString = (options, name) => {
  const value = options[name];
  if (value !== undefined && typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
};

/** `scheme://authority` + bucket path prefix (empty for virtual-hosted style). */
function bucketBase(bucket, region, endpoint, forcePathStyle) {
  if (typeof bucket !== 'string' || bucket.length > 255 || !/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(bucket)) {
    throw invalid("bucket name must be letters, digits, '.', '-' or '_'");
  }
  if (typeof region !== 'string' || !/^[a-z0-9-]{1,32}$/.test(region)) {
    throw invalid("region must be lower-case letters, digits and '-'");
  }
  if (endpoint !== undefined) {
    let url;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (typeof endpoint !== 'string' || !url || !/^https?:$/.test(url.protocol)) throw invalid('endpoint must be an http(s) URL');
    if (url.search || url.hash || endpoint.includes('#')) throw invalid('endpoint must not have a query or fragment');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}/${bucket}`;
  }
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return forcePathStyle || !/^[a-z0-9-]{3,63}$/.test(bucket)
    ? `https://s3.${region}.${domain}/${bucket}`
    : `https://${bucket}.s3.${region}.${domain}`;
}

/** The object's URL: the key encoded once, `.`/`..` segments refused (a browser rewrites them). */
export function objectUrl(bucket, region, key, endpoint, forcePathStyle) {
  checkKey(key);
  if (key.split('/').some((s) => s === '.' || s === '..')) {
    throw invalid("object keys with '.' or '..' segments cannot be fetched from a browser");
  }
  return `${bucketBase(bucket, region, endpoint, forcePathStyle)}/${uriEncode(key, true)}`;
}

/** The checked options every call reads: the object's URL and awsFetch's options. */
export function callOf(options, withKey = true) {
  if (!isObject(options)) throw invalid('options must be an object');
  const { credentials, provider, region, bucket, key, endpoint, forcePathStyle, signal, timeoutMs } = options;
  if (forcePathStyle !== undefined && typeof forcePathStyle !== 'boolean') throw invalid('forcePathStyle must be a boolean');
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw invalid('signal must be an AbortSignal');
  }
  if (credentials === undefined && provider === undefined) throw invalid('pass credentials or provider in the options');
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw invalid('timeoutMs must be a positive number');
  const base = bucketBase(bucket, region, endpoint, forcePathStyle);
  return {
    url: withKey ? objectUrl(bucket, region, key, endpoint, forcePathStyle) : base.includes('/', base.indexOf('//') + 2) ? base : `${base}/`,
    fetchOptions: Object.fromEntries(Object.entries({ credentials, provider, region, service: 's3', signal, timeoutMs })
      .filter(([, v]) => v !== undefined)),
    signal,
  };
}

/** `content-type` and `x-amz-meta-*` headers, checked as S3 takes them. */
function attributeHeaders(options) {
  const headers = {};
  const printable = (v) => /^[\x20-\x7e]*$/.test(v);
  const contentType = checkString(options, 'contentType');
  if (contentType !== undefined) {
    if (!printable(contentType)) throw invalid('contentType must be printable ASCII');
    headers['content-type'] = contentType;
  }
  const { metadata } = options;
  if (metadata !== undefined) {
    if (!isObject(metadata)) throw invalid('metadata must be an object of strings');
    let total = 0;
    for (const [name, value] of Object.entries(metadata)) {
      if (!/^[A-Za-z0-9!#$%&'*+.^_\x60|~-]+$/.test(name)) {
        throw invalid('metadata names must be HTTP token characters (letters, digits and punctuation such as - _ .)');
      }
      if (typeof value !== 'string' || !printable(value)) throw invalid('metadata values must be printable ASCII strings');
      const header = `x-amz-meta-${name.toLowerCase()}`;
      if (header in headers) throw invalid('metadata names must differ in more than case');
      headers[header] = value;
      total += name.length + value.length;
    }
    if (total > MAX_METADATA_BYTES) throw invalid(`metadata is larger than ${MAX_METADATA_BYTES} bytes`);
  }
  return headers;
}

// ---- sending ----

/** The credentials of the call: those given, or what the provider returns (a rejection: `CredentialsProviderError`). */
async function credentialsOf({ credentials, provider }) {
  if (credentials !== undefined) return credentials;
  if (typeof provider !== 'function') throw invalid('provider must be a function');
  try {
    return await provider();
  } catch (e) {
    if (e instanceof CognitoError) throw e;
    throw new CognitoError('CredentialsProviderError', 'the credential provider failed', false);
  }
}

/**
 * A Blob signed `UNSIGNED-PAYLOAD`: signed by `signRequest` (headers only) and handed
 * to the browser's fetch unread (awsFetch would copy it into wasm memory to sign it).
 * Rejects as awsFetch does: `AbortError`, `TimeoutError` after `timeoutMs` (default
 * 30 s), `NetworkError`.
 */
async function fetchUnsignedBlob(call, method, url, headers, body) {
  const { region, signal, timeoutMs = 30000 } = call.fetchOptions;
  const credentials = await credentialsOf(call.fetchOptions);
  const options = { credentials, region, service: 's3' };
  if (call.serverOffsetMs !== undefined) options.signingDate = new Date(Date.now() + call.serverOffsetMs);
  const signed = signRequest({ method, url, headers }, options);
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(signed.url, { method, headers: signed.headers, body, signal: controller.signal });
    // awsFetch teaches the page's clock offset from its replies; this path bypasses it,
    // so a refusal's Date signs this call's next attempts (s3Send retries a refusal
    // of the request time once, at once).
    const date = Date.parse(response.headers.get('date') ?? '');
    if (response.status === 403 && Number.isFinite(date)) call.serverOffsetMs = date - Date.now();
    return response;
  } catch (e) {
    if (signal?.aborted) throw aborted();
    if (timedOut) throw new CognitoError('TimeoutError', `S3 sent no reply in ${timeoutMs} ms`, true);
    throw new CognitoError('NetworkError', `S3 could not be reached (${e?.name ?? 'fetch failed'})`, true);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * Sends one S3 request through awsFetch, retrying (re-signed each time) network
 * failures, timeouts, 5xx and throttling with backoff, and once at once a
 * refusal of the request time; resolves the 2xx `Response`, unread.
 */
export function s3Send(call, method, url, headers = {}, body = undefined) {
  const { fetchOptions, signal } = call;
  return retrying(signal, s3Skew, async () => {
    const init = { method, headers };
    if (body !== undefined) init.body = body;
    const response = isBlob(body) && headers['x-amz-content-sha256'] === UNSIGNED
      ? await fetchUnsignedBlob(call, method, url, headers, body)
      : await awsFetch(url, init, fetchOptions);
    if (signal?.aborted) throw aborted();
    return response.ok ? [response] : [undefined, await s3ErrorOf(response)];
  });
}

/** The XML root of a 2xx reply; an `<Error>` root (S3's late failures, sent with 200) rejects as that error. */
async function replyXml(response, expected) {
  const text = await readText(response);
  let root;
  try {
    root = parseXml(text);
  } catch (e) {
    throw unreadable(response, text, e);
  }
  if (root.name === 'Error') throw errorOfElement(root, response.status) ?? badReply('an error without a code');
  if (root.name !== expected) throw badReply(`not a ${expected}`);
  return root;
}

/** `{ contentType?, size?, etag?, lastModified?, metadata, contentRange? }` from a reply's headers. */
function infoOf(response) {
  const h = response.headers;
  const info = {};
  const contentType = h.get('content-type');
  if (contentType !== null) info.contentType = contentType;
  const length = h.get('content-length');
  if (length !== null && /^\s*\d+\s*$/.test(length)) info.size = Number(length);
  const etag = h.get('etag');
  if (etag !== null) info.etag = etag.trim();
  const modified = Date.parse(h.get('last-modified') ?? '');
  if (!Number.isNaN(modified)) info.lastModified = new Date(modified);
  info.metadata = {};
  for (const [name, value] of h) {
    if (name.toLowerCase().startsWith('x-amz-meta-') && name.length > 11) info.metadata[name.slice(11).toLowerCase()] = value.trim();
  }
  const range = h.get('content-range');
  if (range !== null) info.contentRange = range;
  return info;
}

// ---- bodies and multipart ----

/** A Blob or File, also one from another window (duck-typed as the Rust layer did). */
const isBlob = (v) => v !== null && typeof v === 'object' && typeof v.size === 'number'
  && typeof v.slice === 'function' && typeof v.arrayBuffer === 'function';

/** `[what awsFetch sends, its size]` of a Blob, ArrayBuffer, typed array or string. */
function bodyOf(body) {
  if (isBlob(body)) return [body, body.size];
  if (body instanceof ArrayBuffer) return [new Uint8Array(body), body.byteLength];
  if (ArrayBuffer.isView(body)) return [new Uint8Array(body.buffer, body.byteOffset, body.byteLength), body.byteLength];
  if (typeof body === 'string') {
    const bytes = utf8(body);
    return [bytes, bytes.length];
  }
  throw invalid('body must be a Blob, ArrayBuffer, typed array or string');
}

/** The parts of `total` bytes: `{ number, start, end }`, `PART_SIZE` raised to fit S3's limits. */
export function planParts(total, preferred = PART_SIZE) {
  if (total > MAX_OBJECT_SIZE) throw invalid("the body is larger than S3's 5 TiB object limit");
  const size = Math.min(MAX_PART_SIZE, Math.max(preferred, 5 * 1024 * 1024, Math.ceil(total / MAX_PARTS)));
  const count = Math.max(1, Math.ceil(total / size));
  return Array.from({ length: count }, (_, i) => ({ number: i + 1, start: i * size, end: Math.min(total, (i + 1) * size) }));
}

const report = (onProgress, loaded, total) => {
  try {
    onProgress?.({ loaded, total });
  } catch {
    // A throwing callback does not stop the upload.
  }
};

/**
 * A multipart upload: CreateMultipartUpload, the parts (`PARALLEL_PARTS` at once,
 * each sliced from the body when its turn comes and retried by `s3Send`),
 * CompleteMultipartUpload; AbortMultipartUpload (without the signal) when a part,
 * the completion or the signal fails.
 */
async function putInParts(call, headers, body, total, unsigned, onProgress) {
  const parts = planParts(total);
  const created = await replyXml(await s3Send(call, 'POST', `${call.url}?uploads`, headers), 'InitiateMultipartUploadResult');
  const uploadId = textOf(created, 'UploadId');
  if (!uploadId) throw badReply('InitiateMultipartUploadResult without UploadId');
  const query = `uploadId=${uriEncode(uploadId, false)}`;
  const etags = [];
  let next = 0;
  let loaded = 0;
  let failure;
  const partHeaders = unsigned ? { 'x-amz-content-sha256': UNSIGNED } : {};
  const work = async () => {
    while (failure === undefined && next < parts.length) {
      const part = parts[next++];
      try {
        const response = await s3Send(call, 'PUT', `${call.url}?partNumber=${part.number}&${query}`, partHeaders,
          body.slice(part.start, part.end));
        const etag = response.headers.get('etag');
        if (!etag) throw badReply('UploadPart without ETag (the bucket CORS must expose ETag)');
        etags[part.number - 1] = etag.trim();
        loaded += part.end - part.start;
        report(onProgress, loaded, total);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.allSettled(Array.from({ length: PARALLEL_PARTS }, work));
  try {
    if (failure !== undefined) throw failure;
    const list = parts.map((p) => `<Part><PartNumber>${p.number}</PartNumber><ETag>${escapeXml(etags[p.number - 1])}</ETag></Part>`);
    const xml = `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${list.join('')}</CompleteMultipartUpload>`;
    const done = await replyXml(await s3Send(call, 'POST', `${call.url}?${query}`, { 'content-type': XML_TYPE }, xml),
      'CompleteMultipartUploadResult');
    const etag = textOf(done, 'ETag');
    if (!etag) throw badReply('CompleteMultipartUploadResult without ETag');
    return { etag };
  } catch (e) {
    // Best effort, without the (perhaps aborted) signal: the error reported is the one that stopped the upload.
    await s3Send({ ...call, signal: undefined, fetchOptions: { ...call.fetchOptions, signal: undefined } },
      'DELETE', `${call.url}?${query}`).catch(() => undefined);
    throw e;
  }
}

// ---- the calls ----

/** GetObject: `{ body: Response, contentType?, size?, etag?, lastModified?, metadata, contentRange? }`. */
export async function getObject(options) {
  const call = callOf(options);
  const range = checkString(options, 'range');
  const headers = {};
  if (range !== undefined) {
    if (!/^bytes=[0-9, -]*[0-9-][0-9, -]*$/.test(range)) throw invalid('range must look like bytes=0-99');
    headers.range = range;
  }
  const response = await s3Send(call, 'GET', call.url, headers);
  return { ...infoOf(response), body: response };
}

/** HeadObject: what S3 knows of the object, without its body (a missing one: `NotFound`). */
export async function headObject(options) {
  const call = callOf(options);
  const response = await s3Send(call, 'HEAD', call.url);
  return infoOf(response);
}

/** PutObject (multipart from `MULTIPART_FROM` bytes): `{ etag? }`. */
export async function putObject(options) {
  const call = callOf(options);
  const headers = attributeHeaders(options);
  const { unsignedPayload, onProgress } = options;
  if (unsignedPayload !== undefined && typeof unsignedPayload !== 'boolean') throw invalid('unsignedPayload must be a boolean');
  if (onProgress !== undefined && typeof onProgress !== 'function') throw invalid('onProgress must be a function');
  if (options.body === undefined || options.body === null) throw invalid('body is required');
  const [body, total] = bodyOf(options.body);
  if (total >= MULTIPART_FROM) return putInParts(call, headers, body, total, unsignedPayload === true, onProgress);
  if (unsignedPayload) headers['x-amz-content-sha256'] = UNSIGNED;
  const response = await s3Send(call, 'PUT', call.url, headers, body);
  report(onProgress, total, total);
  const etag = response.headers.get('etag');
  return etag === null ? {} : { etag: etag.trim() };
}

/** DeleteObject (a missing key succeeds). */
export async function deleteObject(options) {
  const call = callOf(options);
  await s3Send(call, 'DELETE', call.url);
}

/** DeleteObjects of 1 to 1000 keys: `{ deleted, errors: [{ key, code, message }] }`. */
export async function deleteObjects(options) {
  const call = callOf(options, false);
  const { keys, quiet } = options;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_DELETE_KEYS) {
    throw invalid(`keys must be an array of 1 to ${MAX_DELETE_KEYS} strings`);
  }
  if (quiet !== undefined && typeof quiet !== 'boolean') throw invalid('quiet must be a boolean');
  let xml = '<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">';
  for (const key of keys) {
    checkKey(key, 'each key');
    // XML 1.0 cannot carry most control characters, and a parser turns CR into LF.
    if (/[\x00-\x08\x0b-\x1f]/.test(key)) throw invalid('object keys with control characters cannot be deleted in a batch');
    xml += `<Object><Key>${escapeXml(key)}</Key></Object>`;
  }
  if (quiet) xml += '<Quiet>true</Quiet>';
  xml += '</Delete>';
  const bytes = utf8(xml);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const headers = {
    'content-type': XML_TYPE,
    'x-amz-sdk-checksum-algorithm': 'SHA256',
    'x-amz-checksum-sha256': btoa(String.fromCharCode(...digest)),
  };
  const root = await replyXml(await s3Send(call, 'POST', `${call.url}?delete`, headers, bytes), 'DeleteResult');
  const deleted = [];
  const errors = [];
  for (const c of root.children) {
    if (c.name === 'Deleted') {
      const key = child(c, 'Key');
      if (key === undefined) throw badReply('Deleted without Key');
      deleted.push(key.text);
    } else if (c.name === 'Error') {
      errors.push({ key: child(c, 'Key')?.text ?? '', code: textOf(c, 'Code') ?? '', message: textOf(c, 'Message') ?? '' });
    }
  }
  return { deleted, errors };
}

/** CopyObject from `sourceBucket` (default `bucket`)/`sourceKey`: `{ etag, lastModified? }`. */
export async function copyObject(options) {
  const call = callOf(options);
  const sourceBucket = checkString(options, 'sourceBucket') ?? options.bucket;
  const sourceKey = checkKey(options.sourceKey, 'sourceKey');
  objectUrl(sourceBucket, options.region, sourceKey);
  const replace = options.contentType !== undefined || options.metadata !== undefined;
  const headers = replace ? { ...attributeHeaders(options), 'x-amz-metadata-directive': 'REPLACE' } : {};
  headers['x-amz-copy-source'] = `/${sourceBucket}/${uriEncode(sourceKey, true)}`;
  const root = await replyXml(await s3Send(call, 'PUT', call.url, headers), 'CopyObjectResult');
  const etag = textOf(root, 'ETag');
  if (!etag) throw badReply('CopyObjectResult without ETag');
  const modified = Date.parse(textOf(root, 'LastModified') ?? '');
  return Number.isNaN(modified) ? { etag } : { etag, lastModified: new Date(modified) };
}

/**
 * A presigned URL of `method` on the object the options name: signRequest with
 * `presign` (`UNSIGNED-PAYLOAD`), the headers `headersOf(options)` gives signed too;
 * `name` (the caller's) words the refusal of a provider.
 */
export function presignedUrl(name, method, options, headersOf) {
  if (!isObject(options)) throw invalid('options must be an object');
  if (options.provider !== undefined) throw invalid(`${name} is synchronous: pass credentials (await the provider first)`);
  if (options.credentials === undefined) throw invalid('credentials is required');
  const { credentials, region, bucket, key, endpoint, forcePathStyle, expiresIn = 900 } = options;
  if (forcePathStyle !== undefined && typeof forcePathStyle !== 'boolean') throw invalid('forcePathStyle must be a boolean');
  const request = { method, url: objectUrl(bucket, region, key, endpoint, forcePathStyle) };
  if (headersOf) request.headers = headersOf(options);
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
    throw invalid('expiresIn must be an integer from 1 to 604800');
  }
  return signRequest(request, { credentials, region, service: 's3', presign: { expiresIn } }).url;
}

/** A presigned PUT URL (`contentType` signed when given). */
export const presignPutObject = (options) =>
  presignedUrl('presignPutObject', 'PUT', options, (o) => attributeHeaders({ contentType: o.contentType }));
