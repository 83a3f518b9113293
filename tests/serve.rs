//! tok serve, the local issuer: its endpoints and errors, and fetch → verify round trips.

mod common;

use common::server::TokServe;
use common::Env;
use reqwest::blocking::Client;
use serde_json::Value;

const CLIENTS: &str = r#"
[[client]]
id = "m2m+app"
secret = "s3cr:et w/ +%"
scopes = ["read:rooms", "write:rooms"]
audiences = ["https://api.example.com"]

[[client]]
id = "cognito-app"
secret = "cognito-secret"
scopes = ["orders/read", "orders/write"]
"#;

fn setup() -> Env {
    let env = Env::new();
    env.keygen("default");
    env.write("clients.toml", CLIENTS.as_bytes());
    env.write("m2m-secret", b"s3cr:et w/ +%");
    env.write("cognito-secret", b"cognito-secret");
    for f in ["m2m-secret", "cognito-secret"] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(env.path(f), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    env
}

/// The Auth0-dialect client with its secret, against `serve`, plus `extra` flags.
fn fetch_m2m(env: &Env, serve: &TokServe, extra: &[&str]) -> String {
    let mut args =
        vec!["--auth0", &serve.base, "--client-id", "m2m+app", "--client-secret-file", "m2m-secret"];
    args.extend_from_slice(extra);
    fetch(env, &args)
}

fn fetch(env: &Env, args: &[&str]) -> String {
    let out = env.tok().args(["fetch", "--client-credentials", "--no-cache"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn auth0_dialect_round_trip() {
    let env = setup();
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    // By OIDC discovery from the issuer (with Auth0's trailing slash), and by Auth0 domain.
    let discovered = fetch(
        &env,
        &[
            "--issuer",
            &format!("{}/", serve.base),
            "--client-id",
            "m2m+app",
            "--client-secret-file",
            "m2m-secret",
            "--audience",
            "https://api.example.com",
        ],
    );
    env.tok()
        .args(["verify", "--key", "default", "--aud", "https://api.example.com", &discovered])
        .assert()
        .success();
    let token = fetch_m2m(&env, &serve, &["--audience", "https://api.example.com", "--scope", "read:rooms"]);
    let out = env
        .tok()
        .args([
            "verify",
            "--key",
            "default",
            "--iss",
            &format!("{}/", serve.base),
            "--aud",
            "https://api.example.com",
        ])
        .args(["--scope", "read:rooms", "--json", &token])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claims"]["sub"], "m2m+app@clients");
    assert_eq!(v["claims"]["gty"], "client-credentials");
    assert_eq!(v["claims"]["azp"], "m2m+app");
    assert_eq!(v["header"]["typ"], "JWT");
    let log = serve.stop();
    assert!(log.contains("POST /oauth/token 200 client=m2m+app"), "{log}");
    assert!(!log.contains("s3cr"), "no secrets in the log");
    assert!(log.trim_end().ends_with("tok serve: stopped"), "{log}");
}

#[test]
fn cognito_dialect_round_trip() {
    let env = setup();
    let serve = TokServe::start(&env, &["--clients", "clients.toml", "--dialect", "cognito", "--ttl", "15m"]);
    let token = fetch(
        &env,
        &[
            "--cognito",
            &serve.base,
            "--client-id",
            "cognito-app",
            "--client-secret-file",
            "cognito-secret",
            "--scope",
            "orders/read",
            "--auth",
            "post",
        ],
    );
    let out = env
        .tok()
        .args([
            "verify",
            "--key",
            "default",
            "--iss",
            &serve.base,
            "--aud",
            "cognito-app",
            "--scope",
            "orders/read",
            "--json",
            &token,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = &v["claims"];
    assert!(claims.get("aud").is_none(), "Cognito access tokens have no aud");
    assert_eq!(claims["client_id"], "cognito-app");
    assert_eq!(claims["token_use"], "access");
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 900);
    // Without --scope, every scope the client may have.
    let all = fetch(
        &env,
        &["--cognito", &serve.base, "--client-id", "cognito-app", "--client-secret-file", "cognito-secret"],
    );
    let claims = common::segment_json(&all, 1);
    assert_eq!(claims["scope"], "orders/read orders/write");
}

#[test]
fn metadata_jwks_and_rfc6749_errors() {
    let env = setup();
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    let http = Client::new();
    let meta: Value = serde_json::from_str(
        &http.get(format!("{}/.well-known/openid-configuration", serve.base)).send().unwrap().text().unwrap(),
    )
    .unwrap();
    assert_eq!(meta["issuer"], format!("{}/", serve.base));
    assert_eq!(meta["token_endpoint"], format!("{}/oauth/token", serve.base));
    let jwks_uri = meta["jwks_uri"].as_str().unwrap().to_string();
    let jwks = http.get(&jwks_uri).send().unwrap().text().unwrap();
    env.write("jwks.json", jwks.as_bytes());
    let token = fetch_m2m(&env, &serve, &["--audience", "https://api.example.com"]);
    env.tok().args(["verify", "--jwks", "jwks.json", &token]).assert().success();

    let token_url = format!("{}/oauth/token", serve.base);
    let post = |body: &str, auth: Option<&str>, content_type: &str| {
        let mut req = http.post(&token_url).header("content-type", content_type).body(body.to_string());
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let resp = req.send().unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body: Value = serde_json::from_str(&resp.text().unwrap()).unwrap();
        (status, headers, body)
    };
    let form = "application/x-www-form-urlencoded";
    let (status, headers, body) =
        post("grant_type=client_credentials&client_id=m2m%2Bapp&client_secret=wrong", None, form);
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")));
    assert!(headers.get("www-authenticate").is_some());
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let (status, _, body) = post("grant_type=password", None, form);
    assert_eq!((status, body["error"].as_str()), (400, Some("unsupported_grant_type")));
    let (status, _, body) = post("{\"grant_type\":\"client_credentials\"}", None, "application/json");
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")));
    let (status, _, body) = post(
        "grant_type=client_credentials&client_id=m2m%2Bapp&client_secret=s3cr%3Aet+w%2F+%2B%25&audience=https%3A%2F%2Fapi.example.com&scope=admin",
        None,
        form,
    );
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_scope")));
    // Both methods at once is refused (RFC 6749 §2.3).
    let (status, _, body) = post("grant_type=client_credentials&client_secret=x", Some("Basic eDp4"), form);
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")));
    // Unformencoded Basic credentials (the common client bug) do not authenticate this client.
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD.encode("m2m+app:s3cr:et w/ +%");
    let (status, _, _) = post(
        "grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com",
        Some(&format!("Basic {raw}")),
        form,
    );
    assert_eq!(status, 401);
}

#[test]
fn bad_clients_file_and_key() {
    let env = Env::new();
    env.write("empty.toml", b"");
    env.tok()
        .args(["serve", "--clients", "empty.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no [[client]]"));
    env.write("clients.toml", CLIENTS.as_bytes());
    env.tok()
        .args(["serve", "--clients", "clients.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no default key"));
}
