//! `tok gateway` test plumbing shared by tests/gateway_proxy.rs and tests/gateway_websocket.rs:
//! `tok serve` as the issuer with one client, tokens fetched from it, the gateway as a child.
#![allow(dead_code)]

use super::server::TokServe;
use super::Env;

pub const CLIENTS: &str = r#"
[[client]]
id = "app-client-1"
secret = "secret-one"
scopes = ["read:rooms", "write:rooms"]
audiences = ["https://api.example.com"]
"#;

pub const AUD: &str = "https://api.example.com";

/// `tok gateway` as a child process, killed when dropped.
pub fn gateway(env: &Env, args: &[&str]) -> TokServe {
    TokServe::start_command(env, "gateway", args)
}

pub fn issuer() -> (Env, TokServe) {
    let env = Env::new();
    env.keygen("default");
    env.write("clients.toml", CLIENTS.as_bytes());
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    (env, serve)
}

pub fn token(env: &Env, serve: &TokServe, scope: &str) -> String {
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--no-cache", "--auth0", &serve.base])
        .args(["--client-id", "app-client-1", "--audience", AUD, "--scope", scope])
        .env("TOK_CLIENT_SECRET", "secret-one")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}
