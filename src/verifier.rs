//! Keys to verify with and where to fetch them again: what `tok verify` and `tok gateway`
//! share, so a rotated key is picked up (and a made-up kid refused) the same way in both.

use crate::checks::{self, Keys, Policy, Report, SignatureMemo};
use crate::error::Result;
use crate::http::Http;
use crate::jws::VerifyKey;
use crate::output;
use crate::remote_jwks::RemoteJwks;
use crate::timefmt;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

pub struct KeySource {
    /// Replaced (never changed in place) when fetched again, so a reader holding one keeps a
    /// consistent set while another thread refetches.
    keys: Arc<Keys>,
    /// Set when the keys came from a URL: fetched again on a kid the set lacks.
    remote: Option<RemoteJwks>,
    /// Tokens whose signature these keys already verified (a server sees the same token
    /// many times); None: every signature checked every time.
    verified: Option<Arc<SignatureCache>>,
}

impl KeySource {
    pub fn new(keys: Keys, remote: Option<RemoteJwks>) -> KeySource {
        KeySource { keys: Arc::new(keys), remote, verified: None }
    }

    /// Remember up to `capacity` tokens whose signature verified (see [`SignatureCache`]).
    pub fn with_signature_cache(mut self, capacity: usize) -> KeySource {
        self.verified = Some(Arc::new(SignatureCache::new(capacity)));
        self
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
            check(token, &self.keys, policy, self.verified.as_deref())
        };
        if let (true, Some(remote)) = (report.unknown_kid, self.remote.as_mut()) {
            if let Some(entries) = remote.refetch(timefmt::now(), &mut report)? {
                self.keys = Arc::new(Keys::Set { entries, label: remote.url.clone(), fallback: None });
                return Ok(check(token, &self.keys, policy, self.verified.as_deref()));
            }
        }
        Ok(report)
    }
}

fn check(token: &str, keys: &Arc<Keys>, policy: &Policy, verified: Option<&SignatureCache>) -> Report {
    match verified {
        Some(cache) => checks::verify_memo(token, keys, policy, Some(&ForKeys { cache, keys })),
        None => checks::verify(token, keys, policy),
    }
}

/// The tokens (the whole token, so a different signature over the same payload is checked
/// afresh) whose signature a key set verified. Tied to that key set: keys fetched again
/// (rotated) start it empty. It holds the signature's verdict only — expiry, issuer,
/// audience and scopes are checked every time — and only good signatures, so a flood of
/// forged tokens cannot fill it. Bounded: two generations of at most `capacity / 2` tokens,
/// the older dropped whole when the newer fills.
pub struct SignatureCache {
    capacity: usize,
    memo: Mutex<Memo>,
}

struct Memo {
    /// A Weak (not an address) so the key set's memory is never reused for another while
    /// the cache still names it.
    keys: Weak<Keys>,
    /// token → the address of the key in `keys` that verified it.
    newer: HashMap<Box<str>, usize>,
    older: HashMap<Box<str>, usize>,
}

/// A token longer than this is never remembered (a header this size is an attack or a
/// mistake, and it must not take the cache's memory).
const MAX_CACHED_TOKEN: usize = 8 * 1024;

impl SignatureCache {
    pub fn new(capacity: usize) -> SignatureCache {
        let memo = Memo { keys: Weak::new(), newer: HashMap::new(), older: HashMap::new() };
        SignatureCache { capacity: capacity.max(2), memo: Mutex::new(memo) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many tokens it holds now.
    #[cfg(test)]
    fn len(&self) -> usize {
        let memo = self.lock();
        memo.newer.len() + memo.older.len()
    }
}

fn address(key: &VerifyKey) -> usize {
    key as *const VerifyKey as usize
}

/// The cache seen from one key set.
struct ForKeys<'a> {
    cache: &'a SignatureCache,
    keys: &'a Arc<Keys>,
}

impl SignatureMemo for ForKeys<'_> {
    fn verified(&self, token: &str, key: &VerifyKey) -> bool {
        let memo = self.cache.lock();
        std::ptr::eq(memo.keys.as_ptr(), Arc::as_ptr(self.keys))
            && memo.newer.get(token).or_else(|| memo.older.get(token)) == Some(&address(key))
    }

