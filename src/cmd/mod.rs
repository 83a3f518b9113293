//! One module per subcommand, each a `run(args) -> Result<()>`.

pub mod cache;
pub mod completions;
pub mod decode;
pub mod exec;
pub mod fetch;
pub mod gateway;
pub mod generate;
pub mod introspect;
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
use crate::keys::PublicKey;

/// `--alg` as people type it (case-insensitive), refusing `none` outright.
pub fn parse_alg(name: &str) -> Result<Alg> {
    if name.eq_ignore_ascii_case("none") {
        return Err(Error::local("alg none (an unsigned token) is never allowed"));
    }
    Alg::from_name_ignore_case(name).ok_or_else(|| {
        Error::local(format!("unknown --alg {name:?}")).hint(format!("tok takes {}", Alg::NAMES))
    })
}

/// `--alg` pinned into a key's JWK: an algorithm that key signs.
pub fn key_alg(alg: Alg, key: &PublicKey) -> Result<Alg> {
    if key.allows(alg) {
        return Ok(alg);
    }
    let fits: Vec<&str> = Alg::ALL.iter().filter(|a| key.allows(**a)).map(|a| a.name()).collect();
    Err(Error::local(format!(
        "--alg {} does not fit this key ({}), which signs {}",
        alg.name(),
        key.kind(),
        fits.join(", ")
    )))
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
