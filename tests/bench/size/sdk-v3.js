// AWS SDK v3: user pool sign-in (USER_PASSWORD_AUTH; the SDK has no SRP),
// identity-pool credentials, S3 ListObjectsV2.
import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { S3Client, ListObjectsV2Command } from "@aws-sdk/client-s3";

const region = "eu-west-1";
const idp = new CognitoIdentityProviderClient({ region });
const auth = await idp.send(new InitiateAuthCommand({
  AuthFlow: "USER_PASSWORD_AUTH", ClientId: "client",
  AuthParameters: { USERNAME: "demo", PASSWORD: "Demo-passw0rd!" },
}));
const credentials = fromCognitoIdentityPool({
  clientConfig: { region }, identityPoolId: "eu-west-1:00000000-0000-0000-0000-000000000000",
  logins: { "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI": auth.AuthenticationResult.IdToken },
});
const s3 = new S3Client({ region, credentials });
console.log(await s3.send(new ListObjectsV2Command({ Bucket: "demo-bucket", Prefix: "public/" })));
