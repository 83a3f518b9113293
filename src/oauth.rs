//! The OAuth 2.0 client-credentials grant (RFC 6749 §4.4): the request as the RFC spells it,
//! the response read leniently, and errors explained in the words of Auth0 and Cognito.

use crate::error::Error;
use crate::form;
use crate::secret::Secret;
use base64::engine::general_purpose::STANDARD as B64_STD;
use base64::Engine;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// client_secret_basic: `Authorization: Basic …` (RFC 6749 §2.3.1).
    Basic,
    /// client_secret_post: `client_id` and `client_secret` in the form body.
    Post,
}

impl ClientAuth {
    pub fn parse(s: &str) -> Option<ClientAuth> {
        match s {
            "basic" | "client_secret_basic" => Some(ClientAuth::Basic),
            "post" | "client_secret_post" => Some(ClientAuth::Post),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ClientAuth::Basic => "basic",
            ClientAuth::Post => "post",
        }
    }
}

/// Everything that shapes the token a server hands out (and so the cache key).
#[derive(Debug, Clone, Default)]
pub struct Grant {
    pub client_id: String,
    pub audience: Option<String>,
    pub scopes: Vec<String>,
    pub resources: Vec<String>,
    pub params: Vec<(String, String)>,
}

impl Grant {
    /// The form body. With `Post`, the secret goes here and nowhere else (RFC 6749 §2.3:
    /// one authentication method per request).
    pub fn body(&self, auth: ClientAuth, secret: &Secret) -> Zeroizing<String> {
        let mut pairs: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
        let secret_text = String::from_utf8_lossy(secret.expose());
        if auth == ClientAuth::Post {
            pairs.push(("client_id", &self.client_id));
            pairs.push(("client_secret", &secret_text));
        }
        if let Some(aud) = &self.audience {
            pairs.push(("audience", aud));
        }
        let scope = self.scopes.join(" ");
        if !scope.is_empty() {
            pairs.push(("scope", &scope));
        }
        for r in &self.resources {
            pairs.push(("resource", r));
        }
        for (k, v) in &self.params {
            pairs.push((k, v));
        }
        Zeroizing::new(form::serialize(pairs))
    }
}

/// `Basic base64(form(id) ":" form(secret))`, exactly as RFC 6749 §2.3.1 says.
pub fn basic_authorization(client_id: &str, secret: &Secret) -> Zeroizing<String> {
    let secret_text = Zeroizing::new(String::from_utf8_lossy(secret.expose()).into_owned());
    let credentials = Zeroizing::new(format!("{}:{}", form::encode(client_id), form::encode(&secret_text)));
    Zeroizing::new(format!("Basic {}", B64_STD.encode(credentials.as_bytes())))
}

pub struct TokenResponse {
    /// The response as the server sent it.
    pub raw: Map<String, Value>,
    pub access_token: String,
    /// When the token stops working, if the server said (expires_in) or the token shows (exp).
    pub expires_at: Option<i64>,
}

/// A 200 response body (RFC 6749 §5.1), read leniently: some servers send expires_in as a string.
pub fn parse_success(body: &[u8], now: i64) -> Result<TokenResponse, Error> {
    let remote = Error::remote;
    let raw = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => map,
        _ => {
            return Err(remote(format!(
                "the token endpoint answered 200 without a JSON object: {}",
                snippet(body)
            )))
        }
    };
    let access_token = match raw.get("access_token") {
        Some(Value::String(t)) if !t.is_empty() => t.clone(),
        _ => return Err(remote("the token endpoint's response has no access_token".into())),
    };
    if let Some(kind) = raw.get("token_type").and_then(Value::as_str) {
        if !kind.eq_ignore_ascii_case("bearer") {
            crate::output::warn(&format!("token_type is {kind:?}, not Bearer"));
        }
    }
    let expires_in = match raw.get("expires_in") {
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let expires_at = expires_in.map(|s| now.saturating_add(s.max(0))).or_else(|| jwt_exp(&access_token));
    Ok(TokenResponse { raw, access_token, expires_at })
}

/// `exp` of a JWT access token, read without verifying (only to know when to refresh it).
fn jwt_exp(token: &str) -> Option<i64> {
    let parts = crate::token::split(token).ok()?;
    crate::claims::numeric_date(parts.claims.ok()?.get("exp"))
}

