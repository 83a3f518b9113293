//! API Gateway emulation (`--gateway http-api`) and Lambda authorizer responses (`--policy`).

mod common;

use common::gateway::CLIENTS;
use common::server::TokServe;
use common::Env;
use serde_json::{json, Value};

fn setup(dialect: &str) -> (Env, TokServe) {
    let env = Env::new();
    env.keygen("default");
    env.write("clients.toml", CLIENTS.as_bytes());
    let serve = TokServe::start(&env, &["--clients", "clients.toml", "--dialect", dialect]);
    (env, serve)
}

fn token(env: &Env, serve: &TokServe, endpoint_flag: &str, extra: &[&str]) -> String {
    let out = env
        .tok()
        .args([
            "fetch",
            "--client-credentials",
            "--no-cache",
            endpoint_flag,
            &serve.base,
            "--client-id",
            "app-client-1",
        ])
        .args(extra)
        .env("TOK_CLIENT_SECRET", "secret-one")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn gateway(env: &Env, args: &[&str]) -> (i32, Value) {
    let out = env.tok().args(["verify", "--gateway", "http-api"]).args(args).output().unwrap();
    let answer = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), answer)
}

#[test]
fn cognito_token_passes_on_client_id() {
    let (env, serve) = setup("cognito");
    let t = token(&env, &serve, "--cognito", &["--scope", "read:rooms"]);
    let (code, answer) =
        gateway(&env, &["--issuer", &serve.base, "--aud", "app-client-1", &format!("Bearer {t}")]);
    assert_eq!(code, 0);
    assert_eq!(answer["status"], 200);
    // Claims reach the integration as strings.
    assert!(answer["claims"]["exp"].is_string());
    assert_eq!(answer["claims"]["client_id"], "app-client-1");
    let (code, answer) = gateway(&env, &["--issuer", &serve.base, "--aud", "other-client", &t]);
    assert_eq!(code, 1);
    assert_eq!(answer["status"], 401);
    assert_eq!(
        answer["www-authenticate"],
        "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\""
    );
    assert_eq!(answer["body"], json!({"message": "Unauthorized"}));
}

#[test]
fn auth0_trailing_slash_issuer_fails_as_the_gateway_does() {
    let (env, serve) = setup("auth0");
    let t = token(&env, &serve, "--auth0", &["--audience", "https://api.example.com"]);
    // Configured without the slash Auth0's tokens carry.
    let (code, answer) = gateway(&env, &["--issuer", &serve.base, "--aud", "https://api.example.com", &t]);
    assert_eq!(code, 1);
    assert_eq!(answer["status"], 401);
    assert!(answer["www-authenticate"].as_str().unwrap().contains("error=\"invalid_token\""));
    let messages = answer["errors"].to_string();
    assert!(messages.contains("trailing slash"), "{messages}");
    // With the slash, the same token passes.
    let (code, answer) =
        gateway(&env, &["--issuer", &format!("{}/", serve.base), "--aud", "https://api.example.com", &t]);
    assert_eq!((code, answer["status"].as_i64()), (0, Some(200)));
}

#[test]
fn scopes_are_any_of() {
    let (env, serve) = setup("cognito");
    let t = token(&env, &serve, "--cognito", &["--scope", "read:rooms"]);
    let base = ["--issuer", serve.base.as_str(), "--aud", "app-client-1"];
    let (code, _) =
        gateway(&env, &[&base[..], &["--scope", "write:rooms", "--scope", "read:rooms", &t]].concat());
    assert_eq!(code, 0, "one of the route's scopes is enough");
    let (code, answer) = gateway(&env, &[&base[..], &["--scope", "admin", &t]].concat());
    assert_eq!(code, 1);
    assert_eq!(answer["status"], 403);
    assert!(answer["www-authenticate"].as_str().unwrap().contains("insufficient_scope"));
    // The plain verify (not --gateway) needs all scopes.
    env.tok()
        .args(["verify", "--key", "default", "--scope", "write:rooms", "--scope", "read:rooms", &t])
        .assert()
        .code(1);
}

