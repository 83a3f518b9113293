//! The header and the key: alg allow-list, crit, kid lookup, JWK constraints (RFC 8725 §3.1).

use super::{Keys, Policy, Report, Status};
use crate::jws::{Alg, Family, VerifyKey};
use crate::keys::JwkEntry;
use crate::token;
use serde_json::{Map, Value};

/// The header members the checks read. Every token has a header, but only `--json`,
/// `--explain` and an unknown kid's refetch need it as a map: a typed read of the three members
/// allocates two strings where the map took eight allocations and a hashed insert a member.
#[derive(Default, serde::Deserialize)]
pub(super) struct Header {
    #[serde(default, deserialize_with = "present")]
    alg: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    kid: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    crit: Option<Value>,
}

/// A member that is there, `null` included (`"alg": null` is a wrong alg, not a missing one).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    serde::Deserialize::deserialize(d).map(Some)
}

impl Header {
    /// The header segment read as the checks need it, or why it is not a header. A plain JSON
    /// object takes the typed read; anything else (an array, duplicate members) takes the map's
    /// path, so its meaning (the last duplicate wins) and its messages stay those of decode.
    pub(super) fn read(segment: &str) -> Result<Header, String> {
        token::with_decoded(segment, "header", |json| {
            let object = json.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
            match serde_json::from_slice::<Header>(json) {
                Ok(header) if object => Ok(header),
                _ => token::json_map(json, "header").map(|map| Header::of(&map)),
            }
        })?
    }

    fn of(header: &Map<String, Value>) -> Header {
        let get = |name: &str| header.get(name).cloned();
        Header { alg: get("alg"), kid: get("kid"), crit: get("crit") }
    }

    pub(super) fn kid(&self) -> Option<&str> {
        self.kid.as_ref().and_then(Value::as_str)
    }
}

pub(super) fn header_alg(r: &mut Report, header: &Header) -> Option<Alg> {
    let name = match &header.alg {
        Some(Value::String(name)) => name,
        Some(other) => {
            r.push("alg", Status::Fail, format!("header alg must be a string, found {}", token::kind(other)));
            return None;
        }
        None => {
            r.push("alg", Status::Fail, "the header has no alg");
            return None;
        }
    };
    if name.eq_ignore_ascii_case("none") {
        r.push("alg", Status::Fail, "alg \"none\" (an unsigned token) is never accepted");
        return None;
    }
    let alg = Alg::from_name(name);
    if alg.is_none() {
        r.push("alg", Status::Fail, format!("alg {name:?} is not supported; tok verifies {}", Alg::NAMES));
    }
    alg
}

pub(super) fn check_crit(r: &mut Report, header: &Header) {
    // tok implements no JWS extensions, so any critical one must be refused (RFC 7515 §4.1.11).
    match &header.crit {
        None => {}
        Some(Value::Array(names)) if !names.is_empty() => {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            r.push(
                "crit",
                Status::Fail,
                format!("the header marks [{}] as critical, which tok does not understand", names.join(", ")),
            );
        }
        Some(_) => r.push("crit", Status::Fail, "header crit must be a non-empty array of names"),
    }
}

pub(super) fn select_key<'k>(
    r: &mut Report,
    keys: &'k Keys,
    header: &Header,
    alg: Option<Alg>,
    policy: &Policy,
) -> Option<&'k VerifyKey> {
    let kid = match &header.kid {
        None => None,
        Some(Value::String(kid)) => Some(kid.as_str()),
        Some(other) => {
            r.push("kid", Status::Fail, format!("header kid must be a string, found {}", token::kind(other)));
            return None;
        }
    };
    match keys {
        Keys::Single { key, thumbprint, label } => {
            match (kid, thumbprint) {
                (Some(kid), Some(t)) if kid == t => {
                    r.pass("kid", || format!("{kid} is the thumbprint of {label}"))
                }
                (Some(kid), _) => {
                    r.skip("kid", || format!("not compared: token kid {kid:?}; the key was given ({label})"))
                }
                (None, _) => r.skip("kid", || format!("token has no kid; using {label}")),
            }
            Some(key)
        }
        Keys::Set { .. } if kid.is_none() && policy.require_kid => {
            r.push(
                "kid",
                Status::Fail,
                "token has no kid: API Gateway requires a kid that matches a key in the issuer's jwks_uri",
            );
            None
        }
        Keys::Set { entries, label, fallback } => {
            select_from_set(r, entries, label, *fallback, kid, alg, policy)
        }
    }
}

