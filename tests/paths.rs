//! `tok paths`: where tok keeps things, and which of its variables are set (secrets never shown).

mod common;

use common::Env;

#[test]
fn paths_name_every_place_and_never_a_secret() {
    let env = Env::new();
    let out = env.tok().args(["paths", "--json"]).env("TOK_SECRET", "hunter2-secret").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let home = env.home.path();
    assert_eq!(v["keys"], home.join("keys").display().to_string());
    assert_eq!(v["config"], home.join("config.toml").display().to_string());
    assert_eq!(v["token_cache"], home.join("cache/tokens").display().to_string());
    assert_eq!(v["env"]["TOK_HOME"], home.display().to_string());
    assert_eq!(v["env"]["TOK_SECRET"], true);
    assert_eq!(v["env"]["TOK_CLIENT_SECRET"], false);

    // Where the keygen just put a key is where `paths` says keys live.
    env.keygen("default");
    assert!(home.join("keys/default/private.pem").is_file());

    let out = env.tok().arg("paths").env("TOK_SECRET", "hunter2-secret").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("TOK_SECRET        set"), "{text}");
    assert!(!text.contains("hunter2"), "a secret's value is never printed");
}
