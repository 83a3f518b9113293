//! tok verify against keys on the web: JWKS URLs, issuer discovery, caching, rotation, and the
//! keyring chosen by kid.

mod common;

use common::server::{Reply, TestServer, TokServe};
use common::Env;
use predicates::prelude::*;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// A JWK Set server whose key set the test can change, counting fetches.
fn jwks_server(keys: Arc<Mutex<Value>>) -> TestServer {
    TestServer::start(move |_, req| {
        if req.path == "/.well-known/openid-configuration" {
            let host = req.header("host").unwrap().to_string();
            Reply::json(
                200,
                json!({"issuer": format!("http://{host}"), "jwks_uri": format!("http://{host}/keys")}),
            )
        } else {
            Reply::json(200, keys.lock().unwrap().clone())
        }
    })
}

fn jwk(env: &Env, name: &str) -> Value {
    let out = env.tok().args(["keys", "show", name, "--jwk"]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn jwks_fetches(server: &TestServer) -> usize {
    server.requests().iter().filter(|r| r.path == "/keys").count()
}

#[test]
fn keyring_is_chosen_by_kid_for_rotation() {
    let env = Env::new();
    env.keygen("default");
    env.keygen("next");
    let old = env.sign(&["--sub", "a"]);
    let new = env.sign(&["--key", "next", "--sub", "b"]);
    env.tok().args(["verify", &old]).assert().success();
    env.tok()
        .args(["verify", "--explain", &new])
        .assert()
        .success()
        .stdout(predicate::str::contains("found in the keyring"));
    // Tokens without kid use `default`; a kid the keyring lacks is named.
    let no_kid = env.sign(&["--key", "next", "--no-kid"]);
    env.tok()
        .args(["verify", &no_kid])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("signature does not match"));
    let stranger = Env::new();
    stranger.keygen("default");
    let foreign = stranger.sign(&["--sub", "x"]);
    env.tok().args(["verify", &foreign]).assert().code(1).stderr(predicate::str::contains("unknown kid"));
}

#[test]
fn a_keyring_without_default_still_verifies_by_kid() {
    let env = Env::new();
    env.keygen("ws-prod");
    let token = env.sign(&["--key", "ws-prod", "--sub", "room1"]);
    env.tok().args(["verify", &token]).assert().success();
    // Without a kid, the one key in the keyring is the only choice.
    let no_kid = env.sign(&["--key", "ws-prod", "--no-kid"]);
    env.tok().args(["verify", &no_kid]).assert().success();
    Env::new().tok().args(["verify", &token]).assert().code(2).stderr(predicate::str::contains("tok keygen"));
}

#[test]
fn jwks_url_with_cache_and_one_refetch_after_rotation() {
    let env = Env::new();
    env.keygen("default");
    env.keygen("next");
    let keys = Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]})));
    let server = jwks_server(Arc::clone(&keys));
    let url = format!("{}/keys", server.url);
    let old = env.sign(&["--sub", "a"]);
    env.tok().args(["verify", "--jwks", &url, &old]).assert().success();
    env.tok().args(["verify", "--jwks", &url, &old]).assert().success();
    assert_eq!(jwks_fetches(&server), 1, "the second verify used the cache");

    // Rotation: the server now publishes both keys; a token from the new key triggers one refetch.
    *keys.lock().unwrap() = json!({"keys": [jwk(&env, "default"), jwk(&env, "next")]});
    let new = env.sign(&["--key", "next", "--sub", "b"]);
    env.tok().args(["verify", "--jwks", &url, "--jwks-cooldown", "0s", &new]).assert().success();
    assert_eq!(jwks_fetches(&server), 2);

    // A stream of tokens with unknown kids: at most one refetch per cooldown.
    let stranger = Env::new();
    stranger.keygen("default");
    let bad = stranger.sign(&["--sub", "x"]);
    let input = format!("{bad}\n{bad}\n{bad}\n{bad}\n");
    env.tok().args(["verify", "--jwks", &url, "--each"]).write_stdin(input).assert().code(1);
    assert_eq!(jwks_fetches(&server), 3, "one refetch for the first unknown kid, then the penalty box");
    env.tok()
        .args(["verify", "--jwks", &url, "--each", "--jwks-cooldown", "0s"])
        .write_stdin(format!("{bad}\n"))
        .assert()
        .code(1);
    assert_eq!(jwks_fetches(&server), 4, "past the cooldown, one refetch");
}

