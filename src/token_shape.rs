//! Is a fetched access token a JWT? Providers hand out opaque (reference) tokens and encrypted
//! JWEs too — Auth0 does when no `audience` is sent — and `tok verify` can check neither, so
//! `tok fetch` says so once, when the token arrives, instead of leaving users to chase a
//! "malformed token" later.

use crate::oauth::Grant;
use serde_json::Value;

#[derive(Debug, PartialEq, Eq)]
pub enum Shape {
    /// Three base64url segments whose header is a JSON object with `alg`: a JWS (a JWT).
    Jwt,
    /// Five segments whose header is a JSON object with `alg` and `enc`: a JWE (RFC 7516).
    Encrypted,
    /// Anything else: a reference only its issuer can resolve.
    Opaque,
}

pub fn shape(token: &str) -> Shape {
    let parts: Vec<&str> = token.split('.').collect();
    // The header of a compact JOSE serialization, read as `tok decode` reads one.
    let Some(h) = crate::token::json_object(parts[0], "header").ok().and_then(Result::ok) else {
        return Shape::Opaque;
    };
    let has = |k: &str| h.get(k).is_some_and(Value::is_string);
    match parts.len() {
        3 if has("alg") => Shape::Jwt,
        5 if has("alg") && has("enc") => Shape::Encrypted,
        _ => Shape::Opaque,
    }
}

/// The note for a token that is not a JWT, or None for a JWT. `auth0` is whether the endpoint
/// came from --auth0 (the URL is checked for an auth0.com host as well).
pub fn note(token: &str, auth0: bool, token_url: &reqwest::Url, grant: &Grant) -> Option<String> {
    let auth0 = auth0 || token_url.host_str().is_some_and(|h| h == "auth0.com" || h.ends_with(".auth0.com"));
    let shape = shape(token);
    let what = match shape {
        Shape::Jwt => return None,
        Shape::Encrypted => {
            "the access token is encrypted (a five-part JWE), not a signed JWT: tok decode and tok verify \
             cannot read it"
        }
        Shape::Opaque => {
            "the access token is opaque, not a JWT: tok decode and tok verify will call it malformed; only \
             its issuer can check it: tok introspect asks it (RFC 7662)"
        }
    };
    let why = match (auth0 && grant.audience.is_none(), shape) {
        (true, Shape::Encrypted) => {
            "Auth0 returns an encrypted token when no --audience is sent; pass --audience to get a JWT"
        }
        (true, _) => "Auth0 returns an opaque token when no --audience is sent; pass --audience to get a JWT",
        (false, _) => "the provider chose this format; the API it is meant for knows how to check it",
    };
    Some(format!("note: {what}. {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    fn seg(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn shapes() {
        let h = seg(r#"{"alg":"RS256","typ":"JWT"}"#);
        assert_eq!(shape(&format!("{h}.{}.sig", seg("{}"))), Shape::Jwt);
        let e = seg(r#"{"alg":"dir","enc":"A256GCM"}"#);
        assert_eq!(shape(&format!("{e}..iv.ct.tag")), Shape::Encrypted);
        for opaque in [
            "",
            "8xLOxBtZp8",
            "a.b.c",
            "gho_16C7e42F292c6912E7710c838347Ae178B4a",
            &format!("{}.x.y", seg(r#"{"typ":"JWT"}"#)),
            &format!("{}.x.y", seg("[1]")),
            &format!("{h}.x"),
            &format!("{h}.a.b.c.d"),
            "...",
        ] {
            assert_eq!(shape(opaque), Shape::Opaque, "{opaque:?}");
        }
    }

    #[test]
    fn notes_say_why() {
        let url = reqwest::Url::parse("https://tenant.eu.auth0.com/oauth/token").unwrap();
        let other = reqwest::Url::parse("http://127.0.0.1:1/token").unwrap();
        let mut grant = Grant {
            client_id: "c".into(),
            audience: None,
            scopes: vec![],
            resources: vec![],
            params: vec![],
        };
        let n = note("opaque", false, &url, &grant).unwrap();
        assert!(n.contains("opaque") && n.contains("pass --audience"), "{n}");
        let e = seg(r#"{"alg":"dir","enc":"A256GCM"}"#);
        let n = note(&format!("{e}.k.iv.ct.tag"), true, &other, &grant).unwrap();
        assert!(n.contains("encrypted") && n.contains("pass --audience"), "{n}");
        assert!(!note("opaque", false, &other, &grant).unwrap().contains("Auth0"));
        grant.audience = Some("https://api".into());
        assert!(!note("opaque", true, &url, &grant).unwrap().contains("--audience"));
        let jwt = format!("{}.{}.s", seg(r#"{"alg":"RS256"}"#), seg("{}"));
        assert_eq!(note(&jwt, true, &url, &grant), None);
    }
}
