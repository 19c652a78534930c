// The page of the DynamoDB tests (dynamodb.test.mjs in Chromium, webdriver-dynamodb.mjs
// in Firefox ESR and WebKitGTK): the packed package's entry imported with no bundler,
// a signed-in user and a guest, and window functions resolving `{ value }` or
// `{ error }` as plain data.

/** The origin the stack's CORS allows (the www/ tests' port; the e2e tests run one at a time). */
export const PORT = 8082;

/** The page for the package's `entry` (its file name, package.json `exports`). */
export const html = (entry) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm: DynamoDB</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p>
<script type="module">
import init, { CognitoClient, awsJson, dynamodb, isCognitoError } from './package/${entry}';

await init();
const config = await (await fetch('./config.json')).json();
const clientOptions = { userPoolId: config.userPoolId, clientId: config.clientId,
  identityPoolId: config.identityPoolId, endpoints: config.endpoints };
const user = new CognitoClient(clientOptions);
const guest = new CognitoClient(clientOptions);
const where = { region: config.region, endpoint: config.endpoints.cognitoIdp };

// Plain results for the test: Sets, BigInts and bytes spelled out.
const plain = (v) => {
  if (v instanceof Set) return { set: [...v].map(plain).sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1) };
  if (typeof v === 'bigint') return { bigint: v.toString() };
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};
const outcome = (promise) => promise.then((value) => ({ value: plain(value) }),
  (e) => ({ error: { name: e.name, message: e.message, retryable: e.retryable, ours: isCognitoError(e) } }));

window.signIn = (username, password) => user.signIn({ username, password });
window.identityId = async () => (await user.getCredentials()).identityId;
// One dynamodb call as the user (or the guest): its result or its error.
window.call = (who, method, options, values = {}) => {
  const provider = who === 'guest' ? () => guest.getGuestCredentials() : user.credentialProvider();
  // Values JSON cannot carry, made in the page.
  const made = { big: 123456789012345678901234567890n, bin: new Uint8Array([0, 1, 255]),
    tags: new Set(['b', 'a']), scores: new Set([1, 2.5]), nothing: undefined };
  const fill = (v) => typeof v === 'string' && v.startsWith('$') ? made[v.slice(1)]
    : Array.isArray(v) ? v.map(fill)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v;
  return outcome(dynamodb[method]({ provider, ...where, ...fill(options), ...values }));
};
window.json = (target, body, extra = {}) =>
  outcome(awsJson({ provider: user.credentialProvider(), ...where, service: 'dynamodb', target, body, ...extra }));
window.abortedCall = (table, key) =>
  outcome(dynamodb.getItem({ provider: user.credentialProvider(), ...where, tableName: table, key, signal: AbortSignal.abort() }));
document.getElementById('status').textContent = 'ready';
</script>
</body>
</html>
`;