/// With workers, a key rotated in mid-batch costs one refetch, made by the one thread that
/// owns the remote set; every token verifies and the answers keep their order.
#[test]
fn each_with_jobs_refetches_once_for_a_key_rotated_in_mid_batch() {
    let env = Env::new();
    env.keygen("default");
    env.keygen("next");
    let keys = Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]})));
    let server = jwks_server(Arc::clone(&keys));
    let url = format!("{}/keys", server.url);
    let old = env.sign(&["--sub", "old"]);
    env.tok().args(["verify", "--jwks", &url, &old]).assert().success();
    assert_eq!(jwks_fetches(&server), 1);
    *keys.lock().unwrap() = json!({"keys": [jwk(&env, "default"), jwk(&env, "next")]});
    let new = env.sign(&["--key", "next", "--sub", "new"]);
    let input: String = (0..400)
        .map(|i| if i < 100 || i % 3 == 0 { format!("{old}\n") } else { format!("{new}\n") })
        .collect();
    let out = env
        .tok()
        .args(["verify", "--jwks", &url, "--each", "--jobs", "2"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let subs: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["sub"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<&str> = (0..400).map(|i| if i < 100 || i % 3 == 0 { "old" } else { "new" }).collect();
    assert_eq!(subs, expected);
    assert_eq!(jwks_fetches(&server), 2, "one refetch for the whole batch");
}

/// The cooldown counts from the last refetch that did not find the kid (aws-jwt-verify's
/// penalty box), not from the last fetch: a key rotated just after a cached fetch is picked
/// up at once.
#[test]
fn rotation_right_after_a_cached_fetch_is_picked_up_at_once() {
    let env = Env::new();
    env.keygen("default");
    env.keygen("next");
    let keys = Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]})));
    let server = jwks_server(Arc::clone(&keys));
    let url = format!("{}/keys", server.url);
    env.tok().args(["verify", "--jwks", &url, &env.sign(&["--sub", "a"])]).assert().success();
    *keys.lock().unwrap() = json!({"keys": [jwk(&env, "default"), jwk(&env, "next")]});
    let new = env.sign(&["--key", "next", "--sub", "b"]);
    env.tok().args(["verify", "--jwks", &url, &new]).assert().success();
    assert_eq!(jwks_fetches(&server), 2);
    // The refetched set is cached: the next token from the new key costs nothing.
    env.tok().args(["verify", "--jwks", &url, &new]).assert().success();
    assert_eq!(jwks_fetches(&server), 2);
}

/// Made-up kids cost at most one request per cooldown, across processes too; a skipped
/// refetch is named in the kid check, with when the next one is allowed.
#[test]
fn made_up_kids_cost_one_request_per_cooldown_across_processes() {
    let env = Env::new();
    env.keygen("default");
    let keys = Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]})));
    let server = jwks_server(keys);
    let url = format!("{}/keys", server.url);
    env.tok().args(["verify", "--jwks", &url, &env.sign(&["--sub", "a"])]).assert().success();
    assert_eq!(jwks_fetches(&server), 1);
    let stranger = Env::new();
    stranger.keygen("default");
    let bad = stranger.sign(&["--sub", "x"]);
    let out = env.tok().args(["verify", "--jwks", &url, &bad]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(jwks_fetches(&server), 2, "the first unknown kid refetches");
    for _ in 0..3 {
        let out = env.tok().args(["verify", "--jwks", &url, &bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("unknown kid"), "{stderr}");
        assert!(stderr.contains("not fetched again") && stderr.contains("next refetch"), "{stderr}");
    }
    assert_eq!(jwks_fetches(&server), 2, "the penalty is shared by every tok process");
}

/// A published key set is public: a symmetric key in it is anyone's key.
#[test]
fn symmetric_keys_from_a_url_are_refused() {
    let env = Env::new();
    let server = TestServer::start(|_, _| Reply::json(200, json!({"keys": [{"kty": "oct", "k": ""}]})));
    let token = hs256_token(b"");
    let out = env.tok().args(["verify", "--jwks", &format!("{}/keys", server.url), &token]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("symmetric") && stderr.contains("public"), "{stderr}");
    // Nor a long one with a kid.
    let secret = [7u8; 32];
    let set = json!({"keys": [{"kty": "oct", "kid": "k1", "k": common::b64(&secret)}]});
    let server = TestServer::start(move |_, _| Reply::json(200, set.clone()));
    let token = hs256_token_kid(&secret, "k1");
    env.tok()
        .args(["verify", "--jwks", &format!("{}/keys", server.url), &token])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("symmetric"));
}

