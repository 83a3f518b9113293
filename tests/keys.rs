mod common;

use common::{fixture, fixture_text, Env};
use predicates::prelude::*;

#[test]
fn list_shows_name_kid_bits_created() {
    let env = Env::new();
    env.tok().args(["keys", "list"]).assert().success().stderr(predicate::str::contains("empty"));
    let kid = env.keygen("default");
    let out = env.tok().args(["keys", "list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["name"], "default");
    assert_eq!(rows[0]["kid"], kid.as_str());
    assert_eq!(rows[0]["bits"], 2048);
    assert!(rows[0]["created"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn show_reproduces_the_rfc7638_example_thumbprint() {
    let env = Env::new();
    let expected = fixture_text("rfc7638_thumbprint.txt");
    env.tok()
        .args(["keys", "show", "--key"])
        .arg(fixture("rfc7638_jwk.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("kid          {expected}")));
}

#[test]
fn show_jwk_and_pem_of_openssl_keys() {
    let env = Env::new();
    // The SPKI PEM tok derives from a PKCS#1 private key equals openssl's own -pubout.
    let out = env
        .tok()
        .args(["keys", "show", "--pem", "--key"])
        .arg(fixture("openssl/pkcs1_private.pem"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(fixture("openssl/spki_public.pem")).unwrap()
    );
    // The same key from a certificate and a PKCS#1 public key has one thumbprint.
    let kid = |file: &str| {
        let out = env.tok().args(["keys", "show", "--jwk", "--key"]).arg(fixture(file)).output().unwrap();
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        let jwk: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        jwk["kid"].as_str().unwrap().to_string()
    };
    let a = kid("openssl/cert.pem");
    assert_eq!(a, kid("openssl/pkcs1_public.pem"));
    assert_eq!(a, kid("openssl/spki_public.pem"));
}

#[test]
fn show_missing_key_hints_at_keygen() {
    let env = Env::new();
    env.tok()
        .args(["keys", "show"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no default key").and(predicate::str::contains("tok keygen")));
}

#[test]
fn show_jwk_has_no_alg_unless_pinned() {
    let env = Env::new();
    env.keygen("default");
    let jwk = |args: &[&str]| {
        let out = env.tok().args(["keys", "show", "--jwk"]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert!(jwk(&[]).get("alg").is_none());
    assert_eq!(jwk(&["--alg", "ps256"])["alg"], "PS256");
    env.tok().args(["keys", "show", "--alg", "RS256"]).assert().code(2);
    env.tok()
        .args(["keys", "show", "--jwk", "--alg", "HS256"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not fit this key (RSA 2048 bits)"));
}
