//! Keys to verify with and where to fetch them again: what `tok verify` and `tok gateway`
//! share, so a rotated key is picked up (and a made-up kid refused) the same way in both.

use crate::checks::{self, Keys, Policy, Report};
use crate::error::Result;
use crate::http::Http;
use crate::output;
use crate::remote_jwks::RemoteJwks;
use crate::timefmt;
use serde_json::Value;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

pub struct KeySource {
    /// Replaced (never changed in place) when fetched again, so a reader holding one keeps a
    /// consistent set while another thread refetches.
    keys: Arc<Keys>,
    /// Set when the keys came from a URL: fetched again on a kid the set lacks.
    remote: Option<RemoteJwks>,
}

impl KeySource {
    pub fn new(keys: Keys, remote: Option<RemoteJwks>) -> KeySource {
        KeySource { keys: Arc::new(keys), remote }
    }

    pub fn current(&self) -> Arc<Keys> {
        Arc::clone(&self.keys)
    }

    pub fn is_remote(&self) -> bool {
        self.remote.is_some()
    }

    /// A token whose kid was not among `checked_with`: against the keys as they are now
    /// (fetched again since, by another token's refetch), and when the kid is still unknown and
    /// the keys are remote, after fetching them again (within the cooldown).
    pub fn settle(
        &mut self,
        token: &str,
        report: Report,
        checked_with: &Arc<Keys>,
        policy: &Policy,
    ) -> Result<Report> {
        let mut report = if Arc::ptr_eq(checked_with, &self.keys) {
            report
        } else {
            checks::verify(token, &self.keys, policy)
        };
        if let (true, Some(remote)) = (report.unknown_kid, self.remote.as_mut()) {
            if let Some(entries) = remote.refetch(timefmt::now(), &mut report)? {
                self.keys = Arc::new(Keys::Set { entries, label: remote.url.clone(), fallback: None });
                return Ok(checks::verify(token, &self.keys, policy));
            }
        }
        Ok(report)
    }
}

/// For a server's many connections: the token checked without holding the lock, which is taken
/// only to settle a kid the keys lack.
pub fn verify_shared(source: &Mutex<KeySource>, token: &str, policy: &Policy) -> Result<Report> {
    let lock = || source.lock().unwrap_or_else(PoisonError::into_inner);
    let keys = lock().current();
    let report = checks::verify(token, &keys, policy);
    if !report.unknown_kid {
        return Ok(report);
    }
    lock().settle(token, report, &keys, policy)
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
