//! Cognito SRP against the amazon-cognito-identity-js reference vectors in
//! tests/vectors/srp, plus timestamps, SECRET_HASH and hostile inputs.

use cognito_wasm::ErrorKind;
use std::sync::OnceLock;
use std::time::Instant;

use cognito_wasm::crypto::bigint::MODULUS_HEX;
use cognito_wasm::crypto::secret_hash::secret_hash;
use cognito_wasm::crypto::srp::{
    cognito_timestamp, multiplier_hex, pad_hex, pad_hex_negative, pool_name, PasswordClaim,
    SrpSession, SECRET_BYTES,
};
use cognito_wasm::wire::encoding::hex_decode;
use proptest::prelude::*;
use serde_json::Value;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/vectors/srp/cognito-srp.json"
);

fn vectors() -> &'static Value {
    static VALUE: OnceLock<Value> = OnceLock::new();
    VALUE.get_or_init(|| {
        let text = std::fs::read_to_string(VECTORS).expect("SRP vectors readable");
        serde_json::from_str(&text).expect("SRP vectors are JSON")
    })
}

fn cases() -> &'static [Value] {
    vectors()["cases"].as_array().expect("cases")
}

fn field<'a>(case: &'a Value, name: &str) -> &'a str {
    case[name]
        .as_str()
        .unwrap_or_else(|| panic!("missing {name}"))
}

/// The claim inputs of a vector case.
fn claim(case: &Value) -> PasswordClaim<'_> {
    PasswordClaim {
        pool_name: field(case, "poolName"),
        user_id_for_srp: field(case, "userIdForSrp"),
        password: field(case, "password"),
        salt_hex: field(case, "salt"),
        srp_b_hex: field(case, "srpB"),
        secret_block_b64: field(case, "secretBlock"),
        timestamp: field(case, "timestamp"),
    }
}

/// Days from 1970-01-01 to a date, counted the slow way (independent of
/// the library's calendar code).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = |y: i64, m: i64| match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let mut days = 0;
    if year >= 1970 {
        days += (1970..year)
            .map(|y| if leap(y) { 366 } else { 365 })
            .sum::<i64>();
    } else {
        days -= (year..1970)
            .map(|y| if leap(y) { 366 } else { 365 })
            .sum::<i64>();
    }
    days += (1..month).map(|m| month_days(year, m)).sum::<i64>();
    days + day - 1
}

/// Milliseconds since the epoch of `YYYY-MM-DDTHH:MM:SS(.fff)Z`.
fn parse_iso_ms(iso: &str) -> f64 {
    let num = |range: std::ops::Range<usize>| -> i64 { iso[range].parse().expect("ISO digits") };
    assert!(iso.ends_with('Z') && &iso[10..11] == "T", "{iso}");
    let days = days_from_civil(num(0..4), num(5..7), num(8..10));
    let secs = days * 86_400 + num(11..13) * 3600 + num(14..16) * 60 + num(17..19);
    let millis = if iso.len() > 20 { num(20..23) } else { 0 };
    (secs * 1000 + millis) as f64
}

fn session(case: &Value) -> SrpSession {
    SrpSession::from_secret_hex(field(case, "smallA")).expect("session from smallA")
}

#[test]
fn group_prime_matches_vectors() {
    assert_eq!(field(vectors(), "N"), MODULUS_HEX);
    assert_eq!(field(vectors(), "g"), "2");
}

