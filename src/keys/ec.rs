//! EC public keys (P-256, P-384, P-521): the SEC1 point, the JWK members `crv`, `x`, `y`, and
//! RFC 7638 thumbprints. Coordinates keep their leading zero octets (RFC 7518 §6.2.1.2).

use super::{jwk_b64, thumbprint_of};
use crate::jws::{Curve, VerifyKey};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Value};

pub(super) const EC_PUBLIC_KEY_OID: &str = "1.2.840.10045.2.1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcPublic {
    pub curve: Curve,
    /// Each exactly `curve.size()` octets.
    pub x: Vec<u8>,
    pub y: Vec<u8>,
}

impl EcPublic {
    /// An uncompressed SEC1 point `04 || x || y`, as SPKI and aws-lc-rs carry it.
    pub fn from_point(curve: Curve, point: &[u8]) -> Result<EcPublic, String> {
        let size = curve.size();
        match point {
            [0x04, xy @ ..] if xy.len() == 2 * size => {
                let public = EcPublic { curve, x: xy[..size].to_vec(), y: xy[size..].to_vec() };
                public.verify_key()?;
                Ok(public)
            }
            [0x02 | 0x03, ..] => Err(format!(
                "the {} public key is a compressed point, which tok does not read; \
                 write it uncompressed: openssl ec -pubin -in KEY -conv_form uncompressed",
                curve.name()
            )),
            _ => Err(format!("the {} public key is not a valid point encoding", curve.name())),
        }
    }

    /// Lengths are checked before the point is: a short coordinate is a different key, and
    /// would give a different thumbprint.
    pub fn from_jwk_members(crv: &str, x: &str, y: Option<&str>) -> Result<EcPublic, String> {
        let curve = Curve::ALL
            .into_iter()
            .find(|c| c.name() == crv)
            .ok_or_else(|| format!("crv {crv:?} is not an EC curve tok knows (P-256, P-384, P-521)"))?;
        let y = y.ok_or_else(|| format!("EC JWK without \"y\" ({crv} keys need both coordinates)"))?;
        let (x, y) = (jwk_b64("x", x)?, jwk_b64("y", y)?);
        for (name, v) in [("x", &x), ("y", &y)] {
            if v.len() != curve.size() {
                return Err(format!(
                    "member {name:?} is {} octets; a {crv} coordinate is {} (RFC 7518 §6.2.1.2)",
                    v.len(),
                    curve.size()
                ));
            }
        }
        let public = EcPublic { curve, x, y };
        public.verify_key()?;
        Ok(public)
    }

    pub fn point(&self) -> Vec<u8> {
        [&[0x04][..], &self.x, &self.y].concat()
    }

    pub fn verify_key(&self) -> Result<VerifyKey, String> {
        VerifyKey::ec(self.curve, &self.point())
    }

    /// RFC 7638 §3.2: `{"crv":…,"kty":"EC","x":…,"y":…}`.
    pub fn thumbprint(&self) -> String {
        thumbprint_of(&format!(
            r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
            self.curve.name(),
            B64.encode(&self.x),
            B64.encode(&self.y)
        ))
    }

    pub fn jwk(&self, alg: Option<&str>) -> Value {
        let mut jwk = json!({"kty": "EC", "use": "sig"});
        if let Some(alg) = alg {
            jwk["alg"] = json!(alg);
        }
        jwk["kid"] = json!(self.thumbprint());
        jwk["crv"] = json!(self.curve.name());
        jwk["x"] = json!(B64.encode(&self.x));
        jwk["y"] = json!(B64.encode(&self.y));
        jwk
    }
}
