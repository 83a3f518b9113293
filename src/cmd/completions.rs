//! `tok completions SHELL`, generated from the clap definitions in cli.rs.

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;
use clap::CommandFactory;

pub fn run(args: CompletionsArgs) -> Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "tok", &mut std::io::stdout());
    Ok(())
}
