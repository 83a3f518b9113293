//! Errors from argument parsing (clap's) come in tok's own form: one line, `tok: error: …`,
//! a hint, exit 2. Help and version are not errors.

mod common;

use common::Env;

/// stderr of `tok ARGS`, which must exit 2 with one line and nothing on stdout.
fn usage_error(args: &[&str]) -> String {
    let out = Env::new().tok().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("tok: error: "), "{stderr:?}");
    assert!(!stderr.contains('\x1b'), "no colour when not on a terminal: {stderr:?}");
    stderr
}

#[test]
fn unknown_flag_names_a_similar_one_and_the_help_to_read() {
    let e = usage_error(&["sign", "--su", "x"]);
    assert_eq!(
        e,
        "tok: error: unexpected argument '--su' found (hint: a similar argument exists: '--sub'; see `tok sign --help`)\n"
    );
    let e = usage_error(&["sign", "--bogus"]);
    assert!(e.contains("unexpected argument '--bogus' found (hint: see `tok sign --help`)"), "{e}");
}

#[test]
fn bad_values_list_the_possible_ones() {
    let e = usage_error(&["verify", "--gateway", "nope"]);
    assert!(e.contains("invalid value 'nope' for '--gateway <KIND>'"), "{e}");
    assert!(e.contains("(hint: possible values: http-api; see `tok verify --help`)"), "{e}");
    let e = usage_error(&["keygen", "--type", "dsa"]);
    assert!(e.contains("possible values: rsa, ec, ed25519, hmac"), "{e}");
    let e = usage_error(&["keygen", "--bits", "abc"]);
    assert!(e.contains("invalid value 'abc' for '--bits <BITS>'"), "{e}");
}

#[test]
fn missing_arguments_conflicts_and_unknown_commands() {
    let e = usage_error(&["keys", "remove"]);
    assert!(
        e.contains("required arguments were not provided: <NAME> (hint: see `tok keys remove --help`)"),
        "{e}"
    );
    let e = usage_error(&["keys", "rename", "a"]);
    assert!(e.contains("<NEW>"), "{e}");
    let e = usage_error(&["sign", "--sub"]);
    assert!(e.contains("a value is required for '--sub <SUB>'"), "{e}");
    let e = usage_error(&["keygen", "--json", "--jwk"]);
    assert!(e.contains("'--json' cannot be used with '--jwk'"), "{e}");
    let e = usage_error(&["frob"]);
    assert!(e.contains("unrecognized subcommand 'frob' (hint: see `tok --help`)"), "{e}");
}

#[test]
fn help_and_version_are_not_errors() {
    let env = Env::new();
    env.tok().arg("--help").assert().success().stdout(predicates::str::contains("Usage: tok"));
    env.tok().args(["sign", "-h"]).assert().success();
    env.tok().arg("--version").assert().success().stdout(predicates::str::starts_with("tok "));
    // A command group without its subcommand prints its help (to stderr) and exits 2.
    env.tok().arg("keys").assert().code(2).stderr(predicates::str::contains("Usage: tok keys"));
}

#[cfg(unix)]
#[test]
fn arguments_that_are_not_utf8_are_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let out = Env::new().tok().arg("sign").arg(std::ffi::OsStr::from_bytes(b"\xff")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("tok: error: "));
}
