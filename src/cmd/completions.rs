//! `tok completions SHELL`, generated from the clap definitions in cli.rs.

use crate::cli::CompletionsArgs;
use crate::cmd::{generate, output_error};
use crate::error::Result;
use crate::output::Out;

pub fn run(args: CompletionsArgs) -> Result<()> {
    let script = generate::completion_script(args.shell);
    let mut out = Out::new();
    out.raw(&script).and_then(|_| out.flush()).map_err(output_error)
}
