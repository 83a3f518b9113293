//! tok: parse, dispatch, and turn errors into exit codes. Nothing else lives here.

mod assertion;
mod authorizer;
mod batch;
mod cache;
mod checks;
mod claims;
mod cli;
mod cmd;
mod complete;
mod config;
mod cors;
mod error;
mod form;
mod fsx;
mod gateway;
mod http;
mod jws;
mod keyring;
mod keys;
mod mapping;
mod oauth;
mod oidc;
mod output;
mod paths;
mod remote_jwks;
mod routes;
mod secret;
mod serve;
mod server;
mod timefmt;
mod token;
mod token_input;
mod token_shape;
mod verifier;
mod websocket;

use clap::Parser;
use cli::{Cli, Command};

fn main() {
    // Only when COMPLETE is set (the shell asking for candidates); otherwise one env lookup.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command).complete();
    let cli = Cli::try_parse().unwrap_or_else(|e| std::process::exit(usage_error(e)));
    let result = match cli.command {
        Command::Keygen(args) => cmd::keygen::run(args),
        Command::Keys(args) => cmd::keys::run(args),
        Command::Sign(args) => cmd::sign::run(args),
        Command::Verify(args) => cmd::verify::run(args),
        Command::Decode(args) => cmd::decode::run(args),
        Command::Fetch(args) => cmd::fetch::run(args),
        Command::Introspect(args) => cmd::introspect::run(args),
        Command::Exec(args) => cmd::exec::run(args),
        Command::Profile(args) => cmd::profile::run(args),
        Command::Cache(args) => cmd::cache::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Gateway(args) => cmd::gateway::run(args),
        Command::Jwks(args) => cmd::jwks::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Version(args) => cmd::version::run(args),
        Command::Paths(args) => cmd::paths::run(args),
        Command::Generate(args) => cmd::generate::run(args),
    };
    let code = match result {
        Ok(()) => error::exit::OK,
        Err(err) => report(&err),
    };
    std::process::exit(code);
}

/// `tok: error: …` on stderr (unless already reported); the exit code.
fn report(err: &error::Error) -> i32 {
    if !err.reported {
        let label = output::paint("error:", "31", output::stderr_color());
        eprintln!("tok: {label} {err}");
    }
    err.exit_code()
}

/// clap's own errors (an unknown flag, a bad or missing value) in tok's form: one line,
/// `tok: error: …`, with clap's details (possible values, a similar flag) and where to look as
/// the hint; exit 2. Help and version are printed as clap prints them.
fn usage_error(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    // Display gives the plain text: "error: MESSAGE", detail lines, a blank line, usage…
    let text = e.to_string();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let mut message = first.strip_prefix("error: ").unwrap_or(first).to_string();
    let mut details: Vec<String> = lines
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("tip: ").unwrap_or(line);
            line.strip_prefix('[').and_then(|l| l.strip_suffix(']')).unwrap_or(line).to_string()
        })
        .collect();
    // "the following required arguments were not provided:" lists them below.
    if message.ends_with(':') {
        message = format!("{message} {}", details.join(", "));
        details.clear();
    }
    details.push(format!("see `{} --help`", command_path()));
    report(&error::Error::local(message).hint(details.join("; ")))
}

/// "tok keys remove": the subcommands named on the command line, for the hint.
fn command_path() -> String {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let mut path = vec!["tok".to_string()];
    for arg in std::env::args_os().skip(1) {
        let Some(sub) = arg.to_str().and_then(|a| cmd.find_subcommand(a)).cloned() else {
            break;
        };
        path.push(sub.get_name().to_string());
        cmd = sub;
    }
    path.join(" ")
}
