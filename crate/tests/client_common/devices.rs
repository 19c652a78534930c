//! The scripted server's remembered devices, as the real pool keeps them:
//! NewDeviceMetadata when the pool tracks devices and no known device was
//! sent, ConfirmDevice (the verifier kept), UpdateDeviceStatus,
//! ForgetDevice, ListDevices, DeleteUser, DEVICE_SRP_AUTH /
//! DEVICE_PASSWORD_VERIFIER with the device's proof checked the server's
//! way (S = (A·v^u)^b, not the client's formula), and refresh tokens bound
//! to their device.

use base64::Engine;
use cognito_wasm::crypto::bigint::{Exponent, ModN};
use cognito_wasm::crypto::srp::{cognito_timestamp, multiplier_hex, pad_hex};
use cognito_wasm::wire::encoding::{hex_decode, hex_encode};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{Err3, FakePlatform, Server, User};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// One device of one user.
#[derive(Clone, Debug)]
pub struct FakeDevice {
    pub key: String,
    pub group_key: String,
    pub username: String,
    pub name: Option<String>,
    pub confirmed: bool,
    pub remembered: bool,
    /// The verifier and salt ConfirmDevice gave, as bytes.
    pub verifier: Vec<u8>,
    pub salt: Vec<u8>,
}

/// A DEVICE_PASSWORD_VERIFIER waiting for its proof.
struct DeviceSrp {
    session: String,
    key: String,
    a: Vec<u8>,
    b: Vec<u8>,
    big_b: Vec<u8>,
}

/// Device state of the scripted pool.
#[derive(Default)]
pub struct Devices {
    /// The pool tracks devices (NewDeviceMetadata after a sign-in).
    pub tracking: bool,
    /// DeviceOnlyRememberedOnUserPrompt: remembered only by UpdateDeviceStatus.
    pub on_prompt: bool,
    /// After an MFA code, a confirmed device that is not remembered is
    /// asked for device authentication (DEVICE_SRP_AUTH) before the tokens,
    /// as amazon-cognito-identity-js expects Cognito may do.
    pub auth_after_mfa: bool,
    pub list: Vec<FakeDevice>,
    /// Refresh token → the device it was issued to.
    refresh: Vec<(String, String)>,
    /// Challenge session → the DEVICE_KEY the sign-in sent.
    sent: Vec<(String, String)>,
    srp: Vec<DeviceSrp>,
    issued: u32,
}

const SECRET_BLOCK: &[u8] = b"device secret block of the scripted pool";

fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_vec()
}

fn padded(bytes: &[u8]) -> Vec<u8> {
    hex_decode(&pad_hex(bytes), "pad").expect("hex")
}

fn modn(bytes: &[u8]) -> ModN {
    ModN::from_be_bytes(bytes).expect("below N")
}

fn exponent(bytes: &[u8]) -> Exponent {
    Exponent::from_be_bytes(bytes).expect("exponent")
}

fn not_found() -> Err3 {
    (
        400,
        "ResourceNotFoundException",
        "Device does not exist.".into(),
    )
}

impl Devices {
    /// The refresh token's device, if it was issued to one.
    pub(super) fn bound(&self, refresh_token: &str) -> Option<&str> {
        self.refresh
            .iter()
            .find(|(t, _)| t == refresh_token)
            .map(|(_, k)| k.as_str())
    }

    /// Remembers which DEVICE_KEY a challenge session's sign-in sent.
    pub(super) fn sent_with(&mut self, session: &str, key: Option<String>) {
        if let Some(key) = key {
            self.sent.push((session.to_owned(), key));
        }
    }

    /// The DEVICE_KEY the sign-in of `session` sent.
    pub(super) fn sent_for(&self, session: &str) -> Option<String> {
        self.sent
            .iter()
            .find(|(s, _)| s == session)
            .map(|(_, k)| k.clone())
    }

    /// A confirmed, remembered device of `username` with this key.
    fn usable(&self, username: &str, key: Option<&str>) -> Option<&FakeDevice> {
        self.confirmed(username, key).filter(|d| d.remembered)
    }

    /// A confirmed device of `username` with this key.
    fn confirmed(&self, username: &str, key: Option<&str>) -> Option<&FakeDevice> {
        self.list
            .iter()
            .find(|d| Some(d.key.as_str()) == key && d.username == username && d.confirmed)
    }
}

impl Server {
    /// DEVICE_SRP_AUTH when `device` is the user's remembered device.
    pub(super) fn device_challenge(&mut self, user: &User, device: Option<&str>) -> Option<Value> {
        self.devices.usable(&user.username, device)?;
        Some(self.device_srp_challenge(user, device))
    }

    /// After an MFA code: DEVICE_SRP_AUTH for the user's confirmed `device`
    /// not remembered, when the pool asks for it (`auth_after_mfa`).
    pub(super) fn device_challenge_after_mfa(
        &mut self,
        user: &User,
        device: Option<&str>,
    ) -> Option<Value> {
        let known = self.devices.confirmed(&user.username, device)?;
        if !self.devices.auth_after_mfa || known.remembered {
            return None;
        }
        Some(self.device_srp_challenge(user, device))
    }

