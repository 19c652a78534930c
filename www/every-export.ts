// Every export of cognito-wasm, and every method of its classes, used once with typed
// arguments and results, so that `tsc --strict --noEmit` (scripts/test, "typescript";
// `npm run typecheck`) checks each declaration against real use. The two tables below are
// typed by the package itself: adding an export or a method and not using it here fails
// to compile. Never run; example.ts is the example to read.
import * as api from 'cognito-wasm';
import init, {
  AwsSigner,
  CognitoClient,
  awsFetch,
  awsJson,
  copyObject,
  deleteObject,
  deleteObjects,
  dynamodb,
  getObject,
  headObject,
  presignPutObject,
  putObject,
  initSync,
  isCognitoError,
  listAllObjects,
  listObjects,
  presignGetObject,
  signRequest,
  type AwsCredentials,
  type BatchGetItemResult,
  type DeleteObjectsResult,
  type GetObjectResult,
  type ObjectInfo,
  type DynamoItem,
  type DynamoResult,
  type DynamoValue,
  type ChallengeAnswer,
  type CodeDelivery,
  type CodeDeliveryResult,
  type Device,
  type MfaPreference,
  type MfaSetting,
  type TotpSetup,
  type UpdateUserAttributesResult,
  type CognitoClientOptions,
  type CognitoErrorName,
  type Credentials,
  type CurrentUser,
  type JsonValue,
  type ListObjectsResult,
  type NextStep,
  type ResendSignUpCodeResult,
  type SignInResult,
  type SignUpOptions,
  type SignUpResult,
  type SignedRequest,
  type Tokens,
} from 'cognito-wasm';

const options: CognitoClientOptions = {
  userPoolId: 'eu-west-1_AbCdEfGhI',
  clientId: 'client',
  identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000',
  storage: 'session',
  endpoints: { cognitoIdp: 'http://127.0.0.1:4566' },
};
const credentials: AwsCredentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
const region = 'eu-west-1';

