//! OIDC discovery and documents fetched from the web (metadata, JWK Sets).

use crate::error::{Error, Result};
use crate::http::{Http, Purpose};
use crate::oauth::snippet;
use serde_json::{Map, Value};

/// GET a JWK Set; anything but 200 is a remote error naming the URL.
pub fn get(http: &Http, url: &str) -> Result<Vec<u8>> {
    get_for(http, url, Purpose::Keys)
}

/// GET a document trusted with `purpose` (what a forged one would compromise).
pub fn get_for(http: &Http, url: &str, purpose: Purpose) -> Result<Vec<u8>> {
    let parsed = http.check_url(url, purpose)?;
    let response = http.get(&parsed)?;
    if response.status != 200 {
        return Err(Error::remote(format!(
            "{url} answered {}: {}",
            response.status,
            snippet(&response.body)
        )));
    }
    Ok(response.body)
}

/// The issuer's metadata (`{issuer without one trailing /}/.well-known/openid-configuration`).
/// With `check_issuer`, refused unless its `issuer` is exactly the one asked (RFC 8414 §3.3,
/// OIDC Discovery §4.3); without, read as API Gateway reads it, so a mismatch shows up where
/// the gateway reports it: as tokens whose `iss` is not the configured issuer.
pub fn metadata(http: &Http, issuer: &str, check_issuer: bool) -> Result<Map<String, Value>> {
    metadata_for(http, issuer, check_issuer, Purpose::Keys)
}

/// `metadata`, for a use other than finding keys (fetch finds its token endpoint here). OIDC
/// discovery first, then RFC 8414's authorization-server metadata for servers that publish only
/// that; an HTTP error from the first sends tok to the second, a transport error does not.
pub fn metadata_for(
    http: &Http,
    issuer: &str,
    check_issuer: bool,
    purpose: Purpose,
) -> Result<Map<String, Value>> {
    let hint = "check --issuer: it is the issuer exactly as it appears in tokens' iss";
    let mut answers = Vec::new();
    for url in [metadata_url(issuer), oauth_metadata_url(issuer)] {
        let parsed = http.check_url(&url, purpose)?;
        let response = http.get(&parsed).map_err(|e| if e.hint.is_some() { e } else { e.hint(hint) })?;
        if response.status == 200 {
            return parse_metadata(&url, &response.body, check_issuer.then_some(issuer));
        }
        answers.push(format!("{url} answered {}: {}", response.status, snippet(&response.body)));
    }
    Err(Error::remote(format!("no discovery document for {issuer}: {}", answers.join("; "))).hint(hint))
}

/// OIDC Discovery §4: the well-known path appended to the issuer.
pub fn metadata_url(issuer: &str) -> String {
    format!("{}/.well-known/openid-configuration", issuer.strip_suffix('/').unwrap_or(issuer))
}

/// RFC 8414 §3.1: the well-known path inserted between the host and the issuer's path.
pub fn oauth_metadata_url(issuer: &str) -> String {
    const WELL_KNOWN: &str = "/.well-known/oauth-authorization-server";
    let trimmed = issuer.strip_suffix('/').unwrap_or(issuer);
    let after_scheme = trimmed.find("://").map_or(0, |i| i + 3);
    match trimmed[after_scheme..].find('/') {
        Some(slash) => {
            let (origin, path) = trimmed.split_at(after_scheme + slash);
            format!("{origin}{WELL_KNOWN}{path}")
        }
        None => format!("{trimmed}{WELL_KNOWN}"),
    }
}

/// A metadata document; `expected` is the issuer it must name, if checked.
pub fn parse_metadata(url: &str, body: &[u8], expected: Option<&str>) -> Result<Map<String, Value>> {
    let metadata: Map<String, Value> = serde_json::from_slice(body)
        .map_err(|_| Error::remote(format!("{url} did not return a JSON object")))?;
    let Some(issuer) = expected else { return Ok(metadata) };
    let said = metadata.get("issuer").and_then(Value::as_str).unwrap_or("");
    if said != issuer {
        return Err(Error::remote(format!(
            "the discovery document names issuer {said:?}, not {issuer:?}; refusing it (RFC 8414 §3.3)"
        ))
        .hint(if said.trim_end_matches('/') == issuer.trim_end_matches('/') {
            "the two differ by a trailing slash: pass --issuer exactly as the server names itself"
        } else {
            "pass the issuer the server names itself"
        }));
    }
    Ok(metadata)
}

/// A URL member of the metadata (token_endpoint, jwks_uri).
pub fn endpoint(metadata: &Map<String, Value>, member: &str) -> Result<String> {
    metadata
        .get(member)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| Error::remote(format!("the discovery document has no {member}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc8414_inserts_the_well_known_path() {
        use super::oauth_metadata_url as url;
        assert_eq!(url("https://as.example"), "https://as.example/.well-known/oauth-authorization-server");
        assert_eq!(url("https://as.example/"), "https://as.example/.well-known/oauth-authorization-server");
        assert_eq!(
            url("https://as.example/tenant/1"),
            "https://as.example/.well-known/oauth-authorization-server/tenant/1"
        );
    }

    use super::*;
    use proptest::prelude::*;

    fn one_line(e: &Error) -> bool {
        !e.message.contains(['\n', '\r']) && !e.hint.as_deref().unwrap_or("").contains(['\n', '\r'])
    }

    fn near_metadata() -> impl Strategy<Value = Vec<u8>> {
        let value = prop_oneof![
            Just(serde_json::json!(null)),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            ".{0,16}".prop_map(|s| serde_json::json!(s)),
            "https?://[a-z.]{0,10}/?[\\n\\r\\x1b]?".prop_map(|s| serde_json::json!(s)),
            Just(serde_json::json!([])),
        ];
        let key = prop_oneof![Just("issuer"), Just("jwks_uri"), Just("token_endpoint"), Just("x")];
        (prop::collection::vec((key, value), 0..5), any::<u8>(), any::<usize>()).prop_map(
            |(members, mutation, at)| {
                let map: Map<String, Value> = members.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                let mut bytes = serde_json::to_vec(&map).unwrap();
                if mutation % 3 == 0 && !bytes.is_empty() {
                    let i = at % bytes.len();
                    bytes[i] = mutation;
                }
                bytes
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// Whatever a server sends as its discovery document: no panic, one-line errors.
        #[test]
        fn metadata_parsing_never_panics(
            body in prop_oneof![prop::collection::vec(any::<u8>(), 0..300), near_metadata()],
            expected in prop_oneof![Just(None), Just(Some("https://idp.example/".to_string())), ".{0,12}".prop_map(Some)],
        ) {
            let expected = expected.as_deref();
            match parse_metadata("https://idp.example/.well-known/openid-configuration", &body, expected) {
                Ok(metadata) => {
                    for member in ["jwks_uri", "token_endpoint"] {
                        if let Err(e) = endpoint(&metadata, member) {
                            prop_assert!(one_line(&e), "{:?}", e);
                        }
                    }
                }
                Err(e) => prop_assert!(one_line(&e), "{:?}", e),
            }
        }
    }
}
