//! Verifying a token as an API gateway would: every check runs and is recorded, so a user
//! sees all the reasons a gateway would answer 401, not just the first.

use crate::claims::{numeric_date, strings, type_errors};
use crate::jws::{Alg, Family, VerifyKey};
use crate::keys::JwkEntry;
use crate::timefmt::{format_rfc3339, human_duration, relative};
use crate::token;
use serde_json::{Map, Value};

/// What the caller expects of a token.
#[derive(Default)]
pub struct Policy {
    /// `--alg`: narrows what the key allows; empty = everything the key's type allows.
    pub algs: Vec<Alg>,
    pub iss: Option<String>,
    pub aud: Vec<String>,
    pub scope: Vec<String>,
    pub sub: Option<String>,
    pub require: Vec<String>,
    pub leeway: i64,
    pub now: i64,
}

/// The key(s) to check signatures with, parsed once.
#[allow(clippy::large_enum_variant)] // one instance per process
pub enum Keys {
    Single {
        key: VerifyKey,
        thumbprint: Option<String>,
        label: String,
    },
    Set {
        entries: Vec<JwkEntry>,
        label: String,
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
    pub detail: String,
}

#[derive(Default)]
pub struct Report {
    pub header: Option<Map<String, Value>>,
    pub claims: Option<Map<String, Value>>,
    pub checks: Vec<Check>,
}

impl Report {
    fn push(&mut self, name: &'static str, status: Status, detail: impl Into<String>) {
        self.checks.push(Check {
            name,
            status,
            detail: detail.into(),
        });
    }

    pub fn valid(&self) -> bool {
        !self.checks.iter().any(|c| c.status == Status::Fail)
    }

    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(move |c| c.status == status)
    }
}

pub fn verify(token_text: &str, keys: &Keys, policy: &Policy) -> Report {
    let mut r = Report::default();
    let parts = match token::split(token_text) {
        Ok(parts) => parts,
        Err(e) => {
            r.push("format", Status::Fail, e);
            return r;
        }
    };
    r.header = Some(parts.header.clone());
    match &parts.claims {
        Ok(claims) => {
            r.push(
                "format",
                Status::Pass,
                "3 segments; header and payload are JSON objects",
            );
            r.claims = Some(claims.clone());
        }
        Err(e) => r.push("format", Status::Fail, e.clone()),
    }
    let header = &parts.header;
    let alg = header_alg(&mut r, header);
    check_crit(&mut r, header);
    let selected = select_key(&mut r, keys, header, alg);
    match (alg, selected) {
        (Some(alg), Some(key)) if alg_allowed(&mut r, alg, key, policy) => {
            let kid_hint = match keys {
                Keys::Single { thumbprint: Some(t), .. } => match header.get("kid").and_then(Value::as_str) {
                    Some(kid) if kid != t => format!(
                        "; the token's kid {kid:?} is not this key's thumbprint {t:?}: signed by another key?"
                    ),
                    _ => String::new(),
                },
                _ => String::new(),
            };
            match key.verify(alg, parts.signing_input.as_bytes(), parts.signature_b64) {
                Ok(()) => r.push(
                    "signature",
                    Status::Pass,
                    format!("{} with {}", alg.name(), key.describe()),
                ),
                Err(e) => r.push("signature", Status::Fail, format!("{e}{kid_hint}")),
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
        _ => r.push(
            "signature",
            Status::Skip,
            "not checked: no usable key and algorithm",
        ),
    }
    match r.claims.take() {
        Some(claims) => {
            check_claims(&mut r, &claims, policy);
            r.claims = Some(claims);
        }
        None => r.push(
            "claims",
            Status::Skip,
            "not checked: the payload could not be read",
        ),
    }
    r
}

fn header_alg(r: &mut Report, header: &Map<String, Value>) -> Option<Alg> {
    let name = match header.get("alg") {
        Some(Value::String(name)) => name,
        Some(other) => {
            r.push(
                "alg",
                Status::Fail,
                format!("header alg must be a string, found {}", token::kind(other)),
            );
            return None;
        }
        None => {
            r.push("alg", Status::Fail, "the header has no alg");
            return None;
        }
    };
    if name.eq_ignore_ascii_case("none") {
        r.push(
            "alg",
            Status::Fail,
            "alg \"none\" (an unsigned token) is never accepted",
        );
        return None;
    }
    let alg = Alg::from_name(name);
    if alg.is_none() {
        r.push(
            "alg",
            Status::Fail,
            format!("alg {name:?} is not supported; tok verifies HS256/384/512, RS256/384/512 and PS256/384/512"),
        );
    }
    alg
}

fn check_crit(r: &mut Report, header: &Map<String, Value>) {
    // tok implements no JWS extensions, so any critical one must be refused (RFC 7515 §4.1.11).
    match header.get("crit") {
        None => {}
        Some(Value::Array(names)) if !names.is_empty() => {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            r.push(
                "crit",
                Status::Fail,
                format!(
                    "the header marks [{}] as critical, which tok does not understand",
                    names.join(", ")
                ),
            );
        }
        Some(_) => r.push(
            "crit",
            Status::Fail,
            "header crit must be a non-empty array of names",
        ),
    }
}

fn select_key<'k>(
    r: &mut Report,
    keys: &'k Keys,
    header: &Map<String, Value>,
    alg: Option<Alg>,
) -> Option<&'k VerifyKey> {
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(kid)) => Some(kid.as_str()),
        Some(other) => {
            r.push(
                "kid",
                Status::Fail,
                format!("header kid must be a string, found {}", token::kind(other)),
            );
            return None;
        }
    };
    match keys {
        Keys::Single {
            key,
            thumbprint,
            label,
        } => {
            match (kid, thumbprint) {
                (Some(kid), Some(t)) if kid == t => r.push(
                    "kid",
                    Status::Pass,
                    format!("{kid} is the thumbprint of {label}"),
                ),
                (Some(kid), _) => r.push(
                    "kid",
                    Status::Skip,
                    format!("not compared: token kid {kid:?}; the key was given ({label})"),
                ),
                (None, _) => r.push(
                    "kid",
                    Status::Skip,
                    format!("token has no kid; using {label}"),
                ),
            }
            Some(key)
        }
        Keys::Set { entries, label } => select_from_set(r, entries, label, kid, alg),
    }
}

