// The arguments of the wasm's exports, read and checked in JavaScript and
// crossed into wasm as one string per call: reading each field from wasm
// costs more (in time, and in the wasm's bytes) than reading it here. Two
// readers share this file, so that the page fetches one module for both
// (crate/js/transport.js says why the wasm keeps to four modules): SigV4
// signing's (`signRequest`, `AwsSigner`) first, then CognitoClient's methods'.
//
// SigV4 signing's arguments and result, crossed in one string each way.
// Reading a dozen fields one by one from wasm costs more than signing (and
// the reader's code, in wasm, more bytes than here): every shape
// `signRequest` and `AwsSigner` accept is read here, a wrong one refused
// with an InvalidParameterException naming the field (never its value), and
// the fields joined with "\0". A binary body (or a string one holding a
// NUL) crosses apart, as bytes, through takeBody. No field can hold a NUL:
// where a valid value never does (URL, method, names, keys), one is refused
// with the error the signer gives for it.
import { CognitoError } from './cognito_error.js';

const SEP = "\0";
const MAX_PRESIGN_EXPIRES = 604800;
const invalid = (message) => new CognitoError('InvalidParameterException', message, false);
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
// The session token sent last: wasm keeps it, so an unchanged token, the
// longest argument, crosses as an empty field (a new one as "=" + token).
let lastToken;
// The binary body of the request just packed, for takeBody.
let body;
let encoder;

// Fields are read by name at each object (destructured), not by a key passed
// around: a property read that sees one shape stays fast.

/** What an export throws for `e`: a CognitoError as it is, anything else (a revoked Proxy…) made one. */
const own = (e) => (e instanceof CognitoError ? e : invalid("the arguments could not be read"));

/** The error for `object`, whose fields `keys` (in reading order) could not all be read: names the first whose reading throws. */
function unreadable(object, context, keys) {
  for (const key of keys) {
    try {
      object[key];
    } catch {
      return invalid(`${context}.${key} could not be read`);
    }
  }
  return invalid(`${context} could not be read`);
}

/** `value` (undefined or null: not given), refused unless a string. */
function string(value, name) {
  value ??= undefined;
  if (value !== undefined && typeof value !== "string") throw invalid(`${name} must be a string`);
  return value;
}

function required(value, name) {
  value = string(value, name);
  if (value === undefined) throw invalid(`${name} is required`);
  return value;
}

/** `value`, refused with `message` when it holds a NUL. */
function noNul(value, message) {
  if (value.includes(SEP)) throw invalid(message);
  return value;
}

/** "\0name\0value" for each header of a Headers object, [name, value] pairs or a record. */
function headerFields(headers) {
  let pairs = [];
  if ((typeof Headers === "function" && headers instanceof Headers) || Array.isArray(headers)) {
    try {
      for (const pair of headers) {
        if (!(Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && typeof pair[1] === "string")) throw 0;
        pairs.push(pair);
      }
    } catch {
      throw invalid("request.headers must be a Headers object, [name, value] pairs or a record of strings");
    }
  } else {
    if (!isObject(headers)) throw invalid("request.headers must be an object");
    try {
      pairs = Object.entries(headers);
    } catch {
      throw invalid("request.headers could not be read");
    }
    for (const [name, value] of pairs) if (typeof value !== "string") throw invalid(`request.headers.${name} must be a string`);
  }
  let out = "";
  for (const [name, value] of pairs) {
    out += SEP + noNul(name, "bad header name") + SEP + noNul(value, "header names and values must not contain NUL characters");
  }
  return out;
}

/** The bytes of a binary body (or of a string one holding a NUL). */
function bodyBytes(value) {
  if (typeof value === "string") return (encoder ??= new TextEncoder()).encode(value);
  try {
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) {
      const { buffer, byteOffset, byteLength } = value;
      if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer, byteOffset, byteLength);
    }
  } catch {
    // A detached buffer.
  }
  throw invalid("request.body must be a string, an ArrayBuffer or a typed array");
}

// method, url, binary ("1": the body is takeBody's), body (text), then
// header name/value pairs.
function requestFields(request) {
  if (!isObject(request)) throw invalid("request must be an object");
  let method, url, headers, text;
  try {
    ({ method, url, headers, body: text } = request);
  } catch {
    throw unreadable(request, "request", ["method", "url", "headers", "body"]);
  }
  method = noNul(string(method, "request.method") ?? "GET", "bad HTTP method");
  url = noNul(required(url, "request.url"), "invalid URL: control characters and backslashes are not allowed");
  const fields = headers == null ? "" : headerFields(headers);
  text ??= "";
  body = undefined;
  if (typeof text !== "string" || text.includes(SEP)) {
    const bytes = bodyBytes(text);
    text = "";
    if (bytes.length > 0) body = bytes;
  }
  return method + SEP + url + SEP + (body === undefined ? "" : "1") + SEP + text + fields;
}

