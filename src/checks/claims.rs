//! The claims, checked as API Gateway's JWT authorizer does: times with leeway, exact
//! issuer, audience (or Cognito's client_id), scopes, subject, required claims.

use super::{Policy, Report, Status};
use crate::claims::{numeric_date, strings, type_errors};
use crate::timefmt::{format_rfc3339, human_duration, relative};
use serde_json::{Map, Value};

fn quoted_list(items: &[&str]) -> String {
    match items {
        [one] => format!("{one:?}"),
        many => format!("{many:?}"),
    }
}

fn differs_by_trailing_slash(a: &str, b: &str) -> bool {
    a != b && a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// The claims the checks read, found in one pass over the token's claims: `Map::get` hashes
/// its key each time, and in a batch that was most of the claim checks' cost.
#[derive(Default)]
struct Registered<'a> {
    exp: Option<&'a Value>,
    nbf: Option<&'a Value>,
    iat: Option<&'a Value>,
    iss: Option<&'a Value>,
    sub: Option<&'a Value>,
    aud: Option<&'a Value>,
    client_id: Option<&'a Value>,
    scope: Option<&'a Value>,
    scp: Option<&'a Value>,
}

impl<'a> Registered<'a> {
    fn of(claims: &'a Map<String, Value>) -> Self {
        let mut reg = Registered::default();
        for (name, value) in claims {
            let slot = match name.as_str() {
                "exp" => &mut reg.exp,
                "nbf" => &mut reg.nbf,
                "iat" => &mut reg.iat,
                "iss" => &mut reg.iss,
                "sub" => &mut reg.sub,
                "aud" => &mut reg.aud,
                "client_id" => &mut reg.client_id,
                "scope" => &mut reg.scope,
                "scp" => &mut reg.scp,
                _ => continue,
            };
            *slot = Some(value);
        }
        reg
    }
}

pub(super) fn check(r: &mut Report, claims: &Map<String, Value>, p: &Policy) {
    let type_errors = type_errors(claims);
    if type_errors.is_empty() {
        r.pass("claims", || "registered claims have their RFC 7519 types".into());
    }
    for (_, message) in type_errors {
        r.push("claims", Status::Fail, message);
    }
    let before = r.checks.len();
    let reg = Registered::of(claims);
    check_times(r, &reg, p);
    check_iss(r, &reg, p);
    check_aud(r, &reg, p);
    check_scope(r, &reg, p);
    check_sub(r, &reg, p);
    check_required(r, claims, p);
    // --ignore: the check ran (cheap), but its verdict is replaced by "skipped", so --explain
    // still shows what it would have said.
    for c in &mut r.checks[before..] {
        if p.ignore.iter().any(|i| i == c.name) {
            let said = match c.status {
                Status::Fail => format!(" (it would fail: {})", c.detail),
                _ => String::new(),
            };
            c.status = Status::Skip;
            c.detail = format!("ignored (--ignore {}){said}", c.name).into();
        }
    }
}

/// exp, nbf and iat against the clock, with leeway; a missing exp is a warning unless required.
fn check_times(r: &mut Report, claims: &Registered, p: &Policy) {
    let now = p.now;
    // Relative to the time the checks use: the clock ("in 59m", "3h ago"), or --at ("59m
    // after --at"), so a time in a message never reads as if measured from today.
    let rel = |t: i64| match (p.fixed_time, t.cmp(&now)) {
        (false, _) => relative(t, now),
        (true, std::cmp::Ordering::Equal) => "at --at".to_string(),
        (true, std::cmp::Ordering::Greater) => format!("{} after --at", human_duration(t - now)),
        (true, std::cmp::Ordering::Less) => format!("{} before --at", human_duration(now - t)),
    };
    let when = |t: i64| format!("{} ({})", format_rfc3339(t), rel(t));

    match claims.exp.map(|v| numeric_date(Some(v))) {
        None if p.require.iter().any(|c| c == "exp") => {
            r.push("exp", Status::Fail, "exp missing (required by --require exp)")
        }
        None => r.push("exp", Status::Warn, "the token has no exp: it never expires"),
        Some(None) => r.push("exp", Status::Skip, "not checked: exp is not a number"),
        Some(Some(exp)) if now >= exp.saturating_add(p.leeway) => r.push(
            "exp",
            Status::Fail,
            format!(
                "token expired {} {} (exp {}); --leeway allows clock skew, --ignore exp checks the rest",
                human_duration(now - exp),
                if p.fixed_time { "before --at" } else { "ago" },
                format_rfc3339(exp)
            ),
        ),
        Some(Some(exp)) => r.pass("exp", || format!("expires {}", when(exp))),
    }
    match claims.nbf.map(|v| numeric_date(Some(v))) {
        None => r.push("nbf", Status::Skip, "not checked: the token has no nbf"),
        Some(None) => r.push("nbf", Status::Skip, "not checked: nbf is not a number"),
        Some(Some(nbf)) if now.saturating_add(p.leeway) < nbf => r.push(
            "nbf",
            Status::Fail,
            format!(
                "token not valid yet: nbf {}; --leeway allows clock skew, --ignore nbf checks the rest",
                when(nbf)
            ),
        ),
        Some(Some(nbf)) => r.pass("nbf", || format!("valid since {}", when(nbf))),
    }
    match claims.iat.map(|v| numeric_date(Some(v))) {
        None => r.push("iat", Status::Skip, "not checked: the token has no iat"),
        Some(None) => r.push("iat", Status::Skip, "not checked: iat is not a number"),
        Some(Some(iat)) if iat > now.saturating_add(p.leeway) => r.push(
            "iat",
            Status::Fail,
            format!("iat is in the future: {}; check the issuer's clock or use --leeway", when(iat)),
        ),
        Some(Some(iat)) => r.pass("iat", || format!("issued {}", when(iat))),
    }
}

