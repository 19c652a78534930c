// The arguments of CognitoClient's methods (signIn, respondToChallenge and
// the account family: signUp, confirmSignUp, forgotPassword,
// updateUserAttributes, setMfaPreference, rememberDevice, …), read and
// checked here and crossed into wasm as one string: reading each
// field from wasm costs more bytes there than here. A wrong argument is
// refused with the message naming the field (never its value); the wasm
// rejects with it as an InvalidParameterException before any request.
//
// The packed form: "!" + message for a refusal, else the fields in order,
// each "<length>:<text>" (the length in UTF-16 units, so that any text,
// NULs included, crosses as it is) or "-" when not given. A record or a list
// is its count as a field, then its names and values (or items).

/** A refusal of this reader (not an error thrown by the caller's objects). */
class Refusal {
  constructor(message) {
    this.message = message;
  }
}

const refuse = (message) => new Refusal(message);
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const field = (text) => (text === undefined ? "-" : text.length + ":" + text);
const SETTINGS = ["preferred", "enabled", "disabled"];

/** `object[key]`; `context` names the object. */
function get(object, context, key) {
  try {
    return object[key];
  } catch {
    throw refuse(`${context}.${key} could not be read`);
  }
}

/** An optional string field (undefined or null: not given). */
function optional(object, context, key) {
  const value = get(object, context, key) ?? undefined;
  if (value !== undefined && typeof value !== "string") throw refuse(`${context}.${key} must be a string`);
  return value;
}

/** The fields of the required strings `keys` of `object`. */
function required(object, context, ...keys) {
  let out = "";
  for (const key of keys) {
    const value = optional(object, context, key);
    if (value === undefined) throw refuse(`${context}.${key} is required`);
    out += field(value);
  }
  return out;
}

/** `value` as the options object of `method` (its context in messages). */
function options(value, method) {
  const context = method + " options";
  if (!isObject(value)) throw refuse(`${context} must be an object`);
  return context;
}

/** A record of strings: its count, then each name and value. */
function record(value, context) {
  if (!isObject(value)) throw refuse(`${context} must be an object`);
  let entries;
  try {
    entries = Object.entries(value);
  } catch {
    throw refuse(`${context} could not be read`);
  }
  let out = field(String(entries.length));
  for (const [name, text] of entries) {
    if (typeof text !== "string") throw refuse(`${context}.${name} must be a string`);
    out += field(name) + field(text);
  }
  return out;
}

/** An optional record field (not given: none). */
function recordField(object, context, key) {
  const value = get(object, context, key);
  return value == null ? field("0") : record(value, `${context}.${key}`);
}

/** A positional string argument named `what`. */
function argument(value, what) {
  if (typeof value !== "string") throw refuse(`${what} must be a string`);
  return field(value);
}

/** An optional positional string argument (undefined or null: not given). */
const optionalArgument = (value, what) => (value == null ? field(undefined) : argument(value, what));

/** An array of strings: its count, then each. */
function names(value) {
  try {
    if (!Array.isArray(value)) throw 0;
    const count = value.length;
    let out = field(String(count));
    for (let i = 0; i < count; i++) {
      const name = value[i];
      if (typeof name !== "string") throw 0;
      out += field(name);
    }
    return out;
  } catch {
    throw refuse("names must be an array of strings");
  }
}

// One reader per kind, in the order of the kinds in crate/src/js/client_args.rs.
const READERS = [
  // signUp
  (o) => {
    const c = options(o, "signUp");
    return required(o, c, "username", "password") + recordField(o, c, "attributes") +
      recordField(o, c, "validationData") + recordField(o, c, "clientMetadata");
  },
  // confirmSignUp
  (o) => {
    const c = options(o, "confirmSignUp");
    const fields = required(o, c, "username", "code");
    const signIn = get(o, c, "signIn") ?? false;
    if (typeof signIn !== "boolean") throw refuse(`${c}.signIn must be true or false`);
    return fields + field(signIn ? "" : undefined);
  },
  // resendSignUpCode
  (o) => required(o, options(o, "resendSignUpCode"), "username"),
  // forgotPassword
  (o) => required(o, options(o, "forgotPassword"), "username"),
  // confirmForgotPassword
  (o) => required(o, options(o, "confirmForgotPassword"), "username", "code", "newPassword"),
  // changePassword
  (o) => required(o, options(o, "changePassword"), "oldPassword", "newPassword"),
  // updateUserAttributes
  (attributes) => record(attributes, "attributes"),
  // sendAttributeVerificationCode
  (name) => argument(name, "name"),
  // verifyAttribute
  (name, code) => argument(name, "name") + argument(code, "code"),
  // deleteUserAttributes
  names,
  // verifyTotpSetup
  (o) => {
    const c = options(o, "verifyTotpSetup");
    return required(o, c, "code") + field(optional(o, c, "friendlyName"));
  },
  // setMfaPreference
  (o) => {
    const c = options(o, "setMfaPreference");
    let out = "";
    for (const key of ["totp", "sms", "email"]) {
      const setting = optional(o, c, key);
      if (setting !== undefined && !SETTINGS.includes(setting)) {
        throw refuse(`${c}.${key} must be 'preferred', 'enabled' or 'disabled'`);
      }
      out += field(setting);
    }
    return out;
  },
  // rememberDevice
  (deviceName) => optionalArgument(deviceName, "deviceName"),
  // forgetDevice
  (deviceKey) => optionalArgument(deviceKey, "deviceKey"),
  // signIn
  (o) => required(o, options(o, "signIn"), "username", "password"),
  // respondToChallenge
  (o) => {
    const c = "answer";
    if (!isObject(o)) throw refuse(`${c} must be an object`);
    return field(optional(o, c, "newPassword")) + field(optional(o, c, "code")) +
      field(optional(o, c, "mfaType")) + recordField(o, c, "attributes");
  },
];

// The packed arguments of the method `kind` (never throws).
export function packArgs(kind, first, second) {
  try {
    return READERS[kind](first, second);
  } catch (e) {
    return "!" + (e instanceof Refusal ? e.message : "the arguments could not be read");
  }
}
