//! The signing and verifying backend (aws-lc-rs). Keys are parsed once into the backend's own
//! types, so a batch of thousands of tokens runs at the speed of the signature operation itself.
//!
//! Signatures are made and checked over the exact base64url octets of header and payload;
//! nothing is ever re-serialised before verifying (RFC 7515 §5.2).

mod ec;
mod rsa;

pub use ec::Curve;

use crate::secret::Secret;
use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, EcdsaKeyPair, Ed25519KeyPair, ParsedPublicKey, RsaKeyPair};
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
    ES256,
    ES384,
    ES512,
    /// RFC 8037: the curve comes from the key (tok knows Ed25519 only).
    EdDSA,
    /// RFC 9864's fully-specified name for EdDSA over Ed25519.
    Ed25519,
}

/// What kind of key an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Hmac,
    Rsa,
    Ec,
    Okp,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Hmac => "an HMAC secret",
            Family::Rsa => "an RSA key",
            Family::Ec => "an EC key",
            Family::Okp => "an Ed25519 key",
        }
    }
}

/// A key as far as algorithms care. The key decides (RFC 8725 §3.1): this is the one rule of
/// which algorithms each kind of key signs and verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Hmac,
    Rsa,
    /// ECDSA fixes its curve's one algorithm (RFC 7518 §3.4).
    Ec(Curve),
    Ed25519,
}

impl KeyType {
    pub fn allows(self, alg: Alg) -> bool {
        match self {
            KeyType::Hmac => alg.family() == Family::Hmac,
            KeyType::Rsa => alg.family() == Family::Rsa,
            KeyType::Ec(curve) => alg.curve() == Some(curve),
            KeyType::Ed25519 => alg.family() == Family::Okp,
        }
    }

    /// What a token signed with this key says when nobody chose an algorithm.
    pub fn default_alg(self) -> Alg {
        match self {
            KeyType::Hmac => Alg::HS256,
            KeyType::Rsa => Alg::RS256,
            KeyType::Ec(curve) => curve.alg(),
            KeyType::Ed25519 => Alg::EdDSA,
        }
    }

    pub fn family(self) -> Family {
        match self {
            KeyType::Hmac => Family::Hmac,
            KeyType::Rsa => Family::Rsa,
            KeyType::Ec(_) => Family::Ec,
            KeyType::Ed25519 => Family::Okp,
        }
    }
}

