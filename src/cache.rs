//! The client-credentials token cache. Auth0 and Cognito meter M2M tokens and ask clients to
//! reuse them, so a token is kept (0600, written atomically) until it nears expiry.
//!
//! An entry's file name is a hash of everything that changes the token — endpoint, client id,
//! auth method, audience, scopes, resources, extra parameters and the secret itself — so a
//! rotated secret or a different scope never reuses an old token. An entry that does not parse,
//! or whose recorded key differs from its name, is ignored and replaced.

use crate::error::{io_error, Error, Result};
use crate::fsx;
use crate::oauth::{Grant, TokenResponse};
use crate::secret::Secret;
use aws_lc_rs::digest;
use serde_json::{json, Map, Value};
use std::path::PathBuf;

const VERSION: i64 = 1;

pub fn dir() -> Result<PathBuf> {
    Ok(crate::paths::cache_dir()?.join("tokens"))
}

/// The cache key. `endpoint` is what the user named (token URL or issuer), so a cache hit
/// needs no discovery request.
pub fn key(endpoint: &str, auth: &str, grant: &Grant, secret: &Secret) -> String {
    let mut scopes = grant.scopes.clone();
    scopes.sort();
    let mut params = grant.params.clone();
    params.sort();
    let secret_hash = crate::output::hex(digest::digest(&digest::SHA256, secret.expose()).as_ref());
    let material = json!([
        VERSION,
        endpoint,
        grant.client_id,
        auth,
        grant.audience,
        scopes,
        grant.resources,
        params,
        secret_hash
    ]);
    crate::output::hex(digest::digest(&digest::SHA256, material.to_string().as_bytes()).as_ref())
}

pub struct Hit {
    pub response: Map<String, Value>,
    pub access_token: String,
    pub expires_at: i64,
}

/// A directory of the cache (`tokens`, `web`), checked (and created 0700 when `create`).
fn cache_subdir(name: &str, create: bool) -> Result<Option<PathBuf>> {
    let root = crate::paths::cache_dir()?;
    let dir = root.join(name);
    Ok(fsx::private_dir(&root, &dir, create)?.then_some(dir))
}

/// An entry's JSON, if the file exists; an error when it is one tok must not trust (a link,
/// another user's file, a file others may write).
fn read_entry(dir: &str, name: &str) -> Result<Option<Value>> {
    let Some(dir) = cache_subdir(dir, false)? else { return Ok(None) };
    Ok(fsx::read_trusted(&dir.join(name))?.and_then(|bytes| serde_json::from_slice(&bytes).ok()))
}

/// A cached token with more than `min_ttl` seconds left, if there is one.
pub fn get(key: &str, now: i64, min_ttl: i64) -> Result<Option<Hit>> {
    Ok(read_entry("tokens", key)?.and_then(|entry| hit(&entry, key, now, min_ttl)))
}

fn hit(entry: &Value, key: &str, now: i64, min_ttl: i64) -> Option<Hit> {
    if entry.get("version")?.as_i64()? != VERSION || entry.get("key")?.as_str()? != key {
        return None;
    }
    // An entry from the future was not written by this clock: stale, whatever it says.
    if entry.get("obtained_at")?.as_i64()? > now {
        return None;
    }
    let response = entry.get("response")?.as_object()?.clone();
    let access_token = response.get("access_token")?.as_str()?.to_string();
    // An entry written by an older tok may have trusted a longer expires_in than the token's
    // own exp: the earlier still wins.
    let recorded = entry.get("expires_at")?.as_i64()?;
    let expires_at = crate::oauth::jwt_exp(&access_token).map_or(recorded, |exp| exp.min(recorded));
    if expires_at.saturating_sub(now) <= min_ttl {
        return None;
    }
    Some(Hit { response, access_token, expires_at })
}

/// Store a token; one that does not say when it expires is not cached.
pub fn put(key: &str, token: &TokenResponse, now: i64) -> Result<()> {
    let Some(expires_at) = token.expires_at else { return Ok(()) };
    let dir = cache_subdir("tokens", true)?.ok_or_else(|| Error::local("cannot create the token cache"))?;
    let entry = json!({
        "version": VERSION,
        "key": key,
        "obtained_at": now,
        "expires_at": expires_at,
        "response": token.raw,
    });
    // Concurrent fetches each write a whole file and rename it into place: last one wins,
    // and no reader ever sees half an entry.
    fsx::write_atomic(&dir.join(key), entry.to_string().as_bytes(), fsx::PRIVATE, true)
}

/// Remove every entry (tokens and web documents); returns how many there were.
/// A cache directory that is a link is refused (see `fsx::check_dir`), so clearing never
/// deletes files elsewhere; links among the entries are removed, not followed.
pub fn clear() -> Result<usize> {
    let mut removed = 0;
    for name in ["tokens", "web"] {
        if let Some(dir) = cache_subdir(name, false)? {
            removed += clear_dir(&dir)?;
        }
    }
    Ok(removed)
}

fn clear_dir(dir: &std::path::Path) -> Result<usize> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_error("read cache", dir, e))?;
    let mut removed = 0;
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| !t.is_dir()) {
            std::fs::remove_file(entry.path()).map_err(|e| io_error("remove", &entry.path(), e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Documents fetched from the web (JWK Sets, discovery metadata), by URL.
fn doc_name(url: &str) -> String {
    crate::output::hex(digest::digest(&digest::SHA256, url.as_bytes()).as_ref())
}

/// A cached document for `url` and when it was fetched. One stamped in the future is stale:
/// otherwise it would never expire (and a revoked key would keep verifying).
pub fn doc_get(url: &str) -> Result<Option<(String, i64)>> {
    let entry = read_entry("web", &doc_name(url))?;
    Ok(entry.and_then(|entry| {
        if entry.get("version")?.as_i64()? != VERSION || entry.get("url")?.as_str()? != url {
            return None;
        }
        let fetched_at = entry.get("fetched_at")?.as_i64()?;
        if fetched_at > crate::timefmt::now() {
            return None;
        }
        Some((entry.get("body")?.as_str()?.to_string(), fetched_at))
    }))
}

pub fn doc_put(url: &str, body: &str, now: i64) -> Result<()> {
    let dir = cache_subdir("web", true)?.ok_or_else(|| Error::local("cannot create the web cache"))?;
    let path = dir.join(doc_name(url));
    let entry = json!({"version": VERSION, "url": url, "fetched_at": now, "body": body});
    fsx::write_atomic(&path, entry.to_string().as_bytes(), fsx::PRIVATE, true)
}
