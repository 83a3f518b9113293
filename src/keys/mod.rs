//! Key material in the formats people have: PEM (PKCS#8, PKCS#1, SEC1, SPKI, X.509
//! certificates), JWK and JWK Sets; RFC 7638 thumbprints; one type for a public key of any
//! family. The family-specific encodings live in `rsa`, `ec` and `okp`.

mod ec;
mod okp;
mod rsa;

pub use self::ec::EcPublic;
pub use self::okp::Ed25519Public;
pub use self::rsa::RsaPublic;

use crate::error::{io_error, Error, Result};
use crate::jws::{Alg, Curve, KeyType, SigningKey, VerifyKey};
use crate::secret::Secret;
use ::rsa::pkcs8::der::{Decode, Encode};
use ::rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use ::rsa::pkcs8::PrivateKeyInfo;
use aws_lc_rs::digest;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{Map, Value};
use std::path::Path;
use zeroize::Zeroizing;

/// A public key of any family tok signs and verifies with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    Rsa(RsaPublic),
    Ec(EcPublic),
    Ed25519(Ed25519Public),
}

impl PublicKey {
    /// SubjectPublicKeyInfo DER (`BEGIN PUBLIC KEY`), dispatched on its algorithm.
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, String> {
        let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|e| format!("bad public key: {e}"))?;
        let oid = spki.algorithm.oid.to_string();
        let bits = || spki.subject_public_key.as_bytes().ok_or("bad public key bit string");
        match oid.as_str() {
            rsa::RSA_ENCRYPTION_OID => RsaPublic::from_spki(&spki).map(PublicKey::Rsa),
            ec::EC_PUBLIC_KEY_OID => {
                let curve = spki_curve(spki.algorithm.parameters_oid().ok().map(|o| o.to_string()))?;
                EcPublic::from_point(curve, bits()?).map(PublicKey::Ec)
            }
            okp::ED25519_OID => Ed25519Public::from_bytes(bits()?).map(PublicKey::Ed25519),
            other => Err(unknown_algorithm(other)),
        }
    }

    pub fn from_certificate_der(der: &[u8]) -> Result<PublicKey, String> {
        let cert = x509_cert::Certificate::from_der(der).map_err(|e| format!("bad certificate: {e}"))?;
        let spki = cert.tbs_certificate.subject_public_key_info.to_der().map_err(|e| e.to_string())?;
        PublicKey::from_spki_der(&spki)
    }

    pub fn thumbprint(&self) -> String {
        match self {
            PublicKey::Rsa(k) => k.thumbprint(),
            PublicKey::Ec(k) => k.thumbprint(),
            PublicKey::Ed25519(k) => k.thumbprint(),
        }
    }

    /// Without `alg` (optional, RFC 7517 §4.4) an RSA key verifies every RSA algorithm it is
    /// used with; a verifier that honours `alg` would otherwise refuse PS* tokens from an RS256 key.
    pub fn jwk(&self, alg: Option<Alg>) -> Value {
        let alg = alg.map(Alg::name);
        match self {
            PublicKey::Rsa(k) => k.jwk(alg),
            PublicKey::Ec(k) => k.jwk(alg),
            PublicKey::Ed25519(k) => k.jwk(alg),
        }
    }

    pub fn verify_key(&self) -> Result<VerifyKey, String> {
        match self {
            PublicKey::Rsa(k) => k.verify_key(),
            PublicKey::Ec(k) => k.verify_key(),
            PublicKey::Ed25519(k) => k.verify_key(),
        }
    }

    /// `BEGIN PUBLIC KEY` DER. EC and Ed25519 are encoded by the backend from the parsed key.
    pub fn spki_der(&self) -> Result<Vec<u8>, String> {
        match self {
            PublicKey::Rsa(k) => k.spki_der(),
            PublicKey::Ec(_) | PublicKey::Ed25519(_) => self.verify_key()?.spki_der(),
        }
    }

    /// The JWK `kty`.
    pub fn kty(&self) -> &'static str {
        match self {
            PublicKey::Rsa(_) => "RSA",
            PublicKey::Ec(_) => "EC",
            PublicKey::Ed25519(_) => "OKP",
        }
    }

    /// "RSA 2048 bits", "EC P-256", "Ed25519": the type column of `tok keys`.
    pub fn kind(&self) -> String {
        match self {
            PublicKey::Rsa(k) => format!("RSA {} bits", k.bits()),
            PublicKey::Ec(k) => format!("EC {}", k.curve.name()),
            PublicKey::Ed25519(_) => "Ed25519".into(),
        }
    }

    pub fn key_type(&self) -> KeyType {
        match self {
            PublicKey::Rsa(_) => KeyType::Rsa,
            PublicKey::Ec(k) => KeyType::Ec(k.curve),
            PublicKey::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// The algorithm a token signed by this key says when nobody chose one.
    pub fn default_alg(&self) -> Alg {
        self.key_type().default_alg()
    }

    /// Whether a JWK pinned to `alg` would make sense for this key.
    pub fn allows(&self, alg: Alg) -> bool {
        self.key_type().allows(alg)
    }
}

fn spki_curve(oid: Option<String>) -> Result<Curve, String> {
    match oid {
        Some(oid) => Curve::from_oid(&oid).ok_or_else(|| {
            format!("the EC key is on curve {oid}, which JOSE does not use (P-256, P-384, P-521 only)")
        }),
        None => Err("the EC key does not name its curve (explicit parameters are not supported)".into()),
    }
}

fn unknown_algorithm(oid: &str) -> String {
    let what = match oid {
        "1.3.101.113" => "an Ed448 key".to_string(),
        "1.3.101.110" | "1.3.101.111" => "an X25519/X448 key-agreement key".to_string(),
        other => format!("algorithm {other}"),
    };
    format!("not a key tok signs with ({what}); tok takes RSA, EC P-256/P-384/P-521 and Ed25519 keys")
}

/// RFC 7638: SHA-256 of the canonical JSON of the required members, base64url.
fn thumbprint_of(canonical: &str) -> String {
    B64.encode(digest::digest(&digest::SHA256, canonical.as_bytes()))
}

/// A private key, parsed once into the backend, with its public half.
pub struct PrivateKey {
    pub key: SigningKey,
    pub public: PublicKey,
}

impl PrivateKey {
    pub fn new(key: SigningKey) -> Result<PrivateKey, String> {
        let public = match &key {
            SigningKey::Rsa(kp) => PublicKey::Rsa(RsaPublic::from_keypair(kp)?),
            SigningKey::Ec(curve, kp) => {
                PublicKey::Ec(EcPublic::from_point(*curve, kp.public_key().as_ref())?)
            }
            SigningKey::Ed25519(kp) => {
                PublicKey::Ed25519(Ed25519Public::from_bytes(kp.public_key().as_ref())?)
            }
        };
        Ok(PrivateKey { key, public })
    }

    /// PKCS#8 (`BEGIN PRIVATE KEY`) of any family; the algorithm OID says which.
    pub fn from_pkcs8(der: &[u8]) -> Result<PrivateKey, String> {
        let info = PrivateKeyInfo::from_der(der).map_err(|e| format!("bad PKCS#8 private key: {e}"))?;
        let rejected = |e: aws_lc_rs::error::KeyRejected| format!("the PKCS#8 private key was rejected: {e}");
        let key = match info.algorithm.oid.to_string().as_str() {
            rsa::RSA_ENCRYPTION_OID => SigningKey::Rsa(RsaKeyPair::from_pkcs8(der).map_err(rejected)?),
            ec::EC_PUBLIC_KEY_OID => {
                let curve = spki_curve(info.algorithm.parameters_oid().ok().map(|o| o.to_string()))?;
                SigningKey::Ec(curve, EcdsaKeyPair::from_pkcs8(curve.signing(), der).map_err(rejected)?)
            }
            // v1 (what `openssl genpkey` writes) and v2 alike.
            okp::ED25519_OID => SigningKey::Ed25519(Ed25519KeyPair::from_pkcs8(der).map_err(rejected)?),
            other => return Err(unknown_algorithm(other)),
        };
        PrivateKey::new(key)
    }

    /// SEC1 / RFC 5915 (`BEGIN EC PRIVATE KEY`, what `openssl ecparam -genkey` writes): the
    /// backend checks the curve it names, so the one that accepts it is the key's.
    fn from_sec1(der: &[u8]) -> Result<PrivateKey, String> {
        let found = Curve::ALL.into_iter().find_map(|curve| {
            EcdsaKeyPair::from_private_key_der(curve.signing(), der).ok().map(|kp| SigningKey::Ec(curve, kp))
        });
        let key =
            found.ok_or("the EC private key was rejected (not a P-256, P-384 or P-521 key, or damaged)")?;
        PrivateKey::new(key)
    }

    /// The private key as PKCS#8 v1 DER, the form `openssl genpkey` writes.
    pub fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, String> {
        let der = match &self.key {
            SigningKey::Rsa(kp) => kp.as_der().map(|d| d.as_ref().to_vec()),
            SigningKey::Ec(_, kp) => kp.to_pkcs8v1().map(|d| d.as_ref().to_vec()),
            SigningKey::Ed25519(kp) => kp.to_pkcs8v1().map(|d| d.as_ref().to_vec()),
        };
        der.map(Zeroizing::new).map_err(|_| "cannot encode the private key".into())
    }
}

/// What a PEM file held.
pub enum PemKey {
    Private(PrivateKey),
    Public(PublicKey),
}

impl PemKey {
    pub fn public(&self) -> &PublicKey {
        match self {
            PemKey::Private(k) => &k.public,
            PemKey::Public(p) => p,
        }
    }
}

/// Parse the first key or certificate of a PEM text.
pub fn parse_pem(text: &str) -> Result<PemKey, String> {
    let (label, der) =
        pem_rfc7468::decode_vec(first_block(text).as_bytes()).map_err(|e| format!("malformed PEM: {e}"))?;
    let der = Zeroizing::new(der);
    let public = |key: Result<RsaPublic, String>| key.map(|k| PemKey::Public(PublicKey::Rsa(k)));
    match label {
        "PRIVATE KEY" => PrivateKey::from_pkcs8(&der).map(PemKey::Private),
        "RSA PRIVATE KEY" => RsaKeyPair::from_der(&der)
            .map_err(|e| format!("the PKCS#1 private key was rejected: {e}"))
            .and_then(|kp| PrivateKey::new(SigningKey::Rsa(kp)))
            .map(PemKey::Private),
        "EC PRIVATE KEY" => PrivateKey::from_sec1(&der).map(PemKey::Private),
        "PUBLIC KEY" => PublicKey::from_spki_der(&der).map(PemKey::Public),
        "RSA PUBLIC KEY" => public(RsaPublic::from_pkcs1_der(&der)),
        "CERTIFICATE" => PublicKey::from_certificate_der(&der).map(PemKey::Public),
        "ENCRYPTED PRIVATE KEY" => {
            Err("the private key is encrypted; decrypt it first: openssl pkcs8 -in KEY -out plain.pem".into())
        }
        other => Err(format!("unexpected PEM block {other:?}; expected a key or certificate")),
    }
}

/// The first block that is a key or certificate: a file may hold a chain after it
/// (certificate bundles), or curve parameters before it (`openssl ecparam -genkey`).
fn first_block(text: &str) -> &str {
    let mut rest = text;
    loop {
        let Some(begin) = rest.find("-----BEGIN ") else { return rest };
        let block = &rest[begin..];
        let end = match block.find("-----END ") {
            Some(end) => match block[end + 9..].find("-----") {
                Some(close) => end + 9 + close + 5,
                None => return block,
            },
            None => return block,
        };
        if block.starts_with("-----BEGIN EC PARAMETERS-----") {
            rest = &block[end..];
            continue;
        }
        return &block[..end];
    }
}

/// A key file: PEM of any supported kind, or a public JWK.
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
    if let Some(refused) = first.refused {
        return Err(refused);
    }
    first.public.map(PemKey::Public).ok_or_else(|| format!("not a public key JWK (kty {:?})", first.kty))
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
    /// None when tok cannot use this key type (e.g. Ed448), kept so messages can name it.
    pub key: Option<VerifyKey>,
    /// The public key, for asymmetric JWKs (conversions to PEM).
    pub public: Option<PublicKey>,
    /// Why tok will not use this key (a symmetric key from a URL, an `alg` its curve
    /// cannot sign): kept in the set so a token naming it is told why.
    pub refused: Option<String>,
}

