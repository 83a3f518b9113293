mod common;

use common::{fixture_text, now, Env};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn decode_shows_header_claims_and_times_and_warns() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--sub", "room1", "--ttl", "59m"]);
    env.tok()
        .args(["decode", &t])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"sub\": \"room1\"")
                .and(predicate::str::contains("\"alg\": \"RS256\""))
                .and(predicate::str::contains("(expires in 5"))
                .and(predicate::str::contains("Z  (")),
        )
        .stderr(predicate::str::contains("NOT verified"));
}

#[test]
fn decode_json_with_relative_times() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--exp", "-3h"]);
    let out = env.tok().args(["decode", "--json"]).write_stdin(format!("Bearer {t}")).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["signature_verified"], false);
    assert_eq!(v["times"]["exp"]["relative"], "expired 3h ago");
    // The second may tick between signing and this line.
    assert!((v["times"]["exp"]["unix"].as_i64().unwrap() - (now() - 3 * 3600)).abs() <= 1);
    assert!(v["times"]["exp"]["rfc3339"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn decode_any_alg_even_unverifiable_ones() {
    let env = Env::new();
    let out = env.tok().args(["decode", "--json", &fixture_text("rfc7515/a3_es256.jwt")]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["header"]["alg"], "ES256");
    assert_eq!(v["claims"]["iss"], "joe");
    assert_eq!(v["times"]["exp"]["rfc3339"], "2011-03-22T18:43:00Z");
    // RFC 7515 A.1's header has CR LF inside the JSON; decoding takes it as is.
    env.tok().args(["decode", &fixture_text("rfc7515/a1_hs256.jwt")]).assert().success();
    env.tok().args(["decode", &fixture_text("rfc7515/a5_none.jwt")]).assert().success();
}

#[test]
fn decode_rejects_what_is_not_a_token() {
    let env = Env::new();
    env.tok().args(["decode", "nope"]).assert().code(1).stderr(predicate::str::contains("cannot decode"));
    env.tok().args(["decode", "a.b.c"]).assert().code(1).stderr(predicate::str::contains("base64url"));
    env.tok()
        .arg("decode")
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no token on stdin"));
}

#[test]
fn decode_has_no_colour_when_piped_or_with_no_color() {
    let env = Env::new();
    env.keygen("default");
    let t = env.sign(&["--sub", "room1"]);
    for args in [vec!["decode", t.as_str()], vec!["decode", "--json", t.as_str()]] {
        let out = env.tok().args(&args).output().unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.contains(&0x1b), "{}", String::from_utf8_lossy(&out.stdout));
        let out = env.tok().args(&args).env("NO_COLOR", "1").output().unwrap();
        assert!(!out.stdout.contains(&0x1b));
        assert!(!out.stderr.contains(&0x1b));
    }
}