#[test]
fn gateway_rules_refuse_hmac_and_leeway() {
    let env = Env::new();
    for extra in [&["--alg", "HS256"][..], &["--leeway", "30s"][..]] {
        env.tok()
            .args(["verify", "--gateway", "http-api", "--issuer", "https://i.example", "--aud", "a"])
            .args(extra)
            .arg("x.y.z")
            .assert()
            .code(2);
    }
}

#[test]
fn lambda_authorizer_policy() {
    let env = Env::new();
    env.keygen("default");
    let arn = "arn:aws:execute-api:ap-northeast-1:123456789012:abcdef/dev/$connect";
    let t = env.sign(&[
        "--sub",
        "room1",
        "--claim",
        "role=admin",
        "--claim",
        "rooms:=[1,2]",
        "--claim",
        "vip:=true",
    ]);
    let out = env.tok().args(["verify", "--policy", arn, &t]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["principalId"], "room1");
    assert_eq!(
        v["policyDocument"]["Statement"][0],
        json!({"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": arn})
    );
    assert_eq!(v["context"]["role"], "admin");
    assert_eq!(v["context"]["rooms"], "[1,2]", "arrays become JSON strings");
    assert_eq!(v["context"]["vip"], true);
    assert!(v["context"]["exp"].is_number());

    let expired = env.sign(&["--sub", "room1", "--exp", "-1m"]);
    let out = env.tok().args(["verify", "--policy", arn, &expired]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["policyDocument"]["Statement"][0]["Effect"], "Deny");
    assert!(v.get("context").is_none());
}

/// API Gateway requires the token's kid to match a key in jwks_uri, even when the set holds
/// one key; plain verify keeps its one-key fallback.
#[test]
fn gateway_refuses_a_token_without_kid_even_with_one_key() {
    let (env, serve) = setup("cognito");
    let t = env.sign(&["--no-kid", "--iss", &serve.base, "--aud", "api", "--sub", "x"]);
    let (code, answer) = gateway(&env, &["--issuer", &serve.base, "--aud", "api", &t]);
    assert_eq!(code, 1, "{answer}");
    assert_eq!(answer["status"], 401);
    assert!(answer["errors"].to_string().contains("kid"), "{answer}");
    env.tok().args(["verify", "--issuer", &serve.base, "--aud", "api", &t]).assert().success();
}

/// RFC 6749 §3.3: scopes are separated by the space character only.
#[test]
fn scopes_split_on_space_only() {
    let (env, serve) = setup("auth0");
    let nbsp = env.sign(&["--iss", &serve.base, "--aud", "api", "--claim", "scope=read\u{a0}admin"]);
    let scp = env.sign(&["--iss", &serve.base, "--aud", "api", "--claim", "scp=read\tadmin"]);
    for t in [&nbsp, &scp] {
        env.tok().args(["verify", "--scope", "admin", t]).assert().code(1);
        let (code, answer) = gateway(&env, &["--issuer", &serve.base, "--aud", "api", "--scope", "admin", t]);
        assert_eq!((code, answer["status"].as_i64()), (1, Some(403)), "{answer}");
    }
    let spaced = env.sign(&["--iss", &serve.base, "--aud", "api", "--claim", "scope=read  admin"]);
    env.tok().args(["verify", "--scope", "admin", &spaced]).assert().success();
}

const WS_ARN: &str = "arn:aws:execute-api:ap-northeast-1:123456789012:abcdef/dev/$connect";

