// cognito-wasm: SRP sign-in, identity-pool credentials, one S3 ListObjectsV2.
// The configuration (window.COLD) and the recorder (window.coldResult) come from
// the inline script the bench's server puts first in <head>.
import init, { CognitoClient, listObjects } from "cognito-wasm";

const c = window.COLD;
const result = window.coldResult;
try {
  await init();
  const client = new CognitoClient({
    userPoolId: c.userPoolId, clientId: c.clientId, identityPoolId: c.identityPoolId,
    endpoints: { cognitoIdp: c.endpoint, cognitoIdentity: c.endpoint },
  });
  const signedIn = await client.signIn({ username: c.username, password: c.password });
  if (!signedIn.signedIn) throw new Error("sign-in asked for a challenge");
  const credentials = await client.getCredentials();
  result.credentials(credentials.accessKeyId, credentials.identityId);
  const listing = await listObjects({
    provider: client.credentialProvider(), region: c.region, bucket: c.bucket,
    prefix: `private/${credentials.identityId}/`, endpoint: c.endpoint,
  });
  result.listed(listing.objects.map((o) => o.key));
} catch (e) {
  result.fail(e);
}
