//! tok serve, the local issuer: its endpoints and errors, and fetch → verify round trips.

mod common;

use common::server::TokServe;
use common::Env;
use reqwest::blocking::Client;
use serde_json::Value;

const CLIENTS: &str = r#"
[[client]]
id = "m2m+app"
secret = "s3cr:et w/ +%"
scopes = ["read:rooms", "write:rooms"]
audiences = ["https://api.example.com"]

[[client]]
id = "cognito-app"
secret = "cognito-secret"
scopes = ["orders/read", "orders/write"]
"#;

fn setup() -> Env {
    let env = Env::new();
    env.keygen("default");
    env.write("clients.toml", CLIENTS.as_bytes());
    env.write("m2m-secret", b"s3cr:et w/ +%");
    env.write("cognito-secret", b"cognito-secret");
    for f in ["m2m-secret", "cognito-secret"] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(env.path(f), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    env
}

/// The Auth0-dialect client with its secret, against `serve`, plus `extra` flags.
fn fetch_m2m(env: &Env, serve: &TokServe, extra: &[&str]) -> String {
    let mut args =
        vec!["--auth0", &serve.base, "--client-id", "m2m+app", "--client-secret-file", "m2m-secret"];
    args.extend_from_slice(extra);
    fetch(env, &args)
}

fn fetch(env: &Env, args: &[&str]) -> String {
    let out = env.tok().args(["fetch", "--client-credentials", "--no-cache"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn auth0_dialect_round_trip() {
    let env = setup();
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    // By OIDC discovery from the issuer (with Auth0's trailing slash), and by Auth0 domain.
    let discovered = fetch(
        &env,
        &[
            "--issuer",
            &format!("{}/", serve.base),
            "--client-id",
            "m2m+app",
            "--client-secret-file",
            "m2m-secret",
            "--audience",
            "https://api.example.com",
        ],
    );
    env.tok()
        .args(["verify", "--key", "default", "--aud", "https://api.example.com", &discovered])
        .assert()
        .success();
    let token = fetch_m2m(&env, &serve, &["--audience", "https://api.example.com", "--scope", "read:rooms"]);
    let out = env
        .tok()
        .args([
            "verify",
            "--key",
            "default",
            "--iss",
            &format!("{}/", serve.base),
            "--aud",
            "https://api.example.com",
        ])
        .args(["--scope", "read:rooms", "--json", &token])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claims"]["sub"], "m2m+app@clients");
    assert_eq!(v["claims"]["gty"], "client-credentials");
    assert_eq!(v["claims"]["azp"], "m2m+app");
    assert_eq!(v["header"]["typ"], "JWT");
    let log = serve.stop();
    assert!(log.contains("POST /oauth/token 200 client=m2m+app"), "{log}");
    assert!(!log.contains("s3cr"), "no secrets in the log");
    assert!(log.trim_end().ends_with("tok serve: stopped"), "{log}");
}

#[test]
fn cognito_dialect_round_trip() {
    let env = setup();
    let serve = TokServe::start(&env, &["--clients", "clients.toml", "--dialect", "cognito", "--ttl", "15m"]);
    let token = fetch(
        &env,
        &[
            "--cognito",
            &serve.base,
            "--client-id",
            "cognito-app",
            "--client-secret-file",
            "cognito-secret",
            "--scope",
            "orders/read",
            "--auth",
            "post",
        ],
    );
    let out = env
        .tok()
        .args([
            "verify",
            "--key",
            "default",
            "--iss",
            &serve.base,
            "--aud",
            "cognito-app",
            "--scope",
            "orders/read",
            "--json",
            &token,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = &v["claims"];
    assert!(claims.get("aud").is_none(), "Cognito access tokens have no aud");
    assert_eq!(claims["client_id"], "cognito-app");
    assert_eq!(claims["token_use"], "access");
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 900);
    // Without --scope, every scope the client may have.
    let all = fetch(
        &env,
        &["--cognito", &serve.base, "--client-id", "cognito-app", "--client-secret-file", "cognito-secret"],
    );
    let claims = common::segment_json(&all, 1);
    assert_eq!(claims["scope"], "orders/read orders/write");
}

#[test]
fn metadata_jwks_and_rfc6749_errors() {
    let env = setup();
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    let http = Client::new();
    let meta: Value = serde_json::from_str(
        &http.get(format!("{}/.well-known/openid-configuration", serve.base)).send().unwrap().text().unwrap(),
    )
    .unwrap();
    assert_eq!(meta["issuer"], format!("{}/", serve.base));
    assert_eq!(meta["token_endpoint"], format!("{}/oauth/token", serve.base));
    let jwks_uri = meta["jwks_uri"].as_str().unwrap().to_string();
    let jwks = http.get(&jwks_uri).send().unwrap().text().unwrap();
    env.write("jwks.json", jwks.as_bytes());
    let token = fetch_m2m(&env, &serve, &["--audience", "https://api.example.com"]);
    env.tok().args(["verify", "--jwks", "jwks.json", &token]).assert().success();

    let token_url = format!("{}/oauth/token", serve.base);
    let post = |body: &str, auth: Option<&str>, content_type: &str| {
        let mut req = http.post(&token_url).header("content-type", content_type).body(body.to_string());
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let resp = req.send().unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body: Value = serde_json::from_str(&resp.text().unwrap()).unwrap();
        (status, headers, body)
    };
    let form = "application/x-www-form-urlencoded";
    let (status, headers, body) =
        post("grant_type=client_credentials&client_id=m2m%2Bapp&client_secret=wrong", None, form);
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")));
    assert!(headers.get("www-authenticate").is_some());
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let (status, _, body) = post("grant_type=password", None, form);
    assert_eq!((status, body["error"].as_str()), (400, Some("unsupported_grant_type")));
    let (status, _, body) = post("{\"grant_type\":\"client_credentials\"}", None, "application/json");
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")));
    let (status, _, body) = post(
        "grant_type=client_credentials&client_id=m2m%2Bapp&client_secret=s3cr%3Aet+w%2F+%2B%25&audience=https%3A%2F%2Fapi.example.com&scope=admin",
        None,
        form,
    );
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_scope")));
    // Both methods at once is refused (RFC 6749 §2.3).
    let (status, _, body) = post("grant_type=client_credentials&client_secret=x", Some("Basic eDp4"), form);
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")));
    // Unformencoded Basic credentials (the common client bug) do not authenticate this client.
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD.encode("m2m+app:s3cr:et w/ +%");
    let (status, _, _) = post(
        "grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com",
        Some(&format!("Basic {raw}")),
        form,
    );
    assert_eq!(status, 401);
}

#[test]
fn bad_clients_file_and_key() {
    let env = Env::new();
    env.write("empty.toml", b"");
    env.tok()
        .args(["serve", "--clients", "empty.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no [[client]]"));
    env.write("clients.toml", CLIENTS.as_bytes());
    env.tok()
        .args(["serve", "--clients", "clients.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no default key"));
}

/// `tok serve` with its log going to a file: a busy test would fill a stderr pipe nobody reads.
struct Served {
    base: String,
    addr: String,
    log: std::path::PathBuf,
    child: std::process::Child,
}

impl Served {
    fn start(env: &Env, args: &[&str]) -> Served {
        use std::io::BufRead;
        let log = env.path("serve.log");
        let mut child = env
            .tok_std()
            .arg("serve")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line.trim().to_string();
        let addr = base.strip_prefix("http://").expect("first line is the base URL").to_string();
        Served { base, addr, log, child }
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// SIGTERM (as a service manager stops it): exit 0, and the log.
    fn stop(mut self) -> String {
        let _ = std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let status = self.child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "tok serve exits 0 on SIGTERM");
        std::fs::read_to_string(&self.log).unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn connect(addr: &str) -> std::net::TcpStream {
    let stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    stream.set_write_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    stream
}

/// One HTTP/1.1 response off a keep-alive connection: (status, body), or None on close/timeout.
fn read_response(reader: &mut std::io::BufReader<std::net::TcpStream>) -> Option<(u16, String)> {
    use std::io::{BufRead, Read};
    let mut status_line = String::new();
    if reader.read_line(&mut status_line).ok()? == 0 {
        return None;
    }
    let status = status_line.split(' ').nth(1)?.parse().ok()?;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((status, String::from_utf8_lossy(&body).into_owned()))
}

const TOKEN_BODY: &str = "grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com";

fn token_request(addr: &str) -> String {
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode("m2m%2Bapp:s3cr%3Aet+w%2F+%2B%25");
    format!(
        "POST /oauth/token HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Basic {basic}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{TOKEN_BODY}",
        TOKEN_BODY.len()
    )
}

/// The issue-8 abort: a declared terabyte body was allocated before a byte arrived.
#[test]
fn oversized_bodies_are_refused_with_413_before_reading() {
    use std::io::{Read, Write};
    let env = setup();
    let mut serve = Served::start(&env, &["--clients", "clients.toml"]);
    let head = |length: &str| {
        format!(
            "POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n{length}\r\n\r\ngrant_type=client_credentials"
        )
    };
    // The reproducer: declare 1 TB, send a few bytes, close.
    let mut stream = connect(&serve.addr);
    stream.write_all(head("Content-Length: 1000000000000").as_bytes()).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 413"), "{answer}");
    // The same without closing: a 413 every time, and the connection is not reused.
    let stream = connect(&serve.addr);
    (&stream).write_all(head("Content-Length: 1000000000000").as_bytes()).unwrap();
    let mut reader = std::io::BufReader::new(stream);
    let (status, body) = read_response(&mut reader).expect("an answer");
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("64 KiB"), "{body}");
    // A chunked body declares no size: the cap holds while it streams.
    let stream = connect(&serve.addr);
    (&stream)
        .write_all(head("Transfer-Encoding: chunked").replace("grant_type=client_credentials", "").as_bytes())
        .unwrap();
    let chunk = format!("4000\r\n{}\r\n", "a".repeat(0x4000));
    for _ in 0..5 {
        if (&stream).write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    let _ = (&stream).write_all(b"0\r\n\r\n");
    let mut reader = std::io::BufReader::new(stream);
    assert_eq!(read_response(&mut reader).map(|r| r.0), Some(413));
    // And the server is still there for the next client.
    assert!(serve.alive(), "tok serve died");
    let stream = connect(&serve.addr);
    (&stream).write_all(token_request(&serve.addr).as_bytes()).unwrap();
    let mut reader = std::io::BufReader::new(stream);
    assert_eq!(read_response(&mut reader).map(|r| r.0), Some(200));
    let log = serve.stop();
    assert!(log.contains("POST /oauth2/token 413"), "{log}");
}

/// Issue 8: a POST that declared a body and sent none blocked every other client.
#[test]
fn a_stalled_client_delays_no_one_and_is_timed_out() {
    use std::io::{Read, Write};
    let env = setup();
    let serve = Served::start(&env, &["--clients", "clients.toml"]);
    let mut idle = connect(&serve.addr);
    let mut stalled = connect(&serve.addr);
    stalled
        .write_all(
            b"POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n",
        )
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let start = std::time::Instant::now();
    let others: Vec<_> = (0..6)
        .map(|_| {
            let url = format!("{}/.well-known/jwks.json", serve.base);
            std::thread::spawn(move || {
                let http = Client::builder().timeout(std::time::Duration::from_secs(5)).build().unwrap();
                http.get(&url).send().map(|r| r.status().as_u16()).unwrap_or(0)
            })
        })
        .collect();
    let statuses: Vec<u16> = others.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(statuses, [200; 6], "answered within 5 s each while one client stalls");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    // The stalled connection is answered 408 and closed by the body timeout (10 s), not kept.
    let mut answer = String::new();
    let read = stalled.read_to_string(&mut answer);
    assert!(read.is_ok(), "the server closed the stalled connection: {read:?}");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    // A connection that never sends a request head is closed by the header timeout (10 s).
    assert_eq!(idle.read(&mut [0; 16]).ok(), Some(0), "the idle connection was closed");
    let log = serve.stop();
    assert!(log.contains("POST /oauth/token 408"), "{log}");
}

/// Issue 8: under keep-alive at 8-64 clients tiny_http lost requests its log showed as 200.
/// A client pool as real clients use one (hyper's, via reqwest): 64 threads share up to 64
/// kept-alive connections.
#[test]
fn sixty_four_keep_alive_clients_all_get_answers() {
    const CLIENTS: usize = 64;
    const EACH: usize = 150;
    let env = setup();
    let serve = Served::start(&env, &["--clients", "clients.toml"]);
    let http = Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let url = format!("{}/oauth/token", serve.base);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (http, url) = (http.clone(), url.clone());
            std::thread::spawn(move || {
                let mut ok = 0;
                for _ in 0..EACH {
                    let answer = http
                        .post(&url)
                        .basic_auth("m2m%2Bapp", Some("s3cr%3Aet+w%2F+%2B%25"))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(TOKEN_BODY)
                        .send()
                        .and_then(|r| r.error_for_status())
                        .and_then(|r| r.text());
                    if answer.is_ok_and(|body| body.contains("access_token")) {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let ok: usize = workers.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(ok, CLIENTS * EACH, "every request on the kept-alive connections answered 200");
    let log = serve.stop();
    assert_eq!(log.lines().filter(|l| l.starts_with("POST /oauth/token 200")).count(), CLIENTS * EACH);
}

/// Issue 8: a client id carrying a newline and a terminal escape forged serve log lines.
#[test]
fn log_lines_escape_request_text() {
    let env = setup();
    let serve = Served::start(&env, &["--clients", "clients.toml"]);
    let resp = Client::new()
        .post(format!("{}/oauth/token", serve.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&client_id=evil%0AGET%20%2Fforged%20200%20client%3Dadmin%1B%5B31m&client_secret=x")
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let log = serve.stop();
    assert!(!log.contains('\x1b'), "no terminal escape reaches the log: {log:?}");
    assert!(!log.lines().any(|l| l.starts_with("GET /forged")), "{log}");
    let lines: Vec<&str> = log.lines().filter(|l| l.starts_with("POST ")).collect();
    assert_eq!(lines, ["POST /oauth/token 401 client=evil\\nGET /forged 200 client=admin\\x1b[31m"], "{log}");
}

/// Whoever reads the base URL may stop the server at once: the signal handlers are in place
/// before it is printed (tiny_http's tok serve died of SIGINT in 5 of 20 such starts).
#[test]
fn ctrl_c_right_after_the_base_url_exits_0() {
    let env = setup();
    for _ in 0..20 {
        let log = TokServe::start(&env, &["--clients", "clients.toml"]).stop();
        assert!(log.trim_end().ends_with("tok serve: stopped"), "{log}");
    }
}

/// `tok serve --key` with an EC or Ed25519 key: the algorithm follows the key everywhere the
/// issuer shows it (token header, JWKS, discovery), and tokens verify by discovery.
#[test]
fn ec_and_ed25519_keys_sign_what_discovery_announces() {
    let env = setup();
    for (name, args, alg, kty) in [
        ("p384", &["--type", "ec", "--curve", "P-384"][..], "ES384", "EC"),
        ("ed", &["--type", "ed25519"][..], "EdDSA", "OKP"),
    ] {
        let out = env.tok().args(["keygen", "--name", name]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let serve = TokServe::start(&env, &["--clients", "clients.toml", "--key", name]);
        let token = fetch_m2m(&env, &serve, &["--audience", "https://api.example.com"]);
        let header = common::segment_json(&token, 0);
        assert_eq!(header["alg"], alg);
        let client = Client::new();
        let get = |path: &str| -> Value {
            serde_json::from_str(&client.get(format!("{}{path}", serve.base)).send().unwrap().text().unwrap())
                .unwrap()
        };
        let metadata = get("/.well-known/openid-configuration");
        assert_eq!(metadata["id_token_signing_alg_values_supported"], serde_json::json!([alg]));
        let jwks = get("/.well-known/jwks.json");
        assert_eq!(jwks["keys"][0]["kty"], kty);
        assert_eq!(jwks["keys"][0]["alg"], alg);
        assert_eq!(jwks["keys"][0]["kid"], header["kid"]);
        env.tok()
            .args([
                "verify",
                "--issuer",
                &format!("{}/", serve.base),
                "--aud",
                "https://api.example.com",
                &token,
            ])
            .assert()
            .success();
    }
}

const ASSERTION_CLIENTS: &str = r#"
[[client]]
id = "pkjwt-app"
public_key = "keys/client-key/public.pem"
scopes = ["read:rooms"]
audiences = ["https://api.example.com"]

[[client]]
id = "csjwt-app"
secret = "a-long-client-secret-0123456789abcdef"
auth_method = "client_secret_jwt"
scopes = ["read:rooms"]
audiences = ["https://api.example.com"]
"#;

/// POST a client assertion (and nothing else) to `tok serve`'s token endpoint.
fn post_assertion(serve: &TokServe, assertion: &str) -> (u16, Option<String>, Value) {
    let response = Client::new()
        .post(format!("{}/oauth/token", serve.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com&client_assertion_type=\
             urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={assertion}"
        ))
        .send()
        .unwrap();
    let status = response.status().as_u16();
    let challenge = response.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_string());
    (status, challenge, serde_json::from_str(&response.text().unwrap()).unwrap())
}

/// private_key_jwt and client_secret_jwt end to end (RFC 7523 §2.2, OIDC Core §9): tok fetch
/// signs, tok serve checks with the registered key, and refuses what a one-time signed
/// credential must not be: another key, another audience, expired, replayed.
#[test]
fn client_assertions_private_key_jwt_and_client_secret_jwt() {
    let env = setup();
    let keygen = |name: &str, args: &[&str]| {
        let out = env.tok().args(["keygen", "--name", name]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    keygen("client-key", &["--type", "ec"]);
    keygen("stranger", &["--type", "ec"]);
    env.write("assertion-clients.toml", ASSERTION_CLIENTS.as_bytes());
    env.write("cs-secret", b"a-long-client-secret-0123456789abcdef");
    std::fs::set_permissions(env.path("cs-secret"), std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .unwrap();
    let serve = TokServe::start(&env, &["--clients", "assertion-clients.toml"]);
    let metadata: Value = serde_json::from_str(
        &Client::new()
            .get(format!("{}/.well-known/openid-configuration", serve.base))
            .send()
            .unwrap()
            .text()
            .unwrap(),
    )
    .unwrap();
    let methods = metadata["token_endpoint_auth_methods_supported"].to_string();
    assert!(methods.contains("private_key_jwt") && methods.contains("client_secret_jwt"), "{methods}");

    let fetch_with = |extra: &[&str]| {
        env.tok()
            .args(["fetch", "--client-credentials", "--no-cache", "--auth0", &serve.base])
            .args(["--audience", "https://api.example.com"])
            .args(extra)
            .output()
            .unwrap()
    };
    // The key alone: private-key-jwt, no secret read or sent.
    let out = fetch_with(&["--client-id", "pkjwt-app", "--key", "client-key"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(common::segment_json(&token, 1)["azp"], "pkjwt-app");
    // A profile keeps the method and the key's name, never key material, and needs no secret.
    let add = env
        .tok()
        .args([
            "profile",
            "add",
            "pk",
            "--auth0",
            &serve.base,
            "--client-id",
            "pkjwt-app",
            "--key",
            "client-key",
        ])
        .args(["--audience", "https://api.example.com"])
        .output()
        .unwrap();
    assert!(add.status.success(), "{}", String::from_utf8_lossy(&add.stderr));
    let config = std::fs::read_to_string(env.path("config.toml")).unwrap();
    assert!(config.contains("key = \"client-key\"") && !config.contains("BEGIN"), "{config}");
    let list = env.tok().args(["profile", "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("auth=private-key-jwt  key=client-key"));
    let out =
        env.tok().args(["fetch", "--client-credentials", "--no-cache", "--profile", "pk"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A key the client did not register.
    let out = fetch_with(&["--client-id", "pkjwt-app", "--key", "stranger"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_client"));
    // client_secret_jwt: HS256 over the shared secret.
    let out = fetch_with(&[
        "--client-id",
        "csjwt-app",
        "--auth",
        "client-secret-jwt",
        "--client-secret-file",
        "cs-secret",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The same secret over Basic: the client is registered for client_secret_jwt only.
    let out = fetch_with(&["--client-id", "csjwt-app", "--client-secret-file", "cs-secret"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("registered for client_secret_jwt, not client_secret_basic"), "{stderr}");

    // Hand-made assertions, signed by tok sign with the client's key.
    let endpoint = format!("{}/oauth/token", serve.base);
    let assertion = |aud: &str, ttl: &str| {
        env.sign(&[
            "--key",
            "client-key",
            "--iss",
            "pkjwt-app",
            "--sub",
            "pkjwt-app",
            "--aud",
            aud,
            "--jti",
            "--ttl",
            ttl,
        ])
    };
    let good = assertion(&endpoint, "2m");
    assert_eq!(post_assertion(&serve, &good).0, 200);
    let (status, challenge, body) = post_assertion(&serve, &good);
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")));
    assert!(body["error_description"].as_str().unwrap().contains("already used"), "{body}");
    assert!(challenge.unwrap().contains("error=\"invalid_client\""));
    for (bad, why) in [
        (assertion("https://elsewhere.example/token", "2m"), "aud"),
        (assertion(&endpoint, "-5m"), "exp"),
        (assertion(&endpoint, "1h"), "at most 300s"),
    ] {
        let (status, _, body) = post_assertion(&serve, &bad);
        assert_eq!(status, 401, "{body}");
        assert!(body["error_description"].as_str().unwrap().contains(why), "{why}: {body}");
    }
    // The issuer is an accepted audience too (Auth0 wants its tenant URL).
    assert_eq!(post_assertion(&serve, &assertion(&format!("{}/", serve.base), "2m")).0, 200);
}

/// A client that registers a `jwks_uri` instead of a key file: tok serve fetches the set (from
/// a real server on 127.0.0.1) when an assertion first needs it, fetches it again when a key is
/// rotated in, and, for kids that are in no version of the set, at most once per cooldown.
#[test]
fn client_registered_by_jwks_uri() {
    use common::server::{Reply, TestServer};
    use std::sync::{Arc, Mutex};
    let env = setup();
    for name in ["client-key", "next-key", "stranger"] {
        let out = env.tok().args(["keygen", "--name", name, "--type", "ed25519"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let jwks = |keys: &[&str]| -> Value {
        let mut args = vec!["jwks"];
        for k in keys {
            args.extend(["--key", k]);
        }
        serde_json::from_slice(&env.tok().args(&args).output().unwrap().stdout).unwrap()
    };
    let published = Arc::new(Mutex::new(jwks(&["client-key"])));
    let served = Arc::clone(&published);
    let keys = TestServer::start(move |_, _| Reply::json(200, served.lock().unwrap().clone()));
    let clients = format!(
        "[[client]]\nid = \"by-uri\"\njwks_uri = \"{}/jwks.json\"\nscopes = [\"read:rooms\"]\naudiences = [\"https://api.example.com\"]\n",
        keys.url
    );
    env.write("uri-clients.toml", clients.as_bytes());
    let serve = TokServe::start(&env, &["--clients", "uri-clients.toml"]);
    let fetch = |key: &str| {
        env.tok()
            .args([
                "fetch",
                "--client-credentials",
                "--no-cache",
                "--auth0",
                &serve.base,
                "--client-id",
                "by-uri",
            ])
            .args(["--audience", "https://api.example.com", "--key", key])
            .output()
            .unwrap()
    };
    let out = fetch("client-key");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(keys.requests().len(), 1, "fetched when first needed");
    // A key rotated in: the unknown kid makes one refetch, and it is accepted.
    *published.lock().unwrap() = jwks(&["client-key", "next-key"]);
    let out = fetch("next-key");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(keys.requests().len(), 2);
    // A key in no version of the set: refused; the refetch it made starts the cooldown, so a
    // second such assertion costs the key server nothing.
    for _ in 0..2 {
        let out = fetch("stranger");
        assert_eq!(out.status.code(), Some(3));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("invalid_client") && stderr.contains("kid"), "{stderr}");
    }
    assert_eq!(keys.requests().len(), 3, "one refetch for the unknown kid, then the cooldown");
}
