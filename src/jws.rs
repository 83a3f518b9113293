//! The signing and verifying backend (aws-lc-rs). Keys are parsed once into the backend's own
//! types, so a batch of thousands of tokens runs at the speed of the RSA operation itself.
//!
//! Signatures are made and checked over the exact base64url octets of header and payload;
//! nothing is ever re-serialised before verifying (RFC 7515 §5.2).

use crate::secret::Secret;
use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, ParsedPublicKey, RsaKeyPair, VerificationAlgorithm};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Hmac,
    Rsa,
}

impl Alg {
    pub const ALL: [Alg; 9] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
    ];

    /// Exact, case-sensitive, as RFC 7515 §4.1.1 requires of a header's `alg`.
    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| a.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
        }
    }

    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            _ => Family::Rsa,
        }
    }

    /// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
    pub fn hmac_min_len(self) -> usize {
        match self {
            Alg::HS384 => 48,
            Alg::HS512 => 64,
            _ => 32,
        }
    }

    fn hmac_algorithm(self) -> hmac::Algorithm {
        match self {
            Alg::HS384 => hmac::HMAC_SHA384,
            Alg::HS512 => hmac::HMAC_SHA512,
            _ => hmac::HMAC_SHA256,
        }
    }

    fn rsa_signing(self) -> &'static dyn signature::RsaEncoding {
        match self {
            Alg::RS384 => &signature::RSA_PKCS1_SHA384,
            Alg::RS512 => &signature::RSA_PKCS1_SHA512,
            Alg::PS256 => &signature::RSA_PSS_SHA256,
            Alg::PS384 => &signature::RSA_PSS_SHA384,
            Alg::PS512 => &signature::RSA_PSS_SHA512,
            _ => &signature::RSA_PKCS1_SHA256,
        }
    }

    fn rsa_verification(self) -> &'static dyn VerificationAlgorithm {
        match self {
            Alg::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Alg::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
            Alg::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
            Alg::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
            Alg::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
            _ => &signature::RSA_PKCS1_2048_8192_SHA256,
        }
    }

    /// Index among the algorithms of its own family (for per-algorithm key caches).
    fn slot(self) -> usize {
        match self {
            Alg::HS256 | Alg::RS256 => 0,
            Alg::HS384 | Alg::RS384 => 1,
            Alg::HS512 | Alg::RS512 => 2,
            Alg::PS256 => 3,
            Alg::PS384 => 4,
            Alg::PS512 => 5,
        }
    }
}

#[allow(clippy::large_enum_variant)] // one instance per process
enum SignKey {
    Rsa(RsaKeyPair),
    Hmac(hmac::Key),
}

/// Signs many tokens with one parsed key and one encoded header.
pub struct Signer {
    alg: Alg,
    key: SignKey,
    rng: SystemRandom,
}

impl Signer {
    pub fn rsa(alg: Alg, keypair: RsaKeyPair) -> Signer {
        debug_assert_eq!(alg.family(), Family::Rsa);
        Signer { alg, key: SignKey::Rsa(keypair), rng: SystemRandom::new() }
    }

    pub fn hmac(alg: Alg, secret: &Secret) -> Signer {
        let key = hmac::Key::new(alg.hmac_algorithm(), secret.expose());
        Signer { alg, key: SignKey::Hmac(key), rng: SystemRandom::new() }
    }

    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// `header_b64` is the already-encoded protected header; returns the compact JWS.
    pub fn token(&self, header_b64: &str, payload_json: &[u8]) -> Result<String, String> {
        let mut token = String::with_capacity(header_b64.len() + payload_json.len() * 4 / 3 + 400);
        token.push_str(header_b64);
        token.push('.');
        B64.encode_string(payload_json, &mut token);
        let signature = match &self.key {
            SignKey::Hmac(key) => hmac::sign(key, token.as_bytes()).as_ref().to_vec(),
            SignKey::Rsa(kp) => {
                let mut sig = vec![0; kp.public_modulus_len()];
                kp.sign(self.alg.rsa_signing(), &self.rng, token.as_bytes(), &mut sig)
                    .map_err(|_| format!("{} signing failed", self.alg.name()))?;
                sig
            }
        };
        token.push('.');
        B64.encode_string(signature, &mut token);
        Ok(token)
    }
}

