mod common;

use common::{now, segment_json, Env};
use predicates::prelude::*;
use serde_json::json;

#[test]
fn sign_prints_one_rs256_token_with_kid_sub_iat_exp() {
    let env = Env::new();
    let kid = env.keygen("default");
    let out = env.tok().args(["sign", "--sub", "room1"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches('\n').count(), 1, "one token and a newline: {stdout:?}");
    let token = stdout.trim_end();
    assert_eq!(segment_json(token, 0), json!({"alg": "RS256", "typ": "JWT", "kid": kid}));
    let claims = segment_json(token, 1);
    let keys: Vec<&String> = claims.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["sub", "iat", "exp"], "the PHP backend's claim order");
    assert_eq!(claims["sub"], "room1");
    let iat = claims["iat"].as_i64().expect("iat is an integer NumericDate");
    assert!((iat - now()).abs() <= 5);
    assert_eq!(claims["exp"].as_i64().unwrap(), iat + 3600);
}

#[test]
fn ttl_exp_nbf_and_registered_claims() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--sub", "123", "--ttl", "15m", "--iss", "https://issuer.example/", "--aud", "a1"]);
    let c = segment_json(&t, 1);
    assert_eq!(c["sub"], "123", "--sub stays a string");
    assert_eq!(c["iss"], "https://issuer.example/");
    assert_eq!(c["aud"], "a1", "one --aud is a string");
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 900);

    let t = env.sign(&["--aud", "a1", "--aud", "a2", "--exp", "2030-01-01T00:00:00Z", "--nbf", "1893456000"]);
    let c = segment_json(&t, 1);
    assert_eq!(c["aud"], json!(["a1", "a2"]));
    assert_eq!(c["exp"], 1893456000);
    assert_eq!(c["nbf"], 1893456000);
    assert!(c.get("sub").is_none(), "--sub is optional");

    for (ttl, secs) in [("90s", 90), ("1h", 3600), ("7d", 604800)] {
        let c = segment_json(&env.sign(&["--ttl", ttl]), 1);
        assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), secs, "{ttl}");
    }
    let c = segment_json(&env.sign(&["--exp", "+2h"]), 1);
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 7200);
}

#[test]
fn scope_jti_typ_no_kid() {
    let env = Env::new();
    env.keygen("default");
    let t =
        env.sign(&["--scope", "chat:read", "--scope", "chat:write", "--jti", "--typ", "at+jwt", "--no-kid"]);
    let h = segment_json(&t, 0);
    assert_eq!(h, json!({"alg": "RS256", "typ": "at+jwt"}));
    let c = segment_json(&t, 1);
    assert_eq!(c["scope"], "chat:read chat:write");
    let jti = c["jti"].as_str().unwrap();
    assert!(jti.len() >= 16);
    let c2 = segment_json(&env.sign(&["--jti"]), 1);
    assert_ne!(c2["jti"].as_str().unwrap(), jti, "random per token");
    assert_eq!(segment_json(&env.sign(&["--jti", "fixed-1"]), 1)["jti"], "fixed-1");
}

