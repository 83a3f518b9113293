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

// ---------------------------------------------------------------------------------------------
// EC (ES256 / ES384 / ES512) and Ed25519 (EdDSA): issue 9. Fixtures and their provenance are in
// tests/fixtures/README.md; nothing below trusts tok to check tok.

const A3_AT: &str = "1300819320"; // one minute before RFC 7515 A.3's exp

/// RFC 7638 thumbprint computed here, independently of tok: required members in lexicographic
/// order, no whitespace, SHA-256, base64url.
fn thumbprint(jwk: &Value) -> String {
    let canonical = match jwk["kty"].as_str().unwrap() {
        "EC" => json!({"crv": jwk["crv"], "kty": "EC", "x": jwk["x"], "y": jwk["y"]}),
        "OKP" => json!({"crv": jwk["crv"], "kty": "OKP", "x": jwk["x"]}),
        "RSA" => json!({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}),
        other => panic!("kty {other}"),
    };
    // serde_json (with preserve_order) keeps the insertion order above, which is already sorted.
    let text = serde_json::to_string(&canonical).unwrap();
    common::b64(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, text.as_bytes()).as_ref())
}

fn json_fixture(rel: &str) -> Value {
    serde_json::from_str(&fixture_text(rel)).unwrap()
}

/// `tok keys show --jwk --key PATH` → the JWK.
fn tok_jwk(env: &Env, key: &std::path::Path) -> Value {
    let out = env.tok().args(["keys", "show", "--jwk", "--key"]).arg(key).output().unwrap();
    assert!(out.status.success(), "{}: {}", key.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The PyJWT-made JWK (to_jwk) of one of the openssl/ keys, by kid.
fn pyjwt_jwk(kid: &str) -> Value {
    let set = json_fixture("pyjwt/jwks_ec.json");
    set["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid).unwrap().clone()
}

/// `verify` that is expected to fail on the payload only: the signature checked out, and the
/// one problem reported is that the payload is not a JSON object (RFC 7515 A.4, RFC 8037 A.4
/// are JWSs, not JWTs).
fn verifies_but_payload_is_not_json(env: &Env, key_args: &[&str], key: &std::path::Path, token: &str) {
    let out = env.tok().arg("verify").args(key_args).arg(key).arg(token).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}: {stderr}", key.display());
    assert!(stderr.contains("payload is not JSON"), "{}: {stderr}", key.display());
    assert!(!stderr.contains("signature does not match"), "{}: {stderr}", key.display());
    assert!(!stderr.contains("panicked"), "{stderr}");
    // --explain lists the signature check as passed and the format check as the one failure.
    let out = env.tok().arg("verify").args(key_args).arg(key).args(["--explain", token]).output().unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.lines().any(|l| l.starts_with("✗ format") && l.contains("payload is not JSON")), "{all}");
    assert!(all.lines().any(|l| l.starts_with("✓ signature")), "{all}");
    assert!(all.contains("1 check failed"), "{all}");
}

/// The behaviour the RFC 7515 A.4 / RFC 8037 A.4 tests rely on, shown with HS256 (which tok
/// has today): a JWS whose payload is not JSON has its signature checked, and the payload is the
/// one failure.
#[test]
fn a_non_json_payload_is_reported_after_the_signature_check() {
    let env = Env::new();
    let secret = [7u8; 32];
    let secret_file = env.write("secret", &secret);
    std::fs::set_permissions(&secret_file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let input = format!("{}.{}", common::b64(br#"{"alg":"HS256"}"#), common::b64(b"Payload"));
    let tag = aws_lc_rs::hmac::sign(
        &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &secret),
        input.as_bytes(),
    );
    let token = format!("{input}.{}", common::b64(tag.as_ref()));
    verifies_but_payload_is_not_json(&env, &["--secret-file"], &secret_file, &token);
}

#[test]
fn rfc7515_a3_es256_verifies_with_its_jwk_and_pem() {
    let env = Env::new();
    let token = fixture_text("rfc7515/a3_es256.jwt");
    for args in [["verify", "--key"], ["verify", "--jwks"]] {
        env.tok()
            .args(args)
            .arg(fixture("rfc7515/a3_public_jwk.json"))
            .args(["--at", A3_AT, &token])
            .assert()
            .success()
            .stdout(predicate::str::contains("\"iss\":\"joe\""));
    }
    // The same key as SPKI PEM (made by Python cryptography).
    env.tok()
        .args(["verify", "--key"])
        .arg(fixture("ec_negative/a3_public.pem"))
        .args(["--at", A3_AT, "--alg", "ES256", &token])
        .assert()
        .success();
    // Expired without the pinned clock, like A.1/A.2.
    env.tok()
        .args(["verify", "--key"])
        .arg(fixture("rfc7515/a3_public_jwk.json"))
        .arg(&token)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("expired"));
    // --alg restricts: an ES256 token is refused when only ES384 is allowed.
    env.tok()
        .args(["verify", "--key"])
        .arg(fixture("rfc7515/a3_public_jwk.json"))
        .args(["--at", A3_AT, "--alg", "ES384", &token])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("alg ES256 is not allowed: --alg allows ES384"));
}

#[test]
fn rfc7515_a4_es512_signature_checks_and_the_payload_is_not_json() {
    let env = Env::new();
    let token = fixture_text("rfc7515/a4_es512.jwt");
    let jwk = fixture("rfc7515/a4_public_jwk.json");
    verifies_but_payload_is_not_json(&env, &["--at", "1300819320", "--key"], &jwk, &token);
    verifies_but_payload_is_not_json(&env, &["--at", "1300819320", "--jwks"], &jwk, &token);
    // One flipped bit in the signature is a signature failure, not a payload one.
    let mut parts: Vec<String> = token.split('.').map(String::from).collect();
    let mut sig = common::unb64(&parts[2]);
    assert_eq!(sig.len(), 132);
    sig[40] ^= 1;
    parts[2] = common::b64(&sig);
    env.tok()
        .args(["verify", "--key"])
        .arg(&jwk)
        .arg(parts.join("."))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("signature does not match"));
}

