//! `tok --version` and `tok version [--json]`: what a bug report needs, from build-time facts.

mod common;

use common::Env;

#[test]
fn long_version_names_commit_target_and_crypto_backend() {
    let out = Env::new().tok().arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with(&format!("tok {}", env!("CARGO_PKG_VERSION"))), "{text}");
    // Built from this checkout, so the commit is known.
    assert!(first.contains("(commit "), "{text}");
    assert!(text.contains("\ntarget: "), "{text}");
    assert!(text.contains("\ncrypto: aws-lc-rs "), "{text}");
    // The tests build with .cargo/config.toml, which turns the slow entropy source off.
    assert!(text.contains("CPU jitter entropy off"), "{text}");
}

#[test]
fn short_version_is_one_line() {
    let out = Env::new().tok().arg("-V").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("tok {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn version_json_has_every_field() {
    let out = Env::new().tok().args(["version", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["name"], "tok");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    // Present always: a string from a checkout, null otherwise.
    let commit = v.get("commit").expect("commit field");
    assert!(commit.is_string() || commit.is_null(), "{v}");
    assert!(commit.is_string(), "built from a checkout: {v}");
    assert!(v["target"].as_str().is_some_and(|t| !t.is_empty()), "{v}");
    assert!(v["profile"].is_string(), "{v}");
    assert_eq!(v["crypto"]["backend"], "aws-lc-rs");
    assert!(v["crypto"]["version"].as_str().is_some_and(|s| s.contains('.')), "{v}");
    assert!(v["crypto"]["aws_lc_sys"].as_str().is_some_and(|s| s.contains('.')), "{v}");
    assert_eq!(v["crypto"]["cpu_jitter_entropy"], false);
}

#[test]
fn version_text_matches_long_version() {
    let env = Env::new();
    let plain = env.tok().arg("version").output().unwrap();
    let long = env.tok().arg("--version").output().unwrap();
    assert!(plain.status.success());
    assert_eq!(plain.stdout, long.stdout);
}