fn select_from_set<'k>(
    r: &mut Report,
    entries: &'k [JwkEntry],
    label: &str,
    kid: Option<&str>,
    alg: Option<Alg>,
) -> Option<&'k VerifyKey> {
    let candidates: Vec<&JwkEntry> = match kid {
        Some(kid) => entries
            .iter()
            .filter(|e| e.kid.as_deref() == Some(kid))
            .collect(),
        None => entries.iter().collect(),
    };
    let entry = match (kid, candidates.as_slice()) {
        (_, [one]) => *one,
        (Some(kid), []) => {
            let known: Vec<String> = entries
                .iter()
                .filter_map(|e| e.kid.as_ref())
                .map(|k| format!("{k:?}"))
                .collect();
            let known = if known.is_empty() {
                "no kids".to_string()
            } else {
                known.join(", ")
            };
            r.push(
                "kid",
                Status::Fail,
                format!("unknown kid {kid:?}: {label} has {known}"),
            );
            return None;
        }
        (Some(kid), many) => {
            // Several keys share a kid (e.g. one per alg): take the one made for this alg.
            match many.iter().find(|e| e.alg.as_deref() == alg.map(Alg::name)) {
                Some(e) => *e,
                None => {
                    r.push(
                        "kid",
                        Status::Fail,
                        format!("{} keys in {label} share kid {kid:?}", many.len()),
                    );
                    return None;
                }
            }
        }
        (None, _) => {
            r.push(
                "kid",
                Status::Fail,
                format!(
                    "token has no kid and {label} holds {} keys: cannot choose",
                    entries.len()
                ),
            );
            return None;
        }
    };
    let name = entry
        .kid
        .as_deref()
        .map(|k| format!("key {k:?}"))
        .unwrap_or_else(|| "the key".into());
    let problem = jwk_problem(entry, alg);
    match (&entry.key, problem) {
        (_, Some(problem)) => {
            r.push("kid", Status::Fail, format!("{name} in {label}: {problem}"));
            None
        }
        (Some(key), None) => {
            r.push(
                "kid",
                Status::Pass,
                format!("{name} found in {label} ({})", key.describe()),
            );
            Some(key)
        }
        (None, None) => None,
    }
}

/// RFC 8725 §3.1: a JWK's kty, alg, use and key_ops must all agree with the token.
fn jwk_problem(entry: &JwkEntry, alg: Option<Alg>) -> Option<String> {
    if entry.key.is_none() {
        return Some(format!(
            "kty {:?} is not supported; tok verifies RSA and oct (HMAC) keys",
            entry.kty
        ));
    }
    if let Some(u) = entry.use_.as_deref().filter(|u| *u != "sig") {
        return Some(format!("use is {u:?}, not \"sig\""));
    }
    if let Some(ops) = entry
        .key_ops
        .as_ref()
        .filter(|ops| !ops.iter().any(|o| o == "verify"))
    {
        return Some(format!("key_ops {ops:?} does not include \"verify\""));
    }
    let alg = alg?;
    let kty_ok = match alg.family() {
        Family::Rsa => entry.kty == "RSA",
        Family::Hmac => entry.kty == "oct",
    };
    if !kty_ok {
        return Some(format!(
            "kty {:?} cannot verify a {} token",
            entry.kty,
            alg.name()
        ));
    }
    match entry.alg.as_deref() {
        Some(key_alg) if key_alg != alg.name() => Some(format!(
            "the key is for alg {key_alg:?} but the token says {}",
            alg.name()
        )),
        _ => None,
    }
}

