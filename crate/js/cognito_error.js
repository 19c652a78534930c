// The error every cognito-wasm call throws or rejects with: a real Error
// whose `name` is the AWS error type (or one of the library's own names) and
// whose `retryable` says whether repeating the call later may succeed.
export class CognitoError extends Error {
  constructor(name, message, retryable) {
    super(message);
    this.name = name;
    this.retryable = retryable;
  }
}

export function makeCognitoError(name, message, retryable) {
  return new CognitoError(name, message, retryable);
}

export function isCognitoError(value) {
  return value instanceof CognitoError;
}
