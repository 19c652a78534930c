//! The TypeScript types of every option and result of the JS API (added to
//! the generated `.d.ts`; the exports refer to them by name).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A JSON value (as found in token claims). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Error names of the library itself; AWS error types (`NotAuthorizedException`, `AccessDenied`, …) are passed through. */
export type CognitoErrorName =
  | "InvalidConfig" | "InvalidParameterException" | "NetworkError" | "InvalidResponse" | "NotSignedIn"
  | "NotAuthorizedException" | "UserNotFoundException" | "UserNotConfirmedException"
  | "PasswordResetRequiredException" | "ResourceNotFoundException" | "TooManyRequestsException"
  | "AccessDenied" | "SignatureDoesNotMatch" | "NoSuchBucket" | "NoSuchKey"
  | (string & {});

/** What every rejected promise and thrown error of cognito-wasm is: an `Error` (check with `isCognitoError`). Messages never contain secrets, tokens or passwords. */
export interface CognitoError extends Error {
  /** The AWS error type without namespace, or one of the library's own names. */
  name: CognitoErrorName;
  message: string;
  /** Whether repeating the same call later may succeed (throttling, 5xx, network). */
  retryable: boolean;
}

/** Options of `new CognitoClient(...)`. */
export interface CognitoClientOptions {
  /** User pool id, `<region>_<id>`. */
  userPoolId: string;
  /** App client id of the user pool. */
  clientId: string;
  /** Identity pool id, `<region>:<uuid>`; needed for AWS credentials. */
  identityPoolId?: string;
  /** Region; defaults to the user pool's and must agree with it. */
  region?: string;
  /** App client secret, only for clients that have one (unsafe in public pages). */
  clientSecret?: string;
  /** How the password is proven (default `USER_SRP_AUTH`: it never leaves the page). */
  authFlow?: "USER_SRP_AUTH" | "USER_PASSWORD_AUTH";
  /** Custom endpoints (an emulator); HTTPS unless loopback. */
  endpoints?: { cognitoIdp?: string; cognitoIdentity?: string };
  /** Where tokens and identity ids are kept between page loads (default `memory`: nowhere). The password and AWS credentials are never stored. */
  storage?: "memory" | "session" | "local";
  /** Tokens and credentials are renewed this many seconds before they expire (default 300, at most half their lifetime). */
  refreshMarginSeconds?: number;
}

/** Argument of `signIn`. */
export interface SignInOptions {
  username: string;
  password: string;
}

/** Challenge names; others may be reported but cannot be answered. */
export type ChallengeName =
  | "NEW_PASSWORD_REQUIRED" | "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | "SELECT_MFA_TYPE"
  | (string & {});

/** What the user must do to finish signing in. */
export interface NextStep {
  challenge: ChallengeName;
  /** NEW_PASSWORD_REQUIRED: attributes to give with the new password (`email`, `name`, …). */
  requiredAttributes?: string[];
  /** NEW_PASSWORD_REQUIRED: the user's current attributes. */
  userAttributes?: Record<string, string>;
  /** SELECT_MFA_TYPE: the MFA types to choose from. */
  mfaTypes?: string[];
  /** Where a code was sent (masked). */
  codeDeliveryDestination?: string;
  /** How a code was sent (`SMS`, `EMAIL`). */
  codeDeliveryMedium?: string;
}

/** Outcome of `signIn` and `respondToChallenge`. */
export type SignInResult = { signedIn: true } | { signedIn: false; nextStep: NextStep };

/** Answer to the pending challenge (the fields its `NextStep` asks for). */
export interface ChallengeAnswer {
  /** NEW_PASSWORD_REQUIRED. */
  newPassword?: string;
  /** SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP. */
  code?: string;
  /** SELECT_MFA_TYPE. */
  mfaType?: string;
  /** NEW_PASSWORD_REQUIRED: values of the required attributes. */
  attributes?: Record<string, string>;
}

/** The signed-in user; claims are decoded for display, not verified. */
export interface CurrentUser {
  username: string;
  sub: string;
  idTokenClaims: { [claim: string]: JsonValue };
  accessTokenClaims: { [claim: string]: JsonValue };
}

/** The user pool tokens (JWT). */
export interface Tokens {
  idToken: string;
  accessToken: string;
  /** When the first of the two expires. */
  expiresAt: Date;
}

/** AWS credentials to sign with (the AWS SDK v3 `AwsCredentialIdentity` shape). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Temporary credentials from the identity pool. */
export interface Credentials extends AwsCredentials {
  sessionToken: string;
  expiration: Date;
  /** The identity pool identity they belong to. */
  identityId: string;
}

/** A function returning credentials (or a promise of them): `client.credentialProvider()`, an AWS SDK provider. */
export type CredentialProvider = () => AwsCredentials | Promise<AwsCredentials>;

/** Credentials given directly, or a provider to ask for them on each call. */
export type CredentialSource =
  | { credentials: AwsCredentials; provider?: undefined }
  | { provider: CredentialProvider; credentials?: undefined };

/** Argument of `signOut`. */
export interface SignOutOptions {
  /** Also end every other session of the user (GlobalSignOut). */
  global?: boolean;
}

/** Options of `listObjects` and `listAllObjects`. */
export type ListObjectsOptions = CredentialSource & {
  region: string;
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

/** Header names and values. */
export type HeadersLike = Headers | [string, string][] | Record<string, string>;

/** A request to sign. */
export interface SignableRequest {
  /** Default `GET`. */
  method?: string;
  url: string;
  headers?: HeadersLike;
  body?: string | ArrayBuffer | ArrayBufferView;
}

/** Options of `signRequest`. */
export interface SignRequestOptions {
  credentials: AwsCredentials;
  region: string;
  /** Signing name of the service (`s3`, `dynamodb`, `execute-api`, …). */
  service: string;
  /** Default: now, corrected by the clock offset learned from AWS replies. */
  signingDate?: Date;
  /** Sign the URL's query (a presigned URL) instead of adding an Authorization header. */
  presign?: { expiresIn: number };
}

/** A signed request: send `url` with `headers` (and the same method and body). */
export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
}

/** Options of `new AwsSigner(…)`: what every signature of the signer shares. */
export interface AwsSignerOptions {
  credentials: AwsCredentials;
  region: string;
  /** Signing name of the service (`s3`, `dynamodb`, `execute-api`, …). */
  service: string;
}

/** Options of `AwsSigner.sign`. */
export interface AwsSignerSignOptions {
  /** Default: now, corrected by the clock offset learned from AWS replies. */
  signingDate?: Date;
  /** Sign the URL's query (a presigned URL) instead of adding an Authorization header. */
  presign?: { expiresIn: number };
}

/** Options of `awsFetch`. */
export type AwsFetchOptions = CredentialSource & {
  /** Default: from the `*.amazonaws.com` host name. */
  region?: string;
  /** Default: from the `*.amazonaws.com` host name. */
  service?: string;
};
"#;
