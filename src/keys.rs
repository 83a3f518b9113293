//! Key material in the formats people have: PEM (PKCS#8, PKCS#1, SPKI, X.509 certificates),
//! JWK and JWK Sets; RFC 7638 thumbprints; and which algorithms a key may be used with.

use crate::error::{io_error, Error, Result};
use crate::jws::VerifyKey;
use crate::secret::Secret;
use aws_lc_rs::digest;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{KeyPair, RsaKeyPair};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rsa::pkcs1;
use rsa::pkcs8::der::{Decode, Encode};
use rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use serde_json::{json, Map, Value};
use std::path::Path;
use zeroize::Zeroizing;

const RSA_ENCRYPTION_OID: &str = "1.2.840.113549.1.1.1";

/// An RSA public key as its two numbers, big-endian without leading zeros.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaPublic {
    pub n: Vec<u8>,
    pub e: Vec<u8>,
}

fn strip_zeros(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

impl RsaPublic {
    pub fn from_pkcs1_der(der: &[u8]) -> Result<RsaPublic, String> {
        let key = pkcs1::RsaPublicKey::from_der(der).map_err(|e| format!("bad PKCS#1 public key: {e}"))?;
        Ok(RsaPublic {
            n: strip_zeros(key.modulus.as_bytes()),
            e: strip_zeros(key.public_exponent.as_bytes()),
        })
    }

    pub fn from_spki_der(der: &[u8]) -> Result<RsaPublic, String> {
        let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|e| format!("bad public key: {e}"))?;
        let oid = spki.algorithm.oid.to_string();
        if oid != RSA_ENCRYPTION_OID {
            return Err(format!("not an RSA key (algorithm {oid}); tok signs and verifies RSA and HMAC"));
        }
        let bits = spki.subject_public_key.as_bytes().ok_or("bad public key bit string")?;
        RsaPublic::from_pkcs1_der(bits)
    }

    pub fn from_certificate_der(der: &[u8]) -> Result<RsaPublic, String> {
        let cert = x509_cert::Certificate::from_der(der).map_err(|e| format!("bad certificate: {e}"))?;
        let spki = cert.tbs_certificate.subject_public_key_info.to_der().map_err(|e| e.to_string())?;
        RsaPublic::from_spki_der(&spki)
    }

    pub fn from_keypair(kp: &RsaKeyPair) -> Result<RsaPublic, String> {
        let spki = kp.public_key().as_der().map_err(|_| "cannot encode the public key")?;
        RsaPublic::from_spki_der(spki.as_ref())
    }

    pub fn from_jwk_members(n: &str, e: &str) -> Result<RsaPublic, String> {
        let (n, e) = (strip_zeros(&jwk_b64("n", n)?), strip_zeros(&jwk_b64("e", e)?));
        if n.is_empty() || e.is_empty() {
            return Err("JWK has an empty n or e".into());
        }
        Ok(RsaPublic { n, e })
    }

    pub fn bits(&self) -> usize {
        match self.n.first() {
            Some(&top) => self.n.len() * 8 - top.leading_zeros() as usize,
            None => 0,
        }
    }

    pub fn pkcs1_der(&self) -> Result<Vec<u8>, String> {
        let key = pkcs1::RsaPublicKey {
            modulus: pkcs1::UintRef::new(&self.n).map_err(|e| e.to_string())?,
            public_exponent: pkcs1::UintRef::new(&self.e).map_err(|e| e.to_string())?,
        };
        key.to_der().map_err(|e| e.to_string())
    }

    /// SubjectPublicKeyInfo DER, the `BEGIN PUBLIC KEY` form.
    pub fn spki_der(&self) -> Result<Vec<u8>, String> {
        use rsa::pkcs8::der::asn1::{AnyRef, BitStringRef, ObjectIdentifier};
        use rsa::pkcs8::spki::AlgorithmIdentifierRef;
        let pkcs1 = self.pkcs1_der()?;
        let spki = SubjectPublicKeyInfoRef {
            algorithm: AlgorithmIdentifierRef {
                oid: ObjectIdentifier::new_unwrap(RSA_ENCRYPTION_OID),
                parameters: Some(AnyRef::NULL),
            },
            subject_public_key: BitStringRef::from_bytes(&pkcs1).map_err(|e| e.to_string())?,
        };
        spki.to_der().map_err(|e| e.to_string())
    }

    /// RFC 7638: SHA-256 over `{"e":…,"kty":"RSA","n":…}`, base64url.
    pub fn thumbprint(&self) -> String {
        let canonical =
            format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, B64.encode(&self.e), B64.encode(&self.n));
        B64.encode(digest::digest(&digest::SHA256, canonical.as_bytes()))
    }

    /// Without `alg` (optional, RFC 7517 §4.4) the key verifies every RSA algorithm it is used
    /// with; a verifier that honours `alg` would otherwise refuse PS* tokens from an RS256 key.
    pub fn jwk(&self, alg: Option<&str>) -> Value {
        let mut jwk = json!({"kty": "RSA", "use": "sig"});
        if let Some(alg) = alg {
            jwk["alg"] = json!(alg);
        }
        jwk["kid"] = json!(self.thumbprint());
        jwk["n"] = json!(B64.encode(&self.n));
        jwk["e"] = json!(B64.encode(&self.e));
        jwk
    }

    pub fn verify_key(&self) -> Result<VerifyKey, String> {
        Ok(VerifyKey::rsa(self.pkcs1_der()?, self.bits(), &self.e))
    }
}

