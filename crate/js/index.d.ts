// The package's types: those of the wasm-bindgen glue, and those of `awsFetch`
// (aws_fetch.js), `awsJson` and the `dynamodb` namespace (aws_json.js,
// dynamodb_values.js), and those of the S3 calls (s3_objects.js, s3_list.js).
export * from './cognito_wasm.js';
export { default } from './cognito_wasm.js';
import type { AwsCredentials, CallOptions, CredentialSource } from './cognito_wasm.js';

/** Options of `awsFetch`. */
export type AwsFetchOptions = CredentialSource & {
  /** Default: from the `*.amazonaws.com` host name. */
  region?: string;
  /** Default: from the `*.amazonaws.com` host name. */
  service?: string;
} & CallOptions;

/**
 * `fetch` with a SigV4 signature: builds the request from `input` and
 * `init` as `fetch` would, signs it with the given `credentials` or those
 * a `provider` returns, and sends it. `region` and `service` default to
 * what the `*.amazonaws.com` host name says for the services it knows
 * (an unknown host needs `service`). Resolves the real `Response`
 * (HTTP error statuses included); rejects with a `CognitoError` only when
 * the request could not be signed or sent (`NetworkError`; `TimeoutError`
 * after `timeoutMs` without a reply; `AbortError` when the request's or
 * the options' `signal` aborts).
 */
export function awsFetch(input: string | URL | Request, init: RequestInit | undefined | null, options: AwsFetchOptions): Promise<Response>;

/** Where a call gets its signing keys, where it goes and how to cancel it. */
export type AwsCallOptions = CredentialSource & {
  region: string;
  /** Custom endpoint URL (`http://127.0.0.1:4566`); default `https://<service>.<region>.amazonaws.com/`. */
  endpoint?: string;
  /** Ends the call, also during a wait between retries: it rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Longest wait for each reply, in ms (default 30000); past it the attempt fails with `TimeoutError` and is retried. */
  timeoutMs?: number;
};

/** Options of `awsJson`. */
export type AwsJsonOptions = AwsCallOptions & {
  /** Signing name (`dynamodb`, `kinesis`, `logs`, …). */
  service: string;
  /** `X-Amz-Target` (`DynamoDB_20120810.GetItem`). */
  target: string;
  /** The request: a value to `JSON.stringify`, or JSON text. */
  body?: unknown;
  /** Default `application/x-amz-json-1.0` for `dynamodb`, `application/x-amz-json-1.1` otherwise. */
  contentType?: string;
};

/** A DynamoDB value: sets are `Set`s of one kind, binary is `Uint8Array`; numbers that a JS number would round come back as `bigint` (integers) or `string` (fractions). */
export type DynamoValue = string | number | bigint | boolean | null | Uint8Array | DynamoValue[]
  | Set<string> | Set<number | bigint> | Set<Uint8Array> | { [name: string]: DynamoValue };
/** An item or key. */
export type DynamoItem = { [name: string]: DynamoValue };

/** DynamoDB request fields in camelCase (`tableName`, `key`, `conditionExpression`, …); `key`, `item`, `exclusiveStartKey` and `expressionAttributeValues` hold plain values. */
export type DynamoOptions = AwsCallOptions & { tableName: string; [field: string]: unknown };
/** The reply's fields in camelCase; `item`, `attributes`, `items`, `lastEvaluatedKey` as plain values. */
export type DynamoResult = {
  item?: DynamoItem; attributes?: DynamoItem; items?: DynamoItem[];
  count?: number; scannedCount?: number; lastEvaluatedKey?: DynamoItem; [field: string]: unknown;
};
/** Options of `dynamodb.batchGetItem`: `requestItems: { [table]: { keys: DynamoItem[], projectionExpression?, … } }`. */
export type BatchGetItemOptions = AwsCallOptions & {
  requestItems: { [table: string]: { keys: DynamoItem[]; [field: string]: unknown } };
};
/** `responses` per table; `unprocessedKeys` only when some keys were still unprocessed after the retries. */
export type BatchGetItemResult = {
  responses: { [table: string]: DynamoItem[] };
  unprocessedKeys?: { [table: string]: { keys: DynamoItem[]; [field: string]: unknown } };
};

/**
 * Calls any AWS JSON 1.0/1.1 API (a SigV4-signed POST with `X-Amz-Target`)
 * and resolves the reply's parsed JSON. Errors are `CognitoError`s named by
 * the service (`AccessDeniedException`, `ValidationException`, …);
 * throttling, 5xx and network failures are retried with backoff (full
 * jitter), and a wrong option rejects with `InvalidParameterException`
 * before anything is sent.
 */
export function awsJson(options: AwsJsonOptions): Promise<any>;