    fn remember(&self, token: &str, key: &VerifyKey) {
        if token.len() > MAX_CACHED_TOKEN {
            return;
        }
        let mut memo = self.cache.lock();
        if !std::ptr::eq(memo.keys.as_ptr(), Arc::as_ptr(self.keys)) {
            // Another key set (fetched again): what the old one verified says nothing now. A
            // request still holding the old set only churns it back, never mixes the two.
            *memo = Memo { keys: Arc::downgrade(self.keys), newer: HashMap::new(), older: HashMap::new() };
        }
        if memo.newer.len() >= self.cache.capacity / 2 {
            memo.older = std::mem::take(&mut memo.newer);
        }
        memo.newer.insert(token.into(), address(key));
    }
}

/// For a server's many connections: the token checked without holding the lock, which is taken
/// only to settle a kid the keys lack.
pub fn verify_shared(source: &Mutex<KeySource>, token: &str, policy: &Policy) -> Result<Report> {
    let (keys, report) = verify_with_current(source, token, policy);
    if !report.unknown_kid {
        return Ok(report);
    }
    lock(source).settle(token, report, &keys, policy)
}

/// The verdict with the keys in hand, without blocking: None when the token names a kid they
/// lack, which only [`verify_shared`] can settle (it may fetch the keys again).
pub fn verify_in_hand(source: &Mutex<KeySource>, token: &str, policy: &Policy) -> Option<Report> {
    let (_, report) = verify_with_current(source, token, policy);
    (!report.unknown_kid).then_some(report)
}

fn verify_with_current(source: &Mutex<KeySource>, token: &str, policy: &Policy) -> (Arc<Keys>, Report) {
    let (keys, verified) = {
        let source = lock(source);
        (source.current(), source.verified.clone())
    };
    let report = check(token, &keys, policy, verified.as_deref());
    (keys, report)
}

fn lock(source: &Mutex<KeySource>) -> std::sync::MutexGuard<'_, KeySource> {
    source.lock().unwrap_or_else(PoisonError::into_inner)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jws::{Alg, Signer};
    use crate::secret::Secret;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-gateway";

    fn cached_source(capacity: usize) -> (Mutex<KeySource>, Arc<SignatureCache>) {
        let keys = Keys::Single {
            key: VerifyKey::hmac(Secret::from_bytes(SECRET.to_vec())),
            thumbprint: None,
            label: "s".into(),
        };
        let source = KeySource::new(keys, None).with_signature_cache(capacity);
        let cache = Arc::clone(source.verified.as_ref().unwrap());
        (Mutex::new(source), cache)
    }

    fn token(sub: usize) -> String {
        let signer = Signer::hmac(Alg::HS256, &Secret::from_bytes(SECRET.to_vec()));
        use base64::Engine;
        let header =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        signer.token(&header, format!(r#"{{"sub":"{sub}"}}"#).as_bytes()).unwrap()
    }

    #[test]
    fn the_cache_is_bounded_and_holds_good_signatures_only() {
        let (source, cache) = cached_source(8);
        let policy = Policy { now: 1_800_000_000, ..Policy::default() };
        for sub in 0..100 {
            let report = verify_shared(&source, &token(sub), &policy).unwrap();
            assert!(report.valid(), "{}", report.errors_json());
            assert!(cache.len() <= 8, "{} tokens held", cache.len());
        }
        assert!(cache.len() >= 4);
        let (source, cache) = cached_source(8);
        let good = token(1);
        let other = token(2);
        let forged = format!("{}.{}", good.rsplit_once('.').unwrap().0, other.rsplit_once('.').unwrap().1);
        assert!(!verify_shared(&source, &forged, &policy).unwrap().valid());
        assert_eq!(cache.len(), 0, "a bad signature is never remembered");
        assert!(verify_in_hand(&source, &good, &policy).unwrap().valid());
        assert!(verify_in_hand(&source, &good, &policy).unwrap().valid());
        assert_eq!(cache.len(), 1);
        assert!(!verify_shared(&source, &forged, &policy).unwrap().valid(), "the whole token is the key");
    }
}