fn select_from_set<'k>(
    r: &mut Report,
    entries: &'k [JwkEntry],
    label: &str,
    fallback: Option<usize>,
    kid: Option<&str>,
    alg: Option<Alg>,
    policy: &Policy,
) -> Option<&'k VerifyKey> {
    let candidates: Vec<&JwkEntry> = match kid {
        Some(kid) => entries.iter().filter(|e| e.kid.as_deref() == Some(kid)).collect(),
        None => entries.iter().collect(),
    };
    let entry = match (kid, candidates.as_slice(), fallback.and_then(|i| entries.get(i))) {
        (None, _, Some(fallback)) => fallback,
        (_, [one], _) => *one,
        (Some(kid), [], _) => {
            let known: Vec<String> =
                entries.iter().filter_map(|e| e.kid.as_ref()).map(|k| format!("{k:?}")).collect();
            let known = if known.is_empty() { "no kids".to_string() } else { known.join(", ") };
            r.push("kid", Status::Fail, format!("unknown kid {kid:?}: {label} has {known}"));
            r.unknown_kid = true;
            return None;
        }
        (Some(kid), many, _) => {
            // Several keys share a kid (e.g. one per alg): take the one made for this alg.
            match many.iter().find(|e| e.alg.as_deref() == alg.map(Alg::name)) {
                Some(e) => *e,
                None => {
                    r.push("kid", Status::Fail, format!("{} keys in {label} share kid {kid:?}", many.len()));
                    return None;
                }
            }
        }
        (None, _, None) => {
            r.push(
                "kid",
                Status::Fail,
                format!("token has no kid and {label} holds {} keys: cannot choose", entries.len()),
            );
            return None;
        }
    };
    // Worked out only for a message someone reads: a passed check in a batch never is.
    let name = || entry.kid.as_deref().map(|k| format!("key {k:?}")).unwrap_or_else(|| "the key".into());
    let problem = jwk_problem(entry, alg, policy);
    match (&entry.key, problem) {
        (_, Some(problem)) => {
            r.push("kid", Status::Fail, format!("{} in {label}: {problem}", name()));
            None
        }
        (Some(key), None) => {
            r.pass("kid", || format!("{} found in {label} ({})", name(), key.describe()));
            Some(key)
        }
        (None, None) => None,
    }
}

/// RFC 8725 §3.1: a JWK's kty, alg, use and key_ops must all agree with the token.
fn jwk_problem(entry: &JwkEntry, alg: Option<Alg>, policy: &Policy) -> Option<String> {
    if let Some(refused) = &entry.refused {
        return Some(refused.clone());
    }
    let Some(key) = &entry.key else {
        return Some(format!(
            "kty {:?} is not supported; tok verifies RSA, EC, OKP (Ed25519) and oct (HMAC) keys",
            entry.kty
        ));
    };
    if let Some(u) = entry.use_.as_deref().filter(|u| *u != "sig") {
        return Some(format!("use is {u:?}, not \"sig\""));
    }
    if let Some(ops) = entry.key_ops.as_ref().filter(|ops| !ops.iter().any(|o| o == "verify")) {
        return Some(format!("key_ops {ops:?} does not include \"verify\""));
    }
    let alg = alg?;
    if let Some(mismatch) = key_mismatch(alg, key, policy) {
        return Some(format!("kty {:?}: {mismatch}", entry.kty));
    }
    if let Some(problem) = short_secret(key, alg, policy) {
        return Some(problem);
    }
    match entry.alg.as_deref() {
        Some(key_alg) if key_alg != alg.name() => {
            Some(format!("the key is for alg {key_alg:?} but the token says {}", alg.name()))
        }
        _ => None,
    }
}

