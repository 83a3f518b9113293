//! The token cache, seen through tok fetch and tok cache.

mod common;

use common::server::{Reply, TestServer};
use common::Env;
use predicates::prelude::*;
use serde_json::json;
use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A server that hands out token-1, token-2, … with the given lifetime.
fn counting_server(expires_in: i64) -> TestServer {
    let n = Arc::new(AtomicUsize::new(0));
    TestServer::start(move |_, _| {
        let i = n.fetch_add(1, Ordering::SeqCst) + 1;
        Reply::json(
            200,
            json!({"access_token": format!("token-{i}"), "token_type": "Bearer", "expires_in": expires_in}),
        )
    })
}

fn fetch_output(env: &Env, server: &TestServer, extra: &[&str]) -> std::process::Output {
    env.tok()
        .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", "c1"])
        .args(extra)
        .env("TOK_CLIENT_SECRET", "secret-one")
        .output()
        .unwrap()
}

fn fetch(env: &Env, server: &TestServer, extra: &[&str]) -> String {
    let out = fetch_output(env, server, extra);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn cache_files(env: &Env) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(env.path("cache/tokens")) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn hit_refresh_and_no_cache() {
    let env = Env::new();
    let server = counting_server(3600);
    assert_eq!(fetch(&env, &server, &[]), "token-1");
    assert_eq!(fetch(&env, &server, &[]), "token-1", "served from the cache");
    assert_eq!(server.requests().len(), 1);
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", "c1", "--json"])
        .env("TOK_CLIENT_SECRET", "secret-one")
        .output()
        .unwrap();
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["cached"], true);
    assert_eq!(fetch(&env, &server, &["--refresh"]), "token-2");
    assert_eq!(fetch(&env, &server, &[]), "token-2", "--refresh stored the new token");
    assert_eq!(fetch(&env, &server, &["--no-cache"]), "token-3");
    assert_eq!(fetch(&env, &server, &[]), "token-2", "--no-cache neither reads nor writes");
    let files = cache_files(&env);
    assert_eq!(files.len(), 1);
    assert_eq!(std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(env.path("cache/tokens")).unwrap().permissions().mode() & 0o777, 0o700);
    // The cached token never appears in the file name.
    assert!(!files[0].to_string_lossy().contains("token-"));
}

#[test]
fn tokens_near_expiry_are_not_reused() {
    let env = Env::new();
    let server = counting_server(30);
    assert_eq!(fetch(&env, &server, &[]), "token-1");
    assert_eq!(fetch(&env, &server, &[]), "token-2", "30 s left is under the default --min-ttl of 60 s");
    assert_eq!(fetch(&env, &server, &["--min-ttl", "10s"]), "token-2");
}

#[test]
fn everything_that_changes_the_token_changes_the_key() {
    let env = Env::new();
    let server = counting_server(3600);
    let base = fetch(&env, &server, &["--audience", "a", "--scope", "x"]);
    assert_eq!(fetch(&env, &server, &["--audience", "a", "--scope", "x"]), base);
    let mut seen = vec![base];
    for extra in [
        vec!["--audience", "b", "--scope", "x"],
        vec!["--audience", "a", "--scope", "y"],
        vec!["--audience", "a", "--scope", "x", "--auth", "post"],
        vec!["--audience", "a", "--scope", "x", "--param", "organization=o1"],
        vec!["--audience", "a", "--scope", "x", "--resource", "https://r/"],
    ] {
        let token = fetch(&env, &server, &extra);
        assert!(!seen.contains(&token), "{extra:?} reused {token}");
        seen.push(token);
    }
    // A rotated secret never reuses the old secret's token.
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", "c1"])
        .args(["--audience", "a", "--scope", "x"])
        .env("TOK_CLIENT_SECRET", "secret-two")
        .output()
        .unwrap();
    let rotated = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(!seen.contains(&rotated));
    // Scope order does not matter.
    assert_eq!(
        fetch(&env, &server, &["--scope", "p", "--scope", "q"]),
        fetch(&env, &server, &["--scope", "q", "--scope", "p"])
    );
}

#[test]
fn corrupt_and_foreign_entries_are_replaced() {
    let env = Env::new();
    let server = counting_server(3600);
    assert_eq!(fetch(&env, &server, &[]), "token-1");
    let file = cache_files(&env).pop().unwrap();
    std::fs::write(&file, b"{ not json").unwrap();
    assert_eq!(fetch(&env, &server, &[]), "token-2", "a corrupt entry is ignored");
    assert_eq!(fetch(&env, &server, &[]), "token-2", "and replaced");
    // An entry copied under another key's name is not trusted.
    let mut entry: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    entry["key"] = json!("someone-else");
    entry["response"]["access_token"] = json!("planted");
    std::fs::write(&file, entry.to_string()).unwrap();
    assert_eq!(fetch(&env, &server, &[]), "token-3");
}

