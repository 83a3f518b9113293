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

/// Like `on_tty`, with `input` typed at the terminal once `prompt` is on screen.
fn on_tty_typing(env: &Env, args: &str, prompt: &str, input: &str) -> String {
    use std::io::Write;
    let tok = assert_cmd::cargo::cargo_bin("tok");
    let mut child = Command::new("script")
        .args(["-qec", &format!("{} {args}", tok.display()), "/dev/null"])
        .env("TOK_HOME", env.home.path())
        .env_remove("TOK_CLIENT_SECRET")
        .env_remove("TOK_PROFILE")
        .current_dir(env.home.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Type only once the prompt is on screen (and echo is off), as a person would.
    let shown = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = std::sync::Arc::clone(&shown);
    let reader = std::thread::spawn(move || {
        use std::io::Read;
        let mut buf = [0u8; 256];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !String::from_utf8_lossy(&shown.lock().unwrap()).contains(prompt) {
        assert!(std::time::Instant::now() < deadline, "no prompt appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    let text = String::from_utf8_lossy(&shown.lock().unwrap()).replace("\r\n", "\n");
    text
}

#[test]
fn fetch_prompts_for_the_secret_without_echo() {
    use common::server::{Reply, TestServer};
    let env = Env::new();
    let server = TestServer::start(|_, _| {
        Reply::json(200, serde_json::json!({"access_token": "typed", "expires_in": 60}))
    });
    let shown = on_tty_typing(
        &env,
        &format!("fetch --client-credentials --auth0 {} --client-id c1 --no-cache", server.url),
        "secret for",
        "typed-secret\n",
    );
    assert!(shown.contains("client secret for c1:"), "{shown:?}");
    assert!(shown.contains("typed"), "{shown:?}");
    assert!(!shown.contains("typed-secret"), "the secret is not echoed: {shown:?}");
    let got = &server.requests()[0];
    use base64::Engine;
    let basic = got.header("authorization").unwrap().strip_prefix("Basic ").unwrap().to_string();
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(basic).unwrap(), b"c1:typed-secret");
}

#[test]
fn keys_remove_asks_on_a_terminal() {
    let env = Env::new();
    let kid = env.keygen("old");
    let shown = on_tty_typing(&env, "keys remove old", "[y/N]", "n\n");
    assert!(shown.contains(&format!("remove key \"old\" (kid {kid})? [y/N]")), "{shown:?}");
    assert!(shown.contains("kept key"), "{shown:?}");
    assert!(env.key_file("old", "private.pem").exists());
    let shown = on_tty_typing(&env, "keys remove old", "[y/N]", "y\n");
    assert!(shown.contains("removed key \"old\""), "{shown:?}");
    assert!(!env.path("keys/old").exists());
}

#[test]
fn decode_colours_json_on_a_terminal_unless_no_color() {
    let env = Env::new();
    env.keygen("default");
    let token = env.sign(&["--sub", "room1", "--claim", "n:=5"]);
    let coloured = on_tty(&env, &format!("decode {token}"), false);
    assert!(coloured.contains("\x1b[34;1m\"sub\"\x1b[0m: \x1b[32m\"room1\"\x1b[0m"), "{coloured:?}");
    assert!(coloured.contains("\x1b[33m5\x1b[0m"), "{coloured:?}");
    assert!(coloured.contains("\x1b[1mclaims\x1b[0m"), "{coloured:?}");
    let json = on_tty(&env, &format!("decode --json {token}"), false);
    assert!(json.contains("\x1b[34;1m\"signature_verified\"\x1b[0m: \x1b[35mfalse\x1b[0m"), "{json:?}");
    let plain = on_tty(&env, &format!("decode {token}"), true);
    assert!(!plain.contains("\x1b["), "{plain:?}");
    assert!(plain.contains("\"sub\": \"room1\""), "{plain:?}");
}

#[test]
fn usage_errors_are_coloured_like_tok_s_own() {
    let env = Env::new();
    let coloured = on_tty(&env, "verify --gateway nope", false);
    assert!(coloured.starts_with("tok: \x1b[31merror:\x1b[0m invalid value 'nope'"), "{coloured:?}");
    let plain = on_tty(&env, "verify --gateway nope", true);
    assert!(plain.starts_with("tok: error: invalid value 'nope'") && !plain.contains('\x1b'), "{plain:?}");
}
