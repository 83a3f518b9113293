//! `tok cache clear`.

use crate::cache;
use crate::cli::{CacheArgs, CacheCommand};
use crate::cmd::output_error;
use crate::error::Result;
use crate::output::Out;

pub fn run(args: CacheArgs) -> Result<()> {
    match args.command {
        CacheCommand::Clear => {
            let removed = cache::clear()?;
            let mut out = Out::new();
            out.line(&format!("removed {removed} cached token(s) from {}", cache::dir()?.display()))
                .and_then(|_| out.flush())
                .map_err(output_error)
        }
    }
}
