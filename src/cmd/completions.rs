//! `tok completions SHELL`, generated from the clap definitions in cli.rs.

use crate::cli::{Cli, CompletionsArgs};
use crate::cmd::output_error;
use crate::error::Result;
use crate::output::Out;
use clap::CommandFactory;

pub fn run(args: CompletionsArgs) -> Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "tok", &mut script);
    let mut out = Out::new();
    out.raw(&script).and_then(|_| out.flush()).map_err(output_error)
}