impl Alg {
    pub const ALL: [Alg; 14] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::EdDSA,
        Alg::Ed25519,
    ];

    /// For messages listing what tok takes.
    pub const NAMES: &str = "HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519)";

    /// Exact, case-sensitive, as RFC 7515 §4.1.1 requires of a header's `alg`.
    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| a.name() == name)
    }

    /// As people type it on the command line.
    pub fn from_name_ignore_case(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| a.name().eq_ignore_ascii_case(name))
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
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
            Alg::Ed25519 => "Ed25519",
        }
    }

    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::ES256 | Alg::ES384 | Alg::ES512 => Family::Ec,
            Alg::EdDSA | Alg::Ed25519 => Family::Okp,
            _ => Family::Rsa,
        }
    }

    /// The curve an ECDSA algorithm is defined on (RFC 7518 §3.4: ES512 is P-521).
    pub fn curve(self) -> Option<Curve> {
        match self {
            Alg::ES256 => Some(Curve::P256),
            Alg::ES384 => Some(Curve::P384),
            Alg::ES512 => Some(Curve::P521),
            _ => None,
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

    /// Index among the algorithms of its own family (for per-algorithm key caches).
    fn slot(self) -> usize {
        match self {
            Alg::HS256 | Alg::RS256 => 0,
            Alg::HS384 | Alg::RS384 => 1,
            Alg::HS512 | Alg::RS512 => 2,
            Alg::PS256 => 3,
            Alg::PS384 => 4,
            Alg::PS512 => 5,
            _ => 0,
        }
    }
}

/// A private key parsed into the backend, of any family tok signs with.
pub enum SigningKey {
    Rsa(RsaKeyPair),
    Ec(Curve, EcdsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

impl SigningKey {
    pub fn key_type(&self) -> KeyType {
        match self {
            SigningKey::Rsa(_) => KeyType::Rsa,
            SigningKey::Ec(curve, _) => KeyType::Ec(*curve),
            SigningKey::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// What a token signed with this key says when no `--alg` is given.
    pub fn default_alg(&self) -> Alg {
        self.key_type().default_alg()
    }

    pub fn describe(&self) -> String {
        match self {
            SigningKey::Rsa(kp) => format!("an RSA {}-bit key", kp.public_modulus_len() * 8),
            SigningKey::Ec(curve, _) => format!("an EC {} key", curve.name()),
            SigningKey::Ed25519(_) => "an Ed25519 key".into(),
        }
    }

    /// Why this key cannot sign `alg`, in words naming what would.
    pub fn refuses(&self, alg: Alg) -> Option<String> {
        (!self.key_type().allows(alg)).then(|| match (self, alg.curve()) {
            (SigningKey::Ec(curve, _), Some(wanted)) => format!(
                "{} needs a {} key, and this is {} (it signs {})",
                alg.name(),
                wanted.name(),
                self.describe(),
                curve.alg().name()
            ),
            _ => format!("{} needs {}, and this is {}", alg.name(), alg.family().name(), self.describe()),
        })
    }
}

#[allow(clippy::large_enum_variant)] // one instance per process
enum SignWith {
    Key(SigningKey),
    Hmac(hmac::Key),
}

/// Signs many tokens with one parsed key and one encoded header.
pub struct Signer {
    alg: Alg,
    key: SignWith,
    rng: SystemRandom,
}

impl Signer {
    /// The caller has checked that the key can sign `alg` (`SigningKey::refuses`).
    pub fn new(alg: Alg, key: SigningKey) -> Signer {
        debug_assert!(key.refuses(alg).is_none());
        Signer { alg, key: SignWith::Key(key), rng: SystemRandom::new() }
    }

    pub fn hmac(alg: Alg, secret: &Secret) -> Signer {
        let key = hmac::Key::new(alg.hmac_algorithm(), secret.expose());
        Signer { alg, key: SignWith::Hmac(key), rng: SystemRandom::new() }
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
        let failed = |_| format!("{} signing failed", self.alg.name());
        let input = token.as_bytes();
        let signature = match &self.key {
            SignWith::Hmac(key) => hmac::sign(key, input).as_ref().to_vec(),
            SignWith::Key(SigningKey::Rsa(kp)) => {
                let mut sig = vec![0; kp.public_modulus_len()];
                kp.sign(rsa::signing(self.alg), &self.rng, input, &mut sig).map_err(failed)?;
                sig
            }
            // The *_FIXED_SIGNING algorithms give r || s at full length (RFC 7518 §3.4), never DER.
            SignWith::Key(SigningKey::Ec(_, kp)) => {
                kp.sign(&self.rng, input).map_err(failed)?.as_ref().to_vec()
            }
            SignWith::Key(SigningKey::Ed25519(kp)) => kp.sign(input).as_ref().to_vec(),
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
    /// Checked on the curve when made, so a bad point is refused where the key is read.
    Ec {
        curve: Curve,
        key: ParsedPublicKey,
    },
    Ed25519 {
        key: ParsedPublicKey,
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

    /// `point` is the uncompressed SEC1 point `04 || x || y`; refused unless it is on `curve`.
    pub fn ec(curve: Curve, point: &[u8]) -> Result<VerifyKey, String> {
        let key = ParsedPublicKey::new(curve.verification(), point).map_err(|_| {
            format!("the point (x, y) is not on the curve {}: not a valid public key", curve.name())
        })?;
        Ok(VerifyKey { material: Material::Ec { curve, key } })
    }

    pub fn ed25519(x: &[u8]) -> Result<VerifyKey, String> {
        if x.len() != 32 {
            return Err(format!("an Ed25519 public key is 32 octets, not {}", x.len()));
        }
        let key = ParsedPublicKey::new(&signature::ED25519, x)
            .map_err(|_| "the Ed25519 public key was refused by the crypto backend".to_string())?;
        Ok(VerifyKey { material: Material::Ed25519 { key } })
    }

    pub fn hmac(secret: Secret) -> VerifyKey {
        VerifyKey { material: Material::Hmac { secret, keys: Default::default() } }
    }

    pub fn key_type(&self) -> KeyType {
        match self.material {
            Material::Rsa { .. } => KeyType::Rsa,
            Material::Ec { curve, .. } => KeyType::Ec(curve),
            Material::Ed25519 { .. } => KeyType::Ed25519,
            Material::Hmac { .. } => KeyType::Hmac,
        }
    }

    pub fn family(&self) -> Family {
        self.key_type().family()
    }

    pub fn allows(&self, alg: Alg) -> bool {
        self.key_type().allows(alg)
    }

    /// SPKI DER of an EC or Ed25519 key, as the backend encodes it.
    pub fn spki_der(&self) -> Result<Vec<u8>, String> {
        use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
        match &self.material {
            Material::Ec { key, .. } | Material::Ed25519 { key } => AsDer::<PublicKeyX509Der>::as_der(key)
                .map(|d| d.as_ref().to_vec())
                .map_err(|_| "cannot encode the public key".into()),
            _ => Err("only EC and Ed25519 keys are encoded here".into()),
        }
    }

    /// Length in bytes of an HMAC secret; None for public keys.
    pub fn secret_len(&self) -> Option<usize> {
        match &self.material {
            Material::Hmac { secret, .. } => Some(secret.len()),
            _ => None,
        }
    }

    pub fn describe(&self) -> String {
        match &self.material {
            Material::Rsa { bits, .. } => format!("RSA {bits}-bit public key"),
            Material::Ec { curve, .. } => format!("EC {} public key", curve.name()),
            Material::Ed25519 { .. } => "Ed25519 public key".into(),
            Material::Hmac { secret, .. } => format!("{}-byte HMAC secret", secret.len()),
        }
    }

    /// Check `signature_b64` over `signing_input` with `alg`, which the caller has already
    /// matched against the allow-list.
    pub fn verify(&self, alg: Alg, signing_input: &[u8], signature_b64: &str) -> Result<(), String> {
        let (mut small, mut heap) = ([0u8; crate::token::SMALL], Vec::new());
        let signature = crate::token::decode_b64(signature_b64, &mut small, &mut heap)
            .map_err(|_| "the signature segment is not valid base64url".to_string())?;
        if !self.allows(alg) {
            return Err(format!("{} cannot be checked with a {}", alg.name(), self.describe()));
        }
        let mismatch = |_| "signature does not match (wrong key or altered token)".to_string();
        match &self.material {
            Material::Hmac { secret, keys } => {
                let key =
                    keys[alg.slot()].get_or_init(|| hmac::Key::new(alg.hmac_algorithm(), secret.expose()));
                hmac::verify(key, signing_input, signature)
                    .map_err(|_| "signature does not match (wrong secret or altered token)".into())
            }
            Material::Rsa { pkcs1, bits, exponent, parsed } => {
                // Named before the backend sees the key: it may parse a 1024-bit key and then
                // only say the signature does not match.
                rsa::key_problem(*bits, *exponent)?;
                let key = parsed[alg.slot()]
                    .get_or_init(|| ParsedPublicKey::new(rsa::verification(alg), pkcs1).ok());
                let key = key.as_ref().ok_or_else(|| {
                    format!("the {bits}-bit RSA key was refused by the crypto backend for {}", alg.name())
                })?;
                key.verify_sig(signing_input, signature).map_err(mismatch)
            }
            Material::Ec { curve, key } => {
                // The backend refuses these too, but only as "does not match"; a user reading
                // why a token fails deserves the real reason.
                curve.signature_problem(alg, signature)?;
                key.verify_sig(signing_input, signature).map_err(mismatch)
            }
            Material::Ed25519 { key } => {
                if signature.len() != 64 {
                    return Err(format!(
                        "wrong length: {} octets, {} signatures are 64",
                        signature.len(),
                        alg.name()
                    ));
                }
                key.verify_sig(signing_input, signature).map_err(mismatch)
            }
        }
    }
}