fn alg_allowed(r: &mut Report, alg: Alg, key: &VerifyKey, policy: &Policy) -> bool {
    let allowed: Vec<Alg> = Alg::of_family(key.family())
        .filter(|a| policy.algs.is_empty() || policy.algs.contains(a))
        .collect();
    if allowed.contains(&alg) {
        let names: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
        r.push(
            "alg",
            Status::Pass,
            format!("{} (allowed: {})", alg.name(), names.join(", ")),
        );
        return true;
    }
    let detail = match (alg.family(), key.family()) {
        (Family::Hmac, Family::Rsa) => format!(
            "token says {} but the key is an RSA public key: refused (algorithm confusion, RFC 8725 §2.1)",
            alg.name()
        ),
        (Family::Rsa, Family::Hmac) => {
            format!("token says {} but the key is an HMAC secret: refused", alg.name())
        }
        _ => {
            let names: Vec<&str> = policy.algs.iter().map(|a| a.name()).collect();
            format!("alg {} is not allowed: --alg allows {}", alg.name(), names.join(", "))
        }
    };
    r.push("alg", Status::Fail, detail);
    false
}

fn quoted_list(items: &[&str]) -> String {
    match items {
        [one] => format!("{one:?}"),
        many => format!("{many:?}"),
    }
}

fn differs_by_trailing_slash(a: &str, b: &str) -> bool {
    a != b && a.trim_end_matches('/') == b.trim_end_matches('/')
}

fn check_claims(r: &mut Report, claims: &Map<String, Value>, p: &Policy) {
    let type_errors = type_errors(claims);
    if type_errors.is_empty() {
        r.push(
            "claims",
            Status::Pass,
            "registered claims have their RFC 7519 types",
        );
    }
    for (_, message) in type_errors {
        r.push("claims", Status::Fail, message);
    }
    let now = p.now;
    let when = |t: i64| format!("{} ({})", format_rfc3339(t), relative(t, now));

    match claims.get("exp").map(|v| numeric_date(Some(v))) {
        None if p.require.iter().any(|c| c == "exp") => r.push(
            "exp",
            Status::Fail,
            "exp missing (required by --require exp)",
        ),
        None => r.push(
            "exp",
            Status::Warn,
            "the token has no exp: it never expires",
        ),
        Some(None) => r.push("exp", Status::Skip, "not checked: exp is not a number"),
        Some(Some(exp)) if now >= exp.saturating_add(p.leeway) => r.push(
            "exp",
            Status::Fail,
            format!(
                "token expired {} ago (exp {})",
                human_duration(now - exp),
                format_rfc3339(exp)
            ),
        ),
        Some(Some(exp)) => r.push("exp", Status::Pass, format!("expires {}", when(exp))),
    }
    match claims.get("nbf").map(|v| numeric_date(Some(v))) {
        None => r.push("nbf", Status::Skip, "not checked: the token has no nbf"),
        Some(None) => r.push("nbf", Status::Skip, "not checked: nbf is not a number"),
        Some(Some(nbf)) if now.saturating_add(p.leeway) < nbf => r.push(
            "nbf",
            Status::Fail,
            format!(
                "token not valid yet: nbf {} (in {})",
                format_rfc3339(nbf),
                human_duration(nbf - now)
            ),
        ),
        Some(Some(nbf)) => r.push("nbf", Status::Pass, format!("valid since {}", when(nbf))),
    }
    match claims.get("iat").map(|v| numeric_date(Some(v))) {
        None => r.push("iat", Status::Skip, "not checked: the token has no iat"),
        Some(None) => r.push("iat", Status::Skip, "not checked: iat is not a number"),
        Some(Some(iat)) if iat > now.saturating_add(p.leeway) => r.push(
            "iat",
            Status::Fail,
            format!(
                "iat is in the future: {} ({} from now); check the issuer's clock or use --leeway",
                format_rfc3339(iat),
                human_duration(iat - now)
            ),
        ),
        Some(Some(iat)) => r.push("iat", Status::Pass, format!("issued {}", when(iat))),
    }

    let token_iss = claims.get("iss").and_then(Value::as_str);
    match (&p.iss, token_iss) {
        (None, Some(iss)) => r.push(
            "iss",
            Status::Skip,
            format!("not checked (token has {iss:?}); pass --iss"),
        ),
        (None, None) => r.push(
            "iss",
            Status::Skip,
            "not checked: no --iss and the token has no iss",
        ),
        (Some(want), None) => r.push(
            "iss",
            Status::Fail,
            format!("iss missing, expected {want:?}"),
        ),
        (Some(want), Some(iss)) if iss == want => r.push("iss", Status::Pass, format!("{iss:?}")),
        (Some(want), Some(iss)) => {
            let slash = if differs_by_trailing_slash(iss, want) {
                " (trailing slash: Auth0 issuers end in /, Cognito's do not; issuers compare exactly)"
            } else {
                ""
            };
            r.push(
                "iss",
                Status::Fail,
                format!("iss mismatch{slash}: token has {iss:?}, expected {want:?}"),
            )
        }
    }

    check_aud(r, claims, p);

    if p.scope.is_empty() {
        r.push("scope", Status::Skip, "not checked: no --scope");
    } else {
        let mut have: Vec<&str> = claims
            .get("scope")
            .and_then(Value::as_str)
            .unwrap_or("")
            .split_whitespace()
            .collect();
        match claims.get("scp") {
            Some(Value::String(s)) => have.extend(s.split_whitespace()),
            other => have.extend(strings(other)),
        }
        let missing: Vec<&str> = p
            .scope
            .iter()
            .map(String::as_str)
            .filter(|s| !have.contains(s))
            .collect();
        let token_has = if have.is_empty() {
            "the token has no scope or scp".to_string()
        } else {
            format!("token has {:?}", have.join(" "))
        };
        if missing.is_empty() {
            r.push("scope", Status::Pass, format!("{:?}", have.join(" ")));
        } else {
            for s in missing {
                r.push(
                    "scope",
                    Status::Fail,
                    format!("missing scope {s:?}: {token_has}"),
                );
            }
        }
    }

    let token_sub = claims.get("sub").and_then(Value::as_str);
    match (&p.sub, token_sub) {
        (None, _) => r.push("sub", Status::Skip, "not checked: no --sub"),
        (Some(want), Some(sub)) if sub == want => r.push("sub", Status::Pass, format!("{sub:?}")),
        (Some(want), Some(sub)) => r.push(
            "sub",
            Status::Fail,
            format!("sub mismatch: token has {sub:?}, expected {want:?}"),
        ),
        (Some(want), None) => r.push(
            "sub",
            Status::Fail,
            format!("sub missing, expected {want:?}"),
        ),
    }

    if p.require.is_empty() {
        r.push("require", Status::Skip, "not checked: no --require");
    } else {
        let missing: Vec<&String> = p
            .require
            .iter()
            .filter(|c| !claims.contains_key(c.as_str()))
            .collect();
        if missing.is_empty() {
            r.push(
                "require",
                Status::Pass,
                format!("present: {}", p.require.join(", ")),
            );
        }
        for claim in missing {
            r.push(
                "require",
                Status::Fail,
                format!("required claim {claim:?} is missing"),
            );
        }
    }
}