#[test]
fn policy_deny_explains_and_carries_nothing_from_the_token() {
    let env = Env::new();
    env.keygen("default");
    let expired = env.sign(&["--sub", "admin", "--exp", "-1m", "--claim", "role=root"]);
    let out = env.tok().args(["verify", "--policy", WS_ARN, &expired]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["policyDocument"]["Statement"][0]["Effect"], "Deny");
    assert_eq!(v["principalId"], "unauthorized", "nothing from an unverified token");
    assert!(v.get("context").is_none());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("exp: token expired"), "{stderr}");

    // --explain: the checks on stderr, the policy still alone on stdout.
    let out = env.tok().args(["verify", "--policy", WS_ARN, "--explain", &expired]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["policyDocument"]["Statement"][0]["Effect"], "Deny");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("signature") && stderr.contains("✗"), "{stderr}");
    assert!(stderr.contains("answers Deny"), "{stderr}");
    let valid = env.sign(&["--sub", "room1"]);
    let out = env.tok().args(["verify", "--policy", WS_ARN, "--explain", &valid]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["principalId"], "room1");
}

#[test]
fn policy_refuses_what_is_not_an_execute_api_arn() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--sub", "room1"]);
    for bad in [
        "not-an-arn",
        "arn:aws:lambda:us-east-1:123456789012:function:auth",
        "arn:aws:execute-api:us-east-1:123456789012:abcdef",
        "arn:aws:execute-api:us-east-1:12345:abcdef/dev/GET/rooms",
        "arn:aws:execute-api::123456789012:abcdef/dev/GET/",
    ] {
        env.tok()
            .args(["verify", "--policy", bad, &t])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("execute-api"));
    }
    for good in [
        WS_ARN,
        "arn:aws:execute-api:us-east-1:123456789012:abcdef/prod/GET/",
        "arn:aws:execute-api:us-east-1:123456789012:abcdef/prod/POST/rooms/1/messages",
        "arn:aws-cn:execute-api:cn-north-1:123456789012:abcdef/*/*/*",
    ] {
        env.tok().args(["verify", "--policy", good, &t]).assert().success();
    }
}

#[test]
fn policy_warns_on_encoded_claims_and_offers_a_wildcard_resource() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--sub", "room1", "--claim", "rooms:=[1,2]", "--claim", "role=admin"]);
    let out = env.tok().args(["verify", "--policy", WS_ARN, &t]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("\"rooms\"") && stderr.contains("JSON"), "{stderr}");
    assert!(!stderr.contains("\"role\""), "{stderr}");

    let rest = "arn:aws:execute-api:us-east-1:123456789012:abcdef/prod/GET/rooms/1";
    for (arn, wildcard) in [
        (rest, "arn:aws:execute-api:us-east-1:123456789012:abcdef/prod/*/*"),
        (WS_ARN, "arn:aws:execute-api:ap-northeast-1:123456789012:abcdef/dev/*"),
    ] {
        let out = env
            .tok()
            .args(["verify", "--policy", arn, "--policy-resource", "wildcard", &t])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["policyDocument"]["Statement"][0]["Resource"], wildcard);
    }
    env.tok().args(["verify", "--policy-resource", "wildcard", &t]).assert().code(2);
}

/// API Gateway's JWT authorizer takes RSA algorithms only: an ES256 token from an issuer that
/// signs with a P-256 key gets its 401, and the reason says so.
#[test]
fn ec_tokens_are_refused_as_the_gateway_does() {
    let env = Env::new();
    let out = env.tok().args(["keygen", "--name", "ec", "--type", "ec"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    env.write("clients.toml", CLIENTS.as_bytes());
    let serve = TokServe::start(&env, &["--clients", "clients.toml", "--dialect", "cognito", "--key", "ec"]);
    let t = token(&env, &serve, "--cognito", &["--scope", "read:rooms"]);
    assert_eq!(common::segment_json(&t, 0)["alg"], "ES256");
    // The token itself is good: plain verify by the same discovery accepts it.
    env.tok().args(["verify", "--issuer", &serve.base, &t]).assert().success();
    let (code, answer) = gateway(&env, &["--issuer", &serve.base, "--aud", "app-client-1", &t]);
    assert_eq!((code, answer["status"].as_i64()), (1, Some(401)));
    let messages = answer["errors"].to_string();
    assert!(messages.contains("accepts RSA algorithms only") && messages.contains("ES256"), "{messages}");
}
