// Amplify v6: user pool sign-in (SRP) and identity-pool credentials.
import { Amplify } from "aws-amplify";
import { signIn, fetchAuthSession } from "aws-amplify/auth";

Amplify.configure({
  Auth: { Cognito: { userPoolId: "eu-west-1_AbCdEfGhI", userPoolClientId: "client", identityPoolId: "eu-west-1:00000000-0000-0000-0000-000000000000" } },
});
await signIn({ username: "demo", password: "Demo-passw0rd!" });
console.log((await fetchAuthSession()).credentials);
