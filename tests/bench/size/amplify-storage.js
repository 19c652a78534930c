// Amplify v6: sign-in, credentials and an S3 listing (aws-amplify/storage).
import { Amplify } from "aws-amplify";
import { signIn, fetchAuthSession } from "aws-amplify/auth";
import { list } from "aws-amplify/storage";

Amplify.configure({
  Auth: { Cognito: { userPoolId: "eu-west-1_AbCdEfGhI", userPoolClientId: "client", identityPoolId: "eu-west-1:00000000-0000-0000-0000-000000000000" } },
  Storage: { S3: { bucket: "demo-bucket", region: "eu-west-1" } },
});
await signIn({ username: "demo", password: "Demo-passw0rd!" });
console.log((await fetchAuthSession()).credentials);
console.log(await list({ path: "public/" }));
