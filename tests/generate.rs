//! `tok generate`: the committed man pages and completion scripts are exactly what the binary
//! generates from the clap definitions (scripts/generate.sh rewrites both).

mod common;

use common::Env;
use std::collections::BTreeMap;
use std::path::Path;

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn assert_current(what: &str, committed_dir: &str) {
    let env = Env::new();
    let out_dir = env.path("out");
    let out = env.tok().args(["generate", what]).arg(&out_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let generated = read_dir(&out_dir);
    let committed = read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(committed_dir));
    assert!(!generated.is_empty());
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&generated),
        "{committed_dir}/ has other files than tok generates: run scripts/generate.sh and commit"
    );
    for (name, bytes) in &generated {
        assert!(
            committed[name] == *bytes,
            "{committed_dir}/{name} is stale: run scripts/generate.sh and commit the result"
        );
    }
}

#[test]
fn committed_man_pages_are_current() {
    assert_current("man", "man");
}

#[test]
fn man_pages_cover_every_subcommand() {
    let env = Env::new();
    env.tok().args(["generate", "man"]).arg(env.path("m")).assert().success();
    for page in ["tok.1", "tok-sign.1", "tok-verify.1", "tok-keys-list.1", "tok-version.1"] {
        let text = std::fs::read_to_string(env.path("m").join(page)).unwrap();
        assert!(text.starts_with(".ie \\n(.g .ds Aq"), "{page} is not roff");
    }
    // Build facts (commit, target) stay out of generated files, or every commit would make
    // them stale.
    let top = std::fs::read_to_string(env.path("m/tok.1")).unwrap();
    assert!(!top.contains("(commit "), "{top}");
    assert!(!top.contains("target: "), "{top}");
    // The packaging command itself is no user-facing page.
    assert!(!env.path("m/tok-generate.1").exists());
}

#[test]
fn committed_completions_match_generate() {
    assert_current("completions", "completions");
}

#[test]
fn unknown_kind_is_a_usage_error() {
    let env = Env::new();
    env.tok().args(["generate", "docs"]).arg(env.path("x")).assert().code(2);
}
