// The page of the S3 listing and presigned GET tests (s3-list.test.mjs in Chromium,
// webdriver-s3-list.mjs in Firefox ESR and WebKitGTK, the cases of s3-list-cases.mjs):
// the packed package's entry imported with no bundler, a signed-in user and a guest,
// and window functions resolving `{ value }` or `{ error }` as plain data.

/** The origin the stack's CORS allows (the www/ tests' port; the e2e tests run one at a time). */
export const PORT = 8082;

/** The page for the package's `entry` (its file name, package.json `exports`). */
export const html = (entry) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm: S3 listings</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p>
<script type="module">
import init, { CognitoClient, isCognitoError, listObjects, listAllObjects, presignGetObject } from './package/${entry}';

await init();
const config = await (await fetch('./config.json')).json();
const clientOptions = { userPoolId: config.userPoolId, clientId: config.clientId,
  identityPoolId: config.identityPoolId, endpoints: config.endpoints };
const user = new CognitoClient(clientOptions);
const guest = new CognitoClient(clientOptions);
const where = { region: config.region, bucket: config.bucket, endpoint: config.endpoints.s3 };
const calls = { listObjects, listAllObjects };

// Plain results for the test: a Date as its ISO text (anything else stays as it is).
const plain = (v) => {
  if (v instanceof Date) return { date: v.toISOString() };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};
const errorOf = (e) => ({ name: e?.name, message: e?.message, retryable: e?.retryable, ours: isCognitoError(e),
  isError: e instanceof Error });
const outcome = (promise) => promise.then((value) => ({ value: plain(value) }), (e) => ({ error: errorOf(e) }));

// Where a call's credentials come from: a provider, the credentials themselves, or broken ones.
const sources = {
  user: async () => ({ provider: user.credentialProvider() }),
  guest: async () => ({ provider: () => guest.getGuestCredentials() }),
  'user credentials': async () => ({ credentials: await user.getCredentials() }),
  'guest credentials': async () => ({ credentials: await guest.getGuestCredentials() }),
  'half credentials': async () => ({ credentials: { accessKeyId: 'AKID' } }),
  'empty credentials': async () => ({ credentials: {} }),
  nobody: async () => ({}),
};

window.signIn = (username, password) => user.signIn({ username, password });
window.identityId = async () => (await user.getCredentials()).identityId;
// The guest client's identity id from getCredentials (it never signed in) and from getGuestCredentials.
window.guestIdentityIds = async () => [(await guest.getCredentials()).identityId, (await guest.getGuestCredentials()).identityId];
// listObjects or listAllObjects with the stack's bucket and \`who\`'s credentials, then \`options\`.
window.call = (who, method, options) => outcome(Promise.resolve().then(async () =>
  calls[method]({ ...(await sources[who]()), ...where, ...options })));
// The call with only the arguments given (none: no options at all).
window.bare = (method, ...args) => outcome(Promise.resolve().then(() => calls[method](...args)));
// listObjects of the bucket with a provider whose body is \`body\`.
window.withProvider = (body) => outcome(Promise.resolve().then(() =>
  listObjects({ provider: new Function(body), ...where })));
// The call with a signal that has already aborted.
window.aborted = (who, method) => outcome(Promise.resolve().then(async () =>
  calls[method]({ ...(await sources[who]()), ...where, signal: AbortSignal.abort() })));
// listObjects of \`prefix\` with the user's credentials, one character of the secret key changed.
window.tampered = async (prefix) => {
  const { accessKeyId, secretAccessKey, sessionToken } = await user.getCredentials();
  const changed = (secretAccessKey.startsWith('x') ? 'y' : 'x') + secretAccessKey.slice(1);
  const result = await outcome(listObjects({ credentials: { accessKeyId, secretAccessKey: changed, sessionToken }, ...where, prefix }));
  return { ...result, changed: changed !== secretAccessKey, secretShown: JSON.stringify(result).includes(secretAccessKey.slice(1)) };
};
// presignGetObject (synchronous: a promise back or a rejection is not its contract).
window.presign = async (who, options) => {
  const from = await sources[who]();
  try {
    const url = presignGetObject({ ...from, ...where, ...options });
    return typeof url === 'string' ? { value: url } : { notAString: String(url) };
  } catch (e) {
    return { error: errorOf(e) };
  }
};
// A plain GET of \`url\` (no signing; not from the HTTP cache): its status and text.
window.plainGet = async (url) => {
  const response = await fetch(url, { cache: 'no-store' });
  return { status: response.status, text: await response.text() };
};
// A wrong password with a fresh password-flow client: its reply teaches the page the stack's clock.
window.learnTheStackClock = (username) => outcome(new CognitoClient({ ...clientOptions, authFlow: 'USER_PASSWORD_AUTH' })
  .signIn({ username, password: 'Wrong-passw0rd!' }));
document.getElementById('status').textContent = 'ready';
</script>
</body>
</html>
`;