/// A private key, parsed once into the backend, with its public half.
pub struct PrivateKey {
    pub keypair: RsaKeyPair,
    pub public: RsaPublic,
}

/// What a PEM file held.
pub enum PemKey {
    Private(PrivateKey),
    Public(RsaPublic),
}

impl PemKey {
    pub fn public(&self) -> &RsaPublic {
        match self {
            PemKey::Private(k) => &k.public,
            PemKey::Public(p) => p,
        }
    }
}

pub fn parse_pem(text: &str) -> Result<PemKey, String> {
    let start = text.find("-----BEGIN ").ok_or("no PEM block (-----BEGIN …-----) found")?;
    let (label, der) = pem_rfc7468::decode_vec(text[start..].trim_end().as_bytes())
        .or_else(|_| pem_rfc7468::decode_vec(first_block(&text[start..]).as_bytes()))
        .map_err(|e| format!("malformed PEM: {e}"))?;
    let der = Zeroizing::new(der);
    match label {
        "PRIVATE KEY" => private_key(RsaKeyPair::from_pkcs8(&der), "PKCS#8"),
        "RSA PRIVATE KEY" => private_key(RsaKeyPair::from_der(&der), "PKCS#1"),
        "PUBLIC KEY" => RsaPublic::from_spki_der(&der).map(PemKey::Public),
        "RSA PUBLIC KEY" => RsaPublic::from_pkcs1_der(&der).map(PemKey::Public),
        "CERTIFICATE" => RsaPublic::from_certificate_der(&der).map(PemKey::Public),
        "ENCRYPTED PRIVATE KEY" => {
            Err("the private key is encrypted; decrypt it first: openssl pkcs8 -in KEY -out plain.pem".into())
        }
        "EC PRIVATE KEY" => Err("EC keys are not supported; tok signs with RSA or HMAC".into()),
        other => Err(format!("unexpected PEM block {other:?}; expected a key or certificate")),
    }
}

/// A file may hold a chain or other blocks after the first (certificate bundles).
fn first_block(text: &str) -> &str {
    match text.find("-----END ") {
        Some(end) => match text[end + 9..].find("-----") {
            Some(close) => &text[..end + 9 + close + 5],
            None => text,
        },
        None => text,
    }
}

fn private_key(
    parsed: std::result::Result<RsaKeyPair, aws_lc_rs::error::KeyRejected>,
    format: &str,
) -> Result<PemKey, String> {
    let keypair = parsed.map_err(|e| format!("the {format} private key was rejected: {e}"))?;
    let public = RsaPublic::from_keypair(&keypair)?;
    Ok(PemKey::Private(PrivateKey { keypair, public }))
}

