//! Everything generated from the clap definitions in cli.rs: completion scripts and man pages.
//! `tok completions SHELL` prints one script; the hidden `tok generate completions|man DIR`
//! writes the files committed in completions/ and man/ (scripts/generate.sh).

use crate::cli::{Cli, GenerateArgs, Generated};
use crate::error::{Error, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::path::Path;

/// The committed scripts, one per shell, and their file names.
const SCRIPTS: [(Shell, &str); 5] = [
    (Shell::Bash, "tok.bash"),
    (Shell::Zsh, "_tok"),
    (Shell::Fish, "tok.fish"),
    (Shell::PowerShell, "_tok.ps1"),
    (Shell::Elvish, "tok.elv"),
];

/// The clap tree without build facts: the commit in `--version` would make every committed
/// file stale at every commit.
fn command() -> clap::Command {
    Cli::command().long_version(None)
}

pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "tok", &mut script);
    script
}

pub fn run(args: GenerateArgs) -> Result<()> {
    let dir = &args.dir;
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    match args.what {
        Generated::Completions => {
            for (shell, name) in SCRIPTS {
                let path = dir.join(name);
                std::fs::write(&path, completion_script(shell)).map_err(|e| write_error(&path, e))?;
            }
        }
        // tok.1, then one page per subcommand, nested ones too (tok-keys-list.1); hidden
        // commands (this one) get none.
        Generated::Man => clap_mangen::generate_to(command(), dir).map_err(|e| write_error(dir, e))?,
    }
    Ok(())
}

fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::local(format!("cannot write {}: {e}", path.display()))
}