/// API Gateway's rule: `aud` when the token has one, else `client_id` (Cognito access tokens).
fn check_aud(r: &mut Report, claims: &Map<String, Value>, p: &Policy) {
    let token_aud = strings(claims.get("aud"));
    let client_id = claims.get("client_id").and_then(Value::as_str);
    let want: Vec<&str> = p.aud.iter().map(String::as_str).collect();
    if want.is_empty() {
        let detail = match (token_aud.is_empty(), client_id) {
            (false, _) => format!(
                "not checked (token has {}); pass --aud",
                quoted_list(&token_aud)
            ),
            (true, Some(id)) => format!("not checked (no aud; client_id {id:?}); pass --aud"),
            (true, None) => "not checked: no --aud and the token has no aud".into(),
        };
        r.push("aud", Status::Skip, detail);
        return;
    }
    let expected = if want.len() == 1 {
        format!("{:?}", want[0])
    } else {
        format!("one of {want:?}")
    };
    if !claims.contains_key("aud") {
        match client_id {
            Some(id) if want.contains(&id) => r.push(
                "aud",
                Status::Pass,
                format!("token has no aud; client_id {id:?} accepted (as API Gateway does for Cognito access tokens)"),
            ),
            Some(id) => r.push(
                "aud",
                Status::Fail,
                format!("client_id mismatch: token has no aud and client_id {id:?}, expected {expected}"),
            ),
            None => r.push("aud", Status::Fail, format!("aud missing (and no client_id), expected {expected}")),
        }
        return;
    }
    if let Some(hit) = token_aud.iter().find(|a| want.contains(a)) {
        r.push("aud", Status::Pass, format!("{hit:?} accepted"));
        return;
    }
    let slash = token_aud
        .iter()
        .any(|a| want.iter().any(|w| differs_by_trailing_slash(a, w)));
    let slash = if slash { " (trailing slash)" } else { "" };
    r.push(
        "aud",
        Status::Fail,
        format!(
            "aud mismatch{slash}: token has {}, expected {expected}",
            quoted_list(&token_aud)
        ),
    );
}
