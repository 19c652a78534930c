// SigV4 signing's arguments and result, crossed in one string each way.
// Reading a dozen fields one by one from wasm costs more than signing; here
// the common shapes are read in JavaScript and joined with "\0". Anything
// else (a Headers object, pairs, a binary body, presign, null, a "\0" in a
// value) returns undefined and takes the general reader, which also gives
// the precise error for a bad value.

const SEP = "\0";
const SAME_TOKEN = "\u0001";
const str = (v) => typeof v === "string" && !v.includes(SEP);
// The session token sent last: wasm keeps it (the first field of every
// packed signRequest), so an unchanged token, the longest argument, crosses
// as one character.
let lastToken;

// method, url, time ("" = now), body, then header name/value pairs.
export function packRequest(request, options) {
  if (typeof request !== "object" || request === null) return undefined;
  const { method = "GET", url, headers, body = "" } = request;
  if (!(str(method) && str(url) && str(body))) return undefined;
  let time = "";
  if (options !== undefined) {
    if (typeof options !== "object" || options === null) return undefined;
    const { signingDate, presign } = options;
    if (presign !== undefined) return undefined;
    if (signingDate !== undefined) {
      const ms = signingDate instanceof Date ? signingDate.getTime() : signingDate;
      if (!Number.isSafeInteger(ms) || ms < 0) return undefined;
      time = String(ms);
    }
  }
  let out = method + SEP + url + SEP + time + SEP + body;
  if (headers !== undefined) {
    if (typeof headers !== "object" || headers === null) return undefined;
    const proto = Object.getPrototypeOf(headers);
    if (proto !== Object.prototype && proto !== null) return undefined;
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      if (!str(name) || !str(value)) return undefined;
      out += SEP + name + SEP + value;
    }
  }
  return out;
}

// token (or SAME_TOKEN), region, service, access key id, secret, then
// packRequest's fields.
export function packSignArgs(request, options) {
  if (typeof options !== "object" || options === null) return undefined;
  const { credentials, region, service } = options;
  if (typeof credentials !== "object" || credentials === null) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken = "" } = credentials;
  if (!(str(region) && str(service) && str(accessKeyId) && str(secretAccessKey))) return undefined;
  if (!str(sessionToken) || sessionToken.startsWith(SAME_TOKEN)) return undefined;
  const rest = packRequest(request, options);
  if (rest === undefined) return undefined;
  const token = sessionToken === lastToken ? SAME_TOKEN : sessionToken;
  lastToken = sessionToken;
  return token + SEP + region + SEP + service + SEP + accessKeyId + SEP + secretAccessKey + SEP + rest;
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
