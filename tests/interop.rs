//! Interoperability: RFC vectors, tokens made by other tools, and tok's tokens checked by an
//! independent implementation (jsonwebtoken on its RustCrypto backend, which shares no code
//! with tok's aws-lc path).

mod common;

use common::{fixture, fixture_text, Env};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Validation};
use predicates::prelude::*;
use serde_json::{json, Value};

const A_EXP_MINUS_1M: &str = "1300819320"; // one minute before RFC 7515 A.1/A.2's exp

#[test]
fn rfc7515_a1_hs256_verifies_with_its_jwk_at_a_pinned_clock() {
    let env = Env::new();
    let token = fixture_text("rfc7515/a1_hs256.jwt");
    let jwk = fixture("rfc7515/a1_jwk.json");
    let out = env
        .tok()
        .args(["verify", "--jwks"])
        .arg(&jwk)
        .args(["--at", A_EXP_MINUS_1M, &token])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let claims: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(claims, json!({"iss": "joe", "exp": 1300819380, "http://example.com/is_root": true}));
    // Without the pinned clock it is (rightly) expired.
    env.tok()
        .args(["verify", "--jwks"])
        .arg(&jwk)
        .arg(&token)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("expired").and(predicate::str::contains("2011-03-22T18:43:00Z")));
}

#[test]
fn rfc7515_a2_rs256_verifies_with_its_jwk() {
    let env = Env::new();
    env.tok()
        .args(["verify", "--jwks"])
        .arg(fixture("rfc7515/a2_public_jwk.json"))
        .args(["--at", A_EXP_MINUS_1M, &fixture_text("rfc7515/a2_rs256.jwt")])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"iss\":\"joe\""));
    // The same JWK given as --key.
    env.tok()
        .args(["verify", "--key"])
        .arg(fixture("rfc7515/a2_public_jwk.json"))
        .args(["--at", A_EXP_MINUS_1M, &fixture_text("rfc7515/a2_rs256.jwt")])
        .assert()
        .success();
}

#[test]
fn rfc7515_a5_none_is_rejected() {
    let env = Env::new();
    env.tok()
        .args(["verify", "--jwks"])
        .arg(fixture("rfc7515/a2_public_jwk.json"))
        .args(["--at", A_EXP_MINUS_1M, &fixture_text("rfc7515/a5_none.jwt")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("alg \"none\""));
}

#[test]
fn tokens_from_openssl_and_pyjwt_verify() {
    let env = Env::new();
    env.tok()
        .args(["verify", "--key"])
        .arg(fixture("openssl/cert.pem"))
        .arg(fixture_text("openssl/rs256_openssl.jwt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("room1"));
    for file in ["pyjwt/ps256.jwt", "pyjwt/rs384.jwt"] {
        env.tok()
            .args(["verify", "--jwks"])
            .arg(fixture("pyjwt/jwks.json"))
            .args([
                "--iss",
                "https://tenant.auth0.com/",
                "--aud",
                "https://api.example.com",
                "--scope",
                "read:rooms",
            ])
            .arg(fixture_text(file))
            .assert()
            .success();
    }
}

#[derive(serde::Deserialize, Debug)]
struct Claims {
    sub: String,
    iat: u64,
    exp: u64,
    aud: Vec<String>,
}

#[test]
fn tok_tokens_verify_in_jsonwebtoken_rustcrypto() {
    let env = Env::new();
    env.tok().args(["keygen", "--out", "kp"]).assert().success();
    let public = std::fs::read(env.path("kp/public.pem")).unwrap();
    let key = DecodingKey::from_rsa_pem(&public).unwrap();
    for (alg, jalg) in [
        ("RS256", Algorithm::RS256),
        ("RS384", Algorithm::RS384),
        ("RS512", Algorithm::RS512),
        ("PS256", Algorithm::PS256),
        ("PS384", Algorithm::PS384),
        ("PS512", Algorithm::PS512),
    ] {
        let token = env.sign(&[
            "--key",
            "kp/private.pem",
            "--alg",
            alg,
            "--sub",
            "room1",
            "--aud",
            "a",
            "--aud",
            "b",
        ]);
        let mut validation = Validation::new(jalg);
        validation.set_audience(&["b"]);
        let data = jsonwebtoken::decode::<Claims>(&token, &key, &validation)
            .unwrap_or_else(|e| panic!("{alg}: jsonwebtoken rejected tok's token: {e}"));
        assert_eq!(data.claims.sub, "room1");
        assert_eq!(data.claims.exp, data.claims.iat + 3600);
        assert_eq!(data.claims.aud, ["a", "b"]);
        assert!(data.header.kid.is_some());
    }
    // HMAC too.
    let secret = b"an HS512 secret that is sixty-four bytes long, as RFC 7518 asks.";
    assert_eq!(secret.len(), 64);
    env.write("secret", secret);
    let token =
        env.sign(&["--alg", "HS512", "--secret-file", "secret", "--sub", "s", "--aud", "x", "--aud", "y"]);
    let mut validation = Validation::new(Algorithm::HS512);
    validation.set_audience(&["x"]);
    jsonwebtoken::decode::<Claims>(&token, &DecodingKey::from_secret(secret), &validation).unwrap();
}

#[test]
fn jsonwebtoken_tokens_verify_in_tok() {
    let env = Env::new();
    env.tok().args(["keygen", "--out", "kp"]).assert().success();
    let private = std::fs::read(env.path("kp/private.pem")).unwrap();
    let key = EncodingKey::from_rsa_pem(&private).unwrap();
    let now = common::now();
    for alg in [Algorithm::RS256, Algorithm::PS384, Algorithm::RS512] {
        let token = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(alg),
            &json!({"sub": "from-jsonwebtoken", "iat": now, "exp": now + 60}),
            &key,
        )
        .unwrap();
        env.tok()
            .args(["verify", "--key", "kp/public.pem", "--sub", "from-jsonwebtoken", &token])
            .assert()
            .success();
    }
}
