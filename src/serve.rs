//! `tok serve`: a small OAuth 2.0 / OIDC authorization server for the client-credentials
//! grant, speaking Auth0's or Cognito's dialect, for development and tests on loopback.

use crate::assertion::{self, Replay};
use crate::checks::Keys;
use crate::form;
use crate::jws::{Signer, VerifyKey};
use crate::oauth::ClientAuth;
use crate::remote_jwks::RemoteJwks;
use crate::secret::Secret;
use crate::server::{self, Handler, Request, Response};
use crate::verifier::{self, KeySource};
use aws_lc_rs::constant_time::verify_slices_are_equal;
use base64::engine::general_purpose::{STANDARD as B64_STD, URL_SAFE_NO_PAD as B64};
use base64::Engine;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};
use std::sync::Mutex;
use zeroize::Zeroizing;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Auth0,
    Cognito,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub id: String,
    #[serde(default, deserialize_with = "secret")]
    pub secret: Option<Secret>,
    /// A PEM or JWK file with the client's public key (private_key_jwt), relative to the
    /// clients file.
    #[serde(default)]
    pub public_key: Option<std::path::PathBuf>,
    /// Or a URL of the client's JWK Set (private_key_jwt with key rotation).
    #[serde(default)]
    pub jwks_uri: Option<String>,
    /// The one method the client may use (registered name, e.g. "private_key_jwt"); unset: a
    /// secret's three, or private_key_jwt for a key.
    #[serde(default)]
    pub auth_method: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    /// The public key(s), loaded once the file is read (see `load_keys`).
    #[serde(skip)]
    keys: Option<ClientKeys>,
}

#[allow(clippy::large_enum_variant)] // one per registered client
enum ClientKeys {
    Fixed(Keys),
    /// Fetched when an assertion first names a kid, again on a kid the set lacks (within the
    /// cooldown): the same key source as `tok verify --jwks URL`.
    Remote(Mutex<KeySource>),
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("Client").field("id", &self.id).field("secret", &self.secret).finish_non_exhaustive()
    }
}

impl Client {
    fn methods(&self) -> Vec<ClientAuth> {
        if let Some(method) = self.auth_method.as_deref().and_then(ClientAuth::parse) {
            return vec![method];
        }
        match self.secret {
            Some(_) => vec![ClientAuth::Basic, ClientAuth::Post, ClientAuth::ClientSecretJwt],
            None => vec![ClientAuth::PrivateKeyJwt],
        }
    }

    /// Reads `public_key` (relative to `base`) and prepares `jwks_uri`.
    pub fn load_keys(&mut self, base: &std::path::Path) -> std::result::Result<(), String> {
        let id = &self.id;
        match (&self.secret, &self.public_key, &self.jwks_uri) {
            // client_secret_jwt: the secret checks the assertion, parsed once like any key.
            (Some(secret), None, None) => {
                self.keys = Some(ClientKeys::Fixed(Keys::Single {
                    key: VerifyKey::hmac(Secret::from_bytes(secret.expose().to_vec())),
                    thumbprint: None,
                    label: "the client secret".into(),
                }));
            }
            (None, Some(path), None) => {
                let path = base.join(path);
                let key = crate::keys::load_key_file(&path).map_err(|e| format!("client {id:?}: {e}"))?;
                let public = key.public();
                let verify = public.verify_key().map_err(|e| format!("client {id:?}: {e}"))?;
                self.keys = Some(ClientKeys::Fixed(Keys::Single {
                    key: verify,
                    thumbprint: Some(public.thumbprint()),
                    label: format!("client {id:?}'s key"),
                }));
            }
            (None, None, Some(url)) => {
                let remote = RemoteJwks::new(url.clone(), std::time::Duration::from_secs(5), false, 300, 30);
                let none_yet = Keys::Set { entries: Vec::new(), label: url.clone(), fallback: None };
                self.keys = Some(ClientKeys::Remote(Mutex::new(KeySource::new(none_yet, Some(remote)))));
            }
            (None, None, None) => return Err(format!("client {id:?} has no secret, public_key or jwks_uri")),
            _ => return Err(format!("client {id:?}: give one of secret, public_key and jwks_uri")),
        }
        if let Some(m) = &self.auth_method {
            let method = ClientAuth::parse(m).ok_or_else(|| {
                format!("client {id:?}: auth_method {m:?} is not one of client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt")
            })?;
            if method.uses_secret() != self.secret.is_some() {
                return Err(format!(
                    "client {id:?}: auth_method {m:?} does not fit the credential it registers"
                ));
            }
        }
        Ok(())
    }