/** Every method of `CognitoClient`, called once. */
const clientMethods: { [K in Exclude<keyof CognitoClient, symbol>]: (c: CognitoClient) => unknown } = {
  signIn: async (c) => {
    const r: SignInResult = await c.signIn({ username: 'u', password: 'p' });
    return r.signedIn ? true : r.nextStep.challenge;
  },
  respondToChallenge: async (c) => {
    const answer: ChallengeAnswer = { newPassword: 'p', attributes: { name: 'n' } };
    const r: SignInResult = await c.respondToChallenge(answer);
    return r.signedIn;
  },
  pendingChallenge: (c) => {
    const step: NextStep | null = c.pendingChallenge();
    const setup: TotpSetup | undefined = step?.totpSetup;
    return [step?.mfaTypes?.join(','), setup?.uri];
  },
  currentUser: (c) => {
    const user: CurrentUser | null = c.currentUser();
    const iss: JsonValue | undefined = user?.idTokenClaims['iss'];
    return [user?.username, user?.sub, iss, user?.accessTokenClaims];
  },
  prepareSignIn: (c) => c.prepareSignIn(),
  isSignedIn: (c): boolean => c.isSignedIn(),
  getTokens: async (c) => {
    await c.getTokens({ forceRefresh: true });
    const t: Tokens = await c.getTokens();
    return [t.idToken, t.accessToken, t.expiresAt.getTime()];
  },
  getCredentials: async (c) => {
    const k: Credentials = await c.getCredentials();
    return [k.identityId, k.expiration.getTime()];
  },
  getGuestCredentials: async (c) => (await c.getGuestCredentials()).identityId,
  credentialProvider: async (c) => (await c.credentialProvider()({ forceRefresh: false })).sessionToken,
  addLogin: (c) => c.addLogin('accounts.google.com', 'token'),
  removeLogin: (c): boolean => c.removeLogin('accounts.google.com'),
  on: (c) => {
    const off: () => void = c.on('refreshFailed', (e) => console.log(e));
    c.on('credentialsRefreshed', (k) => console.log(k));
    off();
  },
  onCredentials: (c) => {
    c.onCredentials((k: Credentials) => console.log(k.identityId));
    c.onCredentials(null);
  },
  signOut: async (c) => {
    await c.signOut();
    await c.signOut({ global: true });
  },
  signUp: async (c) => {
    const input: SignUpOptions = {
      username: 'carol',
      password: 'p',
      attributes: { email: 'carol@example.com' },
      validationData: { invite: 'x' },
      clientMetadata: { source: 'web' },
    };
    const r: SignUpResult = await c.signUp(input);
    const delivery: CodeDelivery | undefined = r.codeDelivery;
    return [r.userConfirmed, r.userSub, delivery?.destination, delivery?.deliveryMedium, delivery?.attributeName];
  },
  confirmSignUp: async (c) => {
    const r: SignInResult | undefined = await c.confirmSignUp({ username: 'carol', code: '123456', signIn: true });
    return r?.signedIn;
  },
  resendSignUpCode: async (c) => {
    const r: ResendSignUpCodeResult = await c.resendSignUpCode({ username: 'carol' });
    return r.codeDelivery?.destination;
  },
  forgotPassword: async (c) => {
    const r: CodeDeliveryResult = await c.forgotPassword({ username: 'carol' });
    return r.codeDelivery?.deliveryMedium;
  },
  confirmForgotPassword: async (c) => {
    const done: void = await c.confirmForgotPassword({ username: 'carol', code: '123456', newPassword: 'p' });
    return done;
  },
  changePassword: async (c) => {
    const done: void = await c.changePassword({ oldPassword: 'p', newPassword: 'q' });
    return done;
  },
  getUserAttributes: async (c) => {
    const attributes: Record<string, string> = await c.getUserAttributes();
    return attributes['email'];
  },
  updateUserAttributes: async (c) => {
    const r: UpdateUserAttributesResult = await c.updateUserAttributes({ email: 'c@example.com' });
    return [r.unverifiedAttributes.join(','), r.codeDeliveries.map((d) => d.attributeName)];
  },
  sendAttributeVerificationCode: async (c) => {
    const r: CodeDeliveryResult = await c.sendAttributeVerificationCode('email');
    return r.codeDelivery?.destination;
  },
  verifyAttribute: async (c) => {
    const done: void = await c.verifyAttribute('email', '123456');
    return done;
  },
  deleteUserAttributes: async (c) => {
    const done: void = await c.deleteUserAttributes(['name', 'custom:team']);
    return done;
  },
  deleteUser: async (c) => {
    const done: void = await c.deleteUser();
    return done;
  },
  setUpTotp: async (c) => {
    const setup: TotpSetup = await c.setUpTotp();
    return [setup.secretCode, setup.uri];
  },
  verifyTotpSetup: async (c) => {
    const done: void = await c.verifyTotpSetup({ code: '123456', friendlyName: 'phone' });
    return done;
  },
  setMfaPreference: async (c) => {
    const preference: MfaPreference = { totp: 'preferred', sms: 'disabled', email: 'enabled' };
    const done: void = await c.setMfaPreference(preference);
    return done;
  },
  getMfaPreference: async (c) => {
    const preference: Required<MfaPreference> = await c.getMfaPreference();
    const totp: MfaSetting = preference.totp;
    return [totp, preference.sms, preference.email];
  },
  listDevices: async (c) => {
    const devices: Device[] = await c.listDevices();
    return devices.map((d) => [d.deviceKey, d.name, d.remembered, d.attributes, d.createdAt?.getTime(), d.lastAuthenticatedAt?.getTime()]);
  },
  rememberDevice: async (c) => {
    const deviceKey: string = await c.rememberDevice();
    const named: string = await c.rememberDevice('Laptop');
    return [deviceKey, named];
  },
  forgetDevice: async (c) => {
    const mine: void = await c.forgetDevice();
    const done: void = await c.forgetDevice('eu-west-1_00000000-0000-0000-0000-000000000000');
    return [mine, done];
  },
  free: (c) => c.free(),
};

/** Every method of `AwsSigner`, called once. */
const signerMethods: { [K in Exclude<keyof AwsSigner, symbol>]: (s: AwsSigner) => unknown } = {
  sign: (s) => {
    const signed: SignedRequest = s.sign({ url: 'https://b.s3.eu-west-1.amazonaws.com/k' }, { presign: { expiresIn: 60 } });
    return signed.url;
  },
  free: (s) => s.free(),
};