/// A key file: PEM of any supported kind, or an RSA public JWK (the first of a JWK Set).
pub fn load_key_file(path: &Path) -> Result<PemKey> {
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| io_error("read key", path, e))?);
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::local(format!("{}: not a PEM or JWK text file", path.display())))?;
    let parsed = if text.trim_start().starts_with('{') { public_from_jwk(text) } else { parse_pem(text) };
    parsed.map_err(|e| Error::local(format!("{}: {e}", path.display())))
}

fn public_from_jwk(text: &str) -> Result<PemKey, String> {
    // A set names its keys by kid; taking its first key would verify with whichever key the
    // publisher happened to list first.
    if serde_json::from_str::<Value>(text).is_ok_and(|v| v.get("keys").is_some()) {
        return Err(
            "this is a JWK Set, not one key: pass it with --jwks (keys are then chosen by kid)".into()
        );
    }
    let first = parse_jwks(text)?.into_iter().next().ok_or("the key set is empty")?;
    first.rsa.map(PemKey::Public).ok_or_else(|| format!("not an RSA JWK (kty {:?})", first.kty))
}

/// A JWK member's base64url, with the first bad character and where it is (only where it is
/// for `k`, a secret).
fn jwk_b64(name: &str, value: &str) -> Result<Vec<u8>, String> {
    use base64::DecodeError;
    B64.decode(value).map_err(|e| {
        let why = match e {
            DecodeError::InvalidByte(at, _) | DecodeError::InvalidLastSymbol(at, _) if name == "k" => {
                format!("invalid character at offset {at}")
            }
            other => crate::token::base64_problem(&other),
        };
        format!("JWK member {name:?} is not base64url: {why}")
    })
}

/// One usable key from a JWK or JWK Set, with the members that constrain its use.
pub struct JwkEntry {
    pub kid: Option<String>,
    pub kty: String,
    pub alg: Option<String>,
    pub use_: Option<String>,
    pub key_ops: Option<Vec<String>>,
    /// None when tok cannot use this key type (e.g. EC), kept so messages can name it.
    pub key: Option<VerifyKey>,
    /// The public key, for RSA JWKs (conversions to PEM).
    pub rsa: Option<RsaPublic>,
    /// Why tok will not use this key though it could (a symmetric key from a URL).
    pub refused: Option<&'static str>,
}

/// A JWK Set from a URL is public: a symmetric key in it is a key anyone can sign with. Such
/// keys stay in the set (so a token naming one is told why) but never verify anything.
pub fn refuse_symmetric(entries: &mut [JwkEntry]) {
    for entry in entries.iter_mut().filter(|e| e.kty == "oct") {
        entry.key = None;
        entry.refused = Some(
            "kty \"oct\" is a symmetric secret, and a key set from a URL is public: anyone could sign \
             with it; refused (give a secret with --secret-file, or the set as a file)",
        );
    }
}

/// Parse a JWK Set (`{"keys":[…]}`) or a single JWK.
pub fn parse_jwks(text: &str) -> Result<Vec<JwkEntry>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let list = match value.get("keys") {
        Some(Value::Array(keys)) => keys.clone(),
        Some(_) => return Err("\"keys\" is not an array".into()),
        None if value.get("kty").is_some() => vec![value],
        None => return Err("neither a JWK Set ({\"keys\":[…]}) nor a JWK (no \"kty\")".into()),
    };
    list.iter()
        .enumerate()
        .map(|(i, jwk)| parse_jwk(jwk).map_err(|e| format!("key #{}: {e}", i + 1)))
        .collect()
}