#[test]
fn every_case_matches_the_reference() {
    assert_eq!(cases().len(), 5);
    for case in cases() {
        let id = field(case, "userIdForSrp");
        let session = session(case);
        assert_eq!(session.srp_a_hex(), field(case, "srpA"), "A for {id}");
        assert_eq!(multiplier_hex(), field(case, "k"), "k for {id}");
        assert_eq!(
            pool_name(field(case, "userPoolId")).unwrap(),
            field(case, "poolName")
        );
        let salt = hex_decode(field(case, "salt"), "salt").unwrap();
        assert_eq!(
            pad_hex(&salt),
            field(case, "padHexSalt"),
            "padHex(salt) for {id}"
        );
        assert_eq!(
            cognito_timestamp(parse_iso_ms(field(case, "timestampIso"))),
            field(case, "timestamp"),
            "timestamp for {id}"
        );

        let input = claim(case);
        let values = session.challenge_values(&input).unwrap();
        assert_eq!(values.u_hex, field(case, "u"), "u for {id}");
        assert_eq!(values.hkdf_key_hex, field(case, "hkdfKey"), "key for {id}");
        assert_eq!(
            session.password_claim(&input).unwrap(),
            field(case, "passwordClaimSignature"),
            "signature for {id}"
        );
    }
}

#[test]
fn b_with_leading_zeros_or_upper_case_signs_the_same() {
    let case = &cases()[0];
    let session = session(case);
    let expected = field(case, "passwordClaimSignature");
    let padded = format!("0000{}", field(case, "srpB"));
    let upper = field(case, "srpB").to_uppercase();
    for b in [padded.as_str(), upper.as_str()] {
        let input = PasswordClaim {
            srp_b_hex: b,
            ..claim(case)
        };
        assert_eq!(session.password_claim(&input).unwrap(), expected);
    }
}

#[test]
fn a_wrong_value_changes_the_signature() {
    let case = &cases()[0];
    let session = session(case);
    let expected = field(case, "passwordClaimSignature");
    let wrong_password = PasswordClaim {
        password: "Passw0rd!Tesu",
        ..claim(case)
    };
    let wrong_timestamp = PasswordClaim {
        timestamp: "Tue Feb 1 03:04:06 UTC 2000",
        ..claim(case)
    };
    for input in [wrong_password, wrong_timestamp] {
        assert_ne!(session.password_claim(&input).unwrap(), expected);
    }
}

#[test]
fn every_pad_hex_case() {
    let list = vectors()["padHex"].as_array().expect("padHex cases");
    assert!(list.len() >= 14);
    for case in list {
        let value = field(case, "value");
        let got = match value.strip_prefix('-') {
            Some(magnitude) => pad_hex_negative(&hex_decode(magnitude, "value").unwrap()),
            None => pad_hex(&hex_decode(value, "value").unwrap()),
        };
        assert_eq!(got, field(case, "padHex"), "padHex({value})");
    }
}

