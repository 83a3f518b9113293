//! Client authentication by signed assertion (RFC 7521, RFC 7523 §2.2 and §3, OIDC Core §9):
//! `tok fetch --auth private-key-jwt|client-secret-jwt` makes one, `tok serve` checks one — with
//! the same verifier as `tok verify`, plus what a one-time credential needs (a `jti` never seen
//! before, a short life).

use crate::checks::{Policy, Report, Status};
use crate::error::{Error, Result};
use crate::jws::Signer;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Mutex;

/// `client_assertion_type` for a JWT (RFC 7523 §2.2).
pub const TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long tok's own assertions live: one request, with room for clock skew.
const LIFETIME: i64 = 60;

/// The longest life `tok serve` accepts (exp − now), so a replay cache need not remember more.
pub const MAX_LIFETIME: i64 = 300;

/// Clock skew allowed between client and server.
const LEEWAY: i64 = 30;

/// `iss` = `sub` = the client id, `aud` the token endpoint (or what the provider asks), a random
/// `jti`, `iat`, and `exp` a minute later.
pub fn make(signer: &Signer, kid: Option<&str>, client_id: &str, aud: &str, now: i64) -> Result<String> {
    let mut header = Map::new();
    header.insert("alg".into(), json!(signer.alg().name()));
    header.insert("typ".into(), json!("JWT"));
    if let Some(kid) = kid {
        header.insert("kid".into(), json!(kid));
    }
    let mut jti = [0u8; 18];
    aws_lc_rs::rand::fill(&mut jti).map_err(|_| Error::local("the system RNG failed"))?;
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": aud,
        "jti": B64.encode(jti),
        "iat": now,
        "exp": now + LIFETIME,
    });
    let header_b64 = B64.encode(Value::Object(header).to_string());
    signer.token(&header_b64, claims.to_string().as_bytes()).map_err(Error::local)
}

/// The `iss` an assertion claims, read before its signature is checked, to find whose key to
/// check it with.
pub fn claimed_client(assertion: &str) -> Option<String> {
    let parts = crate::token::split(assertion).ok()?;
    parts.claims.ok()?.get("iss").and_then(Value::as_str).map(str::to_string)
}

/// `jti`s of accepted assertions until they expire: an assertion is good for one request.
#[derive(Default)]
pub struct Replay {
    seen: Mutex<HashMap<String, i64>>,
}

impl Replay {
    /// Records `jti` (of `client`) unless it was seen; forgets the expired ones.
    fn first_use(&self, client: &str, jti: &str, exp: i64, now: i64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.retain(|_, until| *until + LEEWAY >= now);
        seen.insert(format!("{client}\u{0}{jti}"), exp).is_none()
    }
}

/// Checks an assertion from `client_id` for the audiences this server answers to; `verify`
/// checks it under the policy made here with the client's key(s), wherever they come from.
/// The error is the `error_description` of an `invalid_client` answer.
pub fn check(
    client_id: &str,
    audiences: &[String],
    replay: &Replay,
    now: i64,
    verify: impl FnOnce(&Policy) -> std::result::Result<Report, String>,
) -> std::result::Result<(), String> {
    let policy = Policy {
        iss: Some(client_id.to_string()),
        sub: Some(client_id.to_string()),
        aud: audiences.to_vec(),
        require: vec!["aud".into(), "exp".into(), "jti".into()],
        leeway: LEEWAY,
        now,
        ..Policy::default()
    };
    let report = verify(&policy)?;
    if let Some(failed) = report.with_status(Status::Fail).next() {
        return Err(format!("client_assertion: {}: {}", failed.name, failed.detail));
    }
    let claims = report.claims.as_ref().ok_or("client_assertion: no claims")?;
    let exp = claims.get("exp").and_then(Value::as_i64).ok_or("client_assertion: exp is not a number")?;
    if exp - now > MAX_LIFETIME + LEEWAY {
        return Err(format!(
            "client_assertion: expires in {}s; this server accepts assertions that live at most {}s",
            exp - now,
            MAX_LIFETIME
        ));
    }
    let jti = claims.get("jti").and_then(Value::as_str).ok_or("client_assertion: jti is not a string")?;
    if !replay.first_use(client_id, jti, exp, now) {
        return Err(format!("client_assertion: jti {jti:?} was already used (a replayed assertion)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Keys;
    use crate::jws::{Alg, VerifyKey};
    use crate::secret::Secret;

    fn hmac_keys(secret: &[u8]) -> Keys {
        Keys::Single {
            key: VerifyKey::hmac(Secret::from_bytes(secret.to_vec())),
            thumbprint: None,
            label: "s".into(),
        }
    }

    #[test]
    fn made_assertions_check_once() {
        let secret = b"0123456789abcdef0123456789abcdef-client";
        let signer = Signer::hmac(Alg::HS256, &Secret::from_bytes(secret.to_vec()));
        let now = 1_800_000_000;
        let jwt = make(&signer, None, "app", "https://as/token", now).unwrap();
        assert_eq!(claimed_client(&jwt).as_deref(), Some("app"));
        let replay = Replay::default();
        let auds = vec!["https://as/token".to_string()];
        let keys = hmac_keys(secret);
        let check_at = |jwt: &str, now: i64| {
            check("app", &auds, &replay, now, |policy| Ok(crate::checks::verify(jwt, &keys, policy)))
        };
        assert_eq!(check_at(&jwt, now), Ok(()));
        let again = check_at(&jwt, now).unwrap_err();
        assert!(again.contains("already used"), "{again}");
        let other = check_at(&make(&signer, None, "app", "https://elsewhere", now).unwrap(), now);
        assert!(other.unwrap_err().contains("aud"));
        let late = check_at(&make(&signer, None, "app", "https://as/token", now).unwrap(), now + 200);
        assert!(late.unwrap_err().contains("exp"));
    }
}