#[test]
fn custom_claims_string_json_and_file() {
    let env = Env::new();
    env.keygen("default");
    env.write("extra.json", br#"{"tenant":"acme","role":"user","exp":1}"#);
    let t = env.sign(&[
        "--claims",
        "extra.json",
        "--claim",
        "role=admin",
        "--claim",
        "n=5",
        "--claim",
        "rooms:=[1,2]",
        "--claim",
        "https://example.com/roles:=[\"a\"]",
        "--ttl",
        "1h",
    ]);
    let c = segment_json(&t, 1);
    assert_eq!(c["tenant"], "acme");
    assert_eq!(c["role"], "admin", "--claim wins over the file");
    assert_eq!(c["n"], "5", "k=v is always a string");
    assert_eq!(c["rooms"], json!([1, 2]));
    assert_eq!(c["https://example.com/roles"], json!(["a"]));
    assert!(c["exp"].as_i64().unwrap() > now(), "--ttl wins over the file's exp");

    env.tok()
        .args(["sign", "--claim", "exp=123"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exp must be a NumericDate").and(predicate::str::contains(":=")));
    env.tok()
        .args(["sign", "--claim", "x:={bad"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid JSON"));
    env.tok().args(["sign", "--claim", "novalue"]).assert().code(2);
    env.write("arr.json", b"[1]");
    env.tok()
        .args(["sign", "--claims", "arr.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("JSON object"));
    // Claims from stdin.
    let out = env.tok().args(["sign", "--claims", "-"]).write_stdin(r#"{"k":true}"#).output().unwrap();
    assert_eq!(segment_json(String::from_utf8(out.stdout).unwrap().trim(), 1)["k"], true);
}

#[test]
fn url_appends_the_token_as_a_query_parameter() {
    let env = Env::new();
    env.keygen("default");
    let out = env
        .tok()
        .args(["sign", "--sub", "room1", "--url", "wss://abc.example/dev?lang=ja#x"])
        .output()
        .unwrap();
    let url = String::from_utf8(out.stdout).unwrap();
    let url = url.trim();
    assert!(url.starts_with("wss://abc.example/dev?lang=ja&token=eyJ"), "{url}");
    assert!(url.ends_with("#x"));
    // What the URL carries verifies, and tok verify reads the URL form directly.
    env.tok().args(["verify", url]).assert().success().stdout(predicate::str::contains("room1"));
}

#[test]
fn json_output() {
    let env = Env::new();
    env.keygen("default");
    let out = env.tok().args(["sign", "--sub", "r", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claims"]["sub"], "r");
    assert_eq!(v["header"]["alg"], "RS256");
    assert_eq!(segment_json(v["token"].as_str().unwrap(), 1), v["claims"]);
}

#[test]
fn batch_subjects_in_order() {
    let env = Env::new();
    env.keygen("default");
    env.write("rooms.txt", b"room-a\n\nroom-b\r\nroom-c\n");
    let out = env.tok().args(["sign", "--sub", "first", "--subs-from", "rooms.txt"]).output().unwrap();
    assert!(out.status.success());
    let subs: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|t| segment_json(t, 1)["sub"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(subs, ["first", "room-a", "room-b", "room-c"]);
    let out = env.tok().args(["sign", "--subs-from", "-"]).write_stdin("x\ny\n").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
    env.write("empty.txt", b"\n");
    env.tok()
        .args(["sign", "--subs-from", "empty.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no subjects"));
}

#[test]
fn subs_from_with_jobs_keeps_order_times_and_unique_jtis() {
    let env = Env::new();
    env.keygen("default");
    let subs: Vec<String> = (0..2000).map(|i| format!("room{i}")).collect();
    env.write("subs.txt", format!("{}\n", subs.join("\n")).as_bytes());
    let before = now();
    let out = env
        .tok()
        .args(["sign", "--subs-from", "subs.txt", "--jobs", "4", "--jti", "--ttl", "10m"])
        .output()
        .unwrap();
    let after = now();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let claims: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|t| segment_json(t, 1)).collect();
    let got: Vec<&str> = claims.iter().map(|c| c["sub"].as_str().unwrap()).collect();
    assert_eq!(got, subs, "tokens in input order");
    let jtis: std::collections::HashSet<&str> = claims.iter().map(|c| c["jti"].as_str().unwrap()).collect();
    assert_eq!(jtis.len(), 2000, "a random jti per token");
    for c in &claims {
        let iat = c["iat"].as_i64().unwrap();
        assert!((before..=after).contains(&iat), "iat {iat} not within the run {before}..{after}");
        assert_eq!(c["exp"].as_i64().unwrap(), iat + 600);
    }
    // Every token verifies, workers or not.
    let tokens = env.tok().args(["sign", "--subs-from", "subs.txt", "--jobs", "2"]).output().unwrap().stdout;
    env.tok().args(["verify", "--each", "-q"]).write_stdin(tokens).assert().success();
}

#[test]
fn rsa_algorithms_and_key_files() {
    let env = Env::new();
    env.tok().args(["keygen", "--out", "kp"]).assert().success();
    for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ps256"] {
        let t = env.sign(&["--key", "kp/private.pem", "--alg", alg, "--sub", "s"]);
        assert_eq!(segment_json(&t, 0)["alg"], alg.to_uppercase());
        env.tok().args(["verify", "--key", "kp/public.pem", &t]).assert().success();
    }
    // A PKCS#1 private key made by openssl.
    let t = env.sign(&["--key", common::fixture("openssl/pkcs1_private.pem").to_str().unwrap()]);
    env.tok()
        .args(["verify", "--key", common::fixture("openssl/spki_public.pem").to_str().unwrap(), &t])
        .assert()
        .success();
}

#[test]
fn key_errors() {
    let env = Env::new();
    env.tok()
        .args(["sign", "--sub", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no default key").and(predicate::str::contains("tok keygen")));
    env.tok()
        .args(["sign", "--key", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no key named \"nope\""));
    env.tok()
        .args(["sign", "--key", "missing.pem"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not found"));
    env.keygen("default");
    env.tok()
        .args(["sign", "--key", env.key_file("default", "public.pem").to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("public key"));
    env.write("garbage.pem", b"hello");
    env.tok().args(["sign", "--key", "garbage.pem"]).assert().code(2).stderr(predicate::str::contains("PEM"));
    env.tok()
        .args(["sign", "--alg", "none"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never allowed"));
    env.tok()
        .args(["sign", "--alg", "ES256"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ES256 needs an EC key, and this is an RSA 2048-bit key"));
    env.tok()
        .args(["sign", "--alg", "ES257"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown --alg"));
    env.tok().args(["sign", "--ttl", "soon"]).assert().code(2).stderr(predicate::str::contains("--ttl"));
    env.tok().args(["sign", "--ttl", "1h", "--exp", "+1h"]).assert().code(2);
    env.tok()
        .args(["sign", "--exp", "-1h"])
        .assert()
        .success()
        .stderr(predicate::str::contains("already expired"));
}

#[test]
fn hmac_secret_sources_and_length_rule() {
    let env = Env::new();
    let strong = "0123456789abcdef0123456789abcdef"; // 32 bytes: the HS256 minimum
    env.write("secret", format!("{strong}\n").as_bytes());
    let t = env.sign(&["--alg", "HS256", "--secret-file", "secret", "--claim", "foo=bar"]);
    assert_eq!(segment_json(&t, 0), json!({"alg": "HS256", "typ": "JWT"}));
    env.tok().args(["verify", "--secret-file", "secret", &t]).assert().success();

    // From stdin and from the environment; --secret-file alone implies HS256.
    let out = env.tok().args(["sign", "--secret-stdin", "--sub", "s"]).write_stdin(strong).output().unwrap();
    assert!(out.status.success());
    let t2 = String::from_utf8(out.stdout).unwrap();
    env.tok().args(["verify", "--alg", "HS256", t2.trim()]).env("TOK_SECRET", strong).assert().success();
    env.tok().args(["sign", "--alg", "HS256"]).env("TOK_SECRET", strong).assert().success();

    // Short secrets are refused unless --insecure (RFC 7518 §3.2).
    env.tok()
        .args(["sign", "--alg", "HS256", "--claim", "foo=bar"])
        .env("TOK_SECRET", "my-secret")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--insecure").and(predicate::str::contains("my-secret").not()));
    env.tok()
        .args(["sign", "--alg", "HS512", "--secret-file", "secret"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least 64"));
    let out = env
        .tok()
        .args(["sign", "--alg", "HS256", "--claim", "foo=bar", "--insecure"])
        .env("TOK_SECRET", "my-secret")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"));

    env.tok()
        .args(["sign", "--alg", "HS256"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("TOK_SECRET"));
    env.tok()
        .args(["sign", "--alg", "RS256", "--secret-file", "secret"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("RSA key"));
    // There is no flag that takes the secret itself.
    env.tok().args(["sign", "--secret", strong]).assert().code(2);
}

#[test]
fn closed_pipe_is_not_an_error() {
    let env = Env::new();
    env.keygen("default");
    let subjects: String = (0..3000).map(|i| format!("room{i}\n")).collect();
    env.write("many.txt", subjects.as_bytes());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} sign --subs-from many.txt | head -1 >/dev/null",
            assert_cmd::cargo::cargo_bin("tok").display()
        ))
        .env("TOK_HOME", env.home.path())
        .current_dir(env.home.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("error"), "{stderr}");
}

#[test]
fn each_subject_from_a_pipe_gets_the_time_it_was_signed() {
    let env = Env::new();
    env.keygen("default");
    let out = env.sh("(echo early; sleep 2; echo late) | \"$TOK\" sign --subs-from - --ttl 10m");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let tokens: Vec<&str> = stdout.lines().collect();
    let (early, late) = (segment_json(tokens[0], 1), segment_json(tokens[1], 1));
    let iat = |c: &serde_json::Value| c["iat"].as_i64().unwrap();
    assert!(iat(&late) - iat(&early) >= 1, "iat {} then {}", iat(&early), iat(&late));
    assert_eq!(late["exp"].as_i64().unwrap(), iat(&late) + 600, "exp follows the token's own iat");
}

#[test]
fn absurd_lifetimes_and_millisecond_times_are_refused() {
    let env = Env::new();
    env.keygen("default");
    env.tok()
        .args(["sign", "--sub", "x", "--ttl", "9223372036854775000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--ttl: duration \"9223372036854775000\" is longer than 100 years"));
    env.tok()
        .args(["sign", "--sub", "x", "--exp", "1795311545000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("looks like milliseconds; use 1795311545"));
}

/// An already-expired token is a common test need: `--ttl -5m` and `--ttl=-5m` both work.
#[test]
fn negative_ttl_signs_an_expired_token() {
    let env = Env::new();
    env.keygen("default");
    for args in [&["--sub", "x", "--ttl", "-5m"][..], &["--sub", "x", "--ttl=-5m"]] {
        let out = env.tok().arg("sign").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let claims = segment_json(String::from_utf8(out.stdout).unwrap().trim(), 1);
        assert_eq!(claims["exp"].as_i64().unwrap(), claims["iat"].as_i64().unwrap() - 300);
        assert!(String::from_utf8_lossy(&out.stderr).contains("already expired"));
    }
}

#[test]
fn stdin_cannot_carry_both_subjects_and_claims() {
    let env = Env::new();
    env.keygen("default");
    env.tok()
        .args(["sign", "--subs-from", "-", "--claims", "-"])
        .write_stdin("room1\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin cannot carry both the subjects and the claims"));
}

#[test]
fn short_secret_hint_points_at_keygen_hmac() {
    let env = Env::new();
    env.write("short", b"too-short");
    env.tok()
        .args(["sign", "--alg", "HS384", "--secret-file", "short"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tok keygen --type hmac --alg HS384 --out FILE"));
}