#[test]
fn timestamps() {
    let table: &[(f64, &str)] = &[
        // Epoch boundaries and rounding down of milliseconds.
        (0.0, "Thu Jan 1 00:00:00 UTC 1970"),
        (-1.0, "Wed Dec 31 23:59:59 UTC 1969"),
        (999.0, "Thu Jan 1 00:00:00 UTC 1970"),
        (1000.0, "Thu Jan 1 00:00:01 UTC 1970"),
        (86_399_999.0, "Thu Jan 1 23:59:59 UTC 1970"),
        (86_400_000.0, "Fri Jan 2 00:00:00 UTC 1970"),
        (-86_400_000.0, "Wed Dec 31 00:00:00 UTC 1969"),
        (2_147_483_647_000.0, "Tue Jan 19 03:14:07 UTC 2038"),
        (2_147_483_648_000.0, "Tue Jan 19 03:14:08 UTC 2038"),
        (1_234_567_890_123.0, "Fri Feb 13 23:31:30 UTC 2009"),
        (1_000_000_000_000.0, "Sun Sep 9 01:46:40 UTC 2001"),
        // Leap years: 2000 and 2024 are, 1900 and 2100 are not.
        (951_782_400_000.0, "Tue Feb 29 00:00:00 UTC 2000"),
        (951_868_799_999.0, "Tue Feb 29 23:59:59 UTC 2000"),
        (951_868_800_000.0, "Wed Mar 1 00:00:00 UTC 2000"),
        (1_709_164_800_000.0, "Thu Feb 29 00:00:00 UTC 2024"),
        (-2_203_891_200_001.0, "Wed Feb 28 23:59:59 UTC 1900"),
        (-2_203_891_200_000.0, "Thu Mar 1 00:00:00 UTC 1900"),
        (4_102_444_799_999.0, "Thu Dec 31 23:59:59 UTC 2099"),
        (4_107_542_400_000.0, "Mon Mar 1 00:00:00 UTC 2100"),
        // Far years print as plain numbers, as JavaScript's getUTCFullYear.
        (-62_135_596_800_000.0, "Mon Jan 1 00:00:00 UTC 1"),
        (253_402_300_799_999.0, "Fri Dec 31 23:59:59 UTC 9999"),
        (253_402_300_800_000.0, "Sat Jan 1 00:00:00 UTC 10000"),
        // Every month name, single- and double-digit days.
        (1_609_477_567_000.0, "Fri Jan 1 05:06:07 UTC 2021"),
        (1_612_242_367_000.0, "Tue Feb 2 05:06:07 UTC 2021"),
        (1_614_747_967_000.0, "Wed Mar 3 05:06:07 UTC 2021"),
        (1_617_512_767_000.0, "Sun Apr 4 05:06:07 UTC 2021"),
        (1_620_191_167_000.0, "Wed May 5 05:06:07 UTC 2021"),
        (1_622_955_967_000.0, "Sun Jun 6 05:06:07 UTC 2021"),
        (1_625_634_367_000.0, "Wed Jul 7 05:06:07 UTC 2021"),
        (1_628_399_167_000.0, "Sun Aug 8 05:06:07 UTC 2021"),
        (1_631_163_967_000.0, "Thu Sep 9 05:06:07 UTC 2021"),
        (1_633_064_767_000.0, "Fri Oct 1 05:06:07 UTC 2021"),
        (1_635_743_167_000.0, "Mon Nov 1 05:06:07 UTC 2021"),
        (1_638_335_167_000.0, "Wed Dec 1 05:06:07 UTC 2021"),
        (1_700_000_000_000.0, "Tue Nov 14 22:13:20 UTC 2023"),
        // Every day of the week.
        (1_614_639_609_000.0, "Mon Mar 1 23:00:09 UTC 2021"),
        (1_614_726_009_000.0, "Tue Mar 2 23:00:09 UTC 2021"),
        (1_614_812_409_000.0, "Wed Mar 3 23:00:09 UTC 2021"),
        (1_614_898_809_000.0, "Thu Mar 4 23:00:09 UTC 2021"),
        (1_614_985_209_000.0, "Fri Mar 5 23:00:09 UTC 2021"),
        (1_615_071_609_000.0, "Sat Mar 6 23:00:09 UTC 2021"),
        (1_615_158_009_000.0, "Sun Mar 7 23:00:09 UTC 2021"),
    ];
    for &(ms, expected) in table {
        assert_eq!(cognito_timestamp(ms), expected, "{ms}");
    }
    // The test's own ISO parser agrees with the table.
    assert_eq!(parse_iso_ms("2000-02-29T23:59:59.999Z"), 951_868_799_999.0);
    assert_eq!(parse_iso_ms("1900-03-01T00:00:00Z"), -2_203_891_200_000.0);
}

#[test]
fn secret_hash_known_value() {
    assert_eq!(
        secret_hash("clientSecret", "test", "123abd"),
        "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg="
    );
    assert_ne!(
        secret_hash("clientSecret", "tesT", "123abd"),
        "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg="
    );
}

fn hex_of_n_plus(extra: u8) -> String {
    let mut n = hex_decode(MODULUS_HEX, "N").unwrap();
    let mut carry = extra;
    for byte in n.iter_mut().rev() {
        let (sum, overflow) = byte.overflowing_add(carry);
        *byte = sum;
        carry = u8::from(overflow);
    }
    let mut out = if carry > 0 {
        "1".to_owned()
    } else {
        String::new()
    };
    out.push_str(&cognito_wasm::wire::encoding::hex_encode(&n));
    out
}

