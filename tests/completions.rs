//! The committed completion scripts are exactly what the binary generates.

mod common;

use common::Env;

#[test]
fn committed_completions_are_current() {
    let env = Env::new();
    let files = [
        ("bash", "tok.bash"),
        ("zsh", "_tok"),
        ("fish", "tok.fish"),
        ("powershell", "_tok.ps1"),
        ("elvish", "tok.elv"),
    ];
    for (shell, file) in files {
        let out = env.tok().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions").join(file);
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "completions/{file} is stale: run scripts/generate.sh and commit the result"
        );
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    Env::new().tok().args(["completions", "tcsh"]).assert().code(2);
}
