//! Profiles: saved once, then `tok fetch --client-credentials --profile NAME` needs nothing else.

mod common;

use common::server::{Reply, TestServer};
use common::Env;
use predicates::prelude::*;
use serde_json::json;
use std::os::unix::fs::PermissionsExt;

fn server() -> TestServer {
    TestServer::start(|n, _| Reply::json(200, json!({"access_token": format!("p-{n}"), "expires_in": 3600})))
}

#[test]
fn add_list_fetch_remove() {
    let env = Env::new();
    let server = server();
    env.tok()
        .args(["profile", "add", "prod", "--auth0", &server.url, "--client-id", "c1"])
        .args(["--audience", "https://api.example.com", "--scope", "read", "--client-secret-stdin"])
        .write_stdin("profile-secret\n")
        .assert()
        .success();
    // The secret lives apart from the config, owner-only.
    let config = std::fs::read_to_string(env.path("config.toml")).unwrap();
    assert!(config.contains("[profile.prod]") && config.contains("client_id = \"c1\""), "{config}");
    assert!(!config.contains("profile-secret"));
    let secret_file = env.path("secrets/prod");
    assert_eq!(std::fs::read(&secret_file).unwrap(), b"profile-secret");
    assert_eq!(std::fs::metadata(&secret_file).unwrap().permissions().mode() & 0o777, 0o600);

    env.tok().args(["profile", "list"]).assert().success().stdout(
        predicate::str::contains("prod")
            .and(predicate::str::contains("secret=saved"))
            .and(predicate::str::contains("profile-secret").not()),
    );

    env.tok().args(["fetch", "--client-credentials", "--profile", "prod"]).assert().success().stdout("p-0\n");
    let got = &server.requests()[0];
    assert_eq!(got.form_value("audience").as_deref(), Some("https://api.example.com"));
    assert_eq!(got.form_value("scope").as_deref(), Some("read"));
    let basic = got.header("authorization").unwrap().strip_prefix("Basic ").unwrap().to_string();
    use base64::Engine;
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(basic).unwrap(), b"c1:profile-secret");

    // TOK_PROFILE, and flags overriding the profile.
    env.tok()
        .args(["fetch", "--client-credentials", "--scope", "write", "--no-cache"])
        .env("TOK_PROFILE", "prod")
        .assert()
        .success();
    assert_eq!(server.requests()[1].form_value("scope").as_deref(), Some("write"));

    env.tok()
        .args(["profile", "add", "prod", "--auth0", "x", "--client-id", "c"])
        .write_stdin("s")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    env.tok().args(["profile", "remove", "prod"]).assert().success();
    assert!(!secret_file.exists());
    env.tok()
        .args(["fetch", "--client-credentials", "--profile", "prod"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no profile named \"prod\""));
    env.tok().args(["profile", "remove", "prod"]).assert().code(2);
}

#[test]
fn add_needs_endpoint_client_and_secret() {
    let env = Env::new();
    env.tok()
        .args(["profile", "add", "p", "--client-id", "c"])
        .write_stdin("s")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no token endpoint"));
    env.tok()
        .args(["profile", "add", "p", "--auth0", "x"])
        .write_stdin("s")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no client id"));
    env.tok()
        .args(["profile", "add", "p", "--auth0", "x", "--client-id", "c"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no client secret"));
    env.tok()
        .args(["profile", "add", "../x", "--auth0", "x", "--client-id", "c", "--client-secret-stdin"])
        .write_stdin("s")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid profile name"));
    env.tok().args(["profile", "list"]).assert().success().stderr(predicate::str::contains("no profiles"));
}

#[test]
fn broken_config_is_a_clear_error() {
    let env = Env::new();
    env.write("config.toml", b"[profile.x]\nclient_id = 5\n");
    env.tok().args(["profile", "list"]).assert().code(2).stderr(predicate::str::contains("config.toml"));
}

/// 20 `tok profile add` processes at once: every profile and its secret survive (the
/// read-modify-write of config.toml is locked), and no secret is left without its profile.
#[test]
fn parallel_adds_lose_nothing() {
    use std::io::Write;
    let env = Env::new();
    let children: Vec<_> = (0..20)
        .map(|i| {
            let mut child = env
                .tok_std()
                .args(["profile", "add", &format!("p{i}"), "--token-url", "https://idp.example/token"])
                .args(["--client-id", &format!("c{i}"), "--client-secret-stdin"])
                .stdin(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(format!("secret-{i}\n").as_bytes()).unwrap();
            child
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let out = env.tok().args(["profile", "list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 20, "every profile saved");
    assert!(list.iter().all(|p| p["secret_saved"] == true));
    assert_eq!(std::fs::read_dir(env.path("secrets")).unwrap().count(), 20);
    for i in 0..20 {
        assert_eq!(
            std::fs::read(env.path(&format!("secrets/p{i}"))).unwrap(),
            format!("secret-{i}").as_bytes()
        );
    }
}

/// `tok profile list` shows every saved setting but the secret: resources and extra parameters
/// too, in the text and the JSON.
#[test]
fn list_shows_every_setting_but_the_secret() {
    let env = Env::new();
    env.tok()
        .args(["profile", "add", "full", "--token-url", "https://idp.example/token", "--client-id", "c9"])
        .args(["--audience", "https://api.example", "--scope", "a", "--scope", "b"])
        .args(["--resource", "https://r1.example/", "--resource", "https://r2.example/"])
        .args(["--param", "organization=org_9", "--auth", "post", "--client-secret-stdin"])
        .write_stdin("never-listed-secret\n")
        .assert()
        .success();
    let out = env.tok().args(["profile", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "full  https://idp.example/token  client_id=c9  audience=https://api.example  scopes=a b  \
         resources=https://r1.example/ https://r2.example/  params=organization=org_9  auth=post  \
         secret=saved\n"
    );
    let out = env.tok().args(["profile", "list", "--json"]).output().unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(!json.contains("never-listed-secret"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let p = &v[0];
    assert_eq!(p["token_url"], "https://idp.example/token");
    assert_eq!(p["resources"], json!(["https://r1.example/", "https://r2.example/"]));
    assert_eq!(p["params"], json!({"organization": "org_9"}));
    assert_eq!(p["auth"], "post");
    assert_eq!(p["secret_saved"], true);
}
