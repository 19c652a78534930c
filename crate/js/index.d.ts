// The package's types: those of the wasm-bindgen glue, and those of `awsJson`
// and the `dynamodb` namespace (aws_json.js, dynamodb_values.js).
export * from './cognito_wasm.js';
export { default } from './cognito_wasm.js';
import type { CredentialSource } from './cognito_wasm.js';

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
