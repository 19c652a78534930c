//! `CognitoClient`'s account methods that need no signed-in user:
//! `signUp`, `confirmSignUp` and `resendSignUpCode`, with their TypeScript
//! types.

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use super::client::JsCognitoClient;
use super::convert::{self, Bad, Reader};
use super::promise_in;
use crate::cognito::account::CodeDelivery;
use crate::cognito::sign_up::{SignUp, SignUpResult};
use crate::error::CognitoError;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Argument of `signUp`. */
export interface SignUpOptions {
  username: string;
  password: string;
  /** User attributes (`email`, `name`, `custom:…`). */
  attributes?: Record<string, string>;
  /** For a pre-sign-up Lambda trigger. */
  validationData?: Record<string, string>;
  /** Passed to the pool's Lambda triggers. */
  clientMetadata?: Record<string, string>;
}

/** Where and how a confirmation code was sent. */
export interface CodeDelivery {
  /** Masked (`d***@e***`, `+*******1234`). */
  destination?: string;
  /** `EMAIL` or `SMS`. */
  deliveryMedium?: string;
  /** The attribute the code verifies (`email`, `phone_number`). */
  attributeName?: string;
}

/** Outcome of `signUp`. */
export interface SignUpResult {
  /** Whether the user is confirmed already; otherwise `confirmSignUp` follows. */
  userConfirmed: boolean;
  /** The new user's `sub`. */
  userSub: string;
  /** Where the confirmation code went, when one was sent. */
  codeDelivery?: CodeDelivery;
}

/** Argument of `confirmSignUp`. */
export interface ConfirmSignUpOptions {
  username: string;
  /** The code the user received. */
  code: string;
}

/** Argument of `resendSignUpCode`. */
export interface ResendSignUpCodeOptions {
  username: string;
}

/** Outcome of `resendSignUpCode`. */
export interface ResendSignUpCodeResult {
  /** Where the new code went. */
  codeDelivery?: CodeDelivery;
}
"#;

/// Reads `signUp`'s options.
fn sign_up_from_js(options: &JsValue) -> Result<SignUp, CognitoError> {
    let r = Reader::new(options, "signUp options", Bad::Parameter)?;
    Ok(SignUp {
        username: r.required_string("username")?,
        password: r.required_string("password")?,
        attributes: r.string_map("attributes")?.unwrap_or_default(),
        validation_data: r.string_map("validationData")?.unwrap_or_default(),
        client_metadata: r.string_map("clientMetadata")?.unwrap_or_default(),
    })
}

/// `{ destination?, deliveryMedium?, attributeName? }`.
fn code_delivery_to_js(delivery: &CodeDelivery) -> JsValue {
    let object = Object::new();
    let fields = [
        ("destination", &delivery.destination),
        ("deliveryMedium", &delivery.delivery_medium),
        ("attributeName", &delivery.attribute_name),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            convert::set(&object, key, value.as_str());
        }
    }
    object.into()
}

/// `{ codeDelivery? }` plus whatever `object` already holds.
fn with_code_delivery(object: Object, delivery: Option<&CodeDelivery>) -> JsValue {
    if let Some(delivery) = delivery {
        convert::set(&object, "codeDelivery", code_delivery_to_js(delivery));
    }
    object.into()
}

/// `{ userConfirmed, userSub, codeDelivery? }`.
fn sign_up_result_to_js(result: &SignUpResult) -> JsValue {
    let object = Object::new();
    convert::set(&object, "userConfirmed", result.user_confirmed);
    convert::set(&object, "userSub", result.user_sub.as_str());
    with_code_delivery(object, result.code_delivery.as_ref())
}

#[wasm_bindgen(js_class = CognitoClient)]
impl JsCognitoClient {
    /// Registers a new user (SignUp). Resolves `{ userConfirmed, userSub,
    /// codeDelivery? }`; unless `userConfirmed`, the user confirms with the
    /// code sent to `codeDelivery.destination` (`confirmSignUp`) before
    /// signing in. A plainly wrong username, password or attribute name
    /// rejects with `InvalidParameterException` before any request; the
    /// pool's refusals come by name (`UsernameExistsException`,
    /// `InvalidPasswordException`, …).
    #[wasm_bindgen(js_name = signUp, unchecked_return_type = "Promise<SignUpResult>")]
    pub fn sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignUpOptions")] options: JsValue,
    ) -> Promise {
        let parsed = sign_up_from_js(&options);
        let client = self.client.clone();
        promise_in(self.call(&options), async move {
            let result = client.sign_up(&parsed?).await?;
            Ok(sign_up_result_to_js(&result))
        })
    }

    /// Confirms a new user with the code it received (ConfirmSignUp); the
    /// user can sign in afterwards. A wrong code rejects with
    /// `CodeMismatchException`, an old one with `ExpiredCodeException`.
    #[wasm_bindgen(js_name = confirmSignUp, unchecked_return_type = "Promise<void>")]
    pub fn confirm_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignUpOptions")] options: JsValue,
    ) -> Promise {
        let parsed = Reader::new(&options, "confirmSignUp options", Bad::Parameter)
            .and_then(|r| Ok((r.required_string("username")?, r.required_string("code")?)));
        let client = self.client.clone();
        promise_in(self.call(&options), async move {
            let (username, code) = parsed?;
            client.confirm_sign_up(&username, &code).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Sends a user who has not confirmed yet a new confirmation code
    /// (ResendConfirmationCode). Resolves `{ codeDelivery? }`.
    #[wasm_bindgen(
        js_name = resendSignUpCode,
        unchecked_return_type = "Promise<ResendSignUpCodeResult>"
    )]
    pub fn resend_sign_up_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResendSignUpCodeOptions")] options: JsValue,
    ) -> Promise {
        let parsed = Reader::new(&options, "resendSignUpCode options", Bad::Parameter)
            .and_then(|r| r.required_string("username"));
        let client = self.client.clone();
        promise_in(self.call(&options), async move {
            let delivery = client.resend_sign_up_code(&parsed?).await?;
            Ok(with_code_delivery(Object::new(), delivery.as_ref()))
        })
    }
}