fn parse_jwk(jwk: &Value) -> Result<JwkEntry, String> {
    let obj: &Map<String, Value> = jwk.as_object().ok_or("not a JSON object")?;
    let text = |name: &str| -> Result<Option<String>, String> {
        match obj.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("member {name:?} is not a string")),
        }
    };
    let kty = text("kty")?.ok_or("missing \"kty\"")?;
    let key_ops = match obj.get("key_ops") {
        None => None,
        Some(Value::Array(ops)) => Some(ops.iter().filter_map(|o| o.as_str().map(String::from)).collect()),
        Some(_) => return Err("member \"key_ops\" is not an array".into()),
    };
    let (key, rsa) = match kty.as_str() {
        "RSA" => {
            let (n, e) =
                (text("n")?.ok_or("RSA JWK without \"n\"")?, text("e")?.ok_or("RSA JWK without \"e\"")?);
            let public = RsaPublic::from_jwk_members(&n, &e)?;
            (Some(public.verify_key()?), Some(public))
        }
        "oct" => {
            let k = text("k")?.ok_or("oct JWK without \"k\"")?;
            let bytes = jwk_b64("k", &k)?;
            (Some(VerifyKey::hmac(Secret::from_bytes(bytes))), None)
        }
        _ => (None, None),
    };
    Ok(JwkEntry {
        kid: text("kid")?,
        kty,
        alg: text("alg")?,
        use_: text("use")?,
        key_ops,
        key,
        rsa,
        refused: None,
    })
}

pub fn load_jwks_file(path: &Path) -> Result<Vec<JwkEntry>> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error("read JWKS", path, e))?;
    parse_jwks(&text).map_err(|e| Error::local(format!("{}: {e}", path.display())))
}