#[allow(clippy::large_enum_variant)] // one instance per key
enum Material {
    /// PKCS#1 RSAPublicKey DER, parsed into the backend lazily once per algorithm.
    Rsa {
        pkcs1: Vec<u8>,
        bits: usize,
        /// The public exponent when it fits in 64 bits (a larger one is itself a problem).
        exponent: Option<u64>,
        parsed: [OnceLock<Option<ParsedPublicKey>>; 6],
    },
    Hmac {
        secret: Secret,
        keys: [OnceLock<hmac::Key>; 3],
    },
}

/// A key that checks signatures; parsed once, used for any number of tokens.
pub struct VerifyKey {
    material: Material,
}

impl VerifyKey {
    /// `e` is the public exponent, big-endian, so a refused key can be told apart from a
    /// small one.
    pub fn rsa(pkcs1: Vec<u8>, bits: usize, e: &[u8]) -> VerifyKey {
        let exponent = (e.len() <= 8).then(|| e.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b)));
        VerifyKey { material: Material::Rsa { pkcs1, bits, exponent, parsed: Default::default() } }
    }

    pub fn hmac(secret: Secret) -> VerifyKey {
        VerifyKey { material: Material::Hmac { secret, keys: Default::default() } }
    }

    pub fn family(&self) -> Family {
        match self.material {
            Material::Rsa { .. } => Family::Rsa,
            Material::Hmac { .. } => Family::Hmac,
        }
    }

    /// Length in bytes of an HMAC secret; None for RSA keys.
    pub fn secret_len(&self) -> Option<usize> {
        match &self.material {
            Material::Hmac { secret, .. } => Some(secret.len()),
            Material::Rsa { .. } => None,
        }
    }

    pub fn describe(&self) -> String {
        match &self.material {
            Material::Rsa { bits, .. } => format!("RSA {bits}-bit public key"),
            Material::Hmac { secret, .. } => format!("{}-byte HMAC secret", secret.len()),
        }
    }

    /// Check `signature_b64` over `signing_input` with `alg`, which the caller has already
    /// matched against the allow-list.
    pub fn verify(&self, alg: Alg, signing_input: &[u8], signature_b64: &str) -> Result<(), String> {
        let signature = B64
            .decode(signature_b64)
            .map_err(|_| "the signature segment is not valid base64url".to_string())?;
        match (&self.material, alg.family()) {
            (Material::Hmac { secret, keys }, Family::Hmac) => {
                let key =
                    keys[alg.slot()].get_or_init(|| hmac::Key::new(alg.hmac_algorithm(), secret.expose()));
                hmac::verify(key, signing_input, &signature)
                    .map_err(|_| "signature does not match (wrong secret or altered token)".into())
            }
            (Material::Rsa { pkcs1, bits, exponent, parsed }, Family::Rsa) => {
                // Named before the backend sees the key: it may parse a 1024-bit key and then
                // only say the signature does not match.
                rsa_key_problem(*bits, *exponent)?;
                let key = parsed[alg.slot()]
                    .get_or_init(|| ParsedPublicKey::new(alg.rsa_verification(), pkcs1).ok());
                let key = key.as_ref().ok_or_else(|| {
                    format!("the {bits}-bit RSA key was refused by the crypto backend for {}", alg.name())
                })?;
                key.verify_sig(signing_input, &signature)
                    .map_err(|_| "signature does not match (wrong key or altered token)".into())
            }
            _ => Err(format!("{} cannot be checked with a {}", alg.name(), self.describe())),
        }
    }
}

/// What makes an RSA public key unusable, in the words a user can act on.
fn rsa_key_problem(bits: usize, exponent: Option<u64>) -> Result<(), String> {
    if bits < 2048 {
        return Err(format!("the {bits}-bit RSA key is too small (minimum 2048 bits): use a larger key"));
    }
    if bits > 8192 {
        return Err(format!("the {bits}-bit RSA key is too large (maximum 8192 bits)"));
    }
    match exponent {
        Some(e) if e >= 3 && e % 2 == 1 && e < 1 << 33 => Ok(()),
        Some(e) => Err(format!(
            "the RSA key's public exponent {e} is not usable (it must be odd, at least 3 and below 2^33; \
             keys normally use 65537, \"e\":\"AQAB\")"
        )),
        None => {
            Err("the RSA key's public exponent is too large (keys normally use 65537, \"e\":\"AQAB\")".into())
        }
    }
}
