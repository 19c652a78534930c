// The AWS SDK v3 and cognito-wasm side by side (s3-sdk-site.mjs) in Firefox ESR
// or WebKitGTK over WebDriver (E2E_ENGINE): one browser, one window for both
// tests, a call's promise polled for (webdriver.mjs, Window). The page carries
// the watch script first in its <head>: a page error, a console error or
// warning fails a test.
import { before, after } from 'node:test';
import { stack } from './harness.mjs';
import { s3SdkTests, serveSite } from './s3-sdk-site.mjs';
import { engineName, openWindows, withWatch } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;
let opened;

before(async () => {
  localStack = await stack();
  info = localStack.info;
  server = await serveSite(`s3-sdk-${engine}`, info, withWatch);
  opened = await openWindows([`${server.url}/index.html`], engine);
});

after(async () => {
  await opened?.close();
  await server?.close();
  await localStack?.stop();
});

s3SdkTests({ label: `${engine}: `, info: () => info, page: () => opened.windows[0] });
