//! `tok serve`: a small OAuth 2.0 / OIDC authorization server for the client-credentials
//! grant, speaking Auth0's or Cognito's dialect, for development and tests on loopback.

use crate::form;
use crate::jws::Signer;
use crate::secret::Secret;
use crate::server::{self, Handler, Request, Response};
use aws_lc_rs::constant_time::verify_slices_are_equal;
use base64::engine::general_purpose::{STANDARD as B64_STD, URL_SAFE_NO_PAD as B64};
use base64::Engine;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};
use zeroize::Zeroizing;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Auth0,
    Cognito,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub id: String,
    #[serde(deserialize_with = "secret")]
    pub secret: Secret,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientsFile {
    #[serde(default)]
    client: Vec<Client>,
}

/// A client secret straight into the wiped, unprintable type (the owned string is moved, not
/// copied, when the parser hands one over).
fn secret<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Secret, D::Error> {
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
    d.deserialize_string(Visitor)
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
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "response_types_supported": ["token"],
            "id_token_signing_alg_values_supported": [self.signer.alg().name()],
            "scopes_supported": self.clients.iter().flat_map(|c| c.scopes.iter()).collect::<Vec<_>>(),
        })
    }

    fn token(&self, content_type: Option<&str>, auth: Option<&str>, body: &str) -> Reply {
        let form_type = content_type
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
            .unwrap_or(false);
        if !form_type {
            return oauth_error(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        let Some(pairs) = form::parse(body) else {
            return oauth_error(400, "invalid_request", "the form body is badly encoded");
        };
        let mut params = std::collections::BTreeMap::new();
        for (k, v) in pairs {
            if params.insert(k.clone(), v).is_some() {
                return oauth_error(400, "invalid_request", &format!("parameter {k} is repeated"));
            }
        }
        match params.get("grant_type").map(String::as_str) {
            None => return oauth_error(400, "invalid_request", "grant_type is missing"),
            Some("client_credentials") => {}
            Some(_) => {
                return oauth_error(400, "unsupported_grant_type", "only client_credentials is supported")
            }
        }
        let (id, secret): (String, Zeroizing<String>) = match (auth, params.get("client_secret")) {
            (Some(_), Some(_)) => {
                return oauth_error(400, "invalid_request", "more than one client authentication method")
            }
            (Some(header), None) => match basic_credentials(header) {
                Some(pair) => pair,
                None => return oauth_error(401, "invalid_client", "malformed Basic credentials"),
            },
            (None, Some(secret)) => match params.get("client_id") {
                Some(id) => (id.clone(), Zeroizing::new(secret.clone())),
                None => return oauth_error(400, "invalid_request", "client_secret without client_id"),
            },
            (None, None) => return oauth_error(401, "invalid_client", "client authentication is required"),
        };
        let client = self.clients.iter().find(|c| c.id == id);
        let authenticated =
            client.filter(|c| verify_slices_are_equal(c.secret.expose(), secret.as_bytes()).is_ok());
        let Some(client) = authenticated else {
            let mut r = oauth_error(401, "invalid_client", "Client authentication failed");
            r.client = Some(id);
            return r;
        };
        let mut r = self.issue(client, &params);
        r.client = Some(client.id.clone());
        r
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
            response.headers.push(("www-authenticate", "Basic realm=\"tok\"".into()));
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
        assert_eq!(clients[0].secret.expose(), b"hunter2-secret");
        assert!(!format!("{clients:?}").contains("hunter2"), "{clients:?}");
    }
}
