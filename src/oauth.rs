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
    pub fn body(&self, auth: ClientAuth, secret: &Secret) -> Secret {
        let mut pairs: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
        let secret_text = Zeroizing::new(String::from_utf8_lossy(secret.expose()).into_owned());
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
        // Moved, not copied, into the wiped type.
        Secret::from_bytes(form::serialize(pairs).into_bytes())
    }
}

/// `Basic base64(form(id) ":" form(secret))`, exactly as RFC 6749 §2.3.1 says. The header
/// value is itself a credential, so it is held as one.
pub fn basic_authorization(client_id: &str, secret: &Secret) -> Secret {
    let secret_text = Zeroizing::new(String::from_utf8_lossy(secret.expose()).into_owned());
    let id = form::encode(client_id);
    let encoded_secret = Zeroizing::new(form::encode(&secret_text));
    // Buffers sized up front and moved, never grown or copied, so each copy is a wiped one.
    let mut credentials = Zeroizing::new(String::with_capacity(id.len() + 1 + encoded_secret.len()));
    credentials.push_str(&id);
    credentials.push(':');
    credentials.push_str(&encoded_secret);
    let encoded = Zeroizing::new(B64_STD.encode(credentials.as_bytes()));
    let mut header = String::with_capacity("Basic ".len() + encoded.len());
    header.push_str("Basic ");
    header.push_str(&encoded);
    Secret::from_bytes(header.into_bytes())
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
    // A JWT access token carries its own end: a longer expires_in must not keep it in use past
    // it (the earlier of the two wins).
    let from_expires_in = expires_in.map(|s| now.saturating_add(s.max(0)));
    let expires_at = match (from_expires_in, jwt_exp(&access_token)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok(TokenResponse { raw, access_token, expires_at })
}

/// `exp` of a JWT access token, read without verifying (only to know when to refresh it).
pub fn jwt_exp(token: &str) -> Option<i64> {
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
    // The server's words go to a terminal or a log: control characters (a newline, an escape
    // sequence) are shown escaped, so the error stays one line that the server cannot forge.
    let field = |name: &str| {
        json.as_ref()
            .and_then(|j| j.get(name))
            .and_then(Value::as_str)
            .map(|text| crate::output::escape(text).into_owned())
    };
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
            basic_authorization("s6BhdRkqt3", &secret).expose(),
            b"Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3"
        );
    }

    #[test]
    fn basic_form_encodes_id_and_secret() {
        // "a+b" and "p:ss w/rd" must reach the server as a%2Bb and p%3Ass+w%2Frd.
        let header = basic_authorization("a+b", &Secret::from_bytes(b"p:ss w/rd".to_vec()));
        let decoded = B64_STD.decode(header.expose().strip_prefix(b"Basic ").unwrap()).unwrap();
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
            std::str::from_utf8(basic.expose()).unwrap(),
            "grant_type=client_credentials&audience=https%3A%2F%2Fapi%2F&scope=rs%2Fread+rs%2Fwrite"
        );
        let post = grant.body(ClientAuth::Post, &secret);
        assert!(std::str::from_utf8(post.expose()).unwrap().contains("client_id=id&client_secret=s3cret"));
    }

    #[test]
    fn credentials_are_held_redacted() {
        // The Basic header and a post body are credentials: their Debug form shows nothing.
        let secret = Secret::from_bytes(b"7Fjfp0ZBr1KtDRbnfVdmIw".to_vec());
        let header = format!("{:?}", basic_authorization("s6BhdRkqt3", &secret));
        assert!(!header.contains("czZC"), "{header}");
        let grant = Grant { client_id: "id".into(), ..Grant::default() };
        let body = format!("{:?}", grant.body(ClientAuth::Post, &secret));
        assert!(!body.contains("7Fjfp0"), "{body}");
    }

    /// An unsigned JWT with this `exp` (the parser reads it without verifying).
    fn jwt_with_exp(exp: i64) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
        let claims = B64.encode(format!(r#"{{"exp":{exp}}}"#));
        format!("{}.{claims}.c2ln", B64.encode(r#"{"alg":"RS256"}"#))
    }

    #[test]
    fn the_earlier_of_expires_in_and_exp_wins() {
        let body = |token: &str, expires_in: i64| {
            serde_json::to_vec(&serde_json::json!({"access_token": token, "expires_in": expires_in})).unwrap()
        };
        let soon = jwt_with_exp(1005);
        assert_eq!(parse_success(&body(&soon, 3600), 1000).unwrap().expires_at, Some(1005));
        let late = jwt_with_exp(999_999);
        assert_eq!(parse_success(&body(&late, 60), 1000).unwrap().expires_at, Some(1060));
        let no_expires_in = serde_json::to_vec(&serde_json::json!({"access_token": soon})).unwrap();
        assert_eq!(parse_success(&no_expires_in, 1000).unwrap().expires_at, Some(1005));
    }

    #[test]
    fn server_error_text_cannot_forge_lines() {
        let err = error_response(400, br#"{"error":"x\nforged","error_description":"a\u001b[31mb\r\nc"}"#);
        assert!(!err.message.contains('\n') && !err.message.contains('\u{1b}'), "{}", err.message);
    }

    #[test]
    fn lenient_expires_in() {
        let r =
            parse_success(br#"{"access_token":"t","token_type":"bearer","expires_in":"3600"}"#, 100).unwrap();
        assert_eq!(r.expires_at, Some(3700));
        assert!(parse_success(br#"{"token_type":"Bearer"}"#, 0).is_err());
        assert!(parse_success(b"<html>", 0).is_err());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn one_line(e: &Error) -> bool {
            !e.message.contains(['\n', '\r']) && !e.hint.as_deref().unwrap_or("").contains(['\n', '\r'])
        }

        /// JSON values of the kinds a token endpoint sends, and the kinds it should not.
        fn value() -> impl Strategy<Value = serde_json::Value> {
            use serde_json::json;
            prop_oneof![
                Just(json!(null)),
                any::<bool>().prop_map(|b| json!(b)),
                any::<i64>().prop_map(|n| json!(n)),
                any::<u64>().prop_map(|n| json!(n)),
                any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()).prop_map(|f| json!(f)),
                ".{0,12}".prop_map(|s| json!(s)),
                "-?[0-9]{1,25}(\\.[0-9]{0,5})?".prop_map(|s| json!(s)),
                "[A-Za-z0-9_-]{0,8}(\\.[A-Za-z0-9_=-]{0,20}){0,3}".prop_map(|s| json!(s)),
                Just(json!([])),
                Just(json!({})),
            ]
        }

        fn near_response() -> impl Strategy<Value = Vec<u8>> {
            let key = prop_oneof![
                Just("access_token".to_string()),
                Just("expires_in".to_string()),
                Just("token_type".to_string()),
                Just("error".to_string()),
                Just("error_description".to_string()),
                Just("message".to_string()),
                "[a-z_]{0,8}",
            ];
            (prop::collection::vec((key, value()), 0..6), any::<u8>(), any::<usize>()).prop_map(
                |(members, mutation, at)| {
                    let map: serde_json::Map<String, serde_json::Value> = members.into_iter().collect();
                    let mut bytes = serde_json::to_vec(&map).unwrap();
                    // Now and then, one byte changed: near-valid JSON.
                    if mutation % 3 == 0 && !bytes.is_empty() {
                        let i = at % bytes.len();
                        bytes[i] = mutation;
                    }
                    bytes
                },
            )
        }

        fn exp_token() -> impl Strategy<Value = Vec<u8>> {
            (any::<i64>(), value()).prop_map(|(exp, expires_in)| {
                let token = super::jwt_with_exp(exp);
                serde_json::to_vec(&serde_json::json!({"access_token": token, "expires_in": expires_in}))
                    .unwrap()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

            #[test]
            fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..400), now in any::<i64>()) {
                if let Err(e) = parse_success(&body, now) {
                    prop_assert!(one_line(&e), "{:?}", e);
                }
                prop_assert!(one_line(&error_response(400, &body)));
            }

            #[test]
            fn near_valid_responses_never_panic(body in prop_oneof![near_response(), exp_token()], now in any::<i64>(), status in 100u16..600) {
                match parse_success(&body, now) {
                    Ok(r) => prop_assert!(!r.access_token.is_empty()),
                    Err(e) => prop_assert!(one_line(&e), "{:?}", e),
                }
                prop_assert!(one_line(&error_response(status, &body)));
            }
        }
    }
}