#[test]
fn hostile_server_values_are_errors() {
    let case = &cases()[0];
    let session = session(case);
    let n = MODULUS_HEX.to_owned();
    let n_plus_one = hex_of_n_plus(1);
    let two_n = {
        // 2N: shift left by one bit through the hex digits.
        let doubled = hex_decode(MODULUS_HEX, "N").unwrap();
        let mut out = vec![0u8; doubled.len() + 1];
        for (i, byte) in doubled.iter().enumerate() {
            out[i] |= byte >> 7;
            out[i + 1] = byte << 1;
        }
        cognito_wasm::wire::encoding::hex_encode(&out)
    };
    let huge = "1".repeat(100_000);
    let bad_b = [
        "0",
        "0000",
        n.as_str(),
        n_plus_one.as_str(),
        two_n.as_str(),
        "",
        "zz",
        "12 34",
        "0x1234",
        "-1234",
        huge.as_str(),
    ];
    for b in bad_b {
        let input = PasswordClaim {
            srp_b_hex: b,
            ..claim(case)
        };
        let err = session.password_claim(&input).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidResponse, "B = {:.20}", b);
    }
    for salt in ["", "xyz", "0x12", huge.as_str()] {
        let input = PasswordClaim {
            salt_hex: salt,
            ..claim(case)
        };
        let err = session.password_claim(&input).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidResponse, "salt = {:.20}", salt);
    }
    let huge_block = "A".repeat(200_000);
    for block in ["", "not base64!", "QUJD=", huge_block.as_str()] {
        let input = PasswordClaim {
            secret_block_b64: block,
            ..claim(case)
        };
        let err = session.password_claim(&input).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::InvalidResponse,
            "block = {:.20}",
            block
        );
    }
    let long_id = "u".repeat(10_000);
    for user in ["", long_id.as_str()] {
        let input = PasswordClaim {
            user_id_for_srp: user,
            ..claim(case)
        };
        let err = session.password_claim(&input).unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::InvalidResponse,
            "user id of {}",
            user.len()
        );
    }
}

#[test]
fn caller_values_are_checked() {
    let case = &cases()[0];
    let session = session(case);
    for input in [
        PasswordClaim {
            password: "",
            ..claim(case)
        },
        PasswordClaim {
            pool_name: "",
            ..claim(case)
        },
        PasswordClaim {
            timestamp: "",
            ..claim(case)
        },
    ] {
        let err = session.password_claim(&input).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidParameterException);
    }
    assert!(SrpSession::new(&[7; 64]).is_err());
    for bad in ["", "zz", &"ab".repeat(129)] {
        assert!(SrpSession::from_secret_hex(bad).is_err(), "{bad:.10}");
    }
}

#[test]
fn errors_and_debug_never_show_the_password() {
    let case = &cases()[0];
    let session = session(case);
    let password = "Sup3r-S3cret-Passw0rd";
    for (b, salt) in [("0", "ab"), ("zz", "ab"), ("ab", "zz"), (MODULUS_HEX, "ab")] {
        let input = PasswordClaim {
            password,
            srp_b_hex: b,
            salt_hex: salt,
            ..claim(case)
        };
        let err = session.password_claim(&input).unwrap_err();
        assert!(!err.to_string().contains(password));
        assert!(!format!("{err:?}").contains(password));
        assert!(!format!("{input:?}").contains(password));
    }
    let shown = format!("{session:?}");
    assert!(shown.contains(field(case, "srpA")));
    assert!(!shown.contains(field(case, "smallA")));
}

