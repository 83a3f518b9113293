//! Keys to verify with and where to fetch them again: what `tok verify` and `tok gateway`
//! share, so a rotated key is picked up (and a made-up kid refused) the same way in both.

use crate::checks::{self, Keys, Policy, Report};
use crate::error::Result;
use crate::http::Http;
use crate::output;
use crate::remote_jwks::RemoteJwks;
use crate::timefmt;
use serde_json::Value;
use std::time::Duration;

pub struct KeySource {
    pub keys: Keys,
    /// Set when the keys came from a URL: fetched again on a kid the set lacks.
    pub remote: Option<RemoteJwks>,
}

impl KeySource {
    /// Verify a token (already reduced to the compact JWS).
    pub fn verify(&mut self, token: &str, policy: &Policy) -> Result<Report> {
        let report = checks::verify(token, &self.keys, policy);
        self.after_unknown_kid(token, policy, report)
    }

    /// When `report` failed on a kid the remote set lacks: the set again (within its cooldown)
    /// and the token verified against it.
    pub fn after_unknown_kid(&mut self, token: &str, policy: &Policy, mut report: Report) -> Result<Report> {
        if let (true, Some(remote)) = (report.unknown_kid, self.remote.as_mut()) {
            if let Some(entries) = remote.refetch(timefmt::now(), &mut report)? {
                self.keys = Keys::Set { entries, label: remote.url.clone(), fallback: None };
                return Ok(checks::verify(token, &self.keys, policy));
            }
        }
        Ok(report)
    }
}

/// The issuer's jwks_uri, from discovery metadata cached for `ttl` seconds (checked when
/// fetched). `check_issuer`: the document's `issuer` must be `issuer` (RFC 8414 §3.3).
pub fn discover_jwks_uri(
    issuer: &str,
    timeout: Duration,
    allow_http: bool,
    ttl: i64,
    check_issuer: bool,
    now: i64,
) -> Result<String> {
    let url = crate::oidc::metadata_url(issuer);
    if let Some((body, _)) = crate::cache::doc_get(&url)?.filter(|(_, at)| now - at < ttl) {
        let expected = check_issuer.then_some(issuer);
        if let Ok(metadata) = crate::oidc::parse_metadata(&url, body.as_bytes(), expected) {
            return crate::oidc::endpoint(&metadata, "jwks_uri");
        }
    }
    let metadata = crate::oidc::metadata(&Http::new(timeout, allow_http)?, issuer, check_issuer)?;
    if let Err(e) = crate::cache::doc_put(&url, &Value::Object(metadata.clone()).to_string(), now) {
        output::warn(&format!("the discovery document was not cached: {e}"));
    }
    crate::oidc::endpoint(&metadata, "jwks_uri")
}
