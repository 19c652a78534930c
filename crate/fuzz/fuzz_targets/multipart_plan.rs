//! Multipart upload planning (`s3::multipart::plan_parts`) of any body size
//! and preferred part size, and `upload_part_request` of any part number
//! (input: total, preferred part size, little-endian u64s, then a u32 part
//! number; missing bytes are zero). A plan exists for every size up to
//! 5 TiB and for none above; it numbers its parts 1, 2, … (at most 10,000),
//! covers the body exactly, in order, with equal parts of 5 MiB … 5 GiB
//! but for a shorter last one, at least the preferred size when that is
//! within S3's limits; an empty body is one empty part. A part number is
//! taken exactly when it is 1 … 10,000.
#![no_main]
use cognito_wasm::s3::multipart::{
    self, plan_parts, MAX_OBJECT_SIZE, MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE,
};
use cognito_wasm::s3::objects::ObjectLocation;

fn take<const N: usize>(data: &mut &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let n = N.min(data.len());
    out[..n].copy_from_slice(&data[..n]);
    *data = &data[n..];
    out
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    let total = u64::from_le_bytes(take(&mut rest));
    let preferred = u64::from_le_bytes(take(&mut rest));
    let part_number = u32::from_le_bytes(take(&mut rest));

    match plan_parts(total, preferred) {
        Err(e) => {
            assert!(total > MAX_OBJECT_SIZE, "every size up to 5 TiB is planned");
            assert_eq!(e.name(), "InvalidParameterException");
        }
        Ok(parts) => {
            assert!(total <= MAX_OBJECT_SIZE, "nothing above 5 TiB is planned");
            assert!(!parts.is_empty(), "a plan has a part");
            assert!(parts.len() as u64 <= MAX_PARTS, "at most 10,000 parts");
            assert_eq!(parts[0].start, 0, "the first part starts the body");
            assert_eq!(parts[parts.len() - 1].end, total, "the last ends it");
            if total == 0 {
                assert_eq!(parts.len(), 1, "an empty body is one part");
            }
            let size = parts[0].end - parts[0].start;
            assert!(size <= MAX_PART_SIZE, "no part is over 5 GiB");
            if parts.len() > 1 {
                assert!(size >= MIN_PART_SIZE, "parts are at least 5 MiB");
                let wanted = preferred.clamp(MIN_PART_SIZE, MAX_PART_SIZE);
                assert!(size >= wanted, "parts are at least the preferred size");
            }
            for (i, part) in parts.iter().enumerate() {
                assert_eq!(part.number as usize, i + 1, "parts are numbered from 1");
                assert!(part.start <= part.end, "a part is a range");
                if i + 1 < parts.len() {
                    assert_eq!(part.end - part.start, size, "parts are equal");
                    assert_eq!(part.end, parts[i + 1].start, "parts are contiguous");
                } else {
                    assert!(part.end - part.start <= size, "the last part is not longer");
                    assert!(total == 0 || part.end > part.start, "no empty last part");
                }
            }
        }
    }

    let location = ObjectLocation {
        bucket: "demo-bucket".into(),
        region: "us-east-1".into(),
        key: "big/upload.bin".into(),
        endpoint: None,
        force_path_style: false,
    };
    let request = multipart::upload_part_request(&location, "upload-1", part_number);
    assert_eq!(
        request.is_ok(),
        (1..=MAX_PARTS).contains(&u64::from(part_number)),
        "part numbers 1 to 10,000 are taken, no other"
    );
    if let Ok(request) = request {
        assert!(
            request
                .url
                .ends_with(&format!("?partNumber={part_number}&uploadId=upload-1")),
            "the URL names the part and the upload"
        );
    }
});