/// A JWK Set from a URL is public: a symmetric key in it is a key anyone can sign with. Such
/// keys stay in the set (so a token naming one is told why) but never verify anything.
pub fn refuse_symmetric(entries: &mut [JwkEntry]) {
    for entry in entries.iter_mut().filter(|e| e.kty == "oct") {
        entry.key = None;
        entry.refused = Some(
            "kty \"oct\" is a symmetric secret, and a key set from a URL is public: anyone could sign \
             with it; refused (give a secret with --secret-file, or the set as a file)"
                .into(),
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
    let public = match kty.as_str() {
        "RSA" => {
            let (n, e) =
                (text("n")?.ok_or("RSA JWK without \"n\"")?, text("e")?.ok_or("RSA JWK without \"e\"")?);
            Some(PublicKey::Rsa(RsaPublic::from_jwk_members(&n, &e)?))
        }
        "EC" => {
            let crv = text("crv")?.ok_or("EC JWK without \"crv\"")?;
            let x = text("x")?.ok_or("EC JWK without \"x\"")?;
            Some(PublicKey::Ec(EcPublic::from_jwk_members(&crv, &x, text("y")?.as_deref())?))
        }
        "OKP" => {
            let crv = text("crv")?.ok_or("OKP JWK without \"crv\"")?;
            let x = text("x")?.ok_or("OKP JWK without \"x\"")?;
            Some(PublicKey::Ed25519(Ed25519Public::from_jwk_members(&crv, &x)?))
        }
        _ => None,
    };
    let key = match (&public, kty.as_str()) {
        (Some(public), _) => Some(public.verify_key()?),
        (None, "oct") => {
            let k = text("k")?.ok_or("oct JWK without \"k\"")?;
            Some(VerifyKey::hmac(Secret::from_bytes(jwk_b64("k", &k)?)))
        }
        (None, _) => None,
    };
    let alg = text("alg")?;
    // An EC key's curve fixes its one algorithm (RFC 7518 §3.4): a JWK claiming another is
    // inconsistent, and is never used.
    let refused = match (&public, alg.as_deref().and_then(Alg::from_name)) {
        (Some(public @ PublicKey::Ec(ec)), Some(a)) if !public.allows(a) => Some(format!(
            "the JWK says alg {} but its crv is {} (which signs {} only)",
            a.name(),
            ec.curve.name(),
            ec.curve.alg().name()
        )),
        (Some(public), Some(a)) if !public.allows(a) => {
            Some(format!("the JWK says alg {} but it is a {} key", a.name(), public.kind()))
        }
        _ => None,
    };
    Ok(JwkEntry { kid: text("kid")?, kty, alg, use_: text("use")?, key_ops, key, public, refused })
}

pub fn load_jwks_file(path: &Path) -> Result<Vec<JwkEntry>> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error("read JWKS", path, e))?;
    parse_jwks(&text).map_err(|e| Error::local(format!("{}: {e}", path.display())))
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
        use serde_json::json;

        const RFC7638_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        const PEMS: [&str; 5] = [
            include_str!("../../tests/fixtures/openssl/pkcs1_private.pem"),
            include_str!("../../tests/fixtures/openssl/pkcs1_public.pem"),
            include_str!("../../tests/fixtures/openssl/spki_public.pem"),
            include_str!("../../tests/fixtures/openssl/cert.pem"),
            include_str!("../../tests/fixtures/openssl/rsa1024_public.pem"),
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
                Just(json!("OKP")),
                Just(json!("rsa")),
                Just(json!(7))
            ];
            let crv = prop_oneof![
                Just(json!("P-256")),
                Just(json!("P-384")),
                Just(json!("P-521")),
                Just(json!("Ed25519")),
                Just(json!("X25519")),
                Just(json!("secp256k1")),
                Just(json!(1)),
            ];
            // RFC 7515 A.3's point, so valid EC keys occur too.
            let x = prop_oneof![Just(json!("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU")), b64_member()];
            let y = prop_oneof![Just(json!("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0")), b64_member()];
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
            let members = (b64_member(), b64_member(), b64_member(), crv, x, y);
            (kty, members, text.clone(), text.clone(), text, ops).prop_map(
                |(kty, (n, e, k, crv, x, y), kid, alg, use_, ops)| {
                    let mut jwk = json!({"kty": kty, "n": n, "e": e, "k": k, "crv": crv, "x": x, "y": y});
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
                            for alg in [Alg::RS256, Alg::PS512, Alg::HS256, Alg::ES256, Alg::EdDSA] {
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
                        prop_assert!(!public.thumbprint().is_empty());
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
