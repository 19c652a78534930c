// The page of the S3 object calls' tests (s3-objects.test.mjs in Chromium,
// webdriver-s3-objects.mjs in Firefox ESR and WebKitGTK): the packed package's
// entry imported with no bundler, a signed-in user and a guest, and one window
// function per case, each resolving `{ value }` or `{ error }` as plain data.

/** The origin the stack's CORS allows (the www/ tests' port; the e2e tests run one at a time). */
export const PORT = 8082;

/** The page for the package's `entry` (its file name, package.json `exports`). */
export const html = (entry) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm: S3 objects</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p>
<script type="module">
import init, { CognitoClient, awsFetch, isCognitoError, getObject, putObject, headObject, deleteObject,
  deleteObjects, copyObject, presignPutObject } from './package/${entry}';

await init();
const config = await (await fetch('./config.json')).json();
const clientOptions = { userPoolId: config.userPoolId, clientId: config.clientId,
  identityPoolId: config.identityPoolId, endpoints: config.endpoints };
const user = new CognitoClient(clientOptions);
const guest = new CognitoClient(clientOptions);
const where = { region: config.region, bucket: config.bucket, endpoint: config.endpoints.s3 };
const calls = { getObject, putObject, headObject, deleteObject, deleteObjects, copyObject };

// Plain results for the test: Dates as ISO text, a body as its text.
const plain = async (v) => {
  if (v instanceof Date) return { date: v.toISOString() };
  if (v instanceof Response) return { text: await v.text() };
  if (Array.isArray(v)) return Promise.all(v.map(plain));
  if (v && typeof v === 'object') return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await plain(x)])));
  return v;
};
const outcome = (promise) => promise.then(async (value) => ({ value: await plain(value) }),
  (e) => ({ error: { name: e.name, message: e.message, retryable: e.retryable, ours: isCognitoError(e) } }));
// Bodies JSON cannot carry, made in the page.
const bodyOf = (b) => b === undefined ? undefined
  : b.blob !== undefined ? new Blob([b.blob]) : b.bytes !== undefined ? new TextEncoder().encode(b.bytes)
  : b.buffer !== undefined ? new TextEncoder().encode(b.buffer).buffer : b.text;
const source = (who) => who === 'guest' ? { provider: () => guest.getGuestCredentials() } : { provider: user.credentialProvider() };

window.signIn = (username, password) => user.signIn({ username, password });
window.identityId = async () => (await user.getCredentials()).identityId;
window.call = (who, method, options) => outcome(Promise.resolve().then(() =>
  calls[method]({ ...source(who), ...where, ...options, body: bodyOf(options.body) })));
window.abortedGet = (key) => outcome(getObject({ ...source('user'), ...where, key, signal: AbortSignal.abort() }));
window.presignedPut = async (key, text) => {
  const url = presignPutObject({ credentials: await user.getCredentials(), ...where, key, contentType: 'text/plain', expiresIn: 120 });
  const response = await fetch(url, { method: 'PUT', body: text, headers: { 'content-type': 'text/plain' } });
  return { status: response.status, signed: url.includes('X-Amz-Signature=') };
};
// Keys of the incomplete multipart uploads under \`prefix\` (ListMultipartUploads through awsFetch).
window.incomplete = async (prefix) => {
  const url = where.endpoint + '/' + where.bucket + '?prefix=' + encodeURIComponent(prefix) + '&uploads';
  const reply = await awsFetch(url, undefined, { ...source('user'), region: where.region, service: 's3' });
  const text = await reply.text();
  if (reply.status !== 200) throw new Error(text);
  return [...text.matchAll(/<Key>([^<]*)<\\/Key>/g)].map((m) => m[1]);
};
// A 20 MB body (a Blob, or bytes) through putObject; with \`abort\`, the signal aborts at the first progress.
const bigBytes = () => {
  const bytes = new Uint8Array(20 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
  return bytes;
};
window.bigUpload = async (key, abort, unsignedPayload = false) => {
  const bytes = bigBytes();
  const controller = new AbortController();
  const progress = [];
  const result = await outcome(putObject({ ...source('user'), ...where, key, body: abort ? bytes : new Blob([bytes]), unsignedPayload,
    signal: controller.signal, onProgress: (p) => { progress.push(p); if (abort) controller.abort(); } }));
  return { ...result, progress };
};
window.sameAsBig = async (key) => {
  const got = await getObject({ ...source('user'), ...where, key });
  const back = new Uint8Array(await got.body.arrayBuffer());
  const bytes = bigBytes();
  return back.length === bytes.length && back.every((b, i) => b === bytes[i]);
};
document.getElementById('status').textContent = 'ready';
</script>
</body>
</html>
`;