/**
 * DynamoDB over plain JavaScript values: `import { dynamodb } from
 * 'cognito-wasm'`, then `dynamodb.getItem({ tableName, key, credentials,
 * region })`. Options are DynamoDB's request fields in camelCase; results
 * its reply fields in camelCase. Throttling
 * (`ProvisionedThroughputExceededException`, …) and 5xx are retried with
 * backoff; values DynamoDB cannot hold reject with
 * `InvalidParameterException` before anything is sent.
 */
export class dynamodb {
  private constructor();
  /** GetItem: resolves `{ item? }` (no `item` when there is no such row). */
  static getItem(options: DynamoOptions): Promise<DynamoResult>;
  /** PutItem: `{ tableName, item, conditionExpression?, … }`; a failed condition rejects with `ConditionalCheckFailedException`. */
  static putItem(options: DynamoOptions): Promise<DynamoResult>;
  /** UpdateItem: `{ tableName, key, updateExpression, … }`; resolves `{ attributes? }` as `returnValues` asks. */
  static updateItem(options: DynamoOptions): Promise<DynamoResult>;
  /** DeleteItem: `{ tableName, key, conditionExpression?, … }`. */
  static deleteItem(options: DynamoOptions): Promise<DynamoResult>;
  /** Query, one page: `{ items, count, scannedCount, lastEvaluatedKey? }`; pass `lastEvaluatedKey` back as `exclusiveStartKey` for the next. */
  static query(options: DynamoOptions): Promise<DynamoResult>;
  /** Query, every page: `{ items, count, scannedCount }` of all pages (`limit` is then the page size). */
  static queryAll(options: DynamoOptions): Promise<DynamoResult>;
  /** BatchGetItem, asking again with backoff for `UnprocessedKeys`: resolves `{ responses, unprocessedKeys? }`. */
  static batchGetItem(options: BatchGetItemOptions): Promise<BatchGetItemResult>;
}

/** Where an object is, and how to sign for it (as `listObjects`). */
export type ObjectOptions = AwsCallOptions & {
  bucket: string;
  key: string;
  /** Custom endpoint (`http://127.0.0.1:4566`); implies path-style addressing. */
  endpoint?: string;
  forcePathStyle?: boolean;
};

/** Options of `getObject`. */
export type GetObjectOptions = ObjectOptions & {
  /** `bytes=0-99`, `bytes=-500`, … */
  range?: string;
};

/** What `headObject` and `getObject` say about an object. */
export interface ObjectInfo {
  contentType?: string;
  /** Bytes in the body of this reply (`Content-Length`). */
  size?: number;
  /** Quotes included. */
  etag?: string;
  lastModified?: Date;
  /** `x-amz-meta-*` values the bucket's CORS rule exposes, names lower-case. */
  metadata: Record<string, string>;
  /** `Content-Range` of a ranged read. */
  contentRange?: string;
}

/** `getObject`'s result: the body is the unread `Response`. */
export type GetObjectResult = ObjectInfo & { body: Response };

/** Options of `putObject`. */
export type PutObjectOptions = ObjectOptions & {
  body: Blob | ArrayBuffer | ArrayBufferView | string;
  contentType?: string;
  /** Stored as `x-amz-meta-<name>` (names are sent lower-case). */
  metadata?: Record<string, string>;
  /** Sign `UNSIGNED-PAYLOAD` instead of the body's SHA-256 (hashed in wasm otherwise). */
  unsignedPayload?: boolean;
  /** Bytes sent so far; bodies of 16 MiB or more go up in 8 MiB parts, 4 at a time. */
  onProgress?: (progress: { loaded: number; total: number }) => void;
};

/** Options of `deleteObjects`. */
export type DeleteObjectsOptions = Omit<ObjectOptions, "key"> & {
  /** 1 to 1000 keys. */
  keys: string[];
  /** Report only the keys that could not be deleted. */
  quiet?: boolean;
};

/** `deleteObjects`' result. */
export interface DeleteObjectsResult {
  deleted: string[];
  errors: { key: string; code: string; message: string }[];
}

/** Options of `copyObject`: copies `sourceKey` of `sourceBucket` (default: `bucket`) to `key`. */
export type CopyObjectOptions = ObjectOptions & {
  sourceKey: string;
  sourceBucket?: string;
  /** With `contentType` or `metadata`, the copy gets these instead of the source's. */
  contentType?: string;
  metadata?: Record<string, string>;
};

/** Options of `presignPutObject`. */
export interface PresignPutObjectOptions {
  credentials: AwsCredentials;
  region: string;
  bucket: string;
  key: string;
  /** The uploader must then send this same `Content-Type`. */
  contentType?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Seconds, 1 to 604800 (default 900). */
  expiresIn?: number;
}