#[test]
fn concurrent_fetches_never_corrupt_the_cache() {
    let env = Env::new();
    let server = counting_server(3600);
    let children: Vec<_> = (0..6)
        .map(|_| {
            env.tok_std()
                .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", "c1"])
                .env("TOK_CLIENT_SECRET", "secret-one")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let files = cache_files(&env);
    assert_eq!(files.len(), 1, "one entry, no temp files left: {files:?}");
    let entry: serde_json::Value = serde_json::from_slice(&std::fs::read(&files[0]).unwrap()).unwrap();
    let cached = entry["response"]["access_token"].as_str().unwrap().to_string();
    assert_eq!(fetch(&env, &server, &[]), cached);
}

#[test]
fn cache_clear_empties_it() {
    let env = Env::new();
    let server = counting_server(3600);
    fetch(&env, &server, &[]);
    env.tok().args(["cache", "clear"]).assert().success().stdout(predicate::str::contains("removed 1"));
    assert!(cache_files(&env).is_empty());
    assert_eq!(fetch(&env, &server, &[]), "token-2");
    env.tok().args(["cache", "clear"]).assert().success();
}

/// An unsigned JWT (only its `exp` matters to the cache).
fn jwt_with_exp(exp: i64) -> String {
    let part = |v: serde_json::Value| common::b64(v.to_string().as_bytes());
    format!(
        "{}.{}.{}",
        part(json!({"alg": "RS256"})),
        part(json!({"sub": "m2m", "exp": exp})),
        common::b64(b"sig")
    )
}

#[test]
fn the_tokens_own_exp_wins_over_a_longer_expires_in() {
    let env = Env::new();
    let exp = common::now() + 5;
    let token = jwt_with_exp(exp);
    let answer = token.clone();
    let server = TestServer::start(move |_, _| {
        Reply::json(200, json!({"access_token": answer, "token_type": "Bearer", "expires_in": 3600}))
    });
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", "c1", "--json"])
        .args(["--min-ttl", "0s"])
        .env("TOK_CLIENT_SECRET", "secret-one")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expires = json["expires_at"].as_str().unwrap().to_string();
    // 5 s of life is under a --min-ttl of 10 s: a fresh token, although expires_in said an hour.
    assert_eq!(fetch(&env, &server, &["--min-ttl", "10s"]), token);
    assert_eq!(server.requests().len(), 2, "not served from the cache: {expires}");
    assert!(!expires.is_empty());
}

fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Another user's token, planted in a cache directory others could write to, must not be
/// served: the directory is tightened, the file refused with its path named.
#[test]
fn planted_or_shared_cache_entries_are_refused() {
    let env = Env::new();
    let server = counting_server(3600);
    assert_eq!(fetch(&env, &server, &[]), "token-1");
    let entry = cache_files(&env).pop().unwrap();

    // A world-writable cache dir (e.g. TOK_HOME on a shared volume): tightened back to 0700.
    std::fs::set_permissions(env.path("cache/tokens"), std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(fetch(&env, &server, &[]), "token-1");
    let mode = std::fs::metadata(env.path("cache/tokens")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);

    // An entry others may write is refused, naming the file and the fix.
    std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = fetch_output(&env, &server, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&entry.display().to_string()) && stderr.contains("chmod go-w"), "{stderr}");
    std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o600)).unwrap();

    if is_root() {
        // A file of another user's: refused however tight its mode.
        std::process::Command::new("chown").args(["nobody", entry.to_str().unwrap()]).status().unwrap();
        let out = fetch_output(&env, &server, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("belongs to another user"), "{stderr}");
    }
    assert_eq!(server.requests().len(), 1, "no planted entry was replaced behind the user's back");
}

/// A cache directory that is a link is neither read, written nor emptied: `tok cache clear`
/// once deleted the files where a linked cache dir pointed.
#[test]
fn symlinked_cache_dirs_are_not_followed() {
    let env = Env::new();
    let server = counting_server(3600);
    let elsewhere = tempfile::tempdir().unwrap();
    let precious = elsewhere.path().join("precious");
    std::fs::write(&precious, b"keep me").unwrap();
    std::fs::create_dir_all(env.path("cache")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), env.path("cache/tokens")).unwrap();

    let out = env.tok().args(["cache", "clear"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(std::fs::read(&precious).unwrap(), b"keep me");

    let out = fetch_output(&env, &server, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 1, "nothing written through the link");
}
