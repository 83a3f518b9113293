//! tok exec against `tok serve` on 127.0.0.1: the token reaches CMD in its environment only,
//! CMD's exit status and signals are tok's, and a cached token is reused without a request.
#![cfg(unix)]

mod common;

use common::server::TokServe;
use common::Env;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const CLIENTS: &str = r#"
[[client]]
id = "exec-app"
secret = "exec secret, long enough"
scopes = ["read"]
audiences = ["https://api.example.com"]
"#;

fn setup() -> (Env, TokServe) {
    let env = Env::new();
    env.keygen("default");
    env.write("clients.toml", CLIENTS.as_bytes());
    env.write("secret", b"exec secret, long enough");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(env.path("secret"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    (env, serve)
}

/// The fetch flags for `serve`'s client.
fn flags(serve: &TokServe) -> Vec<String> {
    ["--auth0", &serve.base, "--client-id", "exec-app", "--client-secret-file", "secret"]
        .into_iter()
        .chain(["--audience", "https://api.example.com"])
        .map(String::from)
        .collect()
}

fn exec(env: &Env, serve: &TokServe, extra: &[&str], command: &[&str]) -> std::process::Output {
    env.tok().arg("exec").args(flags(serve)).args(extra).arg("--").args(command).output().unwrap()
}

fn token_requests(log: &str) -> usize {
    log.lines().filter(|l| l.starts_with("POST /oauth/token 200")).count()
}

/// Wait for `path` to exist, at most 10 s.
fn wait_for_file(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(start.elapsed() < Duration::from_secs(10), "{} never appeared", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Wait for `child` to exit, at most 10 s (then kill it and fail).
fn wait_bounded(child: &mut Child) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tok exec did not exit within 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_token_is_in_the_environment_and_nowhere_else() {
    let (env, serve) = setup();
    let out = exec(&env, &serve, &[], &["sh", "-c", "printf %s \"$TOK_ACCESS_TOKEN\" > token.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "tok prints nothing: {out:?}");
    let token = std::fs::read_to_string(env.path("token.txt")).unwrap();
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
    // The same token tok fetch has cached, and it verifies against the issuer.
    let fetched = env.tok().args(["fetch", "--client-credentials"]).args(flags(&serve)).output().unwrap();
    assert_eq!(String::from_utf8(fetched.stdout).unwrap().trim(), token);
    env.tok()
        .args(["verify", "--jwks", &format!("{}/.well-known/jwks.json", serve.base)])
        .arg(&token)
        .assert()
        .success();

    // --env NAME; TOK_CLIENT_SECRET does not reach CMD.
    let out = env
        .tok()
        .env("TOK_CLIENT_SECRET", "exec secret, long enough")
        .args(["exec", "--auth0", &serve.base, "--client-id", "exec-app", "--audience"])
        .args(["https://api.example.com", "--env", "API_TOKEN", "--"])
        .args([
            "sh",
            "-c",
            "printf '%s|%s|%s' \"$API_TOKEN\" \"${TOK_ACCESS_TOKEN-unset}\" \"${TOK_CLIENT_SECRET-unset}\"",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{token}|unset|unset"));
    assert_eq!(token_requests(&serve.stop()), 1, "one fetch, then the cache");
}

#[test]
fn exit_status_is_the_commands() {
    let (env, serve) = setup();
    assert_eq!(exec(&env, &serve, &[], &["sh", "-c", "exit 7"]).status.code(), Some(7));
    assert_eq!(exec(&env, &serve, &[], &["true"]).status.code(), Some(0));
    // Death by a signal is the caller's to see, as a shell shows it: 128 + signo.
    let status = exec(&env, &serve, &[], &["sh", "-c", "kill -TERM $$"]).status;
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
    let base = &serve.base;
    let out = env.sh(&format!(
        "\"$TOK\" exec --auth0 {base} --client-id exec-app --client-secret-file secret \
         --audience https://api.example.com -- sh -c 'kill -TERM $$'; echo $?"
    ));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "143");
    // A command that cannot be started: 127 / 126, as shells.
    let out = exec(&env, &serve, &[], &["./no-such-command"]);
    assert_eq!(out.status.code(), Some(127));
    assert!(String::from_utf8_lossy(&out.stderr).contains("command not found"));
    env.write("not-executable", b"#!/bin/sh\n");
    assert_eq!(exec(&env, &serve, &[], &["./not-executable"]).status.code(), Some(126));
    // tok's own failures keep their codes, and CMD does not run.
    let out = env
        .tok()
        .args(["exec", "--auth0", base, "--client-id", "nobody", "--client-secret-file", "secret"])
        .args(["--", "sh", "-c", "touch ran"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!env.path("ran").exists());
    env.tok().args(["exec", "--env", "1BAD"]).args(flags(&serve)).args(["--", "true"]).assert().code(2);
    env.tok().arg("exec").args(flags(&serve)).assert().code(2);
}

#[test]
fn cached_while_min_ttl_is_left_else_fetched() {
    let (env, serve) = setup();
    let write = ["sh", "-c", "printf %s \"$TOK_ACCESS_TOKEN\" >> tokens.txt; echo >> tokens.txt"];
    exec(&env, &serve, &[], &write);
    exec(&env, &serve, &[], &write);
    // serve's tokens live 1h: a token with less than 2h left is not good enough.
    exec(&env, &serve, &["--min-ttl", "2h"], &write);
    exec(&env, &serve, &["--refresh"], &write);
    exec(&env, &serve, &["--no-cache"], &write);
    let tokens = std::fs::read_to_string(env.path("tokens.txt")).unwrap();
    let tokens: Vec<&str> = tokens.lines().collect();
    assert_eq!(tokens.len(), 5);
    assert_eq!(tokens[0], tokens[1], "the second exec reuses the cached token");
    assert_eq!(token_requests(&serve.stop()), 4, "the second exec made no request");
}

/// SIGTERM and SIGINT sent to tok's pid reach CMD, which traps them.
#[test]
fn signals_reach_the_command() {
    let (env, serve) = setup();
    for (signal, name) in [(libc::SIGTERM, "TERM"), (libc::SIGINT, "INT")] {
        if ignored(signal) {
            // A signal ignored on entry cannot be trapped by sh (POSIX), e.g. SIGINT under `cmd &`.
            eprintln!("skipped SIG{name}: this test process ignores it, and so would CMD");
            continue;
        }
        let (ready, got) = (format!("ready-{name}"), format!("got-{name}"));
        let script = format!(
            "trap 'echo {name} > {got}; exit 0' {name}; echo > {ready}; i=0; \
             while [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; exit 9"
        );
        let mut child = env
            .tok_std()
            .arg("exec")
            .args(flags(&serve))
            .args(["--", "sh", "-c", &script])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_file(&env.path(&ready));
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let status = wait_bounded(&mut child);
        assert_eq!(status.code(), Some(0), "{name}: the trap ran and exited 0: {status:?}");
        assert_eq!(std::fs::read_to_string(env.path(&got)).unwrap().trim(), name);
    }
}

fn ignored(signal: libc::c_int) -> bool {
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    unsafe { libc::sigaction(signal, std::ptr::null(), &mut old) };
    old.sa_sigaction == libc::SIG_IGN
}

fn children_of(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// While CMD runs, neither tok's pid nor any process under it shows the token in its command
/// line (what `ps` shows to every user); it is only in the environment (owner-only).
#[test]
fn the_token_is_not_in_any_command_line() {
    if !Path::new("/proc/self/cmdline").exists() {
        eprintln!("skipped: no /proc");
        return;
    }
    let (env, serve) = setup();
    let token = {
        let out = env.tok().args(["fetch", "--client-credentials"]).args(flags(&serve)).output().unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let mut child = env
        .tok_std()
        .arg("exec")
        .args(flags(&serve))
        .args(["--", "sh", "-c", "echo > ready; sleep 10; true"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_file(&env.path("ready"));
    let pid = child.id();
    let mut pids = vec![pid];
    // `sleep` is sh's child; give sh a moment to start it.
    let start = Instant::now();
    while children_of(pid).is_empty() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    pids.extend(children_of(pid));
    assert!(pids.len() >= 2, "sh's sleep was found");
    for p in &pids {
        let cmdline = std::fs::read(format!("/proc/{p}/cmdline")).unwrap();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        assert!(!cmdline.contains(&token), "pid {p}: {cmdline}");
        assert!(!cmdline.contains("exec secret"), "pid {p}: {cmdline}");
    }
    // The control: the token is there to find, in the environment only.
    let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
    let needle = format!("TOK_ACCESS_TOKEN={token}");
    assert!(environ.windows(needle.len()).any(|w| w == needle.as_bytes()));
    unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
    wait_bounded(&mut child);
}

/// CMD inherits no descriptor of tok's (cache files, sockets to the issuer): exactly the ones it
/// would have had without tok. Both are listed from one single-threaded shell, so descriptors
/// that other tests' threads have open for a moment do not count; the listed shell runs no
/// pipeline (whose pipes it would hold itself).
#[test]
fn no_descriptor_of_toks_leaks_into_the_command() {
    if !Path::new("/proc/self/fd").exists() {
        eprintln!("skipped: no /proc");
        return;
    }
    let (env, serve) = setup();
    let flags = flags(&serve).iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(" ");
    let out = env.sh(&format!(
        "list='ls /proc/$$/fd'\n\
         sh -c \"$list\" > direct\n\
         \"$TOK\" exec {flags} --no-cache -- sh -c \"$list\" > fetched\n\
         \"$TOK\" exec {flags} -- sh -c \"$list\" > cached"
    ));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fds = |file: &str| {
        let mut fds: Vec<u32> =
            std::fs::read_to_string(env.path(file)).unwrap().lines().map(|l| l.parse().unwrap()).collect();
        fds.sort();
        fds
    };
    let direct = fds("direct");
    assert_eq!(&direct[..3], [0, 1, 2]);
    assert_eq!(fds("fetched"), direct, "fetched");
    assert_eq!(fds("cached"), direct, "cached");
}
