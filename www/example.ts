// The TypeScript view of cognito-wasm (checked with `npm run typecheck`, i.e.
// `tsc --strict --noEmit`): every option and result below is typed by the package.
import init, {
  AwsSigner,
  CognitoClient,
  awsFetch,
  isCognitoError,
  listObjects,
  presignGetObject,
  signRequest,
  type CognitoClientOptions,
  type Credentials,
  type ListObjectsResult,
  type NextStep,
  type SignInResult,
} from 'cognito-wasm';
import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
// Vite turns this into the URL of the hashed .wasm asset (types from vite/client).
import wasmUrl from 'cognito-wasm/cognito_wasm_bg.wasm?url';

export interface AppConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  identityPoolId: string;
  bucket: string;
  prefix: string;
  endpoints?: { cognitoIdp?: string; cognitoIdentity?: string; s3?: string };
}

/** Asks the user for what a challenge needs; here a new password or a code. */
export type AskUser = (step: NextStep) => Promise<string>;

/** Signs in, answering challenges until done, and returns the user's credentials. */
export async function signIn(client: CognitoClient, username: string, password: string, ask: AskUser): Promise<Credentials> {
  let result: SignInResult = await client.signIn({ username, password });
  while (!result.signedIn) {
    const step = result.nextStep;
    const answer = await ask(step);
    result = step.challenge === 'NEW_PASSWORD_REQUIRED'
      ? await client.respondToChallenge({ newPassword: answer })
      : await client.respondToChallenge({ code: answer });
  }
  const user = client.currentUser();
  if (user !== null) console.log(`signed in as ${user.username} (${user.sub}), token issued by ${String(user.idTokenClaims['iss'])}`);
  return client.getCredentials();
}

/** Everything the example does: one client, one listing, two signed requests. */
export async function main(config: AppConfig, username: string, password: string, ask: AskUser): Promise<string[]> {
  await init({ module_or_path: wasmUrl });
  const options: CognitoClientOptions = {
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    identityPoolId: config.identityPoolId,
    region: config.region,
    storage: 'memory',
    endpoints: { cognitoIdp: config.endpoints?.cognitoIdp, cognitoIdentity: config.endpoints?.cognitoIdentity },
  };
  const client = new CognitoClient(options);
  try {
    const credentials = await signIn(client, username, password, ask);
    const expiresInMinutes: number = (credentials.expiration.getTime() - Date.now()) / 60_000;
    console.log(`identity ${credentials.identityId}, credentials for ${Math.round(expiresInMinutes)} min`);

    const page: ListObjectsResult = await listObjects({
      provider: client.credentialProvider(),
      region: config.region,
      bucket: config.bucket,
      prefix: config.prefix,
      delimiter: '/',
      endpoint: config.endpoints?.s3,
    });
    const lines = page.objects.map((o) => `${o.key}\t${o.size}\t${o.lastModified.toISOString()}\t${o.etag}`);
    lines.push(...page.prefixes.map((p) => `${p}\t(folder)`));

    const first = page.objects[0];
    if (first !== undefined) {
      const url: string = presignGetObject({ credentials, region: config.region, bucket: config.bucket, key: first.key, expiresIn: 300 });
      lines.push(`download: ${url}`);
    }

    // The provider fits the AWS SDK v3 as it is.
    const s3 = new S3Client({ region: config.region, credentials: client.credentialProvider() });
    const sdkPage = await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: config.prefix, Delimiter: '/' }));
    lines.push(`SDK: ${sdkPage.KeyCount ?? 0} keys`);

    // Any other AWS service: a signed fetch, or just the signature.
    const response: Response = await awsFetch(
      `https://dynamodb.${config.region}.amazonaws.com/`,
      { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' },
      { provider: client.credentialProvider() },
    );
    lines.push(`DynamoDB answered ${response.status}`);
    const signed = signRequest(
      { method: 'GET', url: `https://sts.${config.region}.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15` },
      { credentials, region: config.region, service: 'sts' },
    );
    lines.push(`signed headers: ${Object.keys(signed.headers).sort().join(', ')}`);
    // Many requests with one set of credentials: they cross into wasm once.
    const signer = new AwsSigner({ credentials, region: config.region, service: 's3' });
    const urls: string[] = ['a', 'b'].map(
      (key) => signer.sign({ url: `https://${config.bucket}.s3.${config.region}.amazonaws.com/${key}` }, { presign: { expiresIn: 60 } }).url,
    );
    lines.push(`presigned ${urls.length} URLs`);
    signer.free();
    return lines;
  } catch (e: unknown) {
    if (isCognitoError(e)) {
      // `name` is the AWS error type or one of the library's own; `retryable` says whether to try again.
      return [`${e.name}${e.retryable ? ' (try again later)' : ''}: ${e.message}`];
    }
    throw e;
  } finally {
    await client.signOut();
    client.free();
  }
}
