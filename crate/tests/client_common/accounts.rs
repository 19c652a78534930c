//! The scripted server's account operations: SignUp, ConfirmSignUp and
//! ResendConfirmationCode, with what the real pool checks (SecretHash, the
//! password policy, existing users, single-use codes) and an outbox of the
//! codes it "sent". A user signed up here is not in [`Server::users`] until
//! confirmed; InitiateAuth refuses it with UserNotConfirmedException.

use serde_json::{json, Value};

use super::{Err3, FakePlatform, Server, User};

/// A user who signed up and is not confirmed yet.
#[derive(Clone, Debug)]
pub struct Unconfirmed {
    pub user: User,
    /// The attributes given at sign-up, in order.
    pub attributes: Vec<(String, String)>,
    /// The code that confirms it (the last one sent).
    pub code: String,
}

/// Account state of the scripted pool.
#[derive(Default)]
pub struct Accounts {
    pub unconfirmed: Vec<Unconfirmed>,
    /// Every code sent, oldest first: (username, code).
    pub outbox: Vec<(String, String)>,
    codes_issued: u32,
}

/// The pool's password policy (as the local stack's): 8+ characters,
/// upper and lower case, a digit and a symbol.
fn password_policy_error(password: &str) -> Option<&'static str> {
    if password.chars().count() < 8 {
        Some("Password not long enough")
    } else if !password.chars().any(|c| c.is_ascii_uppercase()) {
        Some("Password must have uppercase characters")
    } else if !password.chars().any(|c| c.is_ascii_lowercase()) {
        Some("Password must have lowercase characters")
    } else if !password.chars().any(|c| c.is_ascii_digit()) {
        Some("Password must have numeric characters")
    } else if password.chars().all(char::is_alphanumeric) {
        Some("Password must have symbol characters")
    } else {
        None
    }
}

/// `CodeDeliveryDetails` for a user with these attributes: the masked email
/// when there is one.
fn delivery(attributes: &[(String, String)]) -> Option<Value> {
    let (_, email) = attributes.iter().find(|(k, _)| k == "email")?;
    let first = email.chars().next().unwrap_or('x');
    Some(json!({
        "Destination": format!("{first}***@e***"),
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }))
}

impl Server {
    /// The client id and SecretHash of a call naming `Username`; the user name.
    fn account_caller(&self, body: &Value) -> Result<String, Err3> {
        if body["ClientId"] != self.client_id.as_str() {
            return Err((400, "ResourceNotFoundException", "client not found".into()));
        }
        let username = body["Username"].as_str().unwrap_or_default().to_owned();
        self.check_secret_hash(body["SecretHash"].as_str(), &username)?;
        Ok(username)
    }

    fn issue_code(&mut self, username: &str) -> String {
        self.accounts.codes_issued += 1;
        let code = format!("{:06}", 246_800 + self.accounts.codes_issued);
        self.accounts
            .outbox
            .push((username.to_owned(), code.clone()));
        code
    }

    /// Whether an InitiateAuth names a user who has not confirmed.
    pub(super) fn is_unconfirmed_sign_in(&self, body: &Value) -> bool {
        let username = body["AuthParameters"]["USERNAME"].as_str();
        self.accounts
            .unconfirmed
            .iter()
            .any(|u| Some(u.user.username.as_str()) == username)
    }

    pub(super) fn sign_up(&mut self, body: &Value) -> Result<Value, Err3> {
        let username = self.account_caller(body)?;
        let taken = self.users.iter().any(|u| u.username == username)
            || self
                .accounts
                .unconfirmed
                .iter()
                .any(|u| u.user.username == username);
        if taken {
            return Err((400, "UsernameExistsException", "User already exists".into()));
        }
        let password = body["Password"].as_str().unwrap_or_default().to_owned();
        if let Some(why) = password_policy_error(&password) {
            return Err((
                400,
                "InvalidPasswordException",
                format!("Password did not conform with policy: {why}"),
            ));
        }
        let attributes: Vec<(String, String)> = body["UserAttributes"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|a| {
                        (
                            a["Name"].as_str().unwrap_or_default().to_owned(),
                            a["Value"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let sub = format!("sub-{username}");
        let code = self.issue_code(&username);
        let mut reply = json!({ "UserConfirmed": false, "UserSub": sub });
        if let Some(d) = delivery(&attributes) {
            reply["CodeDeliveryDetails"] = d;
        }
        self.accounts.unconfirmed.push(Unconfirmed {
            user: User::new(&username, &password, &sub),
            attributes,
            code,
        });
        Ok(reply)
    }

    pub(super) fn confirm_sign_up(&mut self, body: &Value) -> Result<Value, Err3> {
        let username = self.account_caller(body)?;
        let Some(pos) = self
            .accounts
            .unconfirmed
            .iter()
            .position(|u| u.user.username == username)
        else {
            return Err(if self.users.iter().any(|u| u.username == username) {
                (
                    400,
                    "NotAuthorizedException",
                    "User cannot be confirmed. Current status is CONFIRMED".into(),
                )
            } else {
                (
                    400,
                    "UserNotFoundException",
                    "Username/client id combination not found.".into(),
                )
            });
        };
        if body["ConfirmationCode"] != self.accounts.unconfirmed[pos].code.as_str() {
            return Err((
                400,
                "CodeMismatchException",
                "Invalid verification code provided, please try again.".into(),
            ));
        }
        let confirmed = self.accounts.unconfirmed.remove(pos);
        self.users.push(confirmed.user);
        Ok(json!({}))
    }

    pub(super) fn resend_confirmation_code(&mut self, body: &Value) -> Result<Value, Err3> {
        let username = self.account_caller(body)?;
        let Some(pos) = self
            .accounts
            .unconfirmed
            .iter()
            .position(|u| u.user.username == username)
        else {
            return Err(if self.users.iter().any(|u| u.username == username) {
                (
                    400,
                    "InvalidParameterException",
                    "User is already confirmed.".into(),
                )
            } else {
                (
                    400,
                    "UserNotFoundException",
                    "Username/client id combination not found.".into(),
                )
            });
        };
        let code = self.issue_code(&username);
        let pending = &mut self.accounts.unconfirmed[pos];
        pending.code = code;
        Ok(match delivery(&pending.attributes) {
            Some(d) => json!({ "CodeDeliveryDetails": d }),
            None => json!({}),
        })
    }
}

impl FakePlatform {
    /// The last code the pool sent to `username`.
    pub fn last_code(&self, username: &str) -> Option<String> {
        self.server
            .borrow()
            .accounts
            .outbox
            .iter()
            .rev()
            .find(|(u, _)| u == username)
            .map(|(_, c)| c.clone())
    }

    /// Whether `username` signed up and has not confirmed.
    pub fn is_unconfirmed(&self, username: &str) -> bool {
        self.server
            .borrow()
            .accounts
            .unconfirmed
            .iter()
            .any(|u| u.user.username == username)
    }
}
