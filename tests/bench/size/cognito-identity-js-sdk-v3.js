// amazon-cognito-identity-js (SRP sign-in) + AWS SDK v3 (identity-pool credentials, S3).
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { S3Client, ListObjectsV2Command } from "@aws-sdk/client-s3";

const region = "eu-west-1";
const pool = new CognitoUserPool({ UserPoolId: "eu-west-1_AbCdEfGhI", ClientId: "client" });
const user = new CognitoUser({ Username: "demo", Pool: pool });
user.authenticateUser(new AuthenticationDetails({ Username: "demo", Password: "Demo-passw0rd!" }), {
  onFailure: (e) => console.error(e),
  onSuccess: async (session) => {
    const credentials = fromCognitoIdentityPool({
      clientConfig: { region }, identityPoolId: "eu-west-1:00000000-0000-0000-0000-000000000000",
      logins: { "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI": session.getIdToken().getJwtToken() },
    });
    const s3 = new S3Client({ region, credentials });
    console.log(await s3.send(new ListObjectsV2Command({ Bucket: "demo-bucket", Prefix: "public/" })));
  },
});