#[test]
fn rfc8037_a4_a5_eddsa_signature_checks_and_the_payload_is_not_json() {
    let env = Env::new();
    let a4 = fixture_text("rfc8037/a4_eddsa.jwt");
    let a5 = fixture_text("rfc8037/a5_eddsa.jwt");
    for token in [&a4, &a5] {
        verifies_but_payload_is_not_json(&env, &["--key"], &fixture("rfc8037/a2_public_jwk.json"), token);
        verifies_but_payload_is_not_json(&env, &["--jwks"], &fixture("rfc8037/a2_public_jwk.json"), token);
        verifies_but_payload_is_not_json(&env, &["--key"], &fixture("rfc8037/a2_public.pem"), token);
    }
}

#[test]
fn eddsa_jwts_signed_with_the_rfc8037_key_verify_also_as_alg_ed25519() {
    let env = Env::new();
    for file in ["ec_negative/eddsa_a1_key.jwt", "rfc8037/derived_alg_ed25519.jwt"] {
        for key in ["rfc8037/a2_public_jwk.json", "rfc8037/a2_public.pem"] {
            env.tok()
                .args(["verify", "--key"])
                .arg(fixture(key))
                .args(["--sub", "room1"])
                .arg(fixture_text(file))
                .assert()
                .success()
                .stdout(predicate::str::contains("room1"));
        }
    }
    // RFC 9864's "Ed25519" is an EdDSA alg for --alg too.
    env.tok()
        .args(["verify", "--key"])
        .arg(fixture("rfc8037/a2_public_jwk.json"))
        .args(["--alg", "EdDSA"])
        .arg(fixture_text("ec_negative/eddsa_a1_key.jwt"))
        .assert()
        .success();
}

