//! `tok exec -- CMD ARGS…`: CMD runs with the access token in an environment variable, so the
//! token reaches the program without passing through argv, a shell variable or a terminal.
//!
//! On Unix tok replaces itself with CMD (execvp, as `aws-vault exec`, `env` and `chpst` do)
//! rather than spawning it and waiting. Then CMD has tok's pid, so every signal sent to tok —
//! Ctrl-C to the foreground process group, `kill PID` from a supervisor, SIGHUP, SIGWINCH,
//! SIGTSTP — reaches CMD unchanged, and CMD's exit status (a code, or death by a signal, which a
//! shell shows as 128+signo) is the one the caller sees, with no forwarding code to get wrong
//! and no tok process lingering beside CMD. Nothing is lost: the token is fetched and cached
//! before the exec, and tok has nothing to clean up afterwards. Elsewhere tok spawns CMD, waits,
//! and exits with its code.

use crate::cli::ExecArgs;
use crate::cmd::fetch;
use crate::error::{Error, Result};
use crate::secret::ENV_CLIENT_SECRET;
use std::ffi::OsString;
use std::process::Command;

/// The variable CMD finds the token in, and `tok fetch --format env` exports.
pub const DEFAULT_ENV: &str = "TOK_ACCESS_TOKEN";

pub fn run(args: ExecArgs) -> Result<()> {
    fetch::check_env_name(&args.env)?;
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Error::local("no command to run").hint("tok exec [FLAGS] -- CMD ARGS…"))?;
    let token = fetch::obtain(&args.token)?;
    let mut command = Command::new(program);
    // CMD needs the token, not the secret that gets more of them.
    command.args(rest).env(&args.env, &token.access_token).env_remove(ENV_CLIENT_SECRET);
    run_command(command, program)
}

#[cfg(unix)]
fn run_command(mut command: Command, program: &OsString) -> Result<()> {
    use std::os::unix::process::CommandExt;
    // Returns only when CMD could not be started.
    let err = command.exec();
    Err(start_error(program, err))
}

#[cfg(not(unix))]
fn run_command(mut command: Command, program: &OsString) -> Result<()> {
    let status = command.status().map_err(|e| start_error(program, e))?;
    std::process::exit(status.code().unwrap_or(1));
}

/// 127 when CMD is not found and 126 when it cannot be run, as POSIX shells and env(1) exit.
fn start_error(program: &OsString, err: std::io::Error) -> Error {
    let name = program.to_string_lossy();
    match err.kind() {
        std::io::ErrorKind::NotFound => {
            Error::local(format!("{name}: command not found")).hint("check the name and PATH").exit_with(127)
        }
        std::io::ErrorKind::PermissionDenied => {
            Error::local(format!("{name}: permission denied (not executable?)")).exit_with(126)
        }
        _ => Error::local(format!("cannot run {name}: {err}")).exit_with(126),
    }
}
