//! One module per subcommand, each a `run(args) -> Result<()>`.

pub mod cache;
pub mod completions;
pub mod decode;
pub mod fetch;
pub mod generate;
pub mod jwks;
pub mod keygen;
pub mod keys;
pub mod paths;
pub mod profile;
pub mod serve;
pub mod sign;
pub mod verify;
pub mod version;

use crate::error::{Error, Result};
use crate::jws::{Alg, Family};

/// `--alg` as people type it (case-insensitive), refusing `none` outright.
pub fn parse_alg(name: &str) -> Result<Alg> {
    if name.eq_ignore_ascii_case("none") {
        return Err(Error::local("alg none (an unsigned token) is never allowed"));
    }
    Alg::from_name(&name.to_ascii_uppercase()).ok_or_else(|| {
        Error::local(format!("unknown --alg {name:?}"))
            .hint("use RS256, RS384, RS512, PS256, PS384, PS512, HS256, HS384 or HS512")
    })
}

/// `--alg` for an RSA key's JWK: an RSA algorithm, nothing else.
pub fn parse_rsa_alg(name: &str) -> Result<Alg> {
    Alg::from_name(&name.to_ascii_uppercase()).filter(|a| a.family() == Family::Rsa).ok_or_else(|| {
        Error::local(format!(
            "--alg {name:?} is not an RSA algorithm; an RSA key's JWK takes RS256, RS384, RS512, PS256, PS384 or PS512"
        ))
    })
}

pub fn wants_hmac(algs: &[Alg]) -> bool {
    algs.iter().any(|a| a.family() == Family::Hmac)
}

/// Map an I/O error on stdout: a closed pipe ends output quietly, anything else is an error.
pub fn output_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::reported(crate::error::Kind::Local).quiet_ok()
    } else {
        Error::local(format!("cannot write output: {e}"))
    }
}
