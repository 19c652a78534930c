// Amplify v6: signIn (SRP) + fetchAuthSession (identity-pool credentials), then
// one S3 ListObjectsV2 through aws-amplify/storage's list. The configuration
// (window.COLD) and the recorder (window.coldResult) come from the inline script
// the bench's server puts first in <head>.
import { Amplify } from "aws-amplify";
import { signIn, fetchAuthSession } from "aws-amplify/auth";
import { list } from "aws-amplify/storage";

const c = window.COLD;
const result = window.coldResult;

// Amplify Storage reaches S3 only at https://<bucket>.s3.<region>.amazonaws.com
// (its customEndpoint option is a host name, always over https), so its
// requests go to the bench's proxy instead, as /__host/<host><path>: the proxy
// forwards them to the local stack with the Host header they were signed for.
const open = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  const u = new URL(url, location.href);
  if (u.hostname.endsWith(".amazonaws.com")) url = `${c.endpoint}/__host/${u.host}${u.pathname}${u.search}`;
  return open.call(this, method, url, ...rest);
};
try {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: c.userPoolId, userPoolClientId: c.clientId, identityPoolId: c.identityPoolId,
        userPoolEndpoint: c.endpoint, identityPoolEndpoint: c.endpoint,
      },
    },
    Storage: { S3: { bucket: c.bucket, region: c.region } },
  });
  const signedIn = await signIn({ username: c.username, password: c.password });
  if (!signedIn.isSignedIn) throw new Error(`sign-in asked for ${signedIn.nextStep.signInStep}`);
  const session = await fetchAuthSession();
  result.credentials(session.credentials.accessKeyId, session.identityId);
  const listing = await list({ path: ({ identityId }) => `private/${identityId}/` });
  result.listed(listing.items.map((o) => o.path));
} catch (e) {
  result.fail(e);
}
