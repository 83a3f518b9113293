//! Claims: building them from flags (`k=v`, `k:=json`, files) and checking that registered
//! claims have the JSON types RFC 7519 gives them — the same rule for sign and verify.

use crate::error::{io_error, Error, Result};
use crate::token::kind;
use serde_json::{Map, Value};
use std::io::Read;
use std::path::Path;

/// `key=value` gives a string; `key:=json` gives raw JSON (the httpie/xh convention).
/// Splitting at the first `=` keeps URL-named claims working: `https://x.io/roles:=["a"]`.
pub fn parse_claim_arg(arg: &str) -> Result<(String, Value)> {
    let (key, value) = arg.split_once('=').ok_or_else(|| {
        Error::local(format!("--claim {arg:?} has no '='")).hint("use key=value for a string or key:=JSON")
    })?;
    let (key, value) = match key.strip_suffix(':') {
        Some(key) => {
            let json = serde_json::from_str(value).map_err(|e| {
                Error::local(format!("--claim {key}:= is not valid JSON: {e}"))
                    .hint("strings need quotes in :=, e.g. name:='\"x\"', or use name=x")
            })?;
            (key, json)
        }
        None => (key, Value::String(value.to_string())),
    };
    if key.is_empty() {
        return Err(Error::local(format!("--claim {arg:?} has an empty name")));
    }
    Ok((key.to_string(), value))
}

/// A JSON object from a file, or from stdin for `-`.
pub fn read_claims_file(path: &Path) -> Result<Map<String, Value>> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::local(format!("cannot read claims from stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| io_error("read claims file", path, e))?
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Error::local(format!(
            "{}: claims must be a JSON object, found {}",
            path.display(),
            kind(&other)
        ))),
        Err(e) => Err(Error::local(format!("{}: not valid JSON: {e}", path.display()))),
    }
}

/// Registered claims whose value has the wrong JSON type, as (claim, message).
pub fn type_errors(claims: &Map<String, Value>) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    for (name, value) in claims {
        let expected = match name.as_str() {
            "exp" | "nbf" | "iat" if !value.is_number() => "a NumericDate (number of seconds)",
            "iss" | "sub" | "jti" | "scope" | "client_id" if !value.is_string() => "a string",
            "aud" | "scp" if !is_string_or_strings(value) => "a string or an array of strings",
            _ => continue,
        };
        errors.push((name.clone(), format!("{name} must be {expected}, found {} {value}", kind(value))));
    }
    errors
}

fn is_string_or_strings(v: &Value) -> bool {
    match v {
        Value::String(_) => true,
        Value::Array(items) => items.iter().all(Value::is_string),
        _ => false,
    }
}

/// A claim that may be a string or an array of strings, as a list.
pub fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A NumericDate as whole seconds (fractions are allowed by RFC 7519 and truncated here).
pub fn numeric_date(v: Option<&Value>) -> Option<i64> {
    let v = v?;
    let t = v.as_i64().or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f.floor() as i64))?;
    Some(t.clamp(-crate::timefmt::MAX_DATE, crate::timefmt::MAX_DATE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn claim_args() {
        assert_eq!(parse_claim_arg("sub=123").unwrap(), ("sub".into(), json!("123")));
        assert_eq!(parse_claim_arg("n:=123").unwrap(), ("n".into(), json!(123)));
        assert_eq!(parse_claim_arg("a=b=c").unwrap(), ("a".into(), json!("b=c")));
        assert_eq!(
            parse_claim_arg("https://x.io/roles:=[\"a\"]").unwrap(),
            ("https://x.io/roles".into(), json!(["a"]))
        );
        assert!(parse_claim_arg("novalue").is_err());
        assert!(parse_claim_arg("=x").is_err());
        assert!(parse_claim_arg("n:={bad").is_err());
    }

    #[test]
    fn types() {
        let claims = json!({"exp": "1787996002", "aud": ["a", 1], "sub": "x", "iat": 1.5})
            .as_object()
            .unwrap()
            .clone();
        let names: Vec<String> = type_errors(&claims).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, vec!["exp", "aud"]);
    }
}