/// `--key NAME|PATH` as a PEM key, with a label for messages. A named key is read from the
/// keyring: `private.pem` when signing, `public.pem` otherwise (verify never opens a private key
/// it does not need).
pub fn load_key_ref(arg: Option<&str>, private: bool) -> Result<(PemKey, String)> {
    match crate::keyring::resolve(arg) {
        crate::keyring::KeyRef::File(path) => {
            let key = load_key_file(&path)?;
            Ok((key, path.display().to_string()))
        }
        crate::keyring::KeyRef::Named(name) => {
            let file = if private { crate::keyring::PRIVATE_FILE } else { crate::keyring::PUBLIC_FILE };
            let path = crate::keyring::named_key_file(&name, file)?;
            Ok((load_key_file(&path)?, format!("keyring key {name:?}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7638_example_thumbprint() {
        // RFC 7638 §3.1.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let key = RsaPublic::from_jwk_members(n, "AQAB").unwrap();
        assert_eq!(key.thumbprint(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        assert_eq!(key.bits(), 2048);
        let round = RsaPublic::from_pkcs1_der(&key.pkcs1_der().unwrap()).unwrap();
        assert_eq!(round, key);
    }

    mod fuzz {
        //! Property tests: whatever JWK Set or PEM text arrives, the parsers answer Ok or a
        //! one-line error, and a parsed key checks a signature without panicking.
        use super::super::*;
        use crate::jws::Alg;
        use proptest::prelude::*;

        const RFC7638_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        const PEMS: [&str; 5] = [
            include_str!("../tests/fixtures/openssl/pkcs1_private.pem"),
            include_str!("../tests/fixtures/openssl/pkcs1_public.pem"),
            include_str!("../tests/fixtures/openssl/spki_public.pem"),
            include_str!("../tests/fixtures/openssl/cert.pem"),
            include_str!("../tests/fixtures/openssl/rsa1024_public.pem"),
        ];

        fn b64_member() -> impl Strategy<Value = Value> {
            prop_oneof![
                Just(json!(RFC7638_N)),
                Just(json!("AQAB")),
                Just(json!("AQ")),
                Just(json!("")),
                Just(json!("AAAA")),
                Just(json!("AQAB=")),
                "[A-Za-z0-9_+/=.-]{0,24}".prop_map(|s| json!(s)),
                prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| json!(B64.encode(b))),
                any::<i64>().prop_map(|n| json!(n)),
                Just(Value::Null),
                Just(json!(["AQAB"])),
            ]
        }

        fn jwk() -> impl Strategy<Value = Value> {
            let kty = prop_oneof![
                Just(json!("RSA")),
                Just(json!("oct")),
                Just(json!("EC")),
                Just(json!("rsa")),
                Just(json!(7))
            ];
            let text = prop_oneof![
                Just(None),
                Just(Some(json!("sig"))),
                Just(Some(json!(1))),
                Just(Some(json!("")))
            ];
            let ops = prop_oneof![
                Just(None),
                Just(Some(json!(["verify"]))),
                Just(Some(json!("verify"))),
                Just(Some(json!([1, null])))
            ];
            (kty, b64_member(), b64_member(), b64_member(), text.clone(), text.clone(), text, ops).prop_map(
                |(kty, n, e, k, kid, alg, use_, ops)| {
                    let mut jwk = json!({"kty": kty, "n": n, "e": e, "k": k});
                    for (name, v) in [("kid", kid), ("alg", alg), ("use", use_), ("key_ops", ops)] {
                        if let Some(v) = v {
                            jwk[name] = v;
                        }
                    }
                    jwk
                },
            )
        }

        /// A valid text, then a few bytes replaced, removed or cut.
        fn mangled(base: String) -> impl Strategy<Value = String> {
            prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 0..4).prop_map(
                move |edits| {
                    let mut chars: Vec<char> = base.chars().collect();
                    for (at, op, c) in edits {
                        if chars.is_empty() {
                            break;
                        }
                        let i = at.index(chars.len());
                        match op {
                            0 => chars[i] = c,
                            1 => {
                                chars.remove(i);
                            }
                            2 => chars.insert(i, c),
                            _ => chars.truncate(i),
                        }
                    }
                    chars.into_iter().collect()
                },
            )
        }

        fn jwks_text() -> impl Strategy<Value = String> {
            prop_oneof![
                prop::collection::vec(jwk(), 0..4).prop_map(|keys| json!({"keys": keys}).to_string()),
                jwk().prop_map(|k| k.to_string()),
                jwk().prop_flat_map(|k| mangled(json!({"keys": [k]}).to_string())),
                Just(r#"{"keys":{}}"#.to_string()),
                "\\PC{0,40}",
            ]
        }

        fn pem_text() -> impl Strategy<Value = String> {
            let base = prop::sample::select(PEMS.to_vec()).prop_map(String::from);
            prop_oneof![
                base.clone().prop_flat_map(mangled),
                base.clone().prop_map(|p| p.replace("PUBLIC KEY", "EC PRIVATE KEY")),
                base.prop_map(|p| p.replace("RSA ", "")),
                "-----BEGIN [A-Z ]{0,20}-----\n[A-Za-z0-9+/=\n]{0,80}\n-----END [A-Z ]{0,20}-----\n?",
                "\\PC{0,60}",
            ]
        }

        fn one_line(e: &str) -> Result<(), TestCaseError> {
            prop_assert!(!e.is_empty() && !e.contains('\n') && !e.contains('\r'), "not one line: {e:?}");
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

            #[test]
            fn jwk_sets_parse_or_fail_in_one_line(text in jwks_text()) {
                match parse_jwks(&text) {
                    Err(e) => one_line(&e)?,
                    Ok(mut entries) => {
                        refuse_symmetric(&mut entries);
                        for key in entries.iter().filter_map(|e| e.key.as_ref()) {
                            for alg in [Alg::RS256, Alg::PS512, Alg::HS256] {
                                if let Err(e) = key.verify(alg, b"e30.e30", "c2ln") {
                                    one_line(&e)?;
                                }
                            }
                        }
                    }
                }
            }

            #[test]
            fn pem_text_parses_or_fails_in_one_line(text in pem_text()) {
                match parse_pem(&text) {
                    Err(e) => one_line(&e)?,
                    Ok(key) => {
                        let public = key.public();
                        prop_assert!(public.bits() > 0);
                        if let Ok(v) = public.verify_key() {
                            if let Err(e) = v.verify(Alg::RS256, b"e30.e30", "c2ln") {
                                one_line(&e)?;
                            }
                        }
                    }
                }
            }
        }
    }
}
