//! `tok cache clear`.

use crate::cache;
use crate::cli::{CacheArgs, CacheCommand};
use crate::error::Result;

pub fn run(args: CacheArgs) -> Result<()> {
    match args.command {
        CacheCommand::Clear => {
            let removed = cache::clear()?;
            println!("removed {removed} cached token(s) from {}", cache::dir()?.display());
            Ok(())
        }
    }
}
