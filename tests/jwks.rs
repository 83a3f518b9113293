//! tok jwks: publishing keys, checked by an independent implementation, and JWK → PEM.

mod common;

use common::server::TokServe;
use common::{fixture, fixture_text, Env};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use predicates::prelude::*;
use serde_json::Value;

fn jwks_of(env: &Env, args: &[&str]) -> Value {
    let out = env.tok().arg("jwks").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn keyring_jwks_verifies_tokens_in_jsonwebtoken() {
    let env = Env::new();
    env.keygen("default");
    env.keygen("next");
    let set = jwks_of(&env, &[]);
    let keys = set["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    for jwk in keys {
        assert_eq!(jwk["use"], "sig");
        assert!(jwk.get("alg").is_none(), "no alg by default: every RSA alg may use the key");
        assert!(jwk.get("d").is_none());
        assert!(!jwk["n"].as_str().unwrap().starts_with("AA"), "minimal-octet n");
    }
    for name in ["default", "next"] {
        let token = env.sign(&["--key", name, "--sub", "room1"]);
        let kid = common::segment_json(&token, 0)["kid"].as_str().unwrap().to_string();
        let jwk_value = keys.iter().find(|k| k["kid"] == kid.as_str()).expect("the signing key is published");
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk_value.clone()).unwrap();
        assert_eq!(
            jwk.thumbprint(jsonwebtoken::jwk::ThumbprintHash::SHA256),
            kid,
            "kid is the RFC 7638 thumbprint"
        );
        let key = DecodingKey::from_jwk(&jwk).unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.required_spec_claims.clear();
        jsonwebtoken::decode::<Value>(&token, &key, &validation).unwrap();
    }
    // --key picks keys.
    assert_eq!(jwks_of(&env, &["--key", "next"])["keys"].as_array().unwrap().len(), 1);
}

#[test]
fn rfc7638_example_key_gets_its_thumbprint() {
    let env = Env::new();
    let set = jwks_of(&env, &["--key", fixture("rfc7638_jwk.json").to_str().unwrap()]);
    assert_eq!(set["keys"][0]["kid"], fixture_text("rfc7638_thumbprint.txt"));
}

#[test]
fn static_site_with_discovery() {
    let env = Env::new();
    env.keygen("default");
    env.tok()
        .args(["jwks", "--out", "site", "--discovery", "--issuer", "https://keys.example.com"])
        .assert()
        .success();
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(env.path("site/.well-known/openid-configuration")).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["issuer"], "https://keys.example.com");
    assert_eq!(doc["jwks_uri"], "https://keys.example.com/.well-known/jwks.json");
    let set: Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("site/.well-known/jwks.json")).unwrap())
            .unwrap();
    assert_eq!(set["keys"].as_array().unwrap().len(), 1);
    env.tok().args(["jwks", "--discovery"]).assert().code(2);
    Env::new().tok().arg("jwks").assert().code(2).stderr(predicate::str::contains("keyring is empty"));
}

#[test]
fn jwk_to_pem_to_verify_round_trip() {
    let env = Env::new();
    // RFC 7515 A.2's JWK → PEM, then the A.2 token verifies with that PEM.
    let out =
        env.tok().args(["jwks", "--to-pem"]).arg(fixture("rfc7515/a2_public_jwk.json")).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"-----BEGIN PUBLIC KEY-----\n"));
    env.write("a2.pem", &out.stdout);
    env.tok()
        .args(["verify", "--key", "a2.pem", "--at", "1300819320", &fixture_text("rfc7515/a2_rs256.jwt")])
        .assert()
        .success();
    // jsonwebtoken reads the PEM too.
    DecodingKey::from_rsa_pem(&out.stdout).unwrap();
}