// time (ms, "" = now), expiresIn ("" = header signing): the signingDate and
// presign of sign options.
function timing(date, presign) {
  let time = "";
  let expires = "";
  if (date != null) {
    const ms = date instanceof Date ? date.getTime() : typeof date === "number" ? date : NaN;
    if (!Number.isFinite(ms)) throw invalid("options.signingDate must be a valid Date");
    if (ms < 0) throw invalid("signing time is not a valid date");
    // (Past year 9999 the signer refuses it, as it does the largest whole number here.)
    time = String(Math.min(Math.floor(ms), Number.MAX_SAFE_INTEGER));
  }
  if (presign != null) {
    if (!isObject(presign)) throw invalid("options.presign must be an object");
    let seconds;
    try {
      seconds = presign.expiresIn;
    } catch {
      throw invalid("options.presign.expiresIn could not be read");
    }
    if (seconds == null) throw invalid("presign.expiresIn is required");
    if (!Number.isFinite(seconds)) throw invalid("options.presign.expiresIn must be a finite number");
    if (!(Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_PRESIGN_EXPIRES)) {
      throw invalid(`options.presign.expiresIn must be a whole number from 1 to ${MAX_PRESIGN_EXPIRES}`);
    }
    expires = String(seconds);
  }
  return time + SEP + expires;
}

// The session token keys() read last.
let readToken;

// "region\0service\0access key id\0secret" of sign options (the token in readToken).
function keys(credentials, region, service) {
  if (credentials == null) throw invalid("credentials is required");
  if (typeof credentials === "function") throw invalid("credentials must be an object; pass a function as `provider`");
  if (!isObject(credentials)) throw invalid("credentials must be an object");
  let accessKeyId, secretAccessKey, sessionToken;
  try {
    ({ accessKeyId, secretAccessKey, sessionToken } = credentials);
  } catch {
    throw unreadable(credentials, "credentials", ["accessKeyId", "secretAccessKey", "sessionToken"]);
  }
  accessKeyId = required(accessKeyId, "credentials.accessKeyId");
  secretAccessKey = required(secretAccessKey, "credentials.secretAccessKey");
  if (accessKeyId === "" || secretAccessKey === "") {
    throw invalid("credentials.accessKeyId and credentials.secretAccessKey must not be empty");
  }
  readToken = noNul(string(sessionToken, "credentials.sessionToken") ?? "", "credentials.sessionToken must not contain NUL characters");
  region = noNul(required(region, "options.region"), "region must be lower-case letters, digits and '-'");
  service = noNul(required(service, "options.service"), "service must be lower-case letters, digits and '-'");
  noNul(accessKeyId, "access key id must be letters and digits");
  noNul(secretAccessKey, "credentials.secretAccessKey must not contain NUL characters");
  return region + SEP + service + SEP + accessKeyId + SEP + secretAccessKey;
}

// AwsSigner.sign's arguments: timing's fields, then requestFields'. Throws
// the error of a wrong one.
export function packRequest(request, options) {
  try {
    const given = options != null;
    if (given && !isObject(options)) throw invalid("options must be an object");
    const fields = requestFields(request);
    if (!given) return SEP + SEP + fields;
    let signingDate, presign;
    try {
      ({ signingDate, presign } = options);
    } catch {
      throw unreadable(options, "options", ["signingDate", "presign"]);
    }
    return timing(signingDate, presign) + SEP + fields;
  } catch (e) {
    throw own(e);
  }
}

// signRequest's arguments: the session token ("" = the previous one, else
// "=" + token), region, service, access key id, secret, then packRequest's
// fields. Throws the error of a wrong one.
export function packSignArgs(request, options) {
  try {
    const fields = requestFields(request);
    if (!isObject(options)) throw invalid("options must be an object");
    let credentials, region, service, signingDate, presign;
    try {
      ({ credentials, region, service, signingDate, presign } = options);
    } catch {
      throw unreadable(options, "options", ["credentials", "region", "service", "signingDate", "presign"]);
    }
    const scope = keys(credentials, region, service);
    const token = readToken;
    const packed = (token === lastToken ? "" : "=" + token) + SEP + scope + SEP + timing(signingDate, presign) + SEP + fields;
    lastToken = token;
    return packed;
  } catch (e) {
    throw own(e);
  }
}

