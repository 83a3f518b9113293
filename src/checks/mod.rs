//! Verifying a token as an API gateway would: every check runs and is recorded, so a user
//! sees all the reasons a gateway would answer 401, not just the first.

mod claims;
mod key;

use crate::jws::{Alg, VerifyKey};
use crate::keys::JwkEntry;
use crate::token;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// What the caller expects of a token.
#[derive(Clone, Default)]
pub struct Policy {
    /// `--alg`: narrows what the key allows; empty = everything the key's type allows.
    pub algs: Vec<Alg>,
    pub iss: Option<String>,
    pub aud: Vec<String>,
    pub scope: Vec<String>,
    /// Any one of `scope` suffices (API Gateway's route scopes), instead of all.
    pub scope_any: bool,
    pub sub: Option<String>,
    pub require: Vec<String>,
    /// `--ignore`: claim checks reported as skipped instead of run.
    pub ignore: Vec<String>,
    pub leeway: i64,
    pub now: i64,
    /// `now` is `--at`, not the clock: relative times in messages say "before/after --at".
    pub fixed_time: bool,
    /// Work out the details of passed checks too (for --explain).
    pub details: bool,
    /// A token must name its key by kid even when the set holds one key (API Gateway).
    pub require_kid: bool,
    /// The user named no key (tok used the keyring): an HS* token then means a missing
    /// secret far more often than an attack, and the message says so.
    pub default_keys: bool,
    /// `--insecure`: accept an oct JWK shorter than its algorithm's hash (legacy tokens).
    pub insecure: bool,
}

/// The key(s) to check signatures with, parsed once.
#[allow(clippy::large_enum_variant)] // one instance per process
pub enum Keys {
    Single {
        key: VerifyKey,
        thumbprint: Option<String>,
        label: String,
    },
    /// A JWK Set or the keyring: chosen by kid; `fallback` serves tokens without one.
    Set {
        entries: Vec<JwkEntry>,
        label: String,
        fallback: Option<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    /// Not checked: nothing was asked, or an earlier failure made it impossible.
    Skip,
    /// Passed, but worth a warning (no exp, short HMAC secret).
    Warn,
}

pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub detail: Cow<'static, str>,
}

#[derive(Default)]
pub struct Report {
    /// The header segment of a token whose header could be read; as a map by `header()`.
    header_b64: Option<Box<str>>,
    pub claims: Option<Map<String, Value>>,
    pub checks: Vec<Check>,
    details: bool,
    /// The token named a kid the key set does not have (worth one refetch of a remote set).
    pub unknown_kid: bool,
}

impl Report {
    /// A passed check; its detail is only worked out when someone will read it (--explain),
    /// which keeps batch verification close to the speed of the RSA operation itself.
    fn pass(&mut self, name: &'static str, detail: impl FnOnce() -> String) {
        let detail = if self.details { Cow::Owned(detail()) } else { Cow::Borrowed("") };
        self.checks.push(Check { name, status: Status::Pass, detail });
    }

    /// A check not run: why, like a pass's detail, is only read with --explain, so a detail
    /// that needs formatting is only formatted then.
    fn skip(&mut self, name: &'static str, detail: impl FnOnce() -> String) {
        let detail = if self.details { Cow::Owned(detail()) } else { Cow::Borrowed("") };
        self.checks.push(Check { name, status: Status::Skip, detail });
    }

    fn push(&mut self, name: &'static str, status: Status, detail: impl Into<Cow<'static, str>>) {
        self.checks.push(Check { name, status, detail: detail.into() });
    }

    /// A report of one failed check, for input that never became a token.
    pub fn failed(name: &'static str, detail: String) -> Report {
        let mut r = Report::default();
        r.push(name, Status::Fail, detail);
        r
    }

    /// Add to the message of a failed check (e.g. why a key was not fetched again).
    pub fn amend(&mut self, name: &str, text: &str) {
        if let Some(c) = self.checks.iter_mut().find(|c| c.name == name && c.status == Status::Fail) {
            c.detail = Cow::Owned(format!("{}{text}", c.detail));
        }
    }