/// RFC 7518 §3.2 for oct JWKs: an empty key is refused outright (it is no secret at all), a
/// short one unless --insecure (then the "secret" warning still says so).
fn short_secret(key: &VerifyKey, alg: Alg, policy: &Policy) -> Option<String> {
    let len = key.secret_len()?;
    if len == 0 {
        return Some("the oct key is empty: anyone can sign with it; refused (even with --insecure)".into());
    }
    (len < alg.hmac_min_len() && !policy.insecure).then(|| {
        format!(
            "the oct key is {len} bytes, shorter than the {} RFC 7518 §3.2 requires for {}; \
             pass --insecure to accept it for a legacy token",
            alg.hmac_min_len(),
            alg.name()
        )
    })
}

pub(super) fn alg_allowed(r: &mut Report, alg: Alg, key: &VerifyKey, policy: &Policy) -> bool {
    let allowed = |a: &Alg| key.allows(*a) && (policy.algs.is_empty() || policy.algs.contains(a));
    if allowed(&alg) {
        r.pass("alg", || {
            let names: Vec<&str> = Alg::ALL.iter().filter(|a| allowed(a)).map(|a| a.name()).collect();
            format!("{} (allowed: {})", alg.name(), names.join(", "))
        });
        return true;
    }
    let detail = key_mismatch(alg, key, policy).unwrap_or_else(|| {
        let names: Vec<&str> = policy.algs.iter().map(|a| a.name()).collect();
        if policy.require_kid {
            format!(
                "API Gateway's JWT authorizer accepts RSA algorithms only ({}); this token is {}",
                names.join(", "),
                alg.name()
            )
        } else {
            format!("alg {} is not allowed: --alg allows {}", alg.name(), names.join(", "))
        }
    });
    r.push("alg", Status::Fail, detail);
    false
}

/// An algorithm the key cannot check: of another family (the RFC 8725 §2.1 substitution
/// attack, unless the user named no key at all and a forgotten secret is likelier), or of
/// another curve.
fn key_mismatch(alg: Alg, key: &VerifyKey, policy: &Policy) -> Option<String> {
    if key.allows(alg) {
        return None;
    }
    let (name, what) = (alg.name(), key.describe());
    Some(match (alg.family(), key.family()) {
        (Family::Hmac, _) if policy.default_keys => format!(
            "token says {name} (an HMAC secret) but no secret was given, so tok tried the keyring's \
             public keys; pass the secret: --secret-file PATH, or TOK_SECRET=… with --alg {name}"
        ),
        (Family::Hmac, _) => {
            format!(
                "token says {name} but the key is an {what}: refused (algorithm confusion, RFC 8725 §2.1)"
            )
        }
        (_, Family::Hmac) => format!("token says {name} but the key is an HMAC secret: refused"),
        (Family::Ec, Family::Ec) => format!(
            "token says {name} but the key is an {what}, which checks {} only (RFC 7518 §3.4)",
            Alg::ALL.iter().find(|a| key.allows(**a)).map_or("", |a| a.name())
        ),
        _ => format!(
            "token says {name}, which needs {}, but the key is an {what}: refused",
            alg.family().name()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn read(json: &str) -> Result<Header, String> {
        Header::read(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json))
    }

    #[test]
    fn the_typed_header_read_means_what_the_map_means() {
        let h = read(r#"{"typ":"JWT","alg":"RS256","kid":"k1","x5c":["a"],"n":{"m":1}}"#).unwrap();
        assert_eq!((h.alg, h.kid, h.crit), (Some("RS256".into()), Some("k1".into()), None));
        // Present but null is a wrong member, not a missing one.
        let h = read(r#"{"alg":null,"kid":null}"#).unwrap();
        assert_eq!((h.alg, h.kid), (Some(Value::Null), Some(Value::Null)));
        // Duplicates: the map's meaning (the last wins), as decode shows it.
        assert_eq!(read(r#"{"alg":"none","alg":"RS256"}"#).unwrap().alg, Some("RS256".into()));
        // Not an object: a struct would read an array positionally; the map's message instead.
        assert_eq!(read(r#"["RS256"]"#).err().unwrap(), "the header is JSON but not an object (array)");
        assert_eq!(read(" \n{\"alg\":\"HS256\"}").unwrap().alg, Some("HS256".into()));
        assert_eq!(read("{").err().unwrap(), "the header is not JSON");
        assert!(Header::read("e+").err().unwrap().contains("not valid base64url"));
    }
}
