//! The OAuth 2.0 client-credentials grant (RFC 6749 §4.4): the request as the RFC spells it,
//! the response read leniently, and errors explained in the words of Auth0 and Cognito.

use crate::error::Error;
use crate::form;
use crate::jws::{Alg, Signer};
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
    /// private_key_jwt: an assertion signed with the client's private key (RFC 7523 §2.2).
    PrivateKeyJwt,
    /// client_secret_jwt: an assertion signed HS256 with the client secret (OIDC Core §9).
    ClientSecretJwt,
}

impl ClientAuth {
    pub const ALL: [ClientAuth; 4] =
        [ClientAuth::Basic, ClientAuth::Post, ClientAuth::PrivateKeyJwt, ClientAuth::ClientSecretJwt];

    /// tok's names, and the registered names of RFC 8414 / OIDC discovery.
    pub fn parse(s: &str) -> Option<ClientAuth> {
        ClientAuth::ALL.into_iter().find(|a| a.name() == s || a.registered_name() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            ClientAuth::Basic => "basic",
            ClientAuth::Post => "post",
            ClientAuth::PrivateKeyJwt => "private-key-jwt",
            ClientAuth::ClientSecretJwt => "client-secret-jwt",
        }
    }

    /// As `token_endpoint_auth_methods_supported` lists it.
    pub fn registered_name(self) -> &'static str {
        match self {
            ClientAuth::Basic => "client_secret_basic",
            ClientAuth::Post => "client_secret_post",
            ClientAuth::PrivateKeyJwt => "private_key_jwt",
            ClientAuth::ClientSecretJwt => "client_secret_jwt",
        }
    }

    /// Every method but private_key_jwt proves a shared secret.
    pub fn uses_secret(self) -> bool {
        self != ClientAuth::PrivateKeyJwt
    }
}

/// What the client proves itself with.
#[allow(clippy::large_enum_variant)] // one per fetch
pub enum Credential {
    Secret(Secret),
    /// A private key (private_key_jwt), with the kid its assertions name.
    Key {
        signer: Signer,
        kid: String,
    },
}

impl Credential {
    /// What identifies this credential in the token cache (a hash of it is stored, never it).
    pub fn fingerprint(&self) -> Secret {
        match self {
            Credential::Secret(secret) => Secret::from_bytes(secret.expose().to_vec()),
            Credential::Key { kid, .. } => Secret::from_bytes(format!("key:{kid}").into_bytes()),
        }
    }
}

/// How one token request authenticates the client: exactly one way (RFC 6749 §2.3).
pub enum Proof {
    /// The `Authorization` header value.
    Basic(Secret),
    /// The client secret, as text for the form body.
    Post(Zeroizing<String>),
    /// A signed client assertion (RFC 7521 §4.2).
    Assertion(String),
}

impl Proof {
    /// `aud` is the assertion's audience: the token endpoint, or whatever the provider wants.
    pub fn new(
        auth: ClientAuth,
        credential: &Credential,
        client_id: &str,
        aud: &str,
    ) -> Result<Proof, Error> {
        let now = crate::timefmt::now();
        match (auth, credential) {
            (ClientAuth::Basic, Credential::Secret(secret)) => {
                Ok(Proof::Basic(basic_authorization(client_id, secret)))
            }
            (ClientAuth::Post, Credential::Secret(secret)) => {
                Ok(Proof::Post(Zeroizing::new(String::from_utf8_lossy(secret.expose()).into_owned())))
            }
            (ClientAuth::ClientSecretJwt, Credential::Secret(secret)) => {
                let signer = Signer::hmac(Alg::HS256, secret);
                crate::assertion::make(&signer, None, client_id, aud, now).map(Proof::Assertion)
            }
            (ClientAuth::PrivateKeyJwt, Credential::Key { signer, kid }) => {
                crate::assertion::make(signer, Some(kid), client_id, aud, now).map(Proof::Assertion)
            }
            (auth, _) => {
                let needs = if auth.uses_secret() { "a client secret" } else { "a private key (--key)" };
                Err(Error::local(format!("--auth {} needs {needs}", auth.name())))
            }
        }
    }

