//! Behaviour on a real terminal (a pty made by util-linux `script`): pretty JSON, colour,
//! and NO_COLOR turning colour off.

mod common;

use common::Env;
use std::process::Command;

/// Run `tok ARGS` on a pseudo-terminal; returns what the terminal showed.
fn on_tty(env: &Env, args: &str, no_color: bool) -> String {
    let tok = assert_cmd::cargo::cargo_bin("tok");
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{} {args}", tok.display()), "/dev/null"])
        .env("TOK_HOME", env.home.path())
        .env("TERM", "xterm")
        .current_dir(env.home.path());
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let out = cmd.output().expect("util-linux `script` runs commands on a pty (Debian: bsdutils)");
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

#[test]
fn claims_are_pretty_on_a_terminal() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "room1"]);
    let shown = on_tty(&env, &format!("verify {token}"), false);
    assert!(shown.contains("{\n  \"sub\": \"room1\",\n"), "{shown:?}");
}

#[test]
fn explain_is_coloured_unless_no_color() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "room1"]);
    let coloured = on_tty(&env, &format!("verify --explain --aud x {token}"), false);
    assert!(coloured.contains("\x1b[32m✓\x1b[0m signature"), "{coloured:?}");
    assert!(coloured.contains("\x1b[31m✗\x1b[0m aud"));
    let plain = on_tty(&env, &format!("verify --explain --aud x {token}"), true);
    assert!(!plain.contains("\x1b["), "{plain:?}");
    assert!(plain.contains("✗ aud"));
}
