//! RSA public keys: PKCS#1 and SPKI DER, the JWK members `n` and `e`, RFC 7638 thumbprints.

use super::{jwk_b64, thumbprint_of};
use crate::jws::VerifyKey;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{KeyPair, RsaKeyPair};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rsa::pkcs1;
use rsa::pkcs8::der::{Decode, Encode};
use rsa::pkcs8::spki::SubjectPublicKeyInfoRef;
use serde_json::{json, Value};

pub(super) const RSA_ENCRYPTION_OID: &str = "1.2.840.113549.1.1.1";

/// An RSA public key as its two numbers, big-endian without leading zeros.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaPublic {
    pub n: Vec<u8>,
    pub e: Vec<u8>,
}

pub(super) fn strip_zeros(bytes: &[u8]) -> Vec<u8> {
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

    /// The subject public key of an SPKI whose algorithm is rsaEncryption.
    pub(super) fn from_spki(spki: &SubjectPublicKeyInfoRef) -> Result<RsaPublic, String> {
        let bits = spki.subject_public_key.as_bytes().ok_or("bad public key bit string")?;
        RsaPublic::from_pkcs1_der(bits)
    }

    pub fn from_keypair(kp: &RsaKeyPair) -> Result<RsaPublic, String> {
        let spki = kp.public_key().as_der().map_err(|_| "cannot encode the public key")?;
        let spki = SubjectPublicKeyInfoRef::from_der(spki.as_ref()).map_err(|e| e.to_string())?;
        RsaPublic::from_spki(&spki)
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
        thumbprint_of(&format!(
            r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
            B64.encode(&self.e),
            B64.encode(&self.n)
        ))
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