    pub fn header(&self) -> Option<&Secret> {
        match self {
            Proof::Basic(header) => Some(header),
            _ => None,
        }
    }

    /// The form parameters that carry the proof (none for Basic, a header); the same for a
    /// token request and an introspection request. `client_id` beside an assertion is
    /// optional (RFC 7521 §4.2), and some servers want it.
    pub fn params<'a>(&'a self, client_id: &'a str) -> Vec<(&'a str, &'a str)> {
        match self {
            Proof::Basic(_) => Vec::new(),
            Proof::Post(secret) => vec![("client_id", client_id), ("client_secret", secret.as_str())],
            Proof::Assertion(jwt) => vec![
                ("client_id", client_id),
                ("client_assertion_type", crate::assertion::TYPE),
                ("client_assertion", jwt),
            ],
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
    /// The form body, with the client's proof where its method puts it and nowhere else.
    pub fn body(&self, proof: &Proof) -> Secret {
        let mut pairs: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
        pairs.extend(proof.params(&self.client_id));
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

/// `Basic base64(form(id) ":" form(secret))`, as RFC 6749 §2.3.1 says, with a space sent as
/// `%20` rather than `+`: both form-decode to a space, but servers that only percent-decode
/// (seen in a widely used Python OAuth server) read `+` as a plus. The header value is itself
/// a credential, so it is held as one.
pub fn basic_authorization(client_id: &str, secret: &Secret) -> Secret {
    let secret_text = Zeroizing::new(String::from_utf8_lossy(secret.expose()).into_owned());
    // form::encode writes a literal '+' as %2B, so every '+' it leaves is a space.
    let id = form::encode(client_id).replace('+', "%20");
    let encoded_secret = Zeroizing::new(form::encode(&secret_text));
    let encoded_secret = Zeroizing::new(encoded_secret.replace('+', "%20"));
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
            "check the client id and its secret or key, and the client authentication method (--auth basic, \
             post, private-key-jwt or client-secret-jwt; for private-key-jwt, the key's public JWK registered \
             with the provider and --assertion-aud)",
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
        // "a+b" and "p:ss w/rd" must reach the server as a%2Bb and p%3Ass%20w%2Frd: a space as
        // %20, which form-decoding and plain percent-decoding both read as a space.
        let header = basic_authorization("a+b", &Secret::from_bytes(b"p:ss w/rd".to_vec()));
        let decoded = B64_STD.decode(header.expose().strip_prefix(b"Basic ").unwrap()).unwrap();
        assert_eq!(decoded, b"a%2Bb:p%3Ass%20w%2Frd");
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
        let basic =
            grant.body(&Proof::new(ClientAuth::Basic, &Credential::Secret(secret), "id", "").unwrap());
        assert_eq!(
            std::str::from_utf8(basic.expose()).unwrap(),
            "grant_type=client_credentials&audience=https%3A%2F%2Fapi%2F&scope=rs%2Fread+rs%2Fwrite"
        );
        let secret = Secret::from_bytes(b"s3cret".to_vec());
        let post = grant.body(&Proof::new(ClientAuth::Post, &Credential::Secret(secret), "id", "").unwrap());
        assert!(std::str::from_utf8(post.expose()).unwrap().contains("client_id=id&client_secret=s3cret"));
    }

    #[test]
    fn credentials_are_held_redacted() {
        // The Basic header and a post body are credentials: their Debug form shows nothing.
        let secret = Secret::from_bytes(b"7Fjfp0ZBr1KtDRbnfVdmIw".to_vec());
        let header = format!("{:?}", basic_authorization("s6BhdRkqt3", &secret));
        assert!(!header.contains("czZC"), "{header}");
        let grant = Grant { client_id: "id".into(), ..Grant::default() };
        let proof = Proof::new(ClientAuth::Post, &Credential::Secret(secret), "id", "").unwrap();
        let body = format!("{:?}", grant.body(&proof));
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
