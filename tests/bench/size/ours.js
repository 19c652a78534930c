// cognito-wasm: SRP sign-in, identity-pool credentials and an S3 listing,
// as a bundler user writes it (the .wasm is fetched beside the bundle).
import init, { CognitoClient, listObjects } from "cognito-wasm";

await init();
const client = new CognitoClient({
  userPoolId: "eu-west-1_AbCdEfGhI", clientId: "client",
  identityPoolId: "eu-west-1:00000000-0000-0000-0000-000000000000",
});
await client.signIn({ username: "demo", password: "Demo-passw0rd!" });
console.log(await listObjects({
  provider: client.credentialProvider(), region: "eu-west-1", bucket: "demo-bucket", prefix: "public/",
}));
