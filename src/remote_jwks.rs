//! A JWK Set on the web (a `--jwks URL`, or an issuer's `jwks_uri`), cached with a TTL, and
//! fetched again when a token names a kid the set lacks (key rotation). The cooldown counts
//! from the last refetch that did NOT find the kid (aws-jwt-verify's "penalty box"): a key
//! rotated in right after a cached fetch is picked up at once, while a stream of tokens with
//! made-up kids costs at most one request per cooldown — across processes too, since the
//! penalty is kept in the cache beside the set.

use crate::cache;
use crate::checks::Report;
use crate::error::{Error, Result};
use crate::http::Http;
use crate::keys::{self, JwkEntry};
use crate::timefmt::{format_rfc3339, human_duration};
use std::time::Duration;

pub struct RemoteJwks {
    pub url: String,
    http: Option<Http>,
    timeout: Duration,
    allow_http: bool,
    ttl: i64,
    cooldown: i64,
    /// When this process fetched the set: a first unknown kid right after it needs no second
    /// request, the fetch already was the attempt.
    fetched_here: Option<i64>,
    /// The last refetch that did not find the kid it was made for.
    penalty_at: Option<i64>,
}

impl RemoteJwks {
    pub fn new(url: String, timeout: Duration, allow_http: bool, ttl: i64, cooldown: i64) -> RemoteJwks {
        RemoteJwks {
            url,
            http: None,
            timeout,
            allow_http,
            ttl,
            cooldown,
            fetched_here: None,
            penalty_at: None,
        }
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
        if let Some((text, fetched_at)) = cache::doc_get(&self.url)? {
            if now - fetched_at < self.ttl {
                if let Ok(entries) = parse(&text) {
                    return Ok(entries);
                }
            }
        }
        self.fetch(now)
    }

    /// After an unknown kid: the set again, unless a refetch within the cooldown already
    /// failed to find a kid; then the report's kid check says so and when the next is allowed.
    pub fn refetch(&mut self, now: i64, report: &mut Report) -> Result<Option<Vec<JwkEntry>>> {
        let header = report.header();
        let kid = header.as_ref().and_then(|h| h.get("kid")).and_then(|k| k.as_str());
        let kid = kid.unwrap_or_default().to_string();
        if let Some(at) = self.fetched_here.take() {
            self.penalize(at);
        }
        let penalty = match self.penalty_at {
            Some(at) => Some(at),
            None => cache::doc_get(&penalty_key(&self.url))?.map(|(_, at)| at),
        };
        if let Some(at) = penalty.filter(|at| now - at < self.cooldown) {
            let next = at + self.cooldown;
            report.amend(
                "kid",
                &format!(
                    "; not fetched again: a fetch {} ago already missed a kid; next refetch allowed at {} \
                     (in {}; --jwks-cooldown)",
                    human_duration(now - at),
                    format_rfc3339(next),
                    human_duration(next - now)
                ),
            );
            return Ok(None);
        }
        // A key server that is down did not find the kid either: without the penalty, every
        // later token of a batch would wait out its own --timeout on the same dead server.
        let entries = self.fetch(now).inspect_err(|_| self.penalize(now))?;
        self.fetched_here = None;
        if entries.iter().any(|e| e.kid.as_deref() == Some(kid.as_str())) {
            self.penalty_at = None;
        } else {
            self.penalize(now);
        }
        Ok(Some(entries))
    }

    fn penalize(&mut self, at: i64) {
        self.penalty_at = Some(at);
        // Best effort: without it, each process still refetches at most once.
        let _ = cache::doc_put(&penalty_key(&self.url), "", at);
    }

    fn fetch(&mut self, now: i64) -> Result<Vec<JwkEntry>> {
        let url = self.url.clone();
        let body = crate::oidc::get(self.http()?, &url)?;
        let text = String::from_utf8(body).map_err(|_| Error::remote(format!("{url} is not UTF-8 text")))?;
        let entries = parse(&text).map_err(|e| Error::remote(format!("{url}: not a usable JWK Set: {e}")))?;
        if let Err(e) = cache::doc_put(&url, &text, now) {
            crate::output::warn(&format!("the JWK Set was not cached: {e}"));
        }
        self.fetched_here = Some(now);
        Ok(entries)
    }
}

/// A set from a URL is public: its symmetric keys never verify anything.
fn parse(text: &str) -> std::result::Result<Vec<JwkEntry>, String> {
    let mut entries = keys::parse_jwks(text)?;
    keys::refuse_symmetric(&mut entries);
    Ok(entries)
}

/// The cache entry recording the last refetch that did not find a kid. Not a URL, so no
/// document can share it.
fn penalty_key(url: &str) -> String {
    format!("tok-unknown-kid-penalty {url}")
}
