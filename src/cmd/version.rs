//! `tok version [--json]`: the build facts build.rs baked in, for bug reports.

use crate::cli::VersionArgs;
use crate::cmd::output_error;
use crate::error::Result;
use crate::output::{self, Out};
use serde_json::json;

pub fn run(args: VersionArgs) -> Result<()> {
    let text = if args.json {
        let commit = Some(env!("TOK_BUILD_COMMIT")).filter(|c| !c.is_empty());
        let value = json!({
            "name": "tok",
            "version": env!("CARGO_PKG_VERSION"),
            "commit": commit,
            "target": env!("TOK_BUILD_TARGET"),
            "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
            "crypto": {
                "backend": "aws-lc-rs",
                "version": env!("TOK_BUILD_AWS_LC_RS"),
                "aws_lc_sys": env!("TOK_BUILD_AWS_LC_SYS"),
                "cpu_jitter_entropy": env!("TOK_BUILD_JITTER") == "on",
            },
        });
        output::json(&value, output::stdout_is_terminal())
    } else {
        // The same text as `tok --version`.
        format!("tok {}", crate::cli::LONG_VERSION)
    };
    let mut out = Out::new();
    out.line(&text).and_then(|_| out.flush()).map_err(output_error)
}
