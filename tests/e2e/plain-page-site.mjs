// The plain page of the npm package's tests (plain-page.test.mjs in Chromium,
// webdriver-plain-page.mjs in Firefox and WebKit): no bundler, an inline module
// that imports the package's entry ./index.js, signs in, gets credentials and lists public/.
import { createHash } from 'node:crypto';

/** The plain-page origin the stack's CORS allows (not the demo's). */
export const PORT = 8084;

/**
 * The page: `initCall` is the expression that loads the wasm; `wrap` edits the
 * finished HTML (the WebDriver tests put their watch script first in it).
 */
export function pageHtml(initCall, wrap = (html) => html) {
  const script = `
import init, { CognitoClient, listObjects, isCognitoError } from './index.js';

const config = await (await fetch('./config.json')).json();
const wasm = await ${initCall};
const client = new CognitoClient({
  userPoolId: config.userPoolId,
  clientId: config.clientId,
  identityPoolId: config.identityPoolId,
  endpoints: config.endpoints,
});

window.signInAndList = async (username, password) => {
  try {
    const result = await client.signIn({ username, password });
    const credentials = await client.getCredentials();
    const listing = await listObjects({
      provider: client.credentialProvider(), region: config.region, bucket: config.bucket,
      prefix: config.prefix, delimiter: '/', endpoint: config.endpoints.s3,
    });
    document.getElementById('keys').replaceChildren(
      ...[...listing.prefixes, ...listing.objects.map((o) => o.key)].map((k) => Object.assign(document.createElement('li'), { textContent: k })));
    document.getElementById('status').textContent = 'Signed in as ' + client.currentUser().username;
    return {
      signedIn: result.signedIn,
      identityId: credentials.identityId,
      accessKeyId: credentials.accessKeyId,
      expiration: credentials.expiration instanceof Date,
      objects: listing.objects.map((o) => [o.key, o.size, o.etag, o.lastModified instanceof Date]),
      prefixes: listing.prefixes,
    };
  } catch (e) {
    document.getElementById('status').textContent = e.name + ': ' + e.message;
    return { error: { name: e.name, message: e.message, retryable: e.retryable, isError: e instanceof Error, isCognitoError: isCognitoError(e) } };
  }
};
window.initAgainIsSame = async () => (await init()) === wasm;
window.badArguments = () => [
  () => client.addLogin(1, 2),
  () => client.addLogin(undefined, 't'),
  () => client.addLogin('accounts.google.com', null),
  () => client.removeLogin(null),
  () => client.removeLogin({}),
].map((call) => {
  try {
    return { returned: String(call()) };
  } catch (e) {
    return { name: e.name, isCognitoError: isCognitoError(e) };
  }
});
document.getElementById('status').textContent = 'ready';
`;
  const html = wrap(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm, no bundler</title><link rel="icon" href="data:,"></head>
<body>
<p id="status">loading…</p>
<ul id="keys"></ul>
<script type="module">${script}</script>
</body>
</html>
`);
  return { html, hash: createHash('sha256').update(script).digest('base64') };
}

