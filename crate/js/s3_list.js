// `listObjects`, `listAllObjects` and `presignGetObject` in JavaScript over the
// package's own `awsFetch` (SigV4, the credentials or provider, the page's
// clock offset, `timeoutMs`) and, for the presigned URL, `signRequest` (through
// s3_objects.js's presignedUrl), sharing s3_objects.js's addressing, XML reader, errors and retries.
// Bundled into the package's entry (index.js) by scripts/npm-package.mjs.
import { awsFetch } from './aws_fetch.js';
import { CognitoError } from './host.js';
import { invalid } from './dynamodb_values.js';
import { aborted, readText, retrying, unreadable } from './aws_json.js';
import {
  badReply, callOf, child, errorOfElement, parseXml, presignedUrl, s3ErrorOf, s3Skew, textOf, uriEncode,
} from './s3_objects.js';

/** Bytes of a prefix, delimiter, continuation token or start-after key, as S3 takes them. */
const MAX_PARAM_BYTES = 1024;
/** Pages `listAllObjects` reads before it stops with `TooManyPages`. */
export const MAX_PAGES = 1000;

/** The listing's query parameters as S3 names them, checked: `[name, value]` pairs. */
function listQuery(options) {
  const params = [['encoding-type', 'url'], ['list-type', '2']];
  const optional = { prefix: 'prefix', delimiter: 'delimiter', continuationToken: 'continuation-token', startAfter: 'start-after' };
  for (const [option, name] of Object.entries(optional)) {
    const value = options[option];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw invalid(`${option} must be a string`);
    if (new TextEncoder().encode(value).length > MAX_PARAM_BYTES) throw invalid(`${option} is longer than ${MAX_PARAM_BYTES} bytes`);
    if (value !== '') params.push([name, value]);
  }
  const { maxKeys } = options;
  if (maxKeys !== undefined && maxKeys !== null) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > 1000) throw invalid('maxKeys must be an integer from 1 to 1000');
    params.push(['max-keys', String(maxKeys)]);
  }
  return params;
}

/** A key or prefix as S3 sent it: with `EncodingType` `url`, form-encoded (`+` for a space). */
function decoderOf(root) {
  if (textOf(root, 'EncodingType')?.toLowerCase() !== 'url') return (text) => text;
  return (text) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      throw badReply('a key is not URL-encoded');
    }
  };
}

/** `true`/`false` (any case; absent is false). */
function flag(root, name) {
  const text = textOf(root, name);
  if (text === undefined) return false;
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  throw badReply(`${name} is not true or false`);
}

/** A `ListBucketResult` as `{ objects, prefixes, isTruncated, nextContinuationToken?, keyCount }`; throws `InvalidResponse`. */
export function parseListing(root) {
  if (root.name === 'Error') throw errorOfElement(root, 200) ?? badReply('an error without a code');
  if (root.name !== 'ListBucketResult') throw badReply('not a ListBucketResult');
  const decode = decoderOf(root);
  const objects = [];
  const prefixes = [];
  for (const c of root.children) {
    if (c.name === 'Contents') {
      const key = child(c, 'Key');
      if (key === undefined) throw badReply('an object without Key');
      const size = textOf(c, 'Size') ?? '0';
      if (!/^\d+$/.test(size)) throw badReply('an object Size is not a number');
      objects.push({
        key: decode(key.text),
        size: Number(size),
        lastModified: new Date(textOf(c, 'LastModified') ?? ''),
        etag: textOf(c, 'ETag') ?? '',
      });
    } else if (c.name === 'CommonPrefixes') {
      const prefix = child(c, 'Prefix');
      if (prefix !== undefined) prefixes.push(decode(prefix.text));
    }
  }
  const listing = { objects, prefixes, isTruncated: flag(root, 'IsTruncated') };
  const token = textOf(root, 'NextContinuationToken');
  if (token) listing.nextContinuationToken = token;
  const count = textOf(root, 'KeyCount');
  if (count !== undefined && !/^\d{1,10}$/.test(count)) throw badReply('KeyCount is not a number');
  listing.keyCount = count === undefined ? objects.length + prefixes.length : Number(count);
  return listing;
}

/** One page (its query sorted by name): sent and read until it succeeds as `s3Send` retries (a reply cut off on the way is retried too). */
function listPage(call, params) {
  const query = [...params].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${uriEncode(value, false)}`).join('&');
  return retrying(call.signal, s3Skew, async () => {
    const response = await awsFetch(`${call.url}?${query}`, { method: 'GET' }, call.fetchOptions);
    if (call.signal?.aborted) throw aborted();
    if (!response.ok) return [undefined, await s3ErrorOf(response)];
    const text = await readText(response);
    let root;
    try {
      root = parseXml(text);
    } catch (e) {
      throw unreadable(response, text, e);
    }
    return [parseListing(root)];
  });
}

/** The checked call of a listing and its query. */
function listCall(options) {
  const call = callOf(options, false);
  return [call, listQuery(options)];
}

/**
 * One page of a bucket (S3 ListObjectsV2): `{ objects, prefixes, isTruncated,
 * nextContinuationToken?, keyCount }`; pass `nextContinuationToken` back as
 * `continuationToken` for the next page.
 */
export async function listObjects(options) {
  const [call, params] = listCall(options);
  return listPage(call, params);
}

/**
 * Every page from `continuationToken` (or the start) on, in one result. Stops
 * with `InvalidResponse` when S3 repeats a token or truncates a page without one,
 * and with `TooManyPages` after `MAX_PAGES` pages.
 */
export async function listAllObjects(options) {
  const [call, params] = listCall(options);
  const all = { objects: [], prefixes: [], isTruncated: false, keyCount: 0 };
  const seen = new Set(params.filter(([name]) => name === 'continuation-token').map(([, value]) => value));
  let page = params;
  for (let n = 0; n < MAX_PAGES; n++) {
    const listing = await listPage(call, page);
    all.objects.push(...listing.objects);
    all.prefixes.push(...listing.prefixes);
    all.keyCount += listing.keyCount;
    if (!listing.isTruncated) return all;
    const token = listing.nextContinuationToken;
    if (token === undefined) throw badReply('a page is truncated but has no NextContinuationToken');
    if (seen.has(token)) throw badReply('S3 repeated a continuation token');
    seen.add(token);
    page = [...params.filter(([name]) => name !== 'continuation-token'), ['continuation-token', token]];
  }
  throw new CognitoError('TooManyPages', `listing stopped after ${MAX_PAGES} pages; narrow the prefix`, false);
}

/**
 * A presigned URL that GETs one object with no further signing (an `<img src>`, a
 * link, a plain `fetch`), valid `expiresIn` seconds (default 900, at most 7 days).
 */
export const presignGetObject = (options) => presignedUrl('presignGetObject', 'GET', options);
