//! RSA's algorithm tables and the key limits tok holds every RSA key to.

use super::Alg;
use aws_lc_rs::signature::{self, RsaEncoding, VerificationAlgorithm};

pub(super) fn signing(alg: Alg) -> &'static dyn RsaEncoding {
    match alg {
        Alg::RS384 => &signature::RSA_PKCS1_SHA384,
        Alg::RS512 => &signature::RSA_PKCS1_SHA512,
        Alg::PS256 => &signature::RSA_PSS_SHA256,
        Alg::PS384 => &signature::RSA_PSS_SHA384,
        Alg::PS512 => &signature::RSA_PSS_SHA512,
        _ => &signature::RSA_PKCS1_SHA256,
    }
}

pub(super) fn verification(alg: Alg) -> &'static dyn VerificationAlgorithm {
    match alg {
        Alg::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Alg::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        Alg::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
        Alg::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
        Alg::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
        _ => &signature::RSA_PKCS1_2048_8192_SHA256,
    }
}

/// What makes an RSA public key unusable, in the words a user can act on.
pub fn key_problem(bits: usize, exponent: Option<u64>) -> Result<(), String> {
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
