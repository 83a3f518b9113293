mod common;

use common::{fixture, fixture_text, Env};
use predicates::prelude::*;

#[test]
fn list_shows_name_kid_bits_created() {
    let env = Env::new();
    env.tok().args(["keys", "list"]).assert().success().stderr(predicate::str::contains("empty"));
    let kid = env.keygen("default");
    let out = env.tok().args(["keys", "list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["name"], "default");
    assert_eq!(rows[0]["kid"], kid.as_str());
    assert_eq!(rows[0]["bits"], 2048);
    assert!(rows[0]["created"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn show_reproduces_the_rfc7638_example_thumbprint() {
    let env = Env::new();
    let expected = fixture_text("rfc7638_thumbprint.txt");
    env.tok()
        .args(["keys", "show", "--key"])
        .arg(fixture("rfc7638_jwk.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("kid          {expected}")));
}

#[test]
fn show_jwk_and_pem_of_openssl_keys() {
    let env = Env::new();
    // The SPKI PEM tok derives from a PKCS#1 private key equals openssl's own -pubout.
    let out = env
        .tok()
        .args(["keys", "show", "--pem", "--key"])
        .arg(fixture("openssl/pkcs1_private.pem"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(fixture("openssl/spki_public.pem")).unwrap()
    );
    // The same key from a certificate and a PKCS#1 public key has one thumbprint.
    let kid = |file: &str| {
        let out = env.tok().args(["keys", "show", "--jwk", "--key"]).arg(fixture(file)).output().unwrap();
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        let jwk: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        jwk["kid"].as_str().unwrap().to_string()
    };
    let a = kid("openssl/cert.pem");
    assert_eq!(a, kid("openssl/pkcs1_public.pem"));
    assert_eq!(a, kid("openssl/spki_public.pem"));
}

#[test]
fn show_missing_key_hints_at_keygen() {
    let env = Env::new();
    env.tok()
        .args(["keys", "show"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no default key").and(predicate::str::contains("tok keygen")));
}

#[test]
fn show_jwk_has_no_alg_unless_pinned() {
    let env = Env::new();
    env.keygen("default");
    let jwk = |args: &[&str]| {
        let out = env.tok().args(["keys", "show", "--jwk"]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert!(jwk(&[]).get("alg").is_none());
    assert_eq!(jwk(&["--alg", "ps256"])["alg"], "PS256");
    env.tok().args(["keys", "show", "--alg", "RS256"]).assert().code(2);
    env.tok()
        .args(["keys", "show", "--jwk", "--alg", "HS256"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not fit this key (RSA 2048 bits)"));
}

#[test]
fn remove_with_yes_deletes_both_halves() {
    let env = Env::new();
    let kid = env.keygen("old");
    env.keygen("default");
    env.tok()
        .args(["keys", "remove", "old", "--yes"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(format!("removed key \"old\" (kid {kid})")));
    assert!(!env.path("keys/old").exists());
    assert!(env.key_file("default", "private.pem").exists());
    // Nothing hidden is left behind in keys/.
    let left: Vec<_> = std::fs::read_dir(env.path("keys")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("default")]);
}

#[test]
fn remove_without_a_terminal_needs_yes() {
    let env = Env::new();
    let kid = env.keygen("old");
    env.tok()
        .args(["keys", "remove", "old"])
        .write_stdin("y\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("not removing key \"old\" (kid {kid})")))
        .stderr(predicate::str::contains("pass --yes"));
    assert!(env.key_file("old", "private.pem").exists());
}

#[test]
fn remove_default_says_sign_needs_a_new_default() {
    let env = Env::new();
    env.keygen("default");
    env.tok()
        .args(["keys", "remove", "default", "-y"])
        .assert()
        .success()
        .stderr(predicate::str::contains("`tok sign` and `tok serve` without --key need one"));
    env.tok()
        .args(["sign", "--sub", "a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no default key"));
}

#[test]
fn remove_unknown_or_badly_named_key_is_a_usage_error() {
    let env = Env::new();
    env.keygen("default");
    env.tok()
        .args(["keys", "remove", "nope", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no key named \"nope\""))
        .stderr(predicate::str::contains("tok keys list"));
    env.tok()
        .args(["keys", "remove", "../default", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid key name \"../default\""));
    assert!(env.key_file("default", "private.pem").exists());
}

#[cfg(unix)]
#[test]
fn remove_never_deletes_through_a_link() {
    let env = Env::new();
    env.keygen("default");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("private.pem"), "precious").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), env.path("keys/linked")).unwrap();
    env.tok()
        .args(["keys", "remove", "linked", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a symbolic link"));
    assert_eq!(std::fs::read_to_string(elsewhere.path().join("private.pem")).unwrap(), "precious");
    // A link inside a key directory is removed as a link; what it points to stays.
    env.keygen("victim");
    std::os::unix::fs::symlink(elsewhere.path(), env.path("keys/victim/extra")).unwrap();
    env.tok().args(["keys", "remove", "victim", "--yes"]).assert().success();
    assert!(!env.path("keys/victim").exists());
    assert_eq!(std::fs::read_to_string(elsewhere.path().join("private.pem")).unwrap(), "precious");
}

#[test]
fn rename_keeps_the_kid_and_tokens_still_verify() {
    let env = Env::new();
    let kid = env.keygen("next");
    let token = env.sign(&["--key", "next", "--sub", "a"]);
    env.tok()
        .args(["keys", "rename", "next", "default"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("renamed key \"next\" (kid {kid}) to \"default\"")));
    assert!(!env.path("keys/next").exists());
    assert!(env.key_file("default", "private.pem").exists());
    env.tok().args(["verify", &token]).assert().success();
    let out = env.tok().args(["keys", "list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["name"], "default");
    assert_eq!(rows[0]["kid"], kid.as_str());
}

#[test]
fn rename_refuses_an_existing_new_name_even_an_empty_directory() {
    let env = Env::new();
    let kid_a = env.keygen("a");
    env.keygen("b");
    env.tok()
        .args(["keys", "rename", "a", "b"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a key named \"b\" already exists"))
        .stderr(predicate::str::contains("tok keys remove b"));
    std::fs::create_dir(env.path("keys/empty")).unwrap();
    env.tok().args(["keys", "rename", "a", "empty"]).assert().code(2);
    let out = env.tok().args(["keys", "show", "a"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(&kid_a));
}

#[test]
fn rename_checks_both_names() {
    let env = Env::new();
    env.keygen("a");
    env.tok()
        .args(["keys", "rename", "a", "../x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid key name \"../x\""));
    env.tok()
        .args(["keys", "rename", "nope", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no key named \"nope\""));
    env.tok()
        .args(["keys", "rename", "a", "a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("same name"));
    env.tok()
        .args(["keys", "rename", "default", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no key named \"default\""));
}

#[test]
fn renaming_default_away_says_sign_needs_a_new_default() {
    let env = Env::new();
    env.keygen("default");
    env.tok()
        .args(["keys", "rename", "default", "old"])
        .assert()
        .success()
        .stderr(predicate::str::contains("there is no `default` key now"));
}