    /// The failed checks as `[{"check":…,"message":…}]`.
    pub fn errors_json(&self) -> serde_json::Value {
        self.with_status(Status::Fail)
            .map(|c| serde_json::json!({"check": c.name, "message": c.detail}))
            .collect()
    }

    /// The header as a map: read again from its segment, since most reports are never asked.
    pub fn header(&self) -> Option<Map<String, Value>> {
        token::json_object(self.header_b64.as_deref()?, "header").ok()?.ok()
    }

    pub fn valid(&self) -> bool {
        !self.checks.iter().any(|c| c.status == Status::Fail)
    }

    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(move |c| c.status == status)
    }
}

/// Signatures already found good: consulted instead of the signature operation for the same
/// token and key, and told of each one found good. Every other check still runs.
pub trait SignatureMemo {
    fn verified(&self, token: &str, key: &VerifyKey) -> bool;
    fn remember(&self, token: &str, key: &VerifyKey);
}

pub fn verify(token_text: &str, keys: &Keys, policy: &Policy) -> Report {
    verify_memo(token_text, keys, policy, None)
}

/// [`verify`], skipping the signature operation for a token `memo` has seen verified.
pub fn verify_memo(
    token_text: &str,
    keys: &Keys,
    policy: &Policy,
    memo: Option<&dyn SignatureMemo>,
) -> Report {
    let mut r = Report { checks: Vec::with_capacity(16), details: policy.details, ..Report::default() };
    let read = token::segments(token_text).and_then(|s| Ok((key::Header::read(s.header_b64)?, s)));
    let (header, segments) = match read {
        Ok(read) => read,
        Err(e) => {
            r.push("format", Status::Fail, e);
            return r;
        }
    };
    let token::Segments { header_b64, payload_b64, signing_input, signature_b64 } = segments;
    // A payload that is not base64url ends the checks, as a header that is not; one that is
    // not a JSON object still lets the header and signature be checked.
    let claims = match token::json_object(payload_b64, "payload") {
        Ok(Ok(claims)) => {
            r.pass("format", || "3 segments; header and payload are JSON objects".into());
            Some(claims)
        }
        Ok(Err(e)) => {
            r.push("format", Status::Fail, e);
            None
        }
        Err(e) => {
            r.push("format", Status::Fail, e);
            return r;
        }
    };
    let alg = key::header_alg(&mut r, &header);
    key::check_crit(&mut r, &header);
    let selected = key::select_key(&mut r, keys, &header, alg, policy);
    match (alg, selected) {
        (Some(alg), Some(key)) if key::alg_allowed(&mut r, alg, key, policy) => {
            let known = memo.is_some_and(|m| m.verified(token_text, key));
            let outcome =
                if known { Ok(()) } else { key.verify(alg, signing_input.as_bytes(), signature_b64) };
            match outcome {
                Ok(()) => {
                    if let (false, Some(memo)) = (known, memo) {
                        memo.remember(token_text, key);
                    }
                    r.pass("signature", || format!("{} with {}", alg.name(), key.describe()))
                }
                Err(e) => r.push("signature", Status::Fail, format!("{e}{}", kid_hint(keys, header.kid()))),
            }
            if let Some(len) = key.secret_len().filter(|&len| len < alg.hmac_min_len()) {
                r.push(
                    "secret",
                    Status::Warn,
                    format!(
                        "the HMAC secret is {len} bytes, shorter than the {} RFC 7518 §3.2 asks for {}; \
                         accepted for checking a legacy token",
                        alg.hmac_min_len(),
                        alg.name()
                    ),
                );
            }
        }
        _ => r.push("signature", Status::Skip, "not checked: no usable key and algorithm"),
    }
    match &claims {
        Some(claims) => claims::check(&mut r, claims, policy),
        None => r.push("claims", Status::Skip, "not checked: the payload could not be read"),
    }
    r.header_b64 = Some(header_b64.into());
    r.claims = claims;
    r
}

/// When a given key fails, say so if the token names a different key.
fn kid_hint(keys: &Keys, kid: Option<&str>) -> String {
    match (keys, kid) {
        (Keys::Single { thumbprint: Some(t), .. }, Some(kid)) if kid != t => {
            format!("; the token's kid {kid:?} is not this key's thumbprint {t:?}: signed by another key?")
        }
        _ => String::new(),
    }
}