// new AwsSigner's options: the session token, region, service, access key
// id, secret. Throws the error of a wrong one.
export function packSigner(options) {
  try {
    if (!isObject(options)) throw invalid("options must be an object");
    let credentials, region, service;
    try {
      ({ credentials, region, service } = options);
    } catch {
      throw unreadable(options, "options", ["credentials", "region", "service"]);
    }
    const scope = keys(credentials, region, service);
    return readToken + SEP + scope;
  } catch (e) {
    throw own(e);
  }
}

// The binary body of the request packed last (once).
export function takeBody() {
  const bytes = body ?? new Uint8Array(0);
  body = undefined;
  return bytes;
}

// Forgets the last session token (sign-out, another user's sign-in);
// returns whether one was held.
export function forgetToken() {
  const held = lastToken !== undefined;
  lastToken = undefined;
  return held;
}

// unpackSignature for the packSignArgs call just made: its token is lastToken.
export function unpackSignatureArgs(packed) {
  return unpackSignature(packed, lastToken);
}

// { url, headers } of a signed request: "url\0shape", then for header
// signing "\0[x-amz-content-sha256\0]x-amz-date\0authorization", then the
// request's own headers as \0name\0value pairs. shape: 1 = x-amz-content-sha256
// added, + 2 = the session token added (its value is `token`); 4 = presigned
// (the signature is in the URL, nothing is added). The added headers are set
// by name here: objects built from known names are several times faster than
// from names decoded out of wasm memory.
export function unpackSignature(packed, token) {
  const parts = packed.split(SEP);
  const url = parts[0];
  const shape = parts[1];
  if (shape === "4") {
    const headers = {};
    for (let i = 2; i + 1 < parts.length; i += 2) setHeader(headers, parts[i], parts[i + 1]);
    return { url, headers };
  }
  const withSha = shape === "1" || shape === "3";
  const withToken = shape === "2" || shape === "3";
  const sha = withSha ? parts[2] : undefined;
  let i = withSha ? 3 : 2;
  const date = parts[i++];
  const authorization = parts[i++];
  if (i === parts.length) {
    if (withSha && withToken) {
      return { url, headers: { "x-amz-content-sha256": sha, "x-amz-date": date, "x-amz-security-token": token, authorization } };
    }
    if (withToken) return { url, headers: { "x-amz-date": date, "x-amz-security-token": token, authorization } };
    if (withSha) return { url, headers: { "x-amz-content-sha256": sha, "x-amz-date": date, authorization } };
    return { url, headers: { "x-amz-date": date, authorization } };
  }
  const headers = {};
  for (; i + 1 < parts.length; i += 2) setHeader(headers, parts[i], parts[i + 1]);
  if (withSha) headers["x-amz-content-sha256"] = sha;
  headers["x-amz-date"] = date;
  if (withToken) headers["x-amz-security-token"] = token;
  headers.authorization = authorization;
  return { url, headers };
}

// headers[name] = value, also for a header named __proto__ (defined, not
// assigned, so that it stays an own header).
function setHeader(headers, name, value) {
  if (name === "__proto__") {
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    headers[name] = value;
  }
}

// The arguments of CognitoClient's methods (signIn, respondToChallenge and
// the account family: signUp, confirmSignUp, forgotPassword,
// updateUserAttributes, setMfaPreference, rememberDevice, …), read and
// checked here and crossed into wasm as one string: reading each
// field from wasm costs more bytes there than here. A wrong argument is
// refused with the message naming the field (never its value); the wasm
// rejects with it as an InvalidParameterException before any request.
//
// The packed form: "!" + message for a refusal, else the fields in order,
// each "<length>:<text>" (the length in UTF-16 units, so that any text,
// NULs included, crosses as it is) or "-" when not given. A record or a list
// is its count as a field, then its names and values (or items).

/** A refusal of this reader (not an error thrown by the caller's objects). */
class Refusal {
  constructor(message) {
    this.message = message;
  }
}

const refuse = (message) => new Refusal(message);
const field = (text) => (text === undefined ? "-" : text.length + ":" + text);
const SETTINGS = ["preferred", "enabled", "disabled"];

/** `object[key]`; `context` names the object. */
function get(object, context, key) {
  try {
    return object[key];
  } catch {
    throw refuse(`${context}.${key} could not be read`);
  }
}

/** An optional string field (undefined or null: not given). */
function optional(object, context, key) {
  const value = get(object, context, key) ?? undefined;
  if (value !== undefined && typeof value !== "string") throw refuse(`${context}.${key} must be a string`);
  return value;
}

