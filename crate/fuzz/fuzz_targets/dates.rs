//! Dates (`wire::dates`): the three parsers take any text without a panic,
//! and what they read is written back and read again as the same instant;
//! the formatters take any f64 (its bits are the input's first 8 bytes).
#![no_main]
use cognito_wasm::wire::dates;

fn check_instant(ms: f64) {
    // ISO 8601 keeps milliseconds; x-amz-date keeps seconds.
    if let Some(iso) = dates::format_iso8601(ms) {
        if let Some(back) = dates::parse_iso8601(&iso) {
            assert_eq!(back, ms.floor(), "ISO 8601 round trip of {iso}");
        }
    }
    if let Ok(amz) = dates::format_amz_date(ms) {
        assert_eq!(amz.len(), 16, "x-amz-date is 16 characters: {amz}");
        let bytes = dates::amz_date_bytes(ms).expect("same range as format_amz_date");
        assert_eq!(&bytes[..], amz.as_bytes());
        if let Some(back) = dates::parse_amz_date(&amz) {
            assert_eq!(
                back,
                (ms / 1000.0).floor() * 1000.0,
                "x-amz-date round trip of {amz}"
            );
        }
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(bits) = data.get(..8) {
        let ms = f64::from_le_bytes(bits.try_into().expect("8 bytes"));
        check_instant(ms);
        let days = i64::from_le_bytes(bits.try_into().expect("8 bytes")) % 1_000_000_000;
        let (y, m, d) = dates::civil_from_days(days);
        assert_eq!(
            dates::days_from_civil(y, m, d),
            days,
            "civil day round trip"
        );
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for parsed in [
        dates::parse_amz_date(text),
        dates::parse_iso8601(text),
        dates::parse_http_date(text),
    ]
    .into_iter()
    .flatten()
    {
        assert!(parsed.is_finite(), "a parsed date is finite");
        check_instant(parsed);
    }
});