/// Exact string comparison, as gateways do; a trailing-slash difference is named as such.
fn check_iss(r: &mut Report, claims: &Registered, p: &Policy) {
    let token_iss = claims.iss.and_then(Value::as_str);
    match (&p.iss, token_iss) {
        (None, Some(iss)) => r.skip("iss", || format!("not checked (token has {iss:?}); pass --iss")),
        (None, None) => r.push("iss", Status::Skip, "not checked: no --iss and the token has no iss"),
        (Some(want), None) => r.push("iss", Status::Fail, format!("iss missing, expected {want:?}")),
        (Some(want), Some(iss)) if iss == want => r.pass("iss", || format!("{iss:?}")),
        (Some(want), Some(iss)) => {
            let slash = if differs_by_trailing_slash(iss, want) {
                " (trailing slash: Auth0 issuers end in /, Cognito's do not; issuers compare exactly)"
            } else {
                ""
            };
            r.push("iss", Status::Fail, format!("iss mismatch{slash}: token has {iss:?}, expected {want:?}"))
        }
    }
}

/// Every --scope (or, like API Gateway, any one of them) must appear in `scope` (space
/// separated) or `scp` (string or array). RFC 6749 §3.3 separates scopes by U+0020 only: a
/// no-break space or tab is part of a scope, not a separator.
fn check_scope(r: &mut Report, claims: &Registered, p: &Policy) {
    if p.scope.is_empty() {
        r.push("scope", Status::Skip, "not checked: no --scope");
    } else {
        let mut have: Vec<&str> = scopes(claims.scope.and_then(Value::as_str).unwrap_or("")).collect();
        match claims.scp {
            Some(Value::String(s)) => have.extend(scopes(s)),
            other => have.extend(strings(other)),
        }
        let missing: Vec<&str> = p.scope.iter().map(String::as_str).filter(|s| !have.contains(s)).collect();
        let token_has = if have.is_empty() {
            "the token has no scope or scp".to_string()
        } else {
            format!("token has {:?}", have.join(" "))
        };
        if p.scope_any && missing.len() == p.scope.len() {
            r.push("scope", Status::Fail, format!("none of the scopes {:?}: {token_has}", p.scope));
        } else if p.scope_any || missing.is_empty() {
            r.pass("scope", || format!("{:?}", have.join(" ")));
        } else {
            for s in missing {
                r.push("scope", Status::Fail, format!("missing scope {s:?}: {token_has}"));
            }
        }
    }
}

fn scopes(list: &str) -> impl Iterator<Item = &str> {
    list.split(' ').filter(|s| !s.is_empty())
}

fn check_sub(r: &mut Report, claims: &Registered, p: &Policy) {
    let token_sub = claims.sub.and_then(Value::as_str);
    match (&p.sub, token_sub) {
        (None, _) => r.push("sub", Status::Skip, "not checked: no --sub"),
        (Some(want), Some(sub)) if sub == want => r.pass("sub", || format!("{sub:?}")),
        (Some(want), Some(sub)) => {
            r.push("sub", Status::Fail, format!("sub mismatch: token has {sub:?}, expected {want:?}"))
        }
        (Some(want), None) => r.push("sub", Status::Fail, format!("sub missing, expected {want:?}")),
    }
}

fn check_required(r: &mut Report, claims: &Map<String, Value>, p: &Policy) {
    if p.require.is_empty() {
        r.push("require", Status::Skip, "not checked: no --require");
    } else {
        let missing: Vec<&String> = p.require.iter().filter(|c| !claims.contains_key(c.as_str())).collect();
        if missing.is_empty() {
            r.pass("require", || format!("present: {}", p.require.join(", ")));
        }
        for claim in missing {
            r.push("require", Status::Fail, format!("required claim {claim:?} is missing"));
        }
    }
}

/// API Gateway's rule: `aud` when the token has one, else `client_id` (Cognito access tokens).
fn check_aud(r: &mut Report, claims: &Registered, p: &Policy) {
    let token_aud = strings(claims.aud);
    let client_id = claims.client_id.and_then(Value::as_str);
    let want: Vec<&str> = p.aud.iter().map(String::as_str).collect();
    if want.is_empty() {
        r.skip("aud", || match (token_aud.is_empty(), client_id) {
            (false, _) => format!("not checked (token has {}); pass --aud", quoted_list(&token_aud)),
            (true, Some(id)) => format!("not checked (no aud; client_id {id:?}); pass --aud"),
            (true, None) => "not checked: no --aud and the token has no aud".into(),
        });
        return;
    }
    let expected = if want.len() == 1 { format!("{:?}", want[0]) } else { format!("one of {want:?}") };
    if claims.aud.is_none() {
        match client_id {
            Some(id) if want.contains(&id) => r.pass("aud", || format!("token has no aud; client_id {id:?} accepted (as API Gateway does for Cognito access tokens)")),
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
        r.pass("aud", || format!("{hit:?} accepted"));
        return;
    }
    let slash = token_aud.iter().any(|a| want.iter().any(|w| differs_by_trailing_slash(a, w)));
    let slash = if slash { " (trailing slash)" } else { "" };
    r.push(
        "aud",
        Status::Fail,
        format!("aud mismatch{slash}: token has {}, expected {expected}", quoted_list(&token_aud)),
    );
}