#[test]
fn to_pem_on_the_rfc7517_example_set() {
    let env = Env::new();
    let set = fixture("rfc7517_a1_public_jwks.json");
    env.tok().args(["jwks", "--to-pem"]).arg(&set).assert().code(2).stderr(predicate::str::contains("--kid"));
    let out = env.tok().args(["jwks", "--to-pem"]).arg(&set).args(["--kid", "2011-04-29"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    env.write("rsa.pem", &out.stdout);
    // PEM → JWK gives back the RFC's n and e.
    let back = env.tok().args(["keys", "show", "--jwk", "--key", "rsa.pem"]).output().unwrap();
    let jwk: Value = serde_json::from_slice(&back.stdout).unwrap();
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&set).unwrap()).unwrap();
    let rsa = original["keys"].as_array().unwrap().iter().find(|k| k["kty"] == "RSA").unwrap();
    assert_eq!(jwk["n"], rsa["n"]);
    assert_eq!(jwk["e"], rsa["e"]);
    // The EC P-256 key round-trips too: JWK → PEM → JWK gives back x and y.
    let ec = original["keys"].as_array().unwrap().iter().find(|k| k["kty"] == "EC").unwrap();
    let out = env
        .tok()
        .args(["jwks", "--to-pem"])
        .arg(&set)
        .args(["--kid", ec["kid"].as_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    env.write("ec.pem", &out.stdout);
    let back = env.tok().args(["keys", "show", "--jwk", "--key", "ec.pem"]).output().unwrap();
    let jwk: Value = serde_json::from_slice(&back.stdout).unwrap();
    assert_eq!((&jwk["crv"], &jwk["x"], &jwk["y"]), (&ec["crv"], &ec["x"], &ec["y"]));
}

#[test]
fn to_pem_from_a_jwks_url() {
    let env = Env::new();
    env.keygen("default");
    env.write("clients.toml", b"[[client]]\nid = \"c\"\nsecret = \"s\"\n");
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    let out = env
        .tok()
        .args(["jwks", "--to-pem", &format!("{}/.well-known/jwks.json", serve.base)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, std::fs::read(env.key_file("default", "public.pem")).unwrap());
    env.tok()
        .args(["jwks", "--to-pem", &format!("{}/missing", serve.base)])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("404"));
}

/// A key's published JWK must let every algorithm it signs with verify: PS256 included.
#[test]
fn ps256_tokens_verify_against_tok_jwks_and_alg_pins() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--alg", "PS256", "--sub", "room1"]);
    let set = jwks_of(&env, &[]);
    env.write("set.json", set.to_string().as_bytes());
    env.tok().args(["verify", "--jwks", "set.json", &token]).assert().success();
    let out = env.tok().args(["keys", "show", "--jwk"]).output().unwrap();
    assert!(out.status.success());
    env.write("one.json", &out.stdout);
    env.tok().args(["verify", "--jwks", "one.json", &token]).assert().success();

    // --alg pins the key to one algorithm; a token in another is then refused, and says why.
    let pinned = jwks_of(&env, &["--alg", "RS256"]);
    assert_eq!(pinned["keys"][0]["alg"], "RS256");
    env.write("pinned.json", pinned.to_string().as_bytes());
    env.tok()
        .args(["verify", "--jwks", "pinned.json", &token])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the key is for alg \"RS256\" but the token says PS256"));
    let out = env.tok().args(["keys", "show", "--jwk", "--alg", "PS512"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap()["alg"], "PS512");
    // An RSA key's JWK takes an RSA algorithm, and the error names them.
    for bad in ["HS256", "ES256", "EdDSA"] {
        env.tok()
            .args(["jwks", "--alg", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("RS256, RS384"));
    }
    env.tok()
        .args(["jwks", "--alg", "none"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never allowed"));
}

#[test]
fn ps256_token_verifies_against_tok_serve_jwks() {
    let env = Env::new();
    env.keygen("default");
    env.keygen("next");
    env.write("clients.toml", b"[[client]]\nid = \"c\"\nsecret = \"s\"\n");
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    let url = format!("{}/.well-known/jwks.json", serve.base);
    let set: Value = serde_json::from_str(&reqwest::blocking::get(&url).unwrap().text().unwrap()).unwrap();
    let keys = set["keys"].as_array().unwrap();
    // The signing key says what tok serve signs with; the other keyring keys carry no alg.
    assert_eq!(keys[0]["alg"], "RS256");
    assert!(keys[1].get("alg").is_none(), "{set}");
    let token = env.sign(&["--key", "next", "--alg", "PS256", "--sub", "room1"]);
    env.tok().args(["verify", "--jwks", &url, &token]).assert().success();
}