/** Every export of the package, used once. */
const everyExport: { [K in keyof typeof api]: () => unknown } = {
  default: () => init({ module_or_path: '/cognito_wasm_bg.wasm' }),
  initSync: () => initSync({ module: new Uint8Array(0) }),
  CognitoClient: () => {
    const client = new CognitoClient(options);
    return Object.values(clientMethods).map((use) => use(client));
  },
  AwsSigner: () => {
    const signer = new AwsSigner({ credentials, region, service: 's3' });
    return Object.values(signerMethods).map((use) => use(signer));
  },
  listObjects: async () => {
    const page: ListObjectsResult = await listObjects({ credentials, region, bucket: 'b', prefix: 'p/', maxKeys: 10 });
    return page.objects.map((o) => [o.key, o.size, o.lastModified.getTime(), o.etag]);
  },
  listAllObjects: async () => {
    const all: ListObjectsResult = await listAllObjects({ provider: () => credentials, region, bucket: 'b', delimiter: '/' });
    return [all.prefixes, all.keyCount, all.isTruncated, all.nextContinuationToken];
  },
  presignGetObject: (): string => presignGetObject({ credentials, region, bucket: 'b', key: 'k', expiresIn: 300 }),
  signRequest: () => {
    const signed: SignedRequest = signRequest({ method: 'POST', url: 'https://sts.amazonaws.com/', body: '' }, { credentials, region, service: 'sts' });
    return signed.headers['authorization'];
  },
  awsFetch: async () => {
    const response: Response = await awsFetch('https://dynamodb.eu-west-1.amazonaws.com/', { method: 'POST' }, { credentials });
    return response.status;
  },
  awsJson: async () => {
    const reply: unknown = await awsJson({ credentials, region, service: 'dynamodb', target: 'DynamoDB_20120810.ListTables', body: {} });
    return reply;
  },
  dynamodb: async () => {
    const where = { credentials, region, endpoint: 'http://127.0.0.1:4566', tableName: 'profiles' };
    const key: DynamoItem = { identityId: 'eu-west-1:x' };
    const value: DynamoValue = new Set([1, 2n]);
    const got: DynamoResult = await dynamodb.getItem({ ...where, key });
    await dynamodb.putItem({ ...where, item: { ...key, value, bin: new Uint8Array(1), list: [null, true, 'x'] } });
    await dynamodb.updateItem({ ...where, key, updateExpression: 'SET a = :a', expressionAttributeValues: { ':a': 1 } });
    await dynamodb.deleteItem({ ...where, key, conditionExpression: 'attribute_exists(identityId)' });
    const page: DynamoResult = await dynamodb.query({ ...where, keyConditionExpression: 'identityId = :i', limit: 1 });
    const all: DynamoResult = await dynamodb.queryAll({ ...where, exclusiveStartKey: page.lastEvaluatedKey });
    const batch: BatchGetItemResult = await dynamodb.batchGetItem({ credentials, region, requestItems: { profiles: { keys: [key] } } });
    return [got.item, all.items?.length, batch.responses['profiles'], batch.unprocessedKeys];
  },
  getObject: async () => {
    const got: GetObjectResult = await getObject({ credentials, region, bucket: 'b', key: 'k', range: 'bytes=0-9', timeoutMs: 5000 });
    return [await got.body.text(), got.contentType, got.size, got.etag, got.lastModified?.getTime(), got.metadata['owner'], got.contentRange];
  },
  putObject: async () => {
    const put: { etag?: string } = await putObject({
      provider: () => credentials, region, bucket: 'b', key: 'k', body: new Blob(['x']), contentType: 'text/plain',
      metadata: { owner: 'me' }, unsignedPayload: true, onProgress: ({ loaded, total }) => loaded / total,
      signal: new AbortController().signal,
    });
    return put.etag;
  },
  headObject: async () => {
    const info: ObjectInfo = await headObject({ credentials, region, bucket: 'b', key: 'k', endpoint: 'http://127.0.0.1:4566', forcePathStyle: true });
    return info.size;
  },
  deleteObject: async (): Promise<void> => deleteObject({ credentials, region, bucket: 'b', key: 'k' }),
  deleteObjects: async () => {
    const r: DeleteObjectsResult = await deleteObjects({ credentials, region, bucket: 'b', keys: ['a', 'b'], quiet: true });
    return [r.deleted, r.errors.map((e) => [e.key, e.code, e.message])];
  },
  copyObject: async () => {
    const copy = await copyObject({ credentials, region, bucket: 'b', key: 'k2', sourceKey: 'k', sourceBucket: 'a', metadata: {} });
    return [copy.etag, copy.lastModified?.getTime()];
  },
  presignPutObject: (): string => presignPutObject({ credentials, region, bucket: 'b', key: 'k', contentType: 'text/plain', expiresIn: 60 }),
  isCognitoError: () => {
    const e: unknown = new Error('x');
    if (isCognitoError(e)) {
      const name: CognitoErrorName = e.name;
      return [name === 'UsernameExistsException', e.message, e.retryable];
    }
    return null;
  },
};

export default everyExport;