/** The fields of the required strings `keys` of `object`. */
function requiredFields(object, context, ...keys) {
  let out = "";
  for (const key of keys) {
    const value = optional(object, context, key);
    if (value === undefined) throw refuse(`${context}.${key} is required`);
    out += field(value);
  }
  return out;
}

/** `value` as the options object of `method` (its context in messages). */
function options(value, method) {
  const context = method + " options";
  if (!isObject(value)) throw refuse(`${context} must be an object`);
  return context;
}

/** A record of strings: its count, then each name and value. */
function record(value, context) {
  if (!isObject(value)) throw refuse(`${context} must be an object`);
  let entries;
  try {
    entries = Object.entries(value);
  } catch {
    throw refuse(`${context} could not be read`);
  }
  let out = field(String(entries.length));
  for (const [name, text] of entries) {
    if (typeof text !== "string") throw refuse(`${context}.${name} must be a string`);
    out += field(name) + field(text);
  }
  return out;
}

/** An optional record field (not given: none). */
function recordField(object, context, key) {
  const value = get(object, context, key);
  return value == null ? field("0") : record(value, `${context}.${key}`);
}

/** A positional string argument named `what`. */
function argument(value, what) {
  if (typeof value !== "string") throw refuse(`${what} must be a string`);
  return field(value);
}

/** An optional positional string argument (undefined or null: not given). */
const optionalArgument = (value, what) => (value == null ? field(undefined) : argument(value, what));

/** An array of strings: its count, then each. */
function names(value) {
  try {
    if (!Array.isArray(value)) throw 0;
    const count = value.length;
    let out = field(String(count));
    for (let i = 0; i < count; i++) {
      const name = value[i];
      if (typeof name !== "string") throw 0;
      out += field(name);
    }
    return out;
  } catch {
    throw refuse("names must be an array of strings");
  }
}

// One reader per kind, in the order of the kinds in crate/src/js/client_args.rs.
const READERS = [
  // signUp
  (o) => {
    const c = options(o, "signUp");
    return requiredFields(o, c, "username", "password") + recordField(o, c, "attributes") +
      recordField(o, c, "validationData") + recordField(o, c, "clientMetadata");
  },
  // confirmSignUp
  (o) => {
    const c = options(o, "confirmSignUp");
    const fields = requiredFields(o, c, "username", "code");
    const signIn = get(o, c, "signIn") ?? false;
    if (typeof signIn !== "boolean") throw refuse(`${c}.signIn must be true or false`);
    return fields + field(signIn ? "" : undefined);
  },
  // resendSignUpCode
  (o) => requiredFields(o, options(o, "resendSignUpCode"), "username"),
  // forgotPassword
  (o) => requiredFields(o, options(o, "forgotPassword"), "username"),
  // confirmForgotPassword
  (o) => requiredFields(o, options(o, "confirmForgotPassword"), "username", "code", "newPassword"),
  // changePassword
  (o) => requiredFields(o, options(o, "changePassword"), "oldPassword", "newPassword"),
  // updateUserAttributes
  (attributes) => record(attributes, "attributes"),
  // sendAttributeVerificationCode
  (name) => argument(name, "name"),
  // verifyAttribute
  (name, code) => argument(name, "name") + argument(code, "code"),
  // deleteUserAttributes
  names,
  // verifyTotpSetup
  (o) => {
    const c = options(o, "verifyTotpSetup");
    return requiredFields(o, c, "code") + field(optional(o, c, "friendlyName"));
  },
  // setMfaPreference
  (o) => {
    const c = options(o, "setMfaPreference");
    let out = "";
    for (const key of ["totp", "sms", "email"]) {
      const setting = optional(o, c, key);
      if (setting !== undefined && !SETTINGS.includes(setting)) {
        throw refuse(`${c}.${key} must be 'preferred', 'enabled' or 'disabled'`);
      }
      out += field(setting);
    }
    return out;
  },
  // rememberDevice
  (deviceName) => optionalArgument(deviceName, "deviceName"),
  // forgetDevice
  (deviceKey) => optionalArgument(deviceKey, "deviceKey"),
  // signIn
  (o) => requiredFields(o, options(o, "signIn"), "username", "password"),
  // respondToChallenge
  (o) => {
    const c = "answer";
    if (!isObject(o)) throw refuse(`${c} must be an object`);
    return field(optional(o, c, "newPassword")) + field(optional(o, c, "code")) +
      field(optional(o, c, "mfaType")) + recordField(o, c, "attributes");
  },
];

// The packed arguments of the method `kind` (never throws).
export function packArgs(kind, first, second) {
  try {
    return READERS[kind](first, second);
  } catch (e) {
    return "!" + (e instanceof Refusal ? e.message : "the arguments could not be read");
  }
}
