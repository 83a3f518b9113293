//! tok introspect (RFC 7662) against tok serve's /introspect, found by discovery.

mod common;

use common::server::TokServe;
use common::Env;
use predicates::prelude::*;
use serde_json::Value;

const CLIENTS: &str = r#"
[[client]]
id = "app"
secret = "app-secret-0123456789abcdef0123456789"
scopes = ["read:rooms"]
audiences = ["https://api.example.com"]
"#;

#[test]
fn active_inactive_and_unauthenticated() {
    let env = Env::new();
    env.keygen("default");
    env.keygen("other");
    env.write("clients.toml", CLIENTS.as_bytes());
    env.write("secret", b"app-secret-0123456789abcdef0123456789");
    env.write("wrong", b"not-the-secret");
    for f in ["secret", "wrong"] {
        std::fs::set_permissions(env.path(f), std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    }
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    let issuer = format!("{}/", serve.base);
    let client = ["--issuer", issuer.as_str(), "--client-id", "app", "--client-secret-file", "secret"];
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--no-cache", "--audience", "https://api.example.com"])
        .args(client)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let out = env.tok().args(["introspect", &token]).args(client).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["active"], true);
    assert_eq!(answer["client_id"], "app");
    assert_eq!(answer["scope"], "read:rooms");
    assert_eq!(answer["aud"], "https://api.example.com");

    // Signed by a key the server does not hold: not active, exit 1, and nothing else said.
    let forged = env.sign(&["--key", "other", "--iss", &issuer, "--sub", "app@clients"]);
    let out = env.tok().args(["introspect", &forged]).args(client).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), serde_json::json!({"active": false}));

    // The token on stdin, and a client that fails to authenticate: the server's 401, exit 3.
    env.tok()
        .args(["introspect", "--issuer", &issuer, "--client-id", "app", "--client-secret-file", "wrong"])
        .write_stdin(token.clone())
        .assert()
        .code(3)
        .stderr(predicate::str::contains("invalid_client"));
    // No endpoint to ask.
    env.tok()
        .args([
            "introspect",
            &token,
            "--client-id",
            "app",
            "--client-secret-file",
            "secret",
            "--auth0",
            "x.example",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no introspection endpoint"));
}
