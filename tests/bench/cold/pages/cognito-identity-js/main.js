// amazon-cognito-identity-js (SRP sign-in) + AWS SDK v3: fromCognitoIdentityPool
// (identity-pool credentials) and @aws-sdk/client-s3 (one ListObjectsV2). The
// configuration (window.COLD) and the recorder (window.coldResult) come from the
// inline script the bench's server puts first in <head>.
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { S3Client, ListObjectsV2Command } from "@aws-sdk/client-s3";

const c = window.COLD;
const result = window.coldResult;
try {
  const pool = new CognitoUserPool({ UserPoolId: c.userPoolId, ClientId: c.clientId, endpoint: c.endpoint });
  const user = new CognitoUser({ Username: c.username, Pool: pool });
  const session = await new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: c.username, Password: c.password }), {
      onSuccess: resolve,
      onFailure: reject,
    });
  });
  const provider = fromCognitoIdentityPool({
    clientConfig: { region: c.region, endpoint: c.endpoint },
    identityPoolId: c.identityPoolId,
    logins: { [`cognito-idp.${c.region}.amazonaws.com/${c.userPoolId}`]: session.getIdToken().getJwtToken() },
  });
  const credentials = await provider();
  result.credentials(credentials.accessKeyId, credentials.identityId);
  const s3 = new S3Client({ region: c.region, endpoint: c.endpoint, forcePathStyle: true, credentials });
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: c.bucket, Prefix: `private/${credentials.identityId}/` }));
  result.listed((listing.Contents ?? []).map((o) => o.Key));
} catch (e) {
  result.fail(e);
}
