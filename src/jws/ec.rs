//! The three NIST curves of RFC 7518 §3.4, and what makes an ECDSA signature malformed before
//! any arithmetic is done.

use super::Alg;
use aws_lc_rs::signature::{self, EcdsaSigningAlgorithm, EcdsaVerificationAlgorithm};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    pub const ALL: [Curve; 3] = [Curve::P256, Curve::P384, Curve::P521];

    /// The JWK `crv` name (RFC 7518 §6.2.1.1).
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// The object identifier of the named curve, as in SPKI and SEC1 parameters.
    pub fn oid(self) -> &'static str {
        match self {
            Curve::P256 => "1.2.840.10045.3.1.7",
            Curve::P384 => "1.3.132.0.34",
            Curve::P521 => "1.3.132.0.35",
        }
    }

    pub fn from_oid(oid: &str) -> Option<Curve> {
        Curve::ALL.into_iter().find(|c| c.oid() == oid)
    }

    /// The one JWS algorithm defined on this curve.
    pub fn alg(self) -> Alg {
        match self {
            Curve::P256 => Alg::ES256,
            Curve::P384 => Alg::ES384,
            Curve::P521 => Alg::ES512,
        }
    }

    /// Octets of a coordinate, of `d`, and of each of r and s (P-521 rounds 521 bits up to 66).
    pub fn size(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    pub(super) fn verification(self) -> &'static EcdsaVerificationAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED,
            Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED,
            Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED,
        }
    }

    pub fn signing(self) -> &'static EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
        }
    }

    /// The group order n, big-endian at the curve's size (`openssl ecparam -param_enc explicit`).
    fn order(self) -> &'static [u8] {
        match self {
            Curve::P256 => &P256_N,
            Curve::P384 => &P384_N,
            Curve::P521 => &P521_N,
        }
    }

    /// RFC 7518 §3.4 and the ECDSA range rule, each named: a DER signature, a wrong length,
    /// r or s zero (CVE-2022-21449, the "psychic signature" Java accepted), r or s ≥ n.
    pub(super) fn signature_problem(self, alg: Alg, sig: &[u8]) -> Result<(), String> {
        let size = self.size();
        if sig.len() != 2 * size {
            let der = if looks_like_der(sig) {
                "; it is DER-encoded, but JOSE signatures are r || s at fixed length (RFC 7518 §3.4)"
            } else {
                " (r || s)"
            };
            return Err(format!(
                "wrong length: {} octets, {} signatures are {}{der}",
                sig.len(),
                alg.name(),
                2 * size
            ));
        }
        let (r, s) = sig.split_at(size);
        for (name, v) in [("r", r), ("s", s)] {
            if v.iter().all(|&b| b == 0) {
                return Err(format!(
                    "invalid ECDSA signature: {name} is zero (a forged \"psychic signature\", CVE-2022-21449)"
                ));
            }
            if v >= self.order() {
                return Err(format!("invalid ECDSA signature: {name} ≥ n (the {} group order)", self.name()));
            }
        }
        Ok(())
    }
}

/// `SEQUENCE { INTEGER r, INTEGER s }` as OpenSSL's `dgst -sign` and Java's SHA256withECDSA write it.
fn looks_like_der(sig: &[u8]) -> bool {
    match sig {
        [0x30, len, rest @ ..] if usize::from(*len) == rest.len() => rest.first() == Some(&0x02),
        [0x30, 0x81, len, rest @ ..] if usize::from(*len) == rest.len() => rest.first() == Some(&0x02),
        _ => false,
    }
}

const P256_N: [u8; 32] = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const P384_N: [u8; 48] =
    hex("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973");
const P521_N: [u8; 66] = hex(
    "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
);

const fn hex<const N: usize>(s: &str) -> [u8; N] {
    let s = s.as_bytes();
    assert!(s.len() == 2 * N);
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not hex"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{EcdsaKeyPair, KeyPair, UnparsedPublicKey};

    /// (r, n − s) verifies whenever (r, s) does: true only if `order()` is the real n, so this
    /// checks the constants against the backend's own arithmetic.
    #[test]
    fn orders_are_the_curves_orders() {
        for curve in Curve::ALL {
            let kp = EcdsaKeyPair::generate(curve.signing()).unwrap();
            let sig = kp.sign(&SystemRandom::new(), b"m").unwrap().as_ref().to_vec();
            let (r, s) = sig.split_at(curve.size());
            let n = curve.order();
            let mut neg = vec![0u8; n.len()];
            let mut borrow = 0i16;
            for i in (0..n.len()).rev() {
                let d = i16::from(n[i]) - i16::from(s[i]) - borrow;
                borrow = i16::from(d < 0);
                neg[i] = d.rem_euclid(256) as u8;
            }
            let malleated = [r, &neg].concat();
            let key = UnparsedPublicKey::new(curve.verification(), kp.public_key().as_ref());
            assert!(key.verify(b"m", &malleated).is_ok(), "{}", curve.name());
            assert!(curve.signature_problem(curve.alg(), &malleated).is_ok());
            let at_n = [r, n].concat();
            assert!(curve.signature_problem(curve.alg(), &at_n).unwrap_err().contains("≥ n"));
        }
    }

    #[test]
    fn der_is_named() {
        let der = [&[0x30, 0x44, 0x02, 0x20][..], &[1; 32], &[0x02, 0x20], &[2; 32]].concat();
        let e = Curve::P256.signature_problem(Alg::ES256, &der).unwrap_err();
        assert!(e.contains("70 octets") && e.contains("DER"), "{e}");
    }
}
