//! A compact JWS taken apart: the three base64url segments, the header and claims as JSON.
//! Shared by decode and verify; says precisely what is wrong with a malformed token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{Map, Value};

/// Real tokens are a few KB and gateways cap headers near 10 KB; anything this large is an
/// attack or an accident.
pub const MAX_TOKEN: usize = 64 * 1024;

/// A compact JWS's header and claims, decoded (decode and serve; verify reads its segments).
pub struct Parts {
    pub header: Map<String, Value>,
    /// The claims, or why they could not be read.
    pub claims: Result<Map<String, Value>, String>,
}

/// A compact JWS's segments, counted and bounded but not decoded.
pub struct Segments<'a> {
    pub header_b64: &'a str,
    pub payload_b64: &'a str,
    /// `header.payload`: the exact octets the signature covers.
    pub signing_input: &'a str,
    pub signature_b64: &'a str,
}

pub fn segments(token: &str) -> Result<Segments<'_>, String> {
    if token.len() > MAX_TOKEN {
        return Err(format!(
            "token is {} bytes, over the {} KiB limit; no real JWT is that large",
            token.len(),
            MAX_TOKEN / 1024
        ));
    }
    // memchr, not `split('.')`: in a batch this is per token, and the scan is most of it.
    let mut dots = memchr::memchr_iter(b'.', token.as_bytes());
    let (Some(first), Some(last), None) = (dots.next(), dots.next(), dots.next()) else {
        let segments = memchr::memchr_iter(b'.', token.as_bytes()).count() + 1;
        return Err(if segments == 5 {
            "5 segments: this is an encrypted token (JWE), which tok cannot read".to_string()
        } else {
            format!("expected 3 dot-separated segments (header.payload.signature), found {segments}")
        });
    };
    Ok(Segments {
        header_b64: &token[..first],
        payload_b64: &token[first + 1..last],
        signing_input: &token[..last],
        signature_b64: &token[last + 1..],
    })
}

pub fn split(token: &str) -> Result<Parts, String> {
    let s = segments(token)?;
    let header = json_object(s.header_b64, "header")??;
    let claims = json_object(s.payload_b64, "payload")?;
    Ok(Parts { header, claims })
}

/// Big enough for every header, most payloads and any signature up to RSA-8192.
pub const SMALL: usize = 1024;

/// A base64url segment decoded into `small` when it fits (no allocation: in a batch this runs
/// three times a token), into `heap` otherwise.
pub fn decode_b64<'b>(
    segment: &str,
    small: &'b mut [u8; SMALL],
    heap: &'b mut Vec<u8>,
) -> Result<&'b [u8], base64::DecodeError> {
    if base64::decoded_len_estimate(segment.len()) <= SMALL {
        match B64.decode_slice(segment, small) {
            Ok(n) => return Ok(&small[..n]),
            Err(base64::DecodeSliceError::DecodeError(e)) => return Err(e),
            // Not expected within the estimate; the heap path below then decides.
            Err(base64::DecodeSliceError::OutputSliceTooSmall) => {}
        }
    }
    *heap = B64.decode(segment)?;
    Ok(heap)
}

/// Outer error: not base64url (fatal for the header); inner: not a JSON object.
pub fn json_object(segment: &str, what: &str) -> Result<Result<Map<String, Value>, String>, String> {
    with_decoded(segment, what, |json| json_map(json, what))
}

/// `read` given the segment's decoded bytes; the error when it is not base64url.
pub fn with_decoded<T>(segment: &str, what: &str, read: impl FnOnce(&[u8]) -> T) -> Result<T, String> {
    let (mut small, mut heap) = ([0u8; SMALL], Vec::new());
    let bytes = decode_b64(segment.trim_end_matches('='), &mut small, &mut heap)
        .map_err(|e| format!("the {what} segment is not valid base64url: {}", base64_problem(&e)))?;
    Ok(read(bytes))
}

/// Decoded JSON as an object, or what it is instead.
pub fn json_map(json: &[u8], what: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(json) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!("the {what} is JSON but not an object ({})", kind(&other))),
        Err(_) => Err(format!("the {what} is not JSON")),
    }
}

/// Where a base64url segment goes wrong, in words a person can act on.
pub fn base64_problem(e: &base64::DecodeError) -> String {
    use base64::DecodeError::*;
    let byte =
        |b: u8| if b.is_ascii_graphic() { format!("{:?}", b as char) } else { format!("byte 0x{b:02x}") };
    match *e {
        InvalidByte(offset, b) if b == b'+' || b == b'/' => {
            format!("{} at offset {offset}: that is standard base64; JWTs use base64url (- and _)", byte(b))
        }
        InvalidByte(offset, b) => format!("{} at offset {offset} is not a base64url character", byte(b)),
        InvalidLastSymbol(offset, b) => {
            format!("the last character {} at offset {offset} has bits set that encode nothing", byte(b))
        }
        InvalidLength(len) => format!("{len} characters is not a possible base64url length (truncated?)"),
        InvalidPadding => "bad '=' padding".into(),
    }
}

pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(json: &str) -> String {
        B64.encode(json)
    }

    #[test]
    fn segments_are_counted_and_named() {
        let (h, p) = (b64(r#"{"alg":"RS256"}"#), b64(r#"{"sub":"a"}"#));
        let token = format!("{h}.{p}.c2ln");
        let s = segments(&token).unwrap();
        assert_eq!((s.header_b64, s.payload_b64), (h.as_str(), p.as_str()));
        assert_eq!((s.signing_input, s.signature_b64), (format!("{h}.{p}").as_str(), "c2ln"));
        let parts = split(&token).unwrap();
        assert_eq!(parts.header["alg"], "RS256");
        assert_eq!(parts.claims.unwrap()["sub"], "a");
        assert!(split(&format!("{h}.{p}")).err().unwrap().contains("found 2"));
        assert!(split(&format!("{h}.{p}.s.t")).err().unwrap().contains("found 4"));
        assert!(split(&format!("{h}.{p}.a.b.c")).err().unwrap().contains("encrypted token (JWE)"));
        assert!(split("").err().unwrap().contains("found 1"));
        // Empty signature and payload segments are still three segments.
        assert!(split(&format!("{h}..")).unwrap().claims.unwrap_err().contains("not JSON"));
    }

    #[test]
    fn large_segments_decode_like_small_ones() {
        // Over the on-stack buffer: the heap path must give the same answer, and the same errors.
        let big = format!(r#"{{"alg":"RS256","x5c":["{}"]}}"#, "A".repeat(3 * SMALL));
        let token = format!("{}.{}.c2ln", b64(&big), b64(r#"{"sub":"a"}"#));
        let parts = split(&token).unwrap();
        assert_eq!(parts.header["x5c"][0].as_str().unwrap().len(), 3 * SMALL);
        let bad = format!("{}+", b64(&big));
        assert!(json_object(&bad, "header").unwrap_err().contains("standard base64"));
        assert!(json_object("eyJ+", "header").unwrap_err().contains("standard base64"));
        let mut small = [0u8; SMALL];
        let mut heap = Vec::new();
        assert_eq!(
            decode_b64(&B64.encode([7u8; 2 * SMALL]), &mut small, &mut heap).unwrap(),
            [7u8; 2 * SMALL]
        );
        assert_eq!(decode_b64(&B64.encode([9u8; SMALL]), &mut small, &mut heap).unwrap(), [9u8; SMALL]);
    }
}