#[test]
fn thumbprints_of_the_rfc_ec_and_okp_keys() {
    let env = Env::new();
    let a3_thumbprint = "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"; // rfc7638_derived_ec A.3_P-256
    let a4_thumbprint = "u5YUSjQ2-2chBi51NSk3t3g7IM4o2KYcnPqPtCNGd3U"; // rfc7638_derived_ec A.4_P-521
    let rfc8037_a3 = fixture_text("rfc8037/a3_thumbprint.txt");
    // The helper above agrees with the vectors, so it can judge the keys that have none.
    assert_eq!(thumbprint(&json_fixture("rfc7515/a3_public_jwk.json")), a3_thumbprint);
    assert_eq!(thumbprint(&json_fixture("rfc8037/a2_public_jwk.json")), rfc8037_a3);
    for (file, expected) in [
        ("rfc7515/a3_public_jwk.json", a3_thumbprint),
        ("ec_negative/a3_public.pem", a3_thumbprint),
        ("rfc7515/a4_public_jwk.json", a4_thumbprint),
        ("rfc8037/a2_public_jwk.json", rfc8037_a3.as_str()),
        ("rfc8037/a2_public.pem", rfc8037_a3.as_str()),
        ("rfc8037/a1_private.pem", rfc8037_a3.as_str()),
    ] {
        let jwk = tok_jwk(&env, &fixture(file));
        assert_eq!(jwk["kid"], expected, "{file}: {jwk}");
        // The summary's kid line too.
        env.tok()
            .args(["keys", "show", "--key"])
            .arg(fixture(file))
            .assert()
            .success()
            .stdout(predicate::str::contains(expected));
    }
    // The JWK members are the RFC's, coordinates full length (A.4's y keeps its leading zero).
    let a4 = tok_jwk(&env, &fixture("rfc7515/a4_public_jwk.json"));
    let rfc = json_fixture("rfc7515/a4_public_jwk.json");
    assert_eq!(
        (&a4["kty"], &a4["crv"], &a4["x"], &a4["y"]),
        (&rfc["kty"], &rfc["crv"], &rfc["x"], &rfc["y"])
    );
    let okp = tok_jwk(&env, &fixture("rfc8037/a2_public.pem"));
    assert_eq!(okp["kty"], "OKP");
    assert_eq!(okp["crv"], "Ed25519");
    assert_eq!(okp["x"], json_fixture("rfc8037/a2_public_jwk.json")["x"]);
    assert!(okp.get("d").is_none() && okp.get("y").is_none(), "{okp}");
    // A private key never leaks d into the JWK.
    assert!(tok_jwk(&env, &fixture("rfc8037/a1_private.pem")).get("d").is_none());
}

#[test]
fn jwks_to_pem_of_ec_and_okp_jwks_matches_python_cryptography() {
    let env = Env::new();
    for (jwk, pem) in [
        ("rfc7515/a3_public_jwk.json", "ec_negative/a3_public.pem"),
        ("rfc8037/a2_public_jwk.json", "rfc8037/a2_public.pem"),
    ] {
        let out = env.tok().args(["jwks", "--to-pem"]).arg(fixture(jwk)).output().unwrap();
        assert!(out.status.success(), "{jwk}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            std::fs::read_to_string(fixture(pem)).unwrap(),
            "{jwk}"
        );
    }
    // P-521: the PEM tok writes verifies A.4 (up to the non-JSON payload).
    let out =
        env.tok().args(["jwks", "--to-pem"]).arg(fixture("rfc7515/a4_public_jwk.json")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pem = env.write("a4.pem", &out.stdout);
    verifies_but_payload_is_not_json(&env, &["--key"], &pem, &fixture_text("rfc7515/a4_es512.jwt"));
    // The PyJWT set, key by key.
    for kid in ["pyjwt-es256", "pyjwt-es384", "pyjwt-es512", "pyjwt-eddsa"] {
        let out = env
            .tok()
            .args(["jwks", "--to-pem"])
            .arg(fixture("pyjwt/jwks_ec.json"))
            .args(["--kid", kid])
            .output()
            .unwrap();
        assert!(out.status.success(), "{kid}: {}", String::from_utf8_lossy(&out.stderr));
        let public = match kid {
            "pyjwt-es256" => "openssl/ec_p256_public.pem",
            "pyjwt-es384" => "openssl/ec_p384_public.pem",
            "pyjwt-es512" => "openssl/ec_p521_public.pem",
            _ => "openssl/ed25519_public.pem",
        };
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            std::fs::read_to_string(fixture(public)).unwrap(),
            "{kid}"
        );
    }
}