fn hs256_token_kid(key: &[u8], kid: &str) -> String {
    hs256_with(json!({"alg": "HS256", "kid": kid}), key)
}

fn hs256_token(key: &[u8]) -> String {
    hs256_with(json!({"alg": "HS256"}), key)
}

fn hs256_with(header: Value, key: &[u8]) -> String {
    let claims = json!({"sub": "admin", "exp": common::now() + 600});
    let input = format!(
        "{}.{}",
        common::b64(header.to_string().as_bytes()),
        common::b64(claims.to_string().as_bytes())
    );
    let tag = aws_lc_rs::hmac::sign(
        &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, key),
        input.as_bytes(),
    );
    format!("{input}.{}", common::b64(tag.as_ref()))
}

#[test]
fn jwks_ttl_expiry_refetches() {
    let env = Env::new();
    env.keygen("default");
    let keys = Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]})));
    let server = jwks_server(keys);
    let url = format!("{}/keys", server.url);
    let token = env.sign(&["--sub", "a"]);
    env.tok().args(["verify", "--jwks", &url, &token]).assert().success();
    env.tok().args(["verify", "--jwks", &url, "--jwks-ttl", "0s", &token]).assert().success();
    assert_eq!(jwks_fetches(&server), 2);
}

#[test]
fn issuer_discovery_and_required_iss() {
    let env = Env::new();
    env.keygen("default");
    let keys = Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]})));
    let server = jwks_server(keys);
    let good = env.sign(&["--iss", &server.url, "--sub", "a"]);
    env.tok().args(["verify", "--issuer", &server.url, &good]).assert().success();
    let other_iss = env.sign(&["--iss", "https://elsewhere.example", "--sub", "a"]);
    env.tok()
        .args(["verify", "--issuer", &server.url, &other_iss])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("iss mismatch"));
    // The document names itself without the slash: asking with one is refused (exit 3).
    env.tok()
        .args(["verify", "--issuer", &format!("{}/", server.url), &good])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("trailing slash"));
}

#[test]
fn remote_failures_exit_3() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "a"]);
    // Down: nothing listens there any more.
    let url = {
        let server = TestServer::start(|_, _| Reply::json(200, json!({})));
        format!("{}/keys", server.url)
    };
    env.tok()
        .args(["verify", "--jwks", &url, "--timeout", "2s", &token])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("tok: error:"));
    let server = TestServer::start(|_, _| Reply::json(200, json!({"keys": "nope"})));
    env.tok()
        .args(["verify", "--jwks", &format!("{}/keys", server.url), &token])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("not a usable JWK Set"));
    let server = TestServer::start(|_, _| Reply::json(500, json!({})));
    env.tok().args(["verify", "--jwks", &format!("{}/keys", server.url), &token]).assert().code(3);
    env.tok()
        .args(["verify", "--jwks", "http://keys.example.com/jwks.json", &token])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing plain HTTP"));
}