    fn device_srp_challenge(&mut self, user: &User, device: Option<&str>) -> Value {
        let session = self.new_session(&user.username, "DEVICE_SRP_AUTH");
        self.devices.sent_with(&session, device.map(str::to_owned));
        json!({
            "ChallengeName": "DEVICE_SRP_AUTH", "Session": session,
            "ChallengeParameters": {"USERNAME": user.username},
        })
    }

    /// Tokens for a finished sign-in that sent `device`: NewDeviceMetadata
    /// when the pool tracks devices and does not know it; the refresh
    /// token bound to the device.
    pub(super) fn signed_in(&mut self, user: &User, device: Option<String>) -> Value {
        let mut reply = self.tokens(user, true);
        let known = self
            .devices
            .list
            .iter()
            .find(|d| Some(&d.key) == device.as_ref() && d.username == user.username)
            .map(|d| d.key.clone());
        let key = match known {
            Some(key) => Some(key),
            None if self.devices.tracking => {
                self.devices.issued += 1;
                let n = self.devices.issued;
                let device = FakeDevice {
                    key: format!("us-east-1_device-{n}"),
                    group_key: format!("-group{n}"),
                    username: user.username.clone(),
                    name: None,
                    confirmed: false,
                    remembered: false,
                    verifier: vec![],
                    salt: vec![],
                };
                reply["AuthenticationResult"]["NewDeviceMetadata"] = json!({
                    "DeviceKey": device.key, "DeviceGroupKey": device.group_key,
                });
                let key = device.key.clone();
                self.devices.list.push(device);
                Some(key)
            }
            None => None,
        };
        if let (Some(key), Some(refresh)) =
            (key, reply["AuthenticationResult"]["RefreshToken"].as_str())
        {
            self.devices.refresh.push((refresh.to_owned(), key));
        }
        reply
    }

    /// DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER for `username`.
    pub(super) fn device_answer(
        &mut self,
        name: &str,
        session: &str,
        username: &str,
        responses: &Value,
    ) -> Result<Value, Err3> {
        let r = |k: &str| responses[k].as_str().map(str::to_owned);
        let refused = |why: &str| (400, "NotAuthorizedException", why.to_owned());
        if name == "DEVICE_SRP_AUTH" {
            let key = r("DEVICE_KEY");
            if key != self.devices.sent_for(session) {
                return Err(refused("DEVICE_KEY is not the one the sign-in sent"));
            }
            let device = self
                .devices
                .confirmed(username, key.as_deref())
                .filter(|d| d.remembered || self.devices.auth_after_mfa)
                .cloned()
                .ok_or_else(|| refused("Device does not exist."))?;
            let a_hex = r("SRP_A").unwrap_or_default();
            let even = if a_hex.len() % 2 == 1 { "0" } else { "" };
            let a = hex_decode(&[even, &a_hex].concat(), "SRP_A")
                .map_err(|_| (400, "InvalidParameterException", "SRP_A".to_owned()))?;
            self.devices.issued += 1;
            let b: Vec<u8> = (0..32)
                .map(|i| (i as u8).wrapping_mul(29) ^ self.devices.issued as u8)
                .collect();
            let k = modn(&hex_decode(&format!("{:0>64}", multiplier_hex()), "k").expect("k"));
            let kv = k.mul(&modn(&device.verifier));
            let zero = modn(&[0]);
            let big_b = ModN::generator()
                .pow(&exponent(&b))
                .sub(&zero.sub(&kv))
                .to_be_bytes()
                .to_vec();
            let next = self.new_session(username, "DEVICE_PASSWORD_VERIFIER");
            self.devices.srp.push(DeviceSrp {
                session: next.clone(),
                key: device.key.clone(),
                a,
                b,
                big_b: big_b.clone(),
            });
            let hex = |bytes: &[u8]| {
                let h = hex_encode(bytes);
                let t = h.trim_start_matches('0');
                if t.is_empty() {
                    "0".to_owned()
                } else {
                    t.to_owned()
                }
            };
            return Ok(json!({
                "ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": next,
                "ChallengeParameters": {
                    "SALT": hex(&device.salt), "SRP_B": hex(&big_b),
                    "SECRET_BLOCK": B64.encode(SECRET_BLOCK),
                    "USERNAME": username, "DEVICE_KEY": device.key,
                }
            }));
        }
        // DEVICE_PASSWORD_VERIFIER
        let pos = self
            .devices
            .srp
            .iter()
            .position(|s| s.session == session)
            .ok_or_else(|| refused("no DEVICE_SRP_AUTH for this session"))?;
        let srp = self.devices.srp.remove(pos);
        if r("DEVICE_KEY").as_deref() != Some(srp.key.as_str()) {
            return Err(refused("DEVICE_KEY does not match"));
        }
        if r("PASSWORD_CLAIM_SECRET_BLOCK") != Some(B64.encode(SECRET_BLOCK)) {
            return Err(refused("wrong secret block"));
        }
        let timestamp = r("TIMESTAMP").unwrap_or_default();
        let now = self.now();
        if !(-60..=60).any(|s| cognito_timestamp(now + f64::from(s) * 1000.0) == timestamp) {
            return Err(refused("Incorrect timestamp"));
        }
        let device = self
            .devices
            .list
            .iter()
            .find(|d| d.key == srp.key)
            .cloned()
            .ok_or_else(|| refused("Device does not exist."))?;
        // The server's side: S = (A · v^u)^b, key = HKDF(padHex(S), padHex(u)).
        let u = sha256(&[&padded(&srp.a), &padded(&srp.big_b)]);
        let v_u = modn(&device.verifier).pow(&exponent(&u));
        let s = modn(&srp.a).mul(&v_u).pow(&exponent(&srp.b));
        let mut key = [0u8; 16];
        hkdf::Hkdf::<Sha256>::new(Some(&padded(&u)), &padded(&s.to_be_bytes()))
            .expand(b"Caldera Derived Key", &mut key)
            .expect("HKDF");
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC key");
        for part in [
            device.group_key.as_bytes(),
            device.key.as_bytes(),
            SECRET_BLOCK,
            timestamp.as_bytes(),
        ] {
            mac.update(part);
        }
        if r("PASSWORD_CLAIM_SIGNATURE") != Some(B64.encode(mac.finalize().into_bytes())) {
            return Err(refused("Incorrect username or password."));
        }
        let user = self.user(username)?;
        Ok(self.signed_in(&user, Some(device.key)))
    }

