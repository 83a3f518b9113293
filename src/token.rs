//! A compact JWS taken apart: the three base64url segments, the header and claims as JSON.
//! Shared by decode and verify; says precisely what is wrong with a malformed token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{Map, Value};

/// Real tokens are a few KB and gateways cap headers near 10 KB; anything this large is an
/// attack or an accident.
pub const MAX_TOKEN: usize = 64 * 1024;

pub struct Parts<'a> {
    /// `header.payload`: the exact octets the signature covers.
    pub signing_input: &'a str,
    pub signature_b64: &'a str,
    pub header: Map<String, Value>,
    /// The claims, or why they could not be read.
    pub claims: Result<Map<String, Value>, String>,
}

pub fn split(token: &str) -> Result<Parts<'_>, String> {
    if token.len() > MAX_TOKEN {
        return Err(format!(
            "token is {} bytes, over the {} KiB limit; no real JWT is that large",
            token.len(),
            MAX_TOKEN / 1024
        ));
    }
    let segments = token.split('.').count();
    if segments != 3 {
        return Err(if segments == 5 {
            "5 segments: this is an encrypted token (JWE), which tok cannot read".to_string()
        } else {
            format!("expected 3 dot-separated segments (header.payload.signature), found {segments}")
        });
    }
    let last_dot = token.rfind('.').unwrap_or(0);
    let (signing_input, signature_b64) = (&token[..last_dot], &token[last_dot + 1..]);
    let (header_b64, payload_b64) = signing_input.split_once('.').unwrap_or((signing_input, ""));
    let header = json_object(header_b64, "header")??;
    let claims = json_object(payload_b64, "payload")?;
    Ok(Parts { signing_input, signature_b64, header, claims })
}

/// Outer error: not base64url (fatal for the header); inner: not a JSON object.
pub fn json_object(segment: &str, what: &str) -> Result<Result<Map<String, Value>, String>, String> {
    let bytes = B64
        .decode(segment.trim_end_matches('='))
        .map_err(|e| format!("the {what} segment is not valid base64url: {}", base64_problem(&e)))?;
    Ok(match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!("the {what} is JSON but not an object ({})", kind(&other))),
        Err(_) => Err(format!("the {what} is not JSON")),
    })
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