/// A short, printable excerpt of a response body for error messages.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let one_line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(200).collect();
    let one_line = one_line.trim();
    if one_line.is_empty() {
        "(empty body)".into()
    } else {
        format!("{one_line:?}")
    }
}

/// A non-2xx answer as one line: status, `error`, `error_description`, and what to do.
pub fn error_response(status: u16, body: &[u8]) -> Error {
    let json: Option<Map<String, Value>> = serde_json::from_slice(body).ok();
    let field =
        |name: &str| json.as_ref().and_then(|j| j.get(name)).and_then(Value::as_str).map(str::to_string);
    let (code, description) = (field("error"), field("error_description").or_else(|| field("message")));
    let mut message = format!("the token endpoint answered {status}");
    match (&code, &description) {
        (Some(code), Some(desc)) => message.push_str(&format!(" {code}: {desc}")),
        (Some(code), None) => message.push_str(&format!(" {code}")),
        (None, Some(desc)) => message.push_str(&format!(": {desc}")),
        (None, None) => message.push_str(&format!(": {}", snippet(body))),
    }
    let desc = description.as_deref().unwrap_or("").to_ascii_lowercase();
    let hint = match code.as_deref() {
        Some("invalid_client") => Some(
            "check the client id and secret, and the client authentication method (--auth basic or post)",
        ),
        Some("access_denied") if desc.contains("grant") || desc.contains("authorized") => Some(
            "in Auth0, authorize this application for the API (Applications → APIs → Machine to Machine) \
             and check --audience is the API identifier",
        ),
        Some("invalid_scope") => Some(
            "Cognito scopes are resource-server-id/scope and must be enabled on the app client; \
             Auth0 scopes must be granted to the application for that API",
        ),
        Some("unauthorized_client") => {
            Some("enable the client-credentials grant for this application/app client")
        }
        Some("unsupported_grant_type") => Some("the server does not offer the client-credentials grant here"),
        Some("invalid_request") if desc.contains("audience") => {
            Some("Auth0 needs --audience (the API identifier) unless the tenant has a default audience")
        }
        _ => None,
    };
    let err = Error::remote(message);
    match hint {
        Some(h) => err.hint(h),
        None => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6749_basic_example() {
        // RFC 6749 §2.3.1's example credentials.
        let secret = Secret::from_bytes(b"7Fjfp0ZBr1KtDRbnfVdmIw".to_vec());
        assert_eq!(
            *basic_authorization("s6BhdRkqt3", &secret),
            "Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3"
        );
    }

    #[test]
    fn basic_form_encodes_id_and_secret() {
        // "a+b" and "p:ss w/rd" must reach the server as a%2Bb and p%3Ass+w%2Frd.
        let header = basic_authorization("a+b", &Secret::from_bytes(b"p:ss w/rd".to_vec()));
        let decoded = B64_STD.decode(header.strip_prefix("Basic ").unwrap()).unwrap();
        assert_eq!(decoded, b"a%2Bb:p%3Ass+w%2Frd");
    }

    #[test]
    fn body_has_secret_only_with_post() {
        let grant = Grant {
            client_id: "id".into(),
            audience: Some("https://api/".into()),
            scopes: vec!["rs/read".into(), "rs/write".into()],
            ..Grant::default()
        };
        let secret = Secret::from_bytes(b"s3cret".to_vec());
        let basic = grant.body(ClientAuth::Basic, &secret);
        assert_eq!(
            *basic,
            "grant_type=client_credentials&audience=https%3A%2F%2Fapi%2F&scope=rs%2Fread+rs%2Fwrite"
        );
        let post = grant.body(ClientAuth::Post, &secret);
        assert!(post.contains("client_id=id&client_secret=s3cret"));
    }

    #[test]
    fn lenient_expires_in() {
        let r =
            parse_success(br#"{"access_token":"t","token_type":"bearer","expires_in":"3600"}"#, 100).unwrap();
        assert_eq!(r.expires_at, Some(3700));
        assert!(parse_success(br#"{"token_type":"Bearer"}"#, 0).is_err());
        assert!(parse_success(b"<html>", 0).is_err());
    }
}
