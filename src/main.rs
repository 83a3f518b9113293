//! tok: parse, dispatch, and turn errors into exit codes. Nothing else lives here.

mod authorizer;
mod cache;
mod checks;
mod claims;
mod cli;
mod cmd;
mod config;
mod error;
mod form;
mod fsx;
mod http;
mod jws;
mod keyring;
mod keys;
mod oauth;
mod oidc;
mod output;
mod paths;
mod remote_jwks;
mod secret;
mod serve;
mod server;
mod timefmt;
mod token;
mod token_input;
mod token_shape;

use clap::Parser;
use cli::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keygen(args) => cmd::keygen::run(args),
        Command::Keys(args) => cmd::keys::run(args),
        Command::Sign(args) => cmd::sign::run(args),
        Command::Verify(args) => cmd::verify::run(args),
        Command::Decode(args) => cmd::decode::run(args),
        Command::Fetch(args) => cmd::fetch::run(args),
        Command::Exec(args) => cmd::exec::run(args),
        Command::Profile(args) => cmd::profile::run(args),
        Command::Cache(args) => cmd::cache::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Jwks(args) => cmd::jwks::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Version(args) => cmd::version::run(args),
        Command::Paths(args) => cmd::paths::run(args),
        Command::Generate(args) => cmd::generate::run(args),
    };
    let code = match result {
        Ok(()) => error::exit::OK,
        Err(err) => {
            if !err.reported {
                let label = output::paint("error:", "31", output::stderr_color());
                eprintln!("tok: {label} {err}");
            }
            err.exit_code()
        }
    };
    std::process::exit(code);
}