    /// Checks an assertion with the client's key(s) (its secret for client_secret_jwt).
    fn check_assertion(&self, assertion: &str, audiences: &[String], replay: &Replay) -> Result<(), String> {
        let now = crate::timefmt::now();
        assertion::check(&self.id, audiences, replay, now, |policy| match &self.keys {
            Some(ClientKeys::Fixed(keys)) => Ok(crate::checks::verify(assertion, keys, policy)),
            Some(ClientKeys::Remote(source)) => verifier::verify_shared(source, assertion, policy)
                .map_err(|e| format!("the client's jwks_uri: {e}")),
            None => Err("the client has no key".into()),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientsFile {
    #[serde(default)]
    client: Vec<Client>,
}

/// A client secret straight into the wiped, unprintable type (the owned string is moved, not
/// copied, when the parser hands one over).
fn secret<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Secret>, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = Secret;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Secret, E> {
            Ok(Secret::from_bytes(v.as_bytes().to_vec()))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> std::result::Result<Secret, E> {
            Ok(Secret::from_bytes(v.into_bytes()))
        }
    }
    d.deserialize_string(Visitor).map(Some)
}

pub fn parse_clients(text: &str) -> std::result::Result<Vec<Client>, String> {
    let file: ClientsFile =
        toml::from_str(text).map_err(|e| e.to_string().lines().next().unwrap_or_default().to_string())?;
    if file.client.is_empty() {
        return Err("no [[client]] tables".into());
    }
    Ok(file.client)
}

pub struct Issuer {
    pub base: String,
    pub issuer: String,
    pub dialect: Dialect,
    pub ttl: i64,
    pub signer: Signer,
    pub header_b64: String,
    pub jwks: Value,
    pub clients: Vec<Client>,
    pub replay: Replay,
    /// The issuer's own public key, for introspection.
    pub own_keys: Keys,
}

pub struct Reply {
    pub status: u16,
    pub body: Value,
    /// The client a token request named, for the log line (never its secret).
    pub client: Option<String>,
    pub www_authenticate: bool,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply { status, body, client: None, www_authenticate: false }
}

/// An RFC 6749 §5.2 error.
fn oauth_error(status: u16, code: &str, description: &str) -> Reply {
    let mut r = reply(status, json!({"error": code, "error_description": description}));
    r.www_authenticate = code == "invalid_client";
    r
}

/// 401 invalid_client for a named client (logged; never its secret).
fn client_error(id: &str, description: &str) -> Reply {
    let mut r = oauth_error(401, "invalid_client", description);
    r.client = Some(id.to_string());
    r
}

impl Issuer {
    pub fn token_path(&self) -> &'static str {
        match self.dialect {
            Dialect::Auth0 => "/oauth/token",
            Dialect::Cognito => "/oauth2/token",
        }
    }

    pub fn handle(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        auth: Option<&str>,
        body: &str,
    ) -> Reply {
        let path = path.split('?').next().unwrap_or(path);
        match (method, path) {
            ("GET", "/.well-known/openid-configuration") => reply(200, self.metadata()),
            ("GET", "/.well-known/jwks.json") => reply(200, self.jwks.clone()),
            ("POST", "/oauth/token" | "/oauth2/token") => self.token(content_type, auth, body),
            ("POST", "/introspect") => self.introspect(content_type, auth, body),
            (_, "/introspect") => {
                oauth_error(405, "invalid_request", "the introspection endpoint takes POST")
            }
            (_, "/oauth/token" | "/oauth2/token") => {
                oauth_error(405, "invalid_request", "the token endpoint takes POST")
            }
            _ => reply(404, json!({"error": "not_found"})),
        }
    }

    fn metadata(&self) -> Value {
        json!({
            "issuer": self.issuer,
            "token_endpoint": format!("{}{}", self.base, self.token_path()),
            "jwks_uri": format!("{}/.well-known/jwks.json", self.base),
            "introspection_endpoint": format!("{}/introspect", self.base),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported":
                ClientAuth::ALL.iter().map(|a| a.registered_name()).collect::<Vec<_>>(),
            "token_endpoint_auth_signing_alg_values_supported":
                ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512"],
            "response_types_supported": ["token"],
            "id_token_signing_alg_values_supported": [self.signer.alg().name()],
            "scopes_supported": self.clients.iter().flat_map(|c| c.scopes.iter()).collect::<Vec<_>>(),
        })
    }

    fn token(&self, content_type: Option<&str>, auth: Option<&str>, body: &str) -> Reply {
        let params = match form_params(content_type, body) {
            Ok(params) => params,
            Err(r) => return r,
        };
        match params.get("grant_type").map(String::as_str) {
            None => return oauth_error(400, "invalid_request", "grant_type is missing"),
            Some("client_credentials") => {}
            Some(_) => {
                return oauth_error(400, "unsupported_grant_type", "only client_credentials is supported")
            }
        }
        let client = match self.authenticate(auth, &params) {
            Ok(client) => client,
            Err(r) => return r,
        };
        let mut r = self.issue(client, &params);
        r.client = Some(client.id.clone());
        r
    }

    /// RFC 7662: whether a token this server issued is active, to an authenticated client.
    fn introspect(&self, content_type: Option<&str>, auth: Option<&str>, body: &str) -> Reply {
        let params = match form_params(content_type, body) {
            Ok(params) => params,
            Err(r) => return r,
        };
        let client = match self.authenticate(auth, &params) {
            Ok(client) => client,
            Err(r) => return r,
        };
        let Some(token) = params.get("token") else {
            return oauth_error(400, "invalid_request", "token is missing");
        };
        let policy = crate::checks::Policy {
            iss: Some(self.issuer.clone()),
            require: vec!["exp".into()],
            now: crate::timefmt::now(),
            ..Default::default()
        };
        let report = crate::checks::verify(token, &self.own_keys, &policy);
        let mut r = match (report.valid(), report.claims) {
            (true, Some(claims)) => {
                let mut answer = json!({"active": true, "token_type": "Bearer"});
                for name in ["scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti"] {
                    if let Some(v) = claims.get(name) {
                        answer[name] = v.clone();
                    }
                }
                // Auth0-dialect tokens name their client in azp.
                if let (None, Some(azp)) = (claims.get("client_id"), claims.get("azp")) {
                    answer["client_id"] = azp.clone();
                }
                reply(200, answer)
            }
            // RFC 7662 §2.2: nothing more is said about a token that is not active.
            _ => reply(200, json!({"active": false})),
        };
        r.client = Some(client.id.clone());
        r
    }

    /// The client a request authenticates as, by whichever one method it uses.
    fn authenticate(
        &self,
        auth: Option<&str>,
        params: &std::collections::BTreeMap<String, String>,
    ) -> std::result::Result<&Client, Reply> {
        let assertion = match params.get("client_assertion_type").map(String::as_str) {
            None => None,
            Some(assertion::TYPE) => match params.get("client_assertion") {
                Some(jwt) => Some(jwt.as_str()),
                None => {
                    return Err(oauth_error(
                        400,
                        "invalid_request",
                        "client_assertion_type without client_assertion",
                    ))
                }
            },
            Some(other) => {
                return Err(oauth_error(
                    401,
                    "invalid_client",
                    &format!("client_assertion_type {other:?} is not supported"),
                ))
            }
        };
        let presented = [auth.is_some(), params.contains_key("client_secret"), assertion.is_some()];
        if presented.iter().filter(|p| **p).count() > 1 {
            return Err(oauth_error(400, "invalid_request", "more than one client authentication method"));
        }
        // Who the client says it is, and how it proves it.
        let (id, method, secret) = if let Some(header) = auth {
            match basic_credentials(header) {
                Some((id, secret)) => (id, ClientAuth::Basic, Some(secret)),
                None => return Err(oauth_error(401, "invalid_client", "malformed Basic credentials")),
            }
        } else if let Some(secret) = params.get("client_secret") {
            match params.get("client_id") {
                Some(id) => (id.clone(), ClientAuth::Post, Some(Zeroizing::new(secret.clone()))),
                None => return Err(oauth_error(400, "invalid_request", "client_secret without client_id")),
            }
        } else if let Some(jwt) = assertion {
            let Some(id) = assertion::claimed_client(jwt) else {
                return Err(oauth_error(401, "invalid_client", "client_assertion is not a JWT with an iss"));
            };
            if params.get("client_id").is_some_and(|c| *c != id) {
                return Err(client_error(&id, "client_id and the client_assertion's iss differ"));
            }
            let hmac = crate::token::split(jwt).ok().and_then(|p| p.header.get("alg").cloned());
            let hmac = hmac.and_then(|a| a.as_str().map(|a| a.starts_with("HS"))).unwrap_or(false);
            (id, if hmac { ClientAuth::ClientSecretJwt } else { ClientAuth::PrivateKeyJwt }, None)
        } else {
            return Err(oauth_error(401, "invalid_client", "client authentication is required"));
        };
        let Some(client) = self.clients.iter().find(|c| c.id == id) else {
            return Err(client_error(&id, "Client authentication failed"));
        };
        let methods = client.methods();
        if !methods.contains(&method) {
            let names: Vec<&str> = methods.iter().map(|m| m.registered_name()).collect();
            return Err(client_error(
                &id,
                &format!(
                    "client {id:?} is registered for {}, not {}",
                    names.join(", "),
                    method.registered_name()
                ),
            ));
        }
        let authenticated = match (secret, assertion) {
            (Some(secret), _) => client
                .secret
                .as_ref()
                .is_some_and(|s| verify_slices_are_equal(s.expose(), secret.as_bytes()).is_ok())
                .then_some(())
                .ok_or_else(|| "Client authentication failed".to_string()),
            (None, Some(jwt)) => client.check_assertion(jwt, &self.assertion_audiences(), &self.replay),
            (None, None) => Err("Client authentication failed".to_string()),
        };
        if let Err(why) = authenticated {
            return Err(client_error(&id, &why));
        }
        Ok(client)
    }

    /// What an assertion's `aud` may be: the token endpoint's URL, or the issuer.
    fn assertion_audiences(&self) -> Vec<String> {
        vec![format!("{}{}", self.base, self.token_path()), self.issuer.clone()]
    }

    fn issue(&self, client: &Client, params: &std::collections::BTreeMap<String, String>) -> Reply {
        let scopes: Vec<&str> = match params.get("scope") {
            Some(s) => s.split_whitespace().collect(),
            None => client.scopes.iter().map(String::as_str).collect(),
        };
        if let Some(bad) = scopes.iter().find(|s| !client.scopes.iter().any(|c| c == *s)) {
            return oauth_error(400, "invalid_scope", &format!("scope {bad} is not allowed for this client"));
        }
        let scope = scopes.join(" ");
        let now = crate::timefmt::now();
        let claims = match self.dialect {
            Dialect::Auth0 => {
                let Some(audience) = params.get("audience") else {
                    return oauth_error(400, "invalid_request", "audience is required (the API identifier)");
                };
                if !client.audiences.iter().any(|a| a == audience) {
                    return oauth_error(
                        403,
                        "access_denied",
                        &format!(
                            "Client is not authorized to access \"{audience}\". You need to create a client-grant associated to this API."
                        ),
                    );
                }
                json!({
                    "iss": self.issuer,
                    "sub": format!("{}@clients", client.id),
                    "aud": audience,
                    "iat": now,
                    "exp": now + self.ttl,
                    "scope": scope,
                    "gty": "client-credentials",
                    "azp": client.id,
                })
            }
            Dialect::Cognito => {
                let mut jti = [0u8; 16];
                let _ = aws_lc_rs::rand::fill(&mut jti);
                json!({
                    "sub": client.id,
                    "token_use": "access",
                    "scope": scope,
                    "auth_time": now,
                    "iss": self.issuer,
                    "exp": now + self.ttl,
                    "iat": now,
                    "version": 2,
                    "jti": B64.encode(jti),
                    "client_id": client.id,
                })
            }
        };
        let token = match self.signer.token(&self.header_b64, claims.to_string().as_bytes()) {
            Ok(token) => token,
            Err(e) => return oauth_error(500, "server_error", &e),
        };
        let mut body = json!({"access_token": token, "token_type": "Bearer", "expires_in": self.ttl});
        if !scope.is_empty() {
            body["scope"] = json!(scope);
        }
        reply(200, body)
    }
}

/// An `application/x-www-form-urlencoded` body with no parameter given twice (RFC 6749 §3.2).
fn form_params(
    content_type: Option<&str>,
    body: &str,
) -> std::result::Result<std::collections::BTreeMap<String, String>, Reply> {
    let form_type = content_type
        .map(|t| {
            t.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
        .unwrap_or(false);
    if !form_type {
        return Err(oauth_error(
            400,
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        ));
    }
    let Some(pairs) = form::parse(body) else {
        return Err(oauth_error(400, "invalid_request", "the form body is badly encoded"));
    };
    let mut params = std::collections::BTreeMap::new();
    for (k, v) in pairs {
        if params.insert(k.clone(), v).is_some() {
            return Err(oauth_error(400, "invalid_request", &format!("parameter {k} is repeated")));
        }
    }
    Ok(params)
}

/// `Basic base64(form(id):form(secret))` → (id, secret), form-decoded per RFC 6749 §2.3.1.
fn basic_credentials(header: &str) -> Option<(String, Zeroizing<String>)> {
    let (scheme, value) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = Zeroizing::new(B64_STD.decode(value.trim()).ok()?);
    let decoded = std::str::from_utf8(&decoded).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((form::decode(id)?, Zeroizing::new(form::decode(secret)?)))
}

impl Issuer {
    fn reply(&self, request: &Request) -> Response {
        let reply = match std::str::from_utf8(&request.body) {
            Ok(body) => self.handle(
                request.method.as_str(),
                &request.target,
                request.header("content-type"),
                request.header("authorization"),
                body,
            ),
            Err(_) => oauth_error(400, "invalid_request", "the body is not UTF-8 text"),
        };
        let mut response = Response::json(reply.status, &reply.body);
        response.headers.push(("cache-control", "no-store".into()));
        response.headers.push(("pragma", "no-cache".into()));
        if reply.www_authenticate {
            // RFC 6749 §5.2's challenge, with the error (some clients read only the header).
            response
                .headers
                .push(("www-authenticate", "Basic realm=\"tok\", error=\"invalid_client\"".into()));
        }
        if let Some(client) = reply.client {
            response.log.push(("client", client));
        }
        response
    }
}

/// Signing (~0.3 ms) runs on the server's CPU pool, one thread a core, so connections are
/// served on every core while the connection thread only moves bytes.
struct Shared(std::sync::Arc<Issuer>);

impl Handler for Shared {
    async fn handle(&self, request: Request) -> Response {
        let issuer = std::sync::Arc::clone(&self.0);
        server::cpu(move || issuer.reply(&request)).await
    }
}

/// Serve until Ctrl-C or SIGTERM; one log line a request on stderr.
pub fn serve(
    listener: std::net::TcpListener,
    issuer: Issuer,
    ready: impl FnOnce(),
) -> crate::error::Result<()> {
    server::run(listener, Shared(std::sync::Arc::new(issuer)), "tok serve", ready)
}

#[cfg(test)]
mod tests {
    #[test]
    fn client_secrets_are_redacted() {
        let clients = super::parse_clients("[[client]]\nid = \"a\"\nsecret = \"hunter2-secret\"\n").unwrap();
        assert_eq!(clients[0].secret.as_ref().unwrap().expose(), b"hunter2-secret");
        assert!(!format!("{clients:?}").contains("hunter2"), "{clients:?}");
    }
}