/**
 * Reads one object (S3 GetObject). Resolves `{ body, contentType, size,
 * etag, lastModified, metadata }` where `body` is the unread `Response`
 * (stream it, or call `.blob()`, `.text()`, …); `range` reads part of it.
 * Rejects with the S3 error (`NoSuchKey`, `AccessDenied`, …).
 */
export function getObject(options: GetObjectOptions): Promise<GetObjectResult>;

/**
 * Stores one object (S3 PutObject) from a Blob, ArrayBuffer, typed array
 * or string, with an optional `contentType` and `metadata`; the body's
 * SHA-256 is signed unless `unsignedPayload` is set. Bodies of 16 MiB or
 * more go up as a multipart upload (8 MiB parts, 4 at a time, each
 * retried; aborted on failure or abort); `onProgress({ loaded, total })`
 * follows the parts. Resolves `{ etag }`.
 */
export function putObject(options: PutObjectOptions): Promise<{ etag?: string }>;

/**
 * What S3 knows of an object without its body (HeadObject). A missing
 * object rejects with `NotFound` (HEAD replies carry no error body).
 */
export function headObject(options: ObjectOptions): Promise<ObjectInfo>;

/** Deletes one object (S3 DeleteObject; deleting a missing key succeeds). */
export function deleteObject(options: ObjectOptions): Promise<void>;

/**
 * Deletes up to 1000 objects in one call (S3 DeleteObjects). Resolves
 * `{ deleted, errors }`: keys S3 could not delete are in `errors`, not a
 * rejection.
 */
export function deleteObjects(options: DeleteObjectsOptions): Promise<DeleteObjectsResult>;

/** Copies an object within S3 (CopyObject) to `bucket`/`key`. Resolves `{ etag, lastModified }`. */
export function copyObject(options: CopyObjectOptions): Promise<{ etag: string; lastModified?: Date }>;

/**
 * A presigned URL that PUTs one object with a plain `fetch(url, {
 * method: 'PUT', body })`, valid `expiresIn` seconds (default 900, at most
 * 7 days). With `contentType`, the upload must send that `Content-Type`.
 */
export function presignPutObject(options: PresignPutObjectOptions): string;

/** Options of `listObjects` and `listAllObjects`. */
export type ListObjectsOptions = AwsCallOptions & {
  bucket: string;
  prefix?: string;
  /** Group keys by this (usually `/`) into `prefixes`. */
  delimiter?: string;
  /** Page size, 1–1000. */
  maxKeys?: number;
  /** `nextContinuationToken` of the previous page. */
  continuationToken?: string;
  startAfter?: string;
  /** Custom endpoint (`http://127.0.0.1:4566`); implies path-style addressing. */
  endpoint?: string;
  forcePathStyle?: boolean;
};

/** One object of a listing. */
export interface S3Object {
  key: string;
  /** Bytes. */
  size: number;
  lastModified: Date;
  /** Entity tag as S3 sent it, quotes included. */
  etag: string;
}

/** A listing (one page from `listObjects`, every page from `listAllObjects`). */
export interface ListObjectsResult {
  objects: S3Object[];
  /** Common prefixes ("folders" with `delimiter: "/"`). */
  prefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
  /** Keys plus prefixes in the reply (summed over pages). */
  keyCount: number;
}

/** Options of `presignGetObject`. */
export interface PresignGetObjectOptions {
  credentials: AwsCredentials;
  region: string;
  bucket: string;
  key: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Seconds, 1 to 604800 (default 900). */
  expiresIn?: number;
}

/**
 * Lists one page of a bucket (S3 ListObjectsV2), signed with the given
 * `credentials` or those a `provider` returns. With `delimiter: '/'` the
 * "folders" come back in `prefixes`; pass `nextContinuationToken` back as
 * `continuationToken` for the next page. Path-style addressing is used for
 * a custom `endpoint` (a local emulator, MinIO) or with `forcePathStyle`.
 * Throttling, 5xx and network failures are retried with backoff.
 */
export function listObjects(options: ListObjectsOptions): Promise<ListObjectsResult>;

/**
 * Like `listObjects`, following `nextContinuationToken` until the last page;
 * resolves every object and prefix of all pages at once (at most 1000 pages,
 * then `TooManyPages`).
 */
export function listAllObjects(options: ListObjectsOptions): Promise<ListObjectsResult>;

/**
 * A presigned URL that GETs one object without further signing (for an
 * `<img src>`, a download link, a plain `fetch`), valid `expiresIn` seconds
 * (default 900, at most 7 days; a URL signed with temporary credentials
 * stops working when they expire).
 */
export function presignGetObject(options: PresignGetObjectOptions): string;
