//! A JWK Set on the web (a `--jwks URL`, or an issuer's `jwks_uri`), cached with a TTL, and
//! fetched again at most once per cooldown when a token names a kid the set lacks (key
//! rotation) — so a stream of tokens with made-up kids cannot hammer the server.

use crate::cache;
use crate::error::{Error, Result};
use crate::http::Http;
use crate::keys::{self, JwkEntry};
use std::time::Duration;

pub struct RemoteJwks {
    pub url: String,
    http: Option<Http>,
    timeout: Duration,
    allow_http: bool,
    ttl: i64,
    cooldown: i64,
    fetched_at: Option<i64>,
}

impl RemoteJwks {
    pub fn new(url: String, timeout: Duration, allow_http: bool, ttl: i64, cooldown: i64) -> RemoteJwks {
        RemoteJwks { url, http: None, timeout, allow_http, ttl, cooldown, fetched_at: None }
    }

    /// An HTTP client only when the network is needed: a cache hit costs no TLS set-up.
    pub fn http(&mut self) -> Result<&Http> {
        if self.http.is_none() {
            self.http = Some(Http::new(self.timeout, self.allow_http)?);
        }
        Ok(self.http.as_ref().expect("just set"))
    }

    /// The set, from the cache while younger than the TTL, else from the server.
    pub fn load(&mut self, now: i64) -> Result<Vec<JwkEntry>> {
        if let Some((text, fetched_at)) = cache::doc_get(&self.url) {
            if now - fetched_at < self.ttl {
                if let Ok(entries) = keys::parse_jwks(&text) {
                    self.fetched_at = Some(fetched_at);
                    return Ok(entries);
                }
            }
        }
        self.fetch(now)
    }

    /// After an unknown kid: the set again, unless it was fetched within the cooldown.
    pub fn refetch(&mut self, now: i64) -> Result<Option<Vec<JwkEntry>>> {
        let last = self.fetched_at.or_else(|| cache::doc_get(&self.url).map(|(_, at)| at));
        if last.is_some_and(|at| now - at < self.cooldown) {
            return Ok(None);
        }
        self.fetch(now).map(Some)
    }

    fn fetch(&mut self, now: i64) -> Result<Vec<JwkEntry>> {
        let url = self.url.clone();
        let body = crate::oidc::get(self.http()?, &url)?;
        let text = String::from_utf8(body).map_err(|_| Error::remote(format!("{url} is not UTF-8 text")))?;
        let entries = keys::parse_jwks(&text)
            .map_err(|e| Error::remote(format!("{url}: not a usable JWK Set: {e}")))?;
        if let Err(e) = cache::doc_put(&url, &text, now) {
            crate::output::warn(&format!("the JWK Set was not cached: {e}"));
        }
        self.fetched_at = Some(now);
        Ok(entries)
    }
}
