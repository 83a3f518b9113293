//! The negative catalogue: each broken token is rejected with exit 1 and its own message.

mod common;

use common::{b64, fixture_text, now, Env};
use serde_json::{json, Value};

fn setup() -> (Env, String) {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&[
        "--sub",
        "room1",
        "--iss",
        "https://tenant.auth0.com/",
        "--aud",
        "api",
        "--scope",
        "read",
    ]);
    (env, token)
}

/// Replace one segment of a token.
fn with_segment(token: &str, index: usize, value: &str) -> String {
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[index] = value;
    parts.join(".")
}

fn claims_b64(v: Value) -> String {
    b64(v.to_string().as_bytes())
}

/// Sign `header.payload` with the keyring key through tok itself is impossible for arbitrary
/// headers, so HS tokens are made here with aws-lc-rs's HMAC directly.
fn hs256(header: Value, claims: Value, key: &[u8]) -> String {
    let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
    let tag = aws_lc_rs::hmac::sign(
        &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, key),
        input.as_bytes(),
    );
    format!("{input}.{}", b64(tag.as_ref()))
}

fn rejects(env: &Env, extra: &[&str], token: &str, expected: &str) {
    let out = env.tok().arg("verify").args(extra).arg(token).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "expected exit 1 for {expected:?}; stderr: {stderr}");
    assert!(stderr.contains(expected), "expected {expected:?} in: {stderr}");
    assert!(!stderr.contains("panicked"));
    assert!(out.stdout.is_empty());
}

#[test]
fn tampered_payload() {
    let (env, t) = setup();
    let forged = with_segment(&t, 1, &claims_b64(json!({"sub": "room2", "iat": now(), "exp": now() + 3600})));
    rejects(&env, &[], &forged, "signature: signature does not match");
}

#[test]
fn tampered_signature() {
    let (env, t) = setup();
    let sig = t.rsplit('.').next().unwrap();
    let mut bytes = common::unb64(sig);
    bytes[10] ^= 1;
    rejects(&env, &[], &with_segment(&t, 2, &b64(&bytes)), "signature does not match");
}

#[test]
fn wrong_key() {
    let (env, _) = setup();
    env.keygen("other");
    let t = env.sign(&["--key", "other", "--sub", "x"]);
    rejects(&env, &["--key", "default"], &t, "signed by another key?");
}