#[test]
fn fresh_sessions_differ_and_are_well_formed() {
    let first = SrpSession::new(&[0x11; SECRET_BYTES]).unwrap();
    let second = SrpSession::new(&[0x12; SECRET_BYTES]).unwrap();
    assert_ne!(first.srp_a_hex(), second.srp_a_hex());
    let a = first.srp_a_hex();
    assert!(a.len() <= 768 && !a.starts_with('0'));
    assert!(a
        .bytes()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
}

#[test]
fn stepped_math_matches_the_whole() {
    let random = [0x5c; SECRET_BYTES];
    let whole = SrpSession::new(&random).unwrap().srp_a_hex();
    for windows in [1, 3, u32::MAX] {
        let mut start = SrpSession::start(&random).unwrap();
        while !start.step(windows) {}
        assert_eq!(start.finish().unwrap().srp_a_hex(), whole);
    }
    // Not stepped at all: finish does all of it.
    let start = SrpSession::start(&random).unwrap();
    assert_eq!(start.finish().unwrap().srp_a_hex(), whole);
    assert!(SrpSession::start(&random[1..]).is_err());
    for case in cases() {
        let session = session(case);
        let expected = field(case, "passwordClaimSignature");
        let mut steps = session.claim_steps(&claim(case)).unwrap();
        // g^x, then S: at least two steps.
        let mut count = 0;
        while !steps.step(1) {
            count += 1;
        }
        assert!(count >= 1);
        assert_eq!(steps.signature().unwrap(), expected);
        let mut part = session.claim_steps(&claim(case)).unwrap();
        part.step(1);
        assert_eq!(part.signature().unwrap(), expected);
        let untouched = session.claim_steps(&claim(case)).unwrap();
        assert_eq!(untouched.signature().unwrap(), expected);
        // The inputs are checked before any math.
        let bad = PasswordClaim {
            srp_b_hex: "0",
            ..claim(case)
        };
        assert_eq!(
            session.claim_steps(&bad).unwrap_err().kind,
            ErrorKind::InvalidResponse
        );
    }
}

/// One shared session for the property tests (building one costs a pow).
fn shared_session() -> &'static SrpSession {
    static SESSION: OnceLock<SrpSession> = OnceLock::new();
    SESSION.get_or_init(|| session(&cases()[0]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn password_claim_never_panics(
        pool in "\\PC{0,12}",
        user in "\\PC{0,20}",
        password in "\\PC{0,20}",
        salt in "[0-9a-fA-Fg ]{0,40}",
        b in prop_oneof!["[0-9a-f]{0,800}", "\\PC{0,30}"],
        block in prop_oneof!["[A-Za-z0-9+/]{0,60}={0,2}", "\\PC{0,30}"],
        timestamp in "\\PC{0,30}",
    ) {
        let input = PasswordClaim {
            pool_name: &pool,
            user_id_for_srp: &user,
            password: &password,
            salt_hex: &salt,
            srp_b_hex: &b,
            secret_block_b64: &block,
            timestamp: &timestamp,
        };
        match shared_session().password_claim(&input) {
            Ok(signature) => prop_assert_eq!(signature.len(), 44),
            Err(err) => {
                if password.len() >= 4 {
                    prop_assert!(!err.message.contains(&password));
                }
            }
        }
    }

    #[test]
    fn from_secret_hex_never_panics(hex in "\\PC{0,300}") {
        let _ = SrpSession::from_secret_hex(&hex);
    }
}

/// Rough native timing of one sign-in's SRP work (not an assertion):
/// `cargo test -p cognito-wasm --test srp_vectors -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing() {
    let case = &cases()[0];
    let runs = 10;
    let start = Instant::now();
    for _ in 0..runs {
        let _ = SrpSession::new(&[0x5a; SECRET_BYTES]).unwrap();
    }
    let new_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    // A fresh secret of SECRET_BYTES, as in a sign-in (the vectors' is longer).
    let session = SrpSession::new(&[0x5a; SECRET_BYTES]).unwrap();
    let input = claim(case);
    let start = Instant::now();
    for _ in 0..runs {
        let _ = session.password_claim(&input).unwrap();
    }
    let claim_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    println!("SrpSession::new: {new_ms:.2} ms; password_claim: {claim_ms:.2} ms");
}