/// The openssl/ keys, their public halves, the PyJWT kid of the same key, the alg tok signs
/// with by default, and the signature length.
const OPENSSL_KEYS: [(&str, &str, Option<&str>, &str, usize); 5] = [
    ("openssl/ec_p256_pkcs8.pem", "openssl/ec_p256_public.pem", Some("pyjwt-es256"), "ES256", 64),
    ("openssl/ec_p256_sec1.pem", "openssl/ec_p256_sec1_public.pem", None, "ES256", 64),
    ("openssl/ec_p384_pkcs8.pem", "openssl/ec_p384_public.pem", Some("pyjwt-es384"), "ES384", 96),
    ("openssl/ec_p521_pkcs8.pem", "openssl/ec_p521_public.pem", Some("pyjwt-es512"), "ES512", 132),
    ("openssl/ed25519_pkcs8.pem", "openssl/ed25519_public.pem", Some("pyjwt-eddsa"), "EdDSA", 64),
];

#[test]
fn openssl_ec_and_ed25519_keys_as_jwk_match_pyjwt() {
    let env = Env::new();
    for (private, public, pyjwt_kid, _, _) in OPENSSL_KEYS {
        let from_private = tok_jwk(&env, &fixture(private));
        let from_public = tok_jwk(&env, &fixture(public));
        assert_eq!(from_private, from_public, "{private}");
        assert_eq!(from_public["kid"], thumbprint(&from_public), "{public}");
        if let Some(kid) = pyjwt_kid {
            let theirs = pyjwt_jwk(kid);
            for member in ["kty", "crv", "x", "y"] {
                assert_eq!(from_public.get(member), theirs.get(member), "{public}: {member}");
            }
        }
    }
    // Certificates carry the same keys.
    assert_eq!(
        tok_jwk(&env, &fixture("openssl/ec_p256_cert.pem")),
        tok_jwk(&env, &fixture("openssl/ec_p256_public.pem"))
    );
    assert_eq!(
        tok_jwk(&env, &fixture("openssl/ed25519_cert.pem")),
        tok_jwk(&env, &fixture("openssl/ed25519_public.pem"))
    );
    // tok jwks --key: a set with the one key.
    let out = env.tok().args(["jwks", "--key"]).arg(fixture("openssl/ec_p521_public.pem")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let set: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(set["keys"][0]["y"], pyjwt_jwk("pyjwt-es512")["y"]); // 66 octets, leading 0x00 kept
}

#[test]
fn ec_and_eddsa_tokens_from_openssl_verify_with_pem_cert_and_jwks() {
    let env = Env::new();
    for (token, keys) in [
        ("openssl/es256_openssl.jwt", &["openssl/ec_p256_public.pem", "openssl/ec_p256_cert.pem"][..]),
        ("openssl/es512_openssl.jwt", &["openssl/ec_p521_public.pem"][..]),
        ("openssl/eddsa_openssl.jwt", &["openssl/ed25519_public.pem", "openssl/ed25519_cert.pem"][..]),
    ] {
        for key in keys {
            env.tok()
                .args(["verify", "--key"])
                .arg(fixture(key))
                .args(["--sub", "room1"])
                .arg(fixture_text(token))
                .assert()
                .success()
                .stdout(predicate::str::contains("room1"));
            // The same key as a JWK Set made by tok.
            let out = env.tok().args(["jwks", "--key"]).arg(fixture(key)).output().unwrap();
            assert!(out.status.success(), "{key}: {}", String::from_utf8_lossy(&out.stderr));
            env.write("set.json", &out.stdout);
            env.tok().args(["verify", "--jwks", "set.json"]).arg(fixture_text(token)).assert().success();
        }
    }
}

#[test]
fn ec_and_eddsa_tokens_from_pyjwt_verify_with_jwks_and_pem() {
    let env = Env::new();
    for (file, public) in [
        ("pyjwt/es256.jwt", "openssl/ec_p256_public.pem"),
        ("pyjwt/es384.jwt", "openssl/ec_p384_public.pem"),
        ("pyjwt/es512.jwt", "openssl/ec_p521_public.pem"),
        ("pyjwt/eddsa.jwt", "openssl/ed25519_public.pem"),
    ] {
        let token = fixture_text(file);
        env.tok()
            .args(["verify", "--jwks"])
            .arg(fixture("pyjwt/jwks_ec.json"))
            .args(["--iss", "https://issuer.example/", "--aud", "api", &token])
            .assert()
            .success()
            .stdout(predicate::str::contains("room1"));
        env.tok()
            .args(["verify", "--key"])
            .arg(fixture(public))
            .args(["--aud", "api", &token])
            .assert()
            .success();
    }
}

#[test]
fn openssl_private_keys_sign_with_the_alg_their_curve_fixes() {
    let env = Env::new();
    for (private, public, pyjwt_kid, alg, sig_len) in OPENSSL_KEYS {
        let token = env.sign(&["--key", fixture(private).to_str().unwrap(), "--sub", "x"]);
        let header = common::segment_json(&token, 0);
        assert_eq!(header["alg"], alg, "{private}: {header}");
        let expected_kid = match pyjwt_kid {
            Some(kid) => thumbprint(&pyjwt_jwk(kid)),
            None => thumbprint(&tok_jwk(&env, &fixture(public))),
        };
        assert_eq!(header["kid"], expected_kid.as_str(), "{private}");
        assert_eq!(common::unb64(token.rsplit('.').next().unwrap()).len(), sig_len, "{private}");
        env.tok()
            .args(["verify", "--key"])
            .arg(fixture(public))
            .args(["--sub", "x", "--alg", alg, &token])
            .assert()
            .success();
        // --alg given explicitly, the same as the default.
        let token = env.sign(&["--key", fixture(private).to_str().unwrap(), "--alg", alg, "--sub", "y"]);
        env.tok()
            .args(["verify", "--key"])
            .arg(fixture(public))
            .args(["--sub", "y", &token])
            .assert()
            .success();
    }
    // The SEC1 file really has the EC PARAMETERS block first, as `openssl ecparam -genkey` writes.
    let sec1 = fixture_text("openssl/ec_p256_sec1.pem");
    assert!(sec1.starts_with("-----BEGIN EC PARAMETERS-----"));
    // Without that block (`ecparam -genkey -noout`), the same key.
    let bare = &sec1[sec1.find("-----BEGIN EC PRIVATE KEY-----").unwrap()..];
    env.write("bare_sec1.pem", format!("{bare}\n").as_bytes());
    let token = env.sign(&["--key", "bare_sec1.pem", "--sub", "z"]);
    env.tok()
        .args(["verify", "--key"])
        .arg(fixture("openssl/ec_p256_sec1_public.pem"))
        .args(["--sub", "z", &token])
        .assert()
        .success();
}

#[test]
fn ec_and_ed25519_keyring_keys_sign_and_verify() {
    let env = Env::new();
    for (name, args, alg) in [
        ("ec256", &["--type", "ec", "--curve", "P-256"][..], "ES256"),
        ("ec384", &["--type", "ec", "--curve", "P-384"][..], "ES384"),
        ("ec521", &["--type", "ec", "--curve", "P-521"][..], "ES512"),
        ("ed", &["--type", "ed25519"][..], "EdDSA"),
    ] {
        let out = env.tok().arg("keygen").args(args).args(["--name", name]).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let summary = String::from_utf8(out.stdout).unwrap();
        let kid = summary.lines().find_map(|l| l.strip_prefix("kid")).expect(&summary).trim().to_string();
        let public = env.key_file(name, "public.pem");
        assert_eq!(kid, thumbprint(&tok_jwk(&env, &public)), "{name}");
        let token = env.sign(&["--key", name, "--sub", "room1"]);
        let header = common::segment_json(&token, 0);
        assert_eq!(header["alg"], alg, "{name}");
        assert_eq!(header["kid"], kid.as_str(), "{name}");
        env.tok().args(["verify", "--key", name, "--sub", "room1", &token]).assert().success();
        env.tok().args(["verify", "--key"]).arg(&public).arg(&token).assert().success();
    }
}

#[test]
fn sign_refuses_an_alg_the_key_cannot_make() {
    let env = Env::new();
    for (key, alg) in [
        ("openssl/ec_p256_pkcs8.pem", "ES384"),
        ("openssl/ec_p384_pkcs8.pem", "ES512"),
        ("openssl/ec_p256_pkcs8.pem", "EdDSA"),
        ("openssl/ec_p256_pkcs8.pem", "RS256"),
        ("openssl/ed25519_pkcs8.pem", "ES256"),
        ("openssl/pkcs1_private.pem", "ES256"),
    ] {
        env.tok()
            .args(["sign", "--key"])
            .arg(fixture(key))
            .args(["--alg", alg, "--sub", "x"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(alg));
    }
}

/// tok keygen --type ec|ed25519 into DIR → (private.pem, public.pem) bytes.
fn keygen_pair(env: &Env, dir: &str, args: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let out = env.tok().arg("keygen").args(args).args(["--out", dir]).output().unwrap();
    assert!(out.status.success(), "keygen {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let summary = String::from_utf8(out.stdout).unwrap();
    let private = std::fs::read(env.path(&format!("{dir}/private.pem"))).unwrap();
    let public = std::fs::read(env.path(&format!("{dir}/public.pem"))).unwrap();
    assert!(private.starts_with(b"-----BEGIN PRIVATE KEY-----\n"), "{args:?}");
    assert!(public.starts_with(b"-----BEGIN PUBLIC KEY-----\n"), "{args:?}");
    // The summary's kid is the RFC 7638 thumbprint of the public key.
    let jwk = tok_jwk(env, &env.path(&format!("{dir}/public.pem")));
    let kid = summary.lines().find_map(|l| l.strip_prefix("kid")).expect(&summary).trim().to_string();
    assert_eq!(kid, thumbprint(&jwk), "{args:?}");
    (private, public)
}

#[test]
fn tok_ec_and_eddsa_tokens_verify_in_jsonwebtoken_rustcrypto() {
    let env = Env::new();
    for (dir, args, alg, jalg, coordinate) in [
        ("p256", &["--type", "ec", "--curve", "P-256"][..], "ES256", Algorithm::ES256, 32),
        ("p384", &["--type", "ec", "--curve", "P-384"][..], "ES384", Algorithm::ES384, 48),
        ("ed", &["--type", "ed25519"][..], "EdDSA", Algorithm::EdDSA, 32),
    ] {
        let (_, public) = keygen_pair(&env, dir, args);
        let jwk = tok_jwk(&env, &env.path(&format!("{dir}/public.pem")));
        assert_eq!(common::unb64(jwk["x"].as_str().unwrap()).len(), coordinate, "{dir}: {jwk}");
        let key = if alg == "EdDSA" {
            DecodingKey::from_ed_pem(&public).unwrap()
        } else {
            DecodingKey::from_ec_pem(&public).unwrap()
        };
        let private = format!("{dir}/private.pem");
        let token = env.sign(&["--key", &private, "--sub", "room1", "--aud", "a", "--aud", "b"]);
        assert_eq!(common::segment_json(&token, 0)["alg"], alg);
        let mut validation = Validation::new(jalg);
        validation.set_audience(&["b"]);
        let data = jsonwebtoken::decode::<Claims>(&token, &key, &validation)
            .unwrap_or_else(|e| panic!("{alg}: jsonwebtoken rejected tok's token: {e}"));
        assert_eq!(data.claims.sub, "room1");
        assert_eq!(data.claims.exp, data.claims.iat + 3600);
        assert_eq!(data.claims.aud, ["a", "b"]);
        assert_eq!(data.header.kid.as_deref(), jwk["kid"].as_str());
    }
}

#[test]
fn jsonwebtoken_ec_and_eddsa_tokens_verify_in_tok() {
    let env = Env::new();
    keygen_pair(&env, "tok256", &["--type", "ec", "--curve", "P-256"]);
    keygen_pair(&env, "toked", &["--type", "ed25519"]);
    let now = common::now();
    let claims = json!({"sub": "from-jsonwebtoken", "iat": now, "exp": now + 60});
    for (private, public, alg) in [
        (fixture("openssl/ec_p256_pkcs8.pem"), fixture("openssl/ec_p256_public.pem"), Algorithm::ES256),
        (fixture("openssl/ec_p384_pkcs8.pem"), fixture("openssl/ec_p384_public.pem"), Algorithm::ES384),
        (fixture("openssl/ed25519_pkcs8.pem"), fixture("openssl/ed25519_public.pem"), Algorithm::EdDSA),
        // tok's own PKCS#8 files, read by RustCrypto.
        (env.path("tok256/private.pem"), env.path("tok256/public.pem"), Algorithm::ES256),
        (env.path("toked/private.pem"), env.path("toked/public.pem"), Algorithm::EdDSA),
    ] {
        let pem = std::fs::read(&private).unwrap();
        let key = if alg == Algorithm::EdDSA {
            EncodingKey::from_ed_pem(&pem).unwrap()
        } else {
            EncodingKey::from_ec_pem(&pem).unwrap()
        };
        let token = jsonwebtoken::encode(&jsonwebtoken::Header::new(alg), &claims, &key).unwrap();
        env.tok()
            .args(["verify", "--key"])
            .arg(&public)
            .args(["--sub", "from-jsonwebtoken", &token])
            .assert()
            .success();
    }
}

/// RFC 8037 A.4 cannot be reproduced with tok's own header and claims, but Ed25519 is
/// deterministic: tok's signature over its own signing input must equal, byte for byte, what
/// an independent Ed25519 (jsonwebtoken → ed25519-dalek) makes with the A.1 key. The kid is
/// RFC 8037 A.3's thumbprint.
#[test]
fn tok_eddsa_with_the_rfc8037_key_is_byte_identical_to_ed25519_dalek() {
    let env = Env::new();
    let a1 = fixture("rfc8037/a1_private.pem");
    let token = env.sign(&["--key", a1.to_str().unwrap(), "--sub", "room1"]);
    let header = common::segment_json(&token, 0);
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["kid"], fixture_text("rfc8037/a3_thumbprint.txt"));
    let (signing_input, signature) = token.rsplit_once('.').unwrap();
    let key = EncodingKey::from_ed_pem(&std::fs::read(&a1).unwrap()).unwrap();
    let theirs = jsonwebtoken::crypto::sign(signing_input.as_bytes(), &key, Algorithm::EdDSA).unwrap();
    assert_eq!(signature, theirs);
    // The RFC's own A.4 signing input, re-signed by the same independent signer, gives the RFC's
    // signature: the PEM fixture is the RFC's key.
    let a4 = fixture_text("rfc8037/a4_eddsa.jwt");
    let (a4_input, a4_sig) = a4.rsplit_once('.').unwrap();
    assert_eq!(jsonwebtoken::crypto::sign(a4_input.as_bytes(), &key, Algorithm::EdDSA).unwrap(), a4_sig);
    env.tok()
        .args(["verify", "--key"])
        .arg(fixture("rfc8037/a2_public_jwk.json"))
        .args(["--sub", "room1", &token])
        .assert()
        .success();
}

/// DER `ECDSA-Sig-Value` from JOSE R‖S: SEQUENCE { INTEGER r, INTEGER s }, minimal integers.
fn der_signature(rs: &[u8]) -> Vec<u8> {
    fn len(n: usize) -> Vec<u8> {
        if n < 0x80 {
            vec![n as u8]
        } else if n < 0x100 {
            vec![0x81, n as u8]
        } else {
            vec![0x82, (n >> 8) as u8, n as u8]
        }
    }
    fn integer(bytes: &[u8]) -> Vec<u8> {
        let mut v: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
        if v.is_empty() || v[0] & 0x80 != 0 {
            v.insert(0, 0);
        }
        let mut out = vec![0x02];
        out.extend(len(v.len()));
        out.extend(v);
        out
    }
    let (r, s) = rs.split_at(rs.len() / 2);
    let body = [integer(r), integer(s)].concat();
    let mut out = vec![0x30];
    out.extend(len(body.len()));
    out.extend(body);
    out
}

#[test]
fn der_signature_helper_round_trips_the_rfc_a3_vector() {
    // RFC 7515 A.3's R‖S as DER is the derived der_encoded fixture's signature.
    let rs = common::unb64(fixture_text("rfc7515/a3_es256.jwt").rsplit('.').next().unwrap());
    let der = common::unb64(fixture_text("ec_negative/es256_der_encoded.jwt").rsplit('.').next().unwrap());
    assert_eq!(der_signature(&rs), der);
}

fn have_openssl() -> bool {
    let ok = std::process::Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("openssl not found: skipping the openssl cross-check");
    }
    ok
}

/// jsonwebtoken has no ES512, so tok's ES512 (and, for good measure, ES256 and EdDSA) tokens are
/// checked by the openssl CLI, and openssl reads tok's private keys.
#[test]
fn tok_es512_es256_eddsa_tokens_verify_in_openssl() {
    if !have_openssl() {
        return;
    }
    let env = Env::new();
    for (dir, args, digest) in [
        ("p521", &["--type", "ec", "--curve", "P-521"][..], Some("-sha512")),
        ("p256", &["--type", "ec", "--curve", "P-256"][..], Some("-sha256")),
        ("ed", &["--type", "ed25519"][..], None),
    ] {
        let (_, public) = keygen_pair(&env, dir, args);
        // openssl derives the same public key from tok's private one.
        let out = std::process::Command::new("openssl")
            .args(["pkey", "-pubout", "-in"])
            .arg(env.path(&format!("{dir}/private.pem")))
            .output()
            .unwrap();
        assert!(out.status.success(), "{dir}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.stdout, public, "{dir}");

        let token = env.sign(&["--key", &format!("{dir}/private.pem"), "--sub", "room1"]);
        let (input, sig) = token.rsplit_once('.').unwrap();
        let sig = common::unb64(sig);
        let input_file = env.write(&format!("{dir}.input"), input.as_bytes());
        let public_file = env.path(&format!("{dir}/public.pem"));
        let out = match digest {
            Some(digest) => {
                assert_eq!(sig.len(), if dir == "p521" { 132 } else { 64 });
                let sig_file = env.write(&format!("{dir}.sig"), &der_signature(&sig));
                std::process::Command::new("openssl")
                    .args(["dgst", digest, "-verify"])
                    .arg(&public_file)
                    .arg("-signature")
                    .arg(&sig_file)
                    .arg(&input_file)
                    .output()
                    .unwrap()
            }
            None => {
                let sig_file = env.write(&format!("{dir}.sig"), &sig);
                std::process::Command::new("openssl")
                    .args(["pkeyutl", "-verify", "-pubin", "-rawin", "-inkey"])
                    .arg(&public_file)
                    .arg("-sigfile")
                    .arg(&sig_file)
                    .arg("-in")
                    .arg(&input_file)
                    .output()
                    .unwrap()
            }
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{dir}: {stdout} {}", String::from_utf8_lossy(&out.stderr));
        assert!(
            stdout.contains("Verified OK") || stdout.contains("Signature Verified Successfully"),
            "{stdout}"
        );
    }
}
