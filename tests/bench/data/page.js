// The data benchmark page (bundled by tests/bench/data/bench.mjs with
// esbuild): an upload of the same Blob to the local stack by cognito-wasm's
// putObject and by @aws-sdk/lib-storage's Upload with the same part size and
// parallelism, and the marshalling of a 1,000-item Query result both ways by
// cognito-wasm's dynamodb namespace and by @aws-sdk/util-dynamodb. Timed in
// the page with performance.now() (the page is cross-origin isolated); each
// function returns raw samples, bench.mjs prints medians. Nothing here
// asserts a time.
import initOurs, { CognitoClient, putObject, headObject, deleteObject } from "data-bench";
// The dynamodb namespace's marshalling as the package's entry bundles it (crate/js).
import { marshallItem, plainReply } from "dynamodb-values";
import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";

const now = () => performance.now();
/** cognito-wasm's putObject: bodies of 16 MiB or more go up in 8 MiB parts, 4 at a time. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

let stack = null;
let credentials = null;
let blob = null;

/** Signs `demo` in (password flow) and takes the identity's credentials. */
async function init(info, megabytes) {
  await initOurs();
  stack = info;
  const client = new CognitoClient({
    userPoolId: info.userPoolId, clientId: info.clientId, identityPoolId: info.identityPoolId,
    authFlow: "USER_PASSWORD_AUTH",
    endpoints: { cognitoIdp: info.endpoint, cognitoIdentity: info.endpoint },
  });
  await client.signIn(info.users.demo);
  const c = await client.getCredentials();
  credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
  // Random bytes, so nothing on the way can compress them.
  const chunk = 65536;
  const parts = [];
  for (let i = 0; i < (megabytes * 1024 * 1024) / chunk; i++) parts.push(crypto.getRandomValues(new Uint8Array(chunk)));
  blob = new Blob(parts, { type: "application/octet-stream" });
  return { isolated: self.crossOriginIsolated, identityId: c.identityId, bytes: blob.size };
}

const uploads = {
  async "cognito-wasm putObject"(key) {
    await putObject({
      credentials, region: stack.region, bucket: stack.bucket, key, body: blob, endpoint: stack.endpoint,
    });
  },
  async "@aws-sdk/lib-storage Upload"(key) {
    const client = new S3Client({
      region: stack.region, endpoint: stack.endpoint, forcePathStyle: true, credentials,
    });
    await new Upload({
      client, params: { Bucket: stack.bucket, Key: key, Body: blob }, partSize: PART_SIZE, queueSize: QUEUE_SIZE,
    }).done();
  },
};

/** One upload by `name` into the user's folder; its time, and the stored size checked. */
async function upload(name, identityId) {
  const key = `private/${identityId}/bench-${name.split(" ")[0].replace(/[^a-z0-9-]/gi, "")}.bin`;
  const t0 = now();
  await uploads[name](key);
  const ms = now() - t0;
  const head = await headObject({ credentials, region: stack.region, bucket: stack.bucket, key, endpoint: stack.endpoint });
  await deleteObject({ credentials, region: stack.region, bucket: stack.bucket, key, endpoint: stack.endpoint });
  return { ms, stored: head.size };
}

// ---- DynamoDB marshalling ---------------------------------------------------

/** 1,000 items of a Query of one user's rows: strings, numbers, booleans, null, a string set, a map with a list. */
function items(count = 1000) {
  const cities = ["Dublin", "Lisbon", "Kraków", "São Paulo"];
  return Array.from({ length: count }, (_, i) => ({
    identityId: "eu-west-1:0f8c5ad3-5f31-4477-a1b2-0123456789ab",
    sk: `order#${String(i).padStart(6, "0")}`,
    displayName: `User ${i}`,
    city: cities[i % cities.length],
    quantity: i % 50,
    price: 1.25 * i,
    paid: i % 2 === 0,
    note: null,
    tags: new Set(["blue", "large", `batch-${i % 7}`]),
    address: { street: `${i} Main Street`, zip: "D02 X285", geo: [53.3498, -6.2603], floor: i % 5 },
  }));
}

/** The JSON text of a Query reply holding `plain` items, as DynamoDB sends it. */
function queryReply(plain) {
  return JSON.stringify({ Items: plain.map((i) => marshall(i)), Count: plain.length, ScannedCount: plain.length });
}

/** Sets as sorted arrays, objects with sorted keys: comparable text. */
function canonical(value) {
  return JSON.stringify(value, (_, v) => {
    if (v instanceof Set) return { set: [...v].sort() };
    if (v && typeof v === "object" && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    return v;
  });
}

const marshallers = {
  // What a dynamodb call does with its items: marshalled into the request body's
  // JSON text; the reply's text parsed and unmarshalled.
  "cognito-wasm (JavaScript)": {
    marshall: (plain) => JSON.stringify(plain.map((i) => marshallItem(i))),
    unmarshall: (text) => plainReply(JSON.parse(text)).items,
  },
  "@aws-sdk/util-dynamodb": {
    marshall: (plain) => JSON.stringify(plain.map((i) => marshall(i))),
    unmarshall: (text) => JSON.parse(text).Items.map((i) => unmarshall(i)),
  },
};

/** Whether both give the same items both ways. */
function marshalCheck() {
  const plain = items();
  const text = queryReply(plain);
  const out = {};
  for (const [name, m] of Object.entries(marshallers)) {
    const wire = canonical(JSON.parse(m.marshall(plain)));
    const back = canonical(m.unmarshall(text));
    out[name] = { marshall: wire === canonical(JSON.parse(text).Items), unmarshall: back === canonical(plain) };
  }
  return out;
}

/** µs per item for `rounds` passes over 1,000 items, `way` = marshall | unmarshall, after a warm-up. */
function marshalTimes(name, way, rounds) {
  const plain = items();
  const text = queryReply(plain);
  const f = marshallers[name][way];
  const input = way === "marshall" ? plain : text;
  for (let i = 0; i < 5; i++) f(input);
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = now();
    f(input);
    samples.push(((now() - t0) * 1000) / plain.length);
  }
  return samples;
}

window.bench = {
  init, upload, marshalCheck, marshalTimes,
  uploadNames: Object.keys(uploads),
  marshallerNames: Object.keys(marshallers),
};