    /// ConfirmDevice, UpdateDeviceStatus, ForgetDevice, ListDevices and
    /// DeleteUser, for the access token's user.
    pub(super) fn device_op(&mut self, op: &str, body: &Value) -> Result<Value, Err3> {
        let (username, _) =
            self.token_user(body["AccessToken"].as_str().unwrap_or_default(), "access")?;
        let key = body["DeviceKey"].as_str().unwrap_or_default().to_owned();
        let pos = self
            .devices
            .list
            .iter()
            .position(|d| d.key == key && d.username == username);
        match op {
            "ListDevices" => Ok(json!({
                "Devices": self.devices.list.iter()
                    .filter(|d| d.username == username && d.confirmed)
                    .map(|d| json!({
                        "DeviceKey": d.key,
                        "DeviceAttributes": [{
                            "Name": "dev:device_remembered_status",
                            "Value": if d.remembered { "remembered" } else { "not_remembered" },
                        }],
                    }))
                    .collect::<Vec<_>>(),
            })),
            "ConfirmDevice" => {
                let pos = pos.ok_or_else(not_found)?;
                let config = &body["DeviceSecretVerifierConfig"];
                let decode = |k: &str| {
                    B64.decode(config[k].as_str().unwrap_or_default())
                        .ok()
                        .filter(|b| !b.is_empty())
                        .ok_or((
                            400,
                            "InvalidParameterException",
                            format!("{k} must be base64"),
                        ))
                };
                let (verifier, salt) = (decode("PasswordVerifier")?, decode("Salt")?);
                let on_prompt = self.devices.on_prompt;
                let device = &mut self.devices.list[pos];
                if device.confirmed {
                    return Err((
                        400,
                        "InvalidParameterException",
                        "Device has already been confirmed.".into(),
                    ));
                }
                device.verifier = verifier;
                device.salt = salt;
                device.name = body["DeviceName"].as_str().map(str::to_owned);
                device.confirmed = true;
                device.remembered = !on_prompt;
                Ok(json!({ "UserConfirmationNecessary": on_prompt }))
            }
            "UpdateDeviceStatus" => {
                let device = &mut self.devices.list[pos.ok_or_else(not_found)?];
                device.remembered = body["DeviceRememberedStatus"] == "remembered";
                Ok(json!({}))
            }
            "ForgetDevice" => {
                self.devices.list.remove(pos.ok_or_else(not_found)?);
                Ok(json!({}))
            }
            "DeleteUser" => {
                self.users.retain(|u| u.username != username);
                self.devices.list.retain(|d| d.username != username);
                Ok(json!({}))
            }
            other => panic!("unexpected device operation {other}"),
        }
    }
}

impl FakePlatform {
    /// Turns device tracking on (`on_prompt`: remembered only when the user
    /// says so, UpdateDeviceStatus).
    pub fn track_devices(&self, on_prompt: bool) {
        let mut server = self.server.borrow_mut();
        server.devices.tracking = true;
        server.devices.on_prompt = on_prompt;
    }

    /// The pool's devices.
    pub fn devices(&self) -> Vec<FakeDevice> {
        self.server.borrow().devices.list.clone()
    }
}