#[test]
fn alg_none() {
    let (env, _) = setup();
    rejects(&env, &[], &fixture_text("rfc7515/a5_none.jwt"), "alg \"none\"");
    let none = format!("{}.{}.", b64(br#"{"alg":"none"}"#), claims_b64(json!({"sub": "x"})));
    rejects(&env, &[], &none, "never accepted");
}

#[test]
fn hs_rs_confusion_with_the_public_pem_as_secret() {
    let (env, _) = setup();
    let public_pem = std::fs::read(env.key_file("default", "public.pem")).unwrap();
    let forged = hs256(
        json!({"alg": "HS256", "typ": "JWT"}),
        json!({"sub": "admin", "exp": now() + 600}),
        &public_pem,
    );
    rejects(
        &env,
        &["--key", env.key_file("default", "public.pem").to_str().unwrap()],
        &forged,
        "algorithm confusion",
    );
    let jwk = env.tok().args(["keys", "show", "--jwk"]).output().unwrap().stdout;
    env.write("set.json", &jwk);
    rejects(&env, &["--jwks", "set.json"], &forged, "algorithm confusion");
}

/// With no key named, an HS* token most likely means a forgotten secret, not an attack.
#[test]
fn hs_token_with_no_secret_given_says_to_pass_one() {
    let (env, _) = setup();
    let t = hs256(json!({"alg": "HS256"}), json!({"sub": "x", "exp": now() + 600}), &[5u8; 32]);
    let out = env.tok().args(["verify", &t]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("TOK_SECRET") && stderr.contains("--secret-file"), "{stderr}");
    assert!(!stderr.contains("confusion"), "{stderr}");
}

#[test]
fn weak_rsa_keys_are_named_as_such() {
    let env = Env::new();
    // A 1024-bit key: too small, not "signature does not match".
    let t = fixture_text("openssl/rs256_1024.jwt");
    let key = common::fixture("openssl/rsa1024_public.pem");
    rejects(&env, &["--key", key.to_str().unwrap()], &t, "1024-bit RSA key is too small (minimum 2048 bits)");
    // Exponent 1: a bad exponent, not a size problem.
    let (env, t) = setup();
    let mut jwk: Value =
        serde_json::from_slice(&env.tok().args(["keys", "show", "--jwk"]).output().unwrap().stdout).unwrap();
    jwk["e"] = json!("AQ");
    env.write("e1.json", jwk.to_string().as_bytes());
    let out = env.tok().args(["verify", "--jwks", "e1.json", &t]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("exponent 1") && !stderr.contains("2048"), "{stderr}");
}

#[test]
fn jwk_base64_errors_name_the_character_and_offset() {
    let env = Env::new();
    env.write("bad.json", br#"{"keys":[{"kty":"RSA","n":"abcd+efg","e":"AQAB"}]}"#);
    let out = env.tok().args(["verify", "--jwks", "bad.json", "a.b.c"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("'+' at offset 4"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

/// Symmetric keys in a JWK Set file: an empty key is refused always, a short one unless
/// --insecure (RFC 7518 §3.2).
#[test]
fn empty_and_short_oct_keys_in_a_file() {
    let env = Env::new();
    let claims = json!({"sub": "admin", "exp": now() + 600});
    env.write("empty.json", br#"{"keys":[{"kty":"oct","k":""}]}"#);
    let t = hs256(json!({"alg": "HS256"}), claims.clone(), b"");
    rejects(&env, &["--jwks", "empty.json"], &t, "empty");
    rejects(&env, &["--jwks", "empty.json", "--insecure"], &t, "empty");
    let short = [8u8; 16];
    env.write("short.json", json!({"keys": [{"kty": "oct", "k": b64(&short)}]}).to_string().as_bytes());
    let t = hs256(json!({"alg": "HS256"}), claims.clone(), &short);
    rejects(&env, &["--jwks", "short.json"], &t, "16 bytes");
    let out = env.tok().args(["verify", "--jwks", "short.json", "--insecure", &t]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("16 bytes"));
    let long = [8u8; 32];
    env.write("long.json", json!({"keys": [{"kty": "oct", "k": b64(&long)}]}).to_string().as_bytes());
    let t = hs256(json!({"alg": "HS256"}), claims, &long);
    env.tok().args(["verify", "--jwks", "long.json", &t]).assert().success();
}

#[test]
fn expired_not_yet_valid_iat_in_future() {
    let (env, _) = setup();
    rejects(&env, &[], &env.sign(&["--exp", "-3m"]), "token expired 3m");
    rejects(&env, &[], &env.sign(&["--nbf", "+10m"]), "token not valid yet");
    rejects(&env, &[], &env.sign(&["--claim", &format!("iat:={}", now() + 600)]), "iat is in the future");
}

#[test]
fn wrong_iss_trailing_slash_wrong_aud_missing_scope() {
    let (env, t) = setup();
    rejects(&env, &["--iss", "https://evil.example/"], &t, "iss mismatch");
    rejects(&env, &["--iss", "https://tenant.auth0.com"], &t, "trailing slash");
    rejects(&env, &["--aud", "other"], &t, "aud mismatch: token has \"api\", expected \"other\"");
    rejects(&env, &["--scope", "write"], &t, "missing scope \"write\": token has \"read\"");
}

#[test]
fn unknown_kid_in_a_key_set() {
    let (env, t) = setup();
    let jwk_out = env.tok().args(["keys", "show", "--jwk"]).output().unwrap();
    let mut jwk: Value = serde_json::from_slice(&jwk_out.stdout).unwrap();
    jwk["kid"] = json!("some-other-kid");
    env.write("set.json", json!({"keys": [jwk]}).to_string().as_bytes());
    rejects(&env, &["--jwks", "set.json"], &t, "unknown kid");
}

#[test]
fn malformed_tokens() {
    let (env, t) = setup();
    rejects(&env, &[], &with_segment(&t, 1, "eyJzdWIi*OiJ4In0"), "payload segment is not valid base64url");
    // A payload that is not base64url ends the checks, as a header that is not does: the one
    // failure is the format, nothing is said of a signature over bytes that cannot be read.
    let out = env
        .tok()
        .args(["verify", "--each"])
        .write_stdin(with_segment(&t, 1, "eyJzdWIi*OiJ4In0"))
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.starts_with("error: format: the payload segment is not valid base64url"), "{line}");
    assert!(!line.contains("signature") && !line.contains(';'), "only the format failure: {line}");
    rejects(&env, &[], &with_segment(&t, 0, "%%%"), "header segment is not valid base64url");
    rejects(&env, &[], "a.b", "expected 3 dot-separated segments");
    rejects(&env, &[], "a.b.c.d", "found 4");
    rejects(&env, &[], "a.b.c.d.e", "encrypted token (JWE)");
    rejects(&env, &[], &with_segment(&t, 0, &b64(b"not json")), "header is not JSON");
    rejects(&env, &[], &with_segment(&t, 0, &b64(b"[1,2]")), "header is JSON but not an object");
    rejects(&env, &[], &with_segment(&t, 1, &b64(b"\"str\"")), "payload is JSON but not an object");
    rejects(&env, &[], &with_segment(&t, 0, &b64(br#"{"typ":"JWT"}"#)), "no alg");
    rejects(&env, &[], &with_segment(&t, 0, &b64(br#"{"alg":"ES257"}"#)), "alg \"ES257\" is not supported");
    rejects(
        &env,
        &[],
        &with_segment(&t, 0, &b64(br#"{"alg":"ES256"}"#)),
        "token says ES256, which needs an EC key",
    );
}

#[test]
fn claims_of_the_wrong_json_type() {
    let (env, _) = setup();
    // tok refuses to mint these (see tests/sign.rs), so forge one with HMAC.
    let secret = [9u8; 32];
    env.write("secret", &secret);
    let forged = hs256(json!({"alg": "HS256"}), json!({"exp": "1787996002", "aud": 5, "sub": 1}), &secret);
    let out = env.tok().args(["verify", "--secret-file", "secret", &forged]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("exp must be a NumericDate (number of seconds), found string \"1787996002\""),
        "{stderr}"
    );
    assert!(stderr.contains("aud must be a string or an array of strings, found number 5"));
    assert!(stderr.contains("sub must be a string"));
}

#[test]
fn one_megabyte_token() {
    let (env, t) = setup();
    let huge = with_segment(&t, 1, &"A".repeat(1 << 20));
    let out = env.tok().arg("verify").write_stdin(huge).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the 64 KiB limit"));
    // Linux caps one argument at 128 KiB, so the argument path gets a 100 KB token.
    rejects(&env, &[], &with_segment(&t, 1, &"A".repeat(100_000)), "over the 64 KiB limit");
}

#[test]
fn unknown_crit_and_header_urls_are_not_trusted() {
    let (env, _) = setup();
    let secret = [3u8; 32];
    env.write("secret", &secret);
    let crit =
        hs256(json!({"alg": "HS256", "crit": ["exp-v2"], "exp-v2": 1}), json!({"exp": now() + 60}), &secret);
    rejects(&env, &["--secret-file", "secret"], &crit, "critical");

    // An attacker's own key in `jwk`/`jku` headers is ignored: the signature is checked with
    // the key the user named, and nothing is fetched.
    let attacker = [4u8; 32];
    let t = hs256(
        json!({"alg": "HS256", "jku": "http://127.0.0.1:9/jwks.json", "jwk": {"kty": "oct", "k": b64(&attacker)}}),
        json!({"exp": now() + 60}),
        &attacker,
    );
    rejects(&env, &["--secret-file", "secret"], &t, "signature does not match");
}

// ---------------------------------------------------------------------------------------------
// EC and Ed25519 (issue 9). Fixtures: tests/fixtures/ec_negative/ and README.md there. Messages
// are checked on their essential words only: each inner slice lists accepted alternatives, and
// every slice must match.

const A3_AT: &str = "1300819320"; // one minute before RFC 7515 A.3's exp

fn fixture_arg(rel: &str) -> String {
    common::fixture(rel).to_str().unwrap().to_string()
}

fn refused(env: &Env, extra: &[&str], token: &str, code: i32, words: &[&[&str]]) {
    let out = env.tok().arg("verify").args(extra).arg(token).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "expected exit {code} with {words:?}; stderr: {stderr}");
    for alternatives in words {
        assert!(
            alternatives.iter().any(|w| stderr.contains(w)),
            "expected one of {alternatives:?} in: {stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
}

fn a3_key() -> Vec<String> {
    vec!["--at".into(), A3_AT.into(), "--key".into(), fixture_arg("rfc7515/a3_public_jwk.json")]
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn es256_psychic_signature_r_s_zero() {
    let env = Env::new();
    let t = fixture_text("ec_negative/es256_psychic_r0_s0.jwt");
    refused(&env, &args(&a3_key()), &t, 1, &[&["psychic", "Psychic"], &["zero"]]);
    // Also with the key as PEM and in a set.
    let pem = ["--at", A3_AT, "--key", &fixture_arg("ec_negative/a3_public.pem")].map(String::from);
    refused(&env, &args(&pem), &t, 1, &[&["psychic", "Psychic"]]);
    let set = ["--at", A3_AT, "--jwks", &fixture_arg("rfc7515/a3_public_jwk.json")].map(String::from);
    refused(&env, &args(&set), &t, 1, &[&["psychic", "Psychic"]]);
}

#[test]
fn es256_r_not_below_the_group_order() {
    let env = Env::new();
    let t = fixture_text("ec_negative/es256_r_equals_n.jwt");
    refused(&env, &args(&a3_key()), &t, 1, &[&["r ≥ n", "r >= n"]]);
}

#[test]
fn es256_der_encoded_and_truncated_signatures_are_the_wrong_length() {
    let env = Env::new();
    let der = fixture_text("ec_negative/es256_der_encoded.jwt");
    refused(&env, &args(&a3_key()), &der, 1, &[&["wrong length: 71 octets, ES256 signatures are 64"]]);
    let short = fixture_text("ec_negative/es256_truncated_63_octets.jwt");
    refused(&env, &args(&a3_key()), &short, 1, &[&["wrong length: 63 octets, ES256 signatures are 64"]]);
    // ES512's length is 132 (P-521 is 66 octets a coordinate, not 64).
    let a4 = fixture_text("rfc7515/a4_es512.jwt");
    let (input, sig) = a4.rsplit_once('.').unwrap();
    let sig = common::unb64(sig);
    let cut = format!("{input}.{}", b64(&sig[..128]));
    let key = ["--key", &fixture_arg("rfc7515/a4_public_jwk.json")].map(String::from);
    refused(&env, &args(&key), &cut, 1, &[&["wrong length: 128 octets, ES512 signatures are 132"]]);
}

/// (r, n − s) is a valid ECDSA signature: not a forgery, so it verifies. Documented here so that
/// nobody "fixes" it into a rejection; tokens are not unique by their bytes (use jti).
#[test]
fn es256_high_s_malleated_signature_still_verifies() {
    let env = Env::new();
    env.tok()
        .arg("verify")
        .args(args(&a3_key()))
        .arg(fixture_text("ec_negative/es256_high_s_malleated.jwt"))
        .assert()
        .success();
}

#[test]
fn es256_flipped_bit_does_not_match() {
    let env = Env::new();
    let t = fixture_text("rfc7515/a3_es256.jwt");
    let mut sig = common::unb64(t.rsplit('.').next().unwrap());
    sig[5] ^= 1;
    refused(&env, &args(&a3_key()), &with_segment(&t, 2, &b64(&sig)), 1, &[&["signature does not match"]]);
}

#[test]
fn token_alg_and_key_curve_must_agree() {
    let env = Env::new();
    let es256 = fixture_text("openssl/es256_openssl.jwt");
    // ES256 token, P-384 key: as PEM and as JWK (PyJWT's).
    refused(
        &env,
        &["--key", &fixture_arg("openssl/ec_p384_public.pem")],
        &es256,
        1,
        &[&["P-384"], &["ES256"]],
    );
    let set: Value = serde_json::from_str(&fixture_text("pyjwt/jwks_ec.json")).unwrap();
    let mut p384 = set["keys"][1].clone();
    assert_eq!(p384["crv"], "P-384");
    p384.as_object_mut().unwrap().remove("kid");
    env.write("p384.json", p384.to_string().as_bytes());
    refused(&env, &["--key", "p384.json"], &es256, 1, &[&["P-384"], &["ES256"]]);
    // ES512 (RFC 7515 A.4) against the P-256 key of A.3, and the other way round.
    refused(
        &env,
        &["--key", &fixture_arg("rfc7515/a3_public_jwk.json")],
        &fixture_text("rfc7515/a4_es512.jwt"),
        1,
        &[&["P-256"], &["ES512"]],
    );
    refused(
        &env,
        &args(&a3_key_of("rfc7515/a4_public_jwk.json")),
        &fixture_text("rfc7515/a3_es256.jwt"),
        1,
        &[&["P-521"], &["ES256"]],
    );
    // An ES token against an Ed25519 key.
    refused(
        &env,
        &["--key", &fixture_arg("openssl/ed25519_public.pem")],
        &es256,
        1,
        &[&["ES256"], &["Ed25519"]],
    );
    // An ES token against an RSA key.
    refused(&env, &["--key", &fixture_arg("openssl/spki_public.pem")], &es256, 1, &[&["ES256"], &["RSA"]]);
}

fn a3_key_of(jwk: &str) -> Vec<String> {
    vec!["--at".into(), A3_AT.into(), "--key".into(), fixture_arg(jwk)]
}

#[test]
fn eddsa_token_against_rsa_and_ec_keys() {
    let env = Env::new();
    let t = fixture_text("ec_negative/eddsa_a1_key.jwt");
    refused(&env, &["--key", &fixture_arg("openssl/spki_public.pem")], &t, 1, &[&["EdDSA"], &["RSA"]]);
    refused(
        &env,
        &["--key", &fixture_arg("openssl/ec_p256_public.pem")],
        &t,
        1,
        &[&["EdDSA"], &["P-256", "EC"]],
    );
    refused(
        &env,
        &["--jwks", &fixture_arg("rfc7515/a3_public_jwk.json")],
        &t,
        1,
        &[&["EdDSA"], &["P-256", "EC"]],
    );
    // The right kind of key, the wrong key.
    refused(
        &env,
        &["--key", &fixture_arg("openssl/ed25519_public.pem")],
        &t,
        1,
        &[&["signature does not match"]],
    );
    // An all-zero Ed25519 signature is no psychic signature: it simply does not match.
    let (input, _) = t.rsplit_once('.').unwrap();
    let zero = format!("{input}.{}", b64(&[0u8; 64]));
    refused(&env, &["--key", &fixture_arg("rfc8037/a2_public_jwk.json")], &zero, 1, &[&["signature"]]);
    // And a 63-octet one is the wrong length.
    let short = format!("{input}.{}", b64(&[1u8; 63]));
    refused(
        &env,
        &["--key", &fixture_arg("rfc8037/a2_public_jwk.json")],
        &short,
        1,
        &[&["63 octets"], &["64"]],
    );
}

#[test]
fn hs256_signed_with_an_ec_or_ed25519_public_pem_is_confusion() {
    let env = Env::new();
    // The fixture: HMAC keyed with the bytes of ec_negative/a3_public.pem (Python hmac).
    let t = fixture_text("ec_negative/hs256_with_a3_public_pem.jwt");
    refused(&env, &["--key", &fixture_arg("ec_negative/a3_public.pem")], &t, 1, &[&["confusion"]]);
    refused(&env, &["--key", &fixture_arg("rfc7515/a3_public_jwk.json")], &t, 1, &[&["confusion"]]);
    refused(&env, &["--jwks", &fixture_arg("rfc7515/a3_public_jwk.json")], &t, 1, &[&["confusion"]]);
    // The same attack made here, with the Ed25519 and P-384 public PEMs as the secret.
    for public in ["openssl/ed25519_public.pem", "openssl/ec_p384_public.pem", "rfc8037/a2_public.pem"] {
        let pem = std::fs::read(common::fixture(public)).unwrap();
        let forged =
            hs256(json!({"alg": "HS256", "typ": "JWT"}), json!({"sub": "admin", "exp": now() + 600}), &pem);
        refused(&env, &["--key", &fixture_arg(public)], &forged, 1, &[&["confusion"]]);
    }
}

/// A key file the user gave that is not a usable key is a local error (exit 2), named.
#[test]
fn malformed_ec_jwks_are_named() {
    let env = Env::new();
    let t = fixture_text("rfc7515/a3_es256.jwt");
    for flag in ["--key", "--jwks"] {
        let off =
            ["--at", A3_AT, flag, &fixture_arg("ec_negative/jwk_p256_off_curve.json")].map(String::from);
        refused(&env, &args(&off), &t, 2, &[&["not on the curve"]]);
        let x31 =
            ["--at", A3_AT, flag, &fixture_arg("ec_negative/jwk_p256_x_31_octets.json")].map(String::from);
        refused(&env, &args(&x31), &t, 2, &[&["31"], &["32"], &["P-256"]]);
        let crv = ["--at", A3_AT, flag, &fixture_arg("ec_negative/jwk_crv_p384_p256_coordinates.json")]
            .map(String::from);
        refused(&env, &args(&crv), &t, 2, &[&["P-384"], &["48"]]);
    }
    // Missing y; an OKP key used for key agreement (X25519), not signatures.
    let mut jwk: Value = serde_json::from_str(&fixture_text("rfc7515/a3_public_jwk.json")).unwrap();
    jwk.as_object_mut().unwrap().remove("y");
    env.write("no_y.json", jwk.to_string().as_bytes());
    refused(&env, &["--at", A3_AT, "--key", "no_y.json"], &t, 2, &[&["y"]]);
    let mut okp: Value = serde_json::from_str(&fixture_text("rfc8037/a2_public_jwk.json")).unwrap();
    okp["crv"] = json!("X25519");
    env.write("x25519.json", okp.to_string().as_bytes());
    refused(
        &env,
        &["--key", "x25519.json"],
        &fixture_text("ec_negative/eddsa_a1_key.jwt"),
        2,
        &[&["X25519"]],
    );
}

/// A JWK whose `alg` contradicts its curve (ES256 on a P-384 key) is never used, from a set or
/// as the one key, and the message says which part disagrees.
#[test]
fn ec_jwk_alg_contradicting_its_crv_is_refused() {
    let env = Env::new();
    let set: Value = serde_json::from_str(&fixture_text("pyjwt/jwks_ec.json")).unwrap();
    let mut p384 = set["keys"].as_array().unwrap().iter().find(|k| k["crv"] == "P-384").unwrap().clone();
    p384["alg"] = json!("ES256");
    env.write("set.json", json!({"keys": [p384.clone()]}).to_string().as_bytes());
    env.write("one.json", p384.to_string().as_bytes());
    let t = fixture_text("pyjwt/es384.jwt");
    let words: &[&[&str]] = &[&["the JWK says alg ES256 but its crv is P-384 (which signs ES384 only)"]];
    refused(&env, &["--jwks", "set.json"], &t, 1, words);
    refused(&env, &["--key", "one.json"], &t, 2, words);
    // Without the contradiction the same key verifies the same token.
    p384.as_object_mut().unwrap().remove("alg");
    env.write("set.json", json!({"keys": [p384]}).to_string().as_bytes());
    env.tok().args(["verify", "--jwks", "set.json", &t]).assert().success();
}