#[test]
fn jwks_from_tok_serve_refuses_mismatched_use_and_alg() {
    let env = Env::new();
    env.keygen("default");
    env.write("clients.toml", b"[[client]]\nid = \"c\"\nsecret = \"s\"\naudiences = [\"a\"]\n");
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    let token = env.sign(&["--sub", "a"]);
    env.tok()
        .args(["verify", "--jwks", &format!("{}/.well-known/jwks.json", serve.base), &token])
        .assert()
        .success();
    for (field, value, message) in
        [("use", "enc", "use is \"enc\""), ("alg", "PS256", "the key is for alg \"PS256\"")]
    {
        let mut key = jwk(&env, "default");
        key[field] = json!(value);
        let served = json!({"keys": [key]});
        let server = TestServer::start(move |_, _| Reply::json(200, served.clone()));
        env.tok()
            .args(["verify", "--jwks", &format!("{}/keys", server.url), &token])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn gateway_discovery_is_cached_too() {
    let env = Env::new();
    env.keygen("default");
    let keys = Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]})));
    let server = jwks_server(keys);
    let token = env.sign(&["--iss", &server.url, "--aud", "api"]);
    for _ in 0..2 {
        env.tok()
            .args(["verify", "--gateway", "http-api", "--issuer", &server.url, "--aud", "api", &token])
            .assert()
            .success();
    }
    let metadata_fetches =
        server.requests().iter().filter(|r| r.path == "/.well-known/openid-configuration").count();
    assert_eq!(metadata_fetches, 1);
    assert_eq!(jwks_fetches(&server), 1);
}

#[path = "common/hostile.rs"]
mod hostile;

#[test]
fn endless_jwks_and_discovery_stop_at_the_cap() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "a"]);
    let server = hostile::RawServer::start(|s| hostile::endless(s, "", br#"{"keys":[""#));
    for args in [
        vec!["--jwks".to_string(), server.http_url("/keys")],
        vec!["--issuer".to_string(), server.http_url("")],
    ] {
        let started = std::time::Instant::now();
        let out = env.tok().arg("verify").args(&args).args(["--timeout", "20s", &token]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(stderr.contains("1 MiB"), "{args:?}: the error names the cap: {stderr}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{args:?}: stopped at the cap");
    }
}

#[test]
fn plain_http_key_refusal_is_about_key_substitution() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "a"]);
    for flag in ["--jwks", "--issuer"] {
        let out =
            env.tok().args(["verify", flag, "http://keys.example.com/jwks.json", &token]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("substitute") && !stderr.contains("credentials"), "{flag}: {stderr}");
    }
}

/// `--each` answers every line even when the key server goes down mid-batch: the line whose
/// unknown kid needed a refetch gets the network error, the others are still checked.
#[test]
fn each_answers_every_line_when_the_key_server_is_down() {
    let env = Env::new();
    env.keygen("default");
    let server = jwks_server(Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]}))));
    let url = format!("{}/keys", server.url);
    let good = env.sign(&["--sub", "a"]);
    env.tok().args(["verify", "--jwks", &url, &good]).assert().success();
    drop(server); // the set stays cached; the port now refuses connections

    let stranger = Env::new();
    stranger.keygen("default");
    let unknown = stranger.sign(&["--sub", "x"]);
    let input = format!("{good}\n{unknown}\n{good}\n{good}\n");
    let out = env
        .tok()
        .args(["verify", "--jwks", &url, "--each", "--timeout", "2s"])
        .write_stdin(input)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "one answer a line: {stdout}");
    assert!(lines[1].starts_with("error: keys: ") && lines[1].contains("connection"), "{}", lines[1]);
    for i in [0, 2, 3] {
        assert_eq!(serde_json::from_str::<Value>(lines[i]).unwrap()["sub"], "a", "line {i}");
    }
    assert_eq!(out.status.code(), Some(3), "a remote failure in the batch exits 3");
}

/// A cached JWK Set stamped in the future is stale, not fresh forever: a key the server has
/// since revoked stops verifying once the set is fetched again.
#[test]
fn a_future_stamped_cache_entry_is_stale() {
    let env = Env::new();
    env.keygen("default");
    env.keygen("next");
    let keys = Arc::new(Mutex::new(json!({"keys": [jwk(&env, "default")]})));
    let server = jwks_server(Arc::clone(&keys));
    let url = format!("{}/keys", server.url);
    let token = env.sign(&["--sub", "a"]);
    env.tok().args(["verify", "--jwks", &url, &token]).assert().success();

    for entry in std::fs::read_dir(env.path("cache/web")).unwrap() {
        let path = entry.unwrap().path();
        let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        doc["fetched_at"] = json!(common::now() + 10_000_000);
        std::fs::write(&path, doc.to_string()).unwrap();
    }
    *keys.lock().unwrap() = json!({"keys": [jwk(&env, "next")]}); // "default" revoked
    env.tok()
        .args(["verify", "--jwks", &url, "--jwks-ttl", "1s", &token])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown kid"));
}
