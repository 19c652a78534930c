// cognito-wasm in a plain JavaScript app: sign in to the user pool, get temporary AWS
// credentials from the identity pool, list an S3 prefix, then list it again through the
// AWS SDK v3 with the same credentials (client.credentialProvider()).
import init, { CognitoClient, listAllObjects, isCognitoError } from 'cognito-wasm';
import { S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';

const $ = (id) => document.getElementById(id);
const show = (list, keys) =>
  list.replaceChildren(...keys.map((key) => Object.assign(document.createElement('li'), { textContent: key })));

await init();
const config = await (await fetch('config.json')).json();
const endpoints = config.endpoints ?? {};
const client = new CognitoClient({
  userPoolId: config.userPoolId,
  clientId: config.clientId,
  identityPoolId: config.identityPoolId,
  endpoints: { cognitoIdp: endpoints.cognitoIdp || undefined, cognitoIdentity: endpoints.cognitoIdentity || undefined },
});
const where = { region: config.region, bucket: config.bucket, prefix: config.prefix, endpoint: endpoints.s3 || undefined };
const s3 = new S3Client({
  region: config.region,
  endpoint: where.endpoint,
  forcePathStyle: Boolean(where.endpoint),
  credentials: client.credentialProvider(),
});
$('where').textContent = `s3://${config.bucket}/${config.prefix}`;

async function run(username, password) {
  const result = await client.signIn({ username, password });
  if (!result.signedIn) throw new Error(`${result.nextStep.challenge} must be answered first (not in this example)`);
  $('user').textContent = client.currentUser().username;

  const credentials = await client.getCredentials();
  $('identity').textContent = credentials.identityId;
  $('expires').textContent = credentials.expiration.toISOString();

  const ours = await listAllObjects({ provider: client.credentialProvider(), ...where });
  show($('ours'), ours.objects.map((o) => o.key));

  const theirs = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: config.bucket, Prefix: config.prefix })) {
    theirs.push(...(page.Contents ?? []).map((o) => o.Key));
  }
  show($('sdk'), theirs);
  const same = theirs.length === ours.objects.length && theirs.every((key, i) => key === ours.objects[i].key);
  $('verdict').textContent = same ? `Both list the same ${theirs.length} keys.` : 'The two listings differ!';
}

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const [username, password] = [form.username.value, form.password.value];
  form.password.value = '';
  $('error').textContent = '';
  try {
    await run(username, password);
  } catch (e) {
    $('error').textContent = isCognitoError(e) ? `${e.name}: ${e.message}` : String(e);
  }
});
$('sign-in').querySelector('button').disabled = false;
