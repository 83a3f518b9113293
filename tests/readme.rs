//! The README's Quick start runs as written, on a fresh keyring: the first commands a new user
//! types must not fail.

mod common;

use common::Env;

/// The first ```sh block after `heading` in the README.
fn sh_block(readme: &str, heading: &str) -> String {
    let section = &readme[readme.find(heading).expect("heading in README")..];
    let start = section.find("```sh\n").expect("a sh block") + "```sh\n".len();
    let end = start + section[start..].find("```").expect("the block ends");
    section[start..end].to_string()
}

#[test]
fn quick_start_runs_as_written() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = sh_block(&readme, "## Quick start");
    let env = Env::new();
    // `tok` on PATH is the binary under test; -e stops at the first failing line.
    let out = env.sh(&format!("PATH=\"$(dirname \"$TOK\"):$PATH\"; set -e\n{block}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the Quick start failed:\n{block}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("✓ signature") && stdout.contains("valid"), "{stdout}");
    assert!(stdout.contains("wss://abc.execute-api.ap-northeast-1.amazonaws.com/dev?token=ey"), "{stdout}");
}
