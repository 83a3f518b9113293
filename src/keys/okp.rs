//! Ed25519 public keys (RFC 8037): the JWK members `crv` and `x`, RFC 7638 thumbprints.

use super::{jwk_b64, thumbprint_of};
use crate::jws::VerifyKey;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Value};

pub(super) const ED25519_OID: &str = "1.3.101.112";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ed25519Public {
    pub x: Vec<u8>,
}

impl Ed25519Public {
    pub fn from_bytes(x: &[u8]) -> Result<Ed25519Public, String> {
        VerifyKey::ed25519(x)?;
        Ok(Ed25519Public { x: x.to_vec() })
    }

    pub fn from_jwk_members(crv: &str, x: &str) -> Result<Ed25519Public, String> {
        match crv {
            "Ed25519" => Ed25519Public::from_bytes(&jwk_b64("x", x)?),
            "X25519" | "X448" => {
                Err(format!("crv {crv:?} is a key-agreement (ECDH) key, not a signing key (RFC 8037 §3.2)"))
            }
            "Ed448" => Err("crv \"Ed448\" is not supported; tok signs and verifies Ed25519".into()),
            other => Err(format!("crv {other:?} is not an OKP curve tok knows (Ed25519)")),
        }
    }

    pub fn verify_key(&self) -> Result<VerifyKey, String> {
        VerifyKey::ed25519(&self.x)
    }

    /// RFC 8037 §2 and RFC 7638: `{"crv":"Ed25519","kty":"OKP","x":…}`.
    pub fn thumbprint(&self) -> String {
        thumbprint_of(&format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, B64.encode(&self.x)))
    }

    pub fn jwk(&self, alg: Option<&str>) -> Value {
        let mut jwk = json!({"kty": "OKP", "use": "sig"});
        if let Some(alg) = alg {
            jwk["alg"] = json!(alg);
        }
        jwk["kid"] = json!(self.thumbprint());
        jwk["crv"] = json!("Ed25519");
        jwk["x"] = json!(B64.encode(&self.x));
        jwk
    }
}
