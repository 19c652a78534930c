//! Where a visitor is in the account forms shown while signed out
//! (sign-up, its confirmation, password reset), and what the last call
//! said. Shared by the sign-up and password-reset flows.

use cognito_wasm::cognito::account::CodeDelivery;
use cognito_wasm::CognitoError;

/// Which account form is shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AccountScreen {
    /// None: only the links to open one.
    #[default]
    Closed,
    /// The sign-up form.
    SignUp,
    /// The confirmation code of a new user.
    Confirm {
        /// The user signing up.
        username: String,
        /// Where the code went, when Cognito said.
        delivery: Option<CodeDelivery>,
    },
    /// "Forgot password": the user name to send a reset code to.
    Forgot,
    /// The reset code and the new password.
    Reset {
        /// The user resetting the password.
        username: String,
        /// Where the code went, when Cognito said.
        delivery: Option<CodeDelivery>,
    },
}

/// What the last account call did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountStatus {
    /// A call is running.
    pub busy: bool,
    /// It failed.
    pub error: Option<CognitoError>,
    /// It succeeded, in words.
    pub notice: Option<String>,
}

impl AccountStatus {
    /// A call started.
    pub fn busy() -> Self {
        Self {
            busy: true,
            ..Self::default()
        }
    }

    /// A call failed.
    pub fn failed(error: CognitoError) -> Self {
        Self {
            error: Some(error),
            ..Self::default()
        }
    }

    /// A call succeeded.
    pub fn done(notice: impl Into<String>) -> Self {
        Self {
            notice: Some(notice.into()),
            ..Self::default()
        }
    }
}

/// "Code sent to d***@e*** by EMAIL." (or a plain "Code sent.").
pub fn sent_to(delivery: Option<&CodeDelivery>) -> String {
    match delivery.and_then(|d| d.destination.as_deref()) {
        Some(destination) => {
            let medium = delivery
                .and_then(|d| d.delivery_medium.as_deref())
                .map(|m| format!(" by {m}"))
                .unwrap_or_default();
            format!("Code sent to {destination}{medium}.")
        }
        None => "Code sent.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_where_the_code_went() {
        let delivery = CodeDelivery {
            destination: Some("a***@e***".to_owned()),
            delivery_medium: Some("EMAIL".to_owned()),
            attribute_name: Some("email".to_owned()),
        };
        assert_eq!(sent_to(Some(&delivery)), "Code sent to a***@e*** by EMAIL.");
        let bare = CodeDelivery {
            destination: Some("+*******1234".to_owned()),
            ..CodeDelivery::default()
        };
        assert_eq!(sent_to(Some(&bare)), "Code sent to +*******1234.");
        assert_eq!(sent_to(None), "Code sent.");
    }
}
