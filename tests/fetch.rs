//! tok fetch against real HTTP servers on 127.0.0.1 that reproduce Auth0's and Cognito's
//! documented requests, responses and errors.

mod common;

use base64::Engine;
use common::server::{Reply, TestServer};
use common::Env;
use predicates::prelude::*;
use serde_json::json;
use std::time::Duration;

const ID: &str = "m2m+app";
/// Characters that break clients which skip RFC 6749 §2.3.1's form-encoding.
const SECRET: &str = "s3cr:et w/ +%£";

fn ok_token(token: &str) -> Reply {
    Reply::json(200, json!({"access_token": token, "token_type": "Bearer", "expires_in": 86400}))
}

fn env_with_secret() -> Env {
    let env = Env::new();
    let path = env.write("client-secret", SECRET.as_bytes());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    env
}

fn fetch(env: &Env, server: &TestServer, extra: &[&str]) -> assert_cmd::assert::Assert {
    env.tok()
        .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", ID])
        .args(["--client-secret-file", "client-secret"])
        .args(extra)
        .assert()
}

#[test]
fn auth0_request_is_exactly_rfc6749() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| ok_token("tok-1"));
    fetch(
        &env,
        &server,
        &["--audience", "https://api.example.com", "--scope", "read:rooms", "--scope", "write:rooms"],
    )
    .success()
    .stdout("tok-1\n");
    let got = &server.requests()[0];
    assert_eq!((got.method.as_str(), got.path.as_str()), ("POST", "/oauth/token"));
    assert_eq!(got.header("content-type"), Some("application/x-www-form-urlencoded"));
    // Basic base64(form(id) ":" form(secret)), RFC 6749 §2.3.1 and Appendix B, a space as %20
    // (form-decoding reads it as a space, and so do servers that only percent-decode).
    let basic = got.header("authorization").unwrap().strip_prefix("Basic ").unwrap();
    let decoded =
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(basic).unwrap()).unwrap();
    assert_eq!(decoded, "m2m%2Bapp:s3cr%3Aet%20w%2F%20%2B%25%C2%A3");
    assert_eq!(got.form_value("grant_type").as_deref(), Some("client_credentials"));
    assert_eq!(got.form_value("audience").as_deref(), Some("https://api.example.com"));
    assert_eq!(got.form_value("scope").as_deref(), Some("read:rooms write:rooms"));
    assert_eq!(got.form_value("client_secret"), None, "never both Basic and body credentials");
    assert_eq!(got.form_value("client_id"), None);
}

#[test]
fn rfc6749_section_2_3_1_example_header() {
    // RFC 6749 §2.3.1: id s6BhdRkqt3, secret 7Fjfp0ZBr1KtDRbnfVdmIw (also in tests/fixtures/README.md's source).
    let env = Env::new();
    let server = TestServer::start(|_, _| ok_token("t"));
    env.tok()
        .args(["fetch", "--client-credentials", "--token-url", &format!("{}/token", server.url)])
        .args(["--client-id", "s6BhdRkqt3", "--client-secret-stdin"])
        .write_stdin("7Fjfp0ZBr1KtDRbnfVdmIw\n")
        .assert()
        .success();
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3")
    );
}

#[test]
fn post_auth_puts_credentials_in_the_body_only() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| ok_token("t"));
    fetch(
        &env,
        &server,
        &["--auth", "post", "--param", "organization=org_123", "--resource", "https://r.example/"],
    )
    .success();
    let got = &server.requests()[0];
    assert_eq!(got.header("authorization"), None);
    assert_eq!(got.form_value("client_id").as_deref(), Some(ID));
    assert_eq!(got.form_value("client_secret").as_deref(), Some(SECRET));
    assert_eq!(got.form_value("organization").as_deref(), Some("org_123"));
    assert_eq!(got.form_value("resource").as_deref(), Some("https://r.example/"));
}

#[test]
fn cognito_endpoint_and_scopes() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| {
        // Cognito's documented response: expires_in 3600, token_type Bearer.
        Reply::json(200, json!({"access_token": "cog", "expires_in": 3600, "token_type": "Bearer"}))
    });
    env.tok()
        .args(["fetch", "--client-credentials", "--cognito", &server.url, "--client-id", ID])
        .args(["--client-secret-file", "client-secret", "--scope", "orders/read", "--scope", "orders/write"])
        .assert()
        .success()
        .stdout("cog\n");
    let got = &server.requests()[0];
    assert_eq!(got.path, "/oauth2/token");
    assert_eq!(got.form_value("scope").as_deref(), Some("orders/read orders/write"));
    assert_eq!(got.form_value("audience"), None, "Cognito has no audience parameter");
}

#[test]
fn json_and_header_output() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| ok_token("tok-json"));
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", ID])
        .args(["--client-secret-file", "client-secret", "--json", "--no-cache"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["access_token"], "tok-json");
    assert_eq!(v["cached"], false);
    assert!(v["expires_at"].as_str().unwrap().ends_with('Z'));
    fetch(&env, &server, &["--header", "--no-cache"]).success().stdout("Authorization: Bearer tok-json\n");
}

#[test]
fn server_errors_are_explained_without_the_secret() {
    let cases = [
        (
            401,
            json!({"error": "invalid_client", "error_description": "Client authentication failed"}),
            "--auth basic, post, private-key-jwt or client-secret-jwt",
        ),
        (
            403,
            json!({"error": "access_denied", "error_description": "Client is not authorized to access \"https://api\". You need to create a client-grant associated to this API."}),
            "authorize this application",
        ),
        (
            400,
            json!({"error": "invalid_scope", "error_description": "Invalid scope requested"}),
            "resource-server-id/scope",
        ),
        (
            400,
            json!({"error": "unauthorized_client", "error_description": "Client not authorized"}),
            "client-credentials grant",
        ),
    ];
    for (status, body, hint) in cases {
        let env = env_with_secret();
        let reply = body.clone();
        let server = TestServer::start(move |_, _| Reply::json(status, reply.clone()));
        let out = env
            .tok()
            .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", ID])
            .args(["--client-secret-file", "client-secret"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!("answered {status} {}", body["error"].as_str().unwrap())),
            "{stderr}"
        );
        assert!(stderr.contains(body["error_description"].as_str().unwrap()));
        assert!(stderr.contains(hint), "{stderr}");
        assert!(!stderr.contains("s3cr"), "the secret never appears: {stderr}");
    }
}

#[test]
fn retries_429_with_retry_after_then_succeeds() {
    let env = env_with_secret();
    let server = TestServer::start(|n, _| {
        if n == 0 {
            Reply::json(429, json!({"error": "too_many_requests"})).header("Retry-After", "1")
        } else {
            ok_token("after-429")
        }
    });
    let started = std::time::Instant::now();
    fetch(&env, &server, &[])
        .success()
        .stdout("after-429\n")
        .stderr(predicate::str::contains("retrying in 1.0s"));
    assert!(started.elapsed() >= Duration::from_secs(1), "honoured Retry-After");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn auth0_rate_limit_reset_header_is_honoured() {
    let env = env_with_secret();
    let server = TestServer::start(|n, _| {
        if n == 0 {
            let reset = (common::now() + 1).to_string();
            Reply::json(429, json!({"error": "too_many_requests"})).header("X-RateLimit-Reset", &reset)
        } else {
            ok_token("after-reset")
        }
    });
    fetch(&env, &server, &[]).success().stdout("after-reset\n");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn retries_5xx_a_few_times_then_gives_up() {
    let env = env_with_secret();
    let server =
        TestServer::start(|n, _| if n < 2 { Reply::json(503, json!({})) } else { ok_token("third") });
    fetch(&env, &server, &[]).success().stdout("third\n");
    assert_eq!(server.requests().len(), 3);

    let env = env_with_secret();
    let server = TestServer::start(|_, _| Reply::json(500, json!({"error": "server_error"})));
    fetch(&env, &server, &[]).code(3).stderr(predicate::str::contains("answered 500 server_error"));
    assert_eq!(server.requests().len(), 4, "the first try and three retries");
}

#[test]
fn too_long_a_retry_after_is_not_waited_for() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| Reply::json(429, json!({})).header("Retry-After", "3600"));
    fetch(&env, &server, &[]).code(3).stderr(predicate::str::contains("giving up"));
}

#[test]
fn slow_server_times_out() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| ok_token("late").after(Duration::from_secs(3)));
    fetch(&env, &server, &["--timeout", "1s"]).code(3).stderr(predicate::str::contains("timed out"));
}

#[test]
fn malformed_json_and_missing_token() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| Reply::json(200, json!("x")).header("X", "1"));
    fetch(&env, &server, &[]).code(3).stderr(predicate::str::contains("without a JSON object"));
    let server = TestServer::start(|_, _| Reply::json(200, json!({"token_type": "Bearer"})));
    fetch(&env, &server, &[]).code(3).stderr(predicate::str::contains("no access_token"));
    let server = TestServer::start(|_, _| Reply {
        status: 502,
        headers: vec![],
        body: "<html>Bad Gateway</html>".into(),
        delay: Duration::ZERO,
    });
    fetch(&env, &server, &[])
        .code(3)
        .stderr(predicate::str::contains("502").and(predicate::str::contains("Bad Gateway")));
}

#[test]
fn redirects_are_not_followed_with_credentials() {
    let env = env_with_secret();
    let server =
        TestServer::start(|_, _| Reply::json(302, json!({})).header("Location", "http://127.0.0.1:9/steal"));
    fetch(&env, &server, &[])
        .code(3)
        .stderr(predicate::str::contains("redirect").and(predicate::str::contains("/steal")));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn https_only_except_loopback() {
    let env = env_with_secret();
    env.tok()
        .args([
            "fetch",
            "--client-credentials",
            "--token-url",
            "http://auth.example.com/oauth/token",
            "--client-id",
            ID,
        ])
        .args(["--client-secret-file", "client-secret"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("refusing plain HTTP").and(predicate::str::contains("--allow-http")),
        );
}

#[test]
fn discovery_uses_token_endpoint_and_checks_issuer() {
    let env = env_with_secret();
    let server = TestServer::start(|_, req| {
        if req.path == "/.well-known/openid-configuration" {
            let host = req.header("host").unwrap().to_string();
            Reply::json(
                200,
                json!({"issuer": format!("http://{host}"), "token_endpoint": format!("http://{host}/custom/token")}),
            )
        } else {
            ok_token("via-discovery")
        }
    });
    // Given with a trailing slash the issuer does not match what the server names itself.
    env.tok()
        .args(["fetch", "--client-credentials", "--issuer", &format!("{}/", server.url), "--client-id", ID])
        .args(["--client-secret-file", "client-secret"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("trailing slash"));
    env.tok()
        .args(["fetch", "--client-credentials", "--issuer", &server.url, "--client-id", ID])
        .args(["--client-secret-file", "client-secret"])
        .assert()
        .success()
        .stdout("via-discovery\n");
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/.well-known/openid-configuration", "/.well-known/openid-configuration", "/custom/token"]
    );
}

#[test]
fn usage_errors() {
    let env = Env::new();
    env.tok()
        .args(["fetch", "--auth0", "x.auth0.com"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--client-credentials"));
    env.tok()
        .args(["fetch", "--client-credentials", "--client-id", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no token endpoint"));
    env.tok()
        .args(["fetch", "--client-credentials", "--auth0", "x.auth0.com", "--client-id", "x"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no client secret").and(predicate::str::contains("TOK_CLIENT_SECRET")),
        );
    env.tok().args(["fetch", "--client-credentials", "--client-secret", "x"]).assert().code(2);
    env.tok()
        .args([
            "fetch",
            "--client-credentials",
            "--auth0",
            "x",
            "--client-id",
            "x",
            "--param",
            "client_secret=x",
        ])
        .env("TOK_CLIENT_SECRET", "s")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("set by tok"));
}

#[test]
fn client_secret_basic_matches_the_shared_vectors() {
    let vectors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::fixture("rfc6749_vectors.json")).unwrap())
            .unwrap();
    for case in vectors["derived_client_secret_basic_cases"].as_array().unwrap() {
        let env = Env::new();
        let server = TestServer::start(|_, _| ok_token("t"));
        env.tok()
            .args(["fetch", "--client-credentials", "--token-url", &format!("{}/token", server.url)])
            .args(["--client-id", case["client_id"].as_str().unwrap(), "--client-secret-stdin"])
            .write_stdin(case["client_secret"].as_str().unwrap())
            .assert()
            .success();
        // The vectors' form-encoding with each space sent as %20 instead of '+': the same
        // credentials under RFC 6749's form-decoding, and under plain percent-decoding too.
        let sent = server.requests()[0].header("authorization").unwrap().to_string();
        let userpass =
            base64::engine::general_purpose::STANDARD.decode(sent.strip_prefix("Basic ").unwrap()).unwrap();
        let expected = case["form_encoded_userpass"].as_str().unwrap().replace('+', "%20");
        assert_eq!(String::from_utf8(userpass).unwrap(), expected, "{case}");
    }
}

#[path = "common/hostile.rs"]
mod hostile;

fn fetch_url(env: &Env, url: &str, extra: &[&str]) -> (std::process::Output, Duration) {
    let started = std::time::Instant::now();
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--token-url", url, "--client-id", ID])
        .args(["--client-secret-file", "client-secret", "--no-cache"])
        .args(extra)
        .output()
        .unwrap();
    (out, started.elapsed())
}

#[test]
fn huge_and_endless_token_responses_stop_at_the_cap() {
    let env = env_with_secret();
    // An endless body with no length: the cap is found by reading, not announced.
    let endless = hostile::RawServer::start(|s| hostile::endless(s, "", br#"{"access_token":""#));
    // A body that announces 4 GiB: refused before reading it.
    let declared = hostile::RawServer::start(|s| hostile::endless(s, "Content-Length: 4294967296\r\n", b"{"));
    for server in [&endless, &declared] {
        let (out, elapsed) = fetch_url(&env, &server.http_url("/token"), &["--timeout", "20s"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(stderr.contains("1 MiB"), "the error names the cap: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        // Memory is bounded if reading stops at the cap: long before the 256 MiB the server offers.
        assert!(elapsed < Duration::from_secs(10), "stopped at the cap, not the timeout: {elapsed:?}");
        assert_eq!(server.connections(), 1, "a body over the cap is not retried");
    }
}

#[test]
fn the_cap_is_exactly_1_mib() {
    let env = env_with_secret();
    // JSON padded with spaces to exactly 1 MiB is accepted; one byte more is refused.
    let padded = |len: usize| {
        let json = r#"{"access_token":"at-cap","expires_in":60}"#;
        format!("{json}{}", " ".repeat(len - json.len()))
    };
    for (len, ok) in [(1 << 20, true), ((1 << 20) + 1, false)] {
        let body = padded(len);
        let server = TestServer::start(move |_, _| Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.clone(),
            delay: Duration::ZERO,
        });
        let (out, _) = fetch_url(&env, &format!("{}/token", server.url), &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if ok {
            assert!(out.status.success(), "{len} bytes: {stderr}");
        } else {
            assert_eq!(out.status.code(), Some(3), "{len} bytes: {stderr}");
            assert!(stderr.contains("1 MiB"), "{stderr}");
        }
    }
}

#[test]
fn timeout_is_the_budget_of_the_whole_call() {
    let env = env_with_secret();
    // Each answer takes 1.5 s and is a 503: per-attempt timeouts plus backoff took ~9.5 s.
    let server = TestServer::start(|_, _| Reply::json(503, json!({})).after(Duration::from_millis(1500)));
    let started = std::time::Instant::now();
    fetch(&env, &server, &["--timeout", "2s"]).code(3);
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(4500), "--timeout 2s took {elapsed:?}");
}

#[test]
fn timeout_covers_discovery_and_the_token_request_together() {
    let env = env_with_secret();
    // Each answer alone fits in --timeout 2s; the two together do not.
    let server = TestServer::start(|_, req| {
        let reply = if req.path == "/.well-known/openid-configuration" {
            let host = req.header("host").unwrap().to_string();
            Reply::json(
                200,
                json!({"issuer": format!("http://{host}"), "token_endpoint": format!("http://{host}/t")}),
            )
        } else {
            ok_token("late")
        };
        reply.after(Duration::from_millis(1200))
    });
    let started = std::time::Instant::now();
    env.tok()
        .args(["fetch", "--client-credentials", "--issuer", &server.url, "--client-id", ID])
        .args(["--client-secret-file", "client-secret", "--timeout", "2s"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("timed out"));
    assert!(started.elapsed() < Duration::from_millis(4500), "took {:?}", started.elapsed());
}

#[test]
fn https_to_a_plain_http_port_names_the_cause_without_retrying() {
    let env = env_with_secret();
    let server = hostile::RawServer::start(hostile::plain_http_400);
    let url = format!("https://{}/token", server.addr);
    let (out, elapsed) = fetch_url(&env, &url, &["--timeout", "20s"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("does not speak TLS") && stderr.contains("http://"), "{stderr}");
    assert!(!stderr.contains("retrying") && !stderr.contains("timed out"), "{stderr}");
    assert_eq!(server.connections(), 1, "a handshake that cannot succeed is not retried");
    assert!(elapsed < Duration::from_secs(10), "failed at once, not at the timeout: {elapsed:?}");
}

#[test]
fn https_to_a_silent_plain_http_port_blames_tls_not_the_network() {
    let env = env_with_secret();
    let server = hostile::RawServer::start(hostile::silent);
    let url = format!("https://{}/token", server.addr);
    let (out, elapsed) = fetch_url(&env, &url, &["--timeout", "2s"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("does not answer TLS") && stderr.contains("http://"), "{stderr}");
    assert!(!stderr.contains("retrying"), "{stderr}");
    assert!(elapsed < Duration::from_secs(5), "within --timeout: {elapsed:?}");
}

#[test]
fn a_refused_tls_handshake_is_not_retried() {
    let env = env_with_secret();
    let server = hostile::RawServer::start(hostile::tls_alert);
    let (out, _) = fetch_url(&env, &format!("https://{}/token", server.addr), &["--timeout", "20s"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("TLS handshake failed"), "{stderr}");
    assert!(!stderr.contains("retrying"), "{stderr}");
    assert_eq!(server.connections(), 1, "the same server refuses the same handshake again");
}

#[test]
fn dns_failures_are_not_retried() {
    let env = env_with_secret();
    let (out, _) = fetch_url(&env, "https://nonexistent.invalid/oauth/token", &["--timeout", "10s"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("retrying"), "a name that does not resolve is not retried: {stderr}");
    assert!(stderr.contains("nonexistent.invalid"), "{stderr}");
}

#[test]
fn plain_http_refusal_names_the_credentials() {
    let env = env_with_secret();
    let (out, _) = fetch_url(&env, "http://auth.example.com/oauth/token", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("client credentials"), "{stderr}");
}

/// A server that publishes only RFC 8414 metadata, under an issuer with a path: fetch (and
/// verify, by the same discovery) find it at the path-inserted URL after OIDC's answers 404;
/// the auth method follows `token_endpoint_auth_methods_supported` when none was chosen.
#[test]
fn rfc8414_only_server_and_listed_auth_methods() {
    let env = env_with_secret();
    env.keygen("default");
    let jwks: serde_json::Value =
        serde_json::from_slice(&env.tok().arg("jwks").output().unwrap().stdout).unwrap();
    let server = TestServer::start(move |_, req| {
        let host = req.header("host").unwrap().to_string();
        match req.path.as_str() {
            "/.well-known/oauth-authorization-server/tenant" => Reply::json(
                200,
                json!({"issuer": format!("http://{host}/tenant"),
                       "token_endpoint": format!("http://{host}/tenant/token"),
                       "jwks_uri": format!("http://{host}/tenant/jwks"),
                       "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"]}),
            ),
            "/tenant/token" => ok_token("via-rfc8414"),
            "/tenant/jwks" => Reply::json(200, jwks.clone()),
            _ => Reply::json(404, json!({"error": "not_found"})),
        }
    });
    let issuer = format!("{}/tenant", server.url);
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--no-cache", "--issuer", &issuer, "--client-id", ID])
        .args(["--client-secret-file", "client-secret"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "via-rfc8414\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("using --auth post"));
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/tenant/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server/tenant",
            "/tenant/token"
        ]
    );
    // client_secret_post, as listed: the secret in the body, no Authorization header.
    assert_eq!(requests[2].form_value("client_secret").as_deref(), Some(SECRET));
    assert_eq!(requests[2].header("authorization"), None);
    // verify finds the keys by the same discovery.
    let token = env.sign(&["--iss", &issuer, "--sub", "x"]);
    env.tok().args(["verify", "--issuer", &issuer, &token]).assert().success();
    // Neither document: both URLs are named.
    env.tok()
        .args(["fetch", "--client-credentials", "--no-cache", "--issuer", &format!("{}/other", server.url)])
        .args(["--client-id", ID, "--client-secret-file", "client-secret"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("/other/.well-known/openid-configuration answered 404"))
        .stderr(predicate::str::contains("/.well-known/oauth-authorization-server/other answered 404"));
}

/// A JWT-shaped token (header with alg, payload, signature), unverifiable but well-formed.
fn jwt_shaped() -> String {
    format!("{}.{}.c2ln", common::b64(br#"{"alg":"RS256","typ":"JWT"}"#), common::b64(br#"{"sub":"x"}"#))
}

#[test]
fn every_format() {
    let env = env_with_secret();
    let token = jwt_shaped();
    let reply = token.clone();
    let server = TestServer::start(move |_, _| ok_token(&reply));
    let out = |args: &[&str]| {
        let out = env
            .tok()
            .args(["fetch", "--client-credentials", "--auth0", &server.url, "--client-id", ID])
            .args(["--client-secret-file", "client-secret"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "a JWT gets no note: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(out(&[]), format!("{token}\n"));
    assert_eq!(out(&["--format", "token"]), format!("{token}\n"));
    assert_eq!(out(&["--format", "header"]), format!("Authorization: Bearer {token}\n"));
    assert_eq!(out(&["--header"]), format!("Authorization: Bearer {token}\n"));
    for json in [out(&["--format", "json"]), out(&["--json"])] {
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!((v["access_token"].as_str(), v["cached"].as_bool()), (Some(token.as_str()), Some(true)));
    }
    assert_eq!(out(&["--format", "env"]), format!("export TOK_ACCESS_TOKEN='{token}'\n"));
    assert_eq!(out(&["--format", "env", "--env", "API_TOKEN"]), format!("export API_TOKEN='{token}'\n"));
    assert_eq!(out(&["--format", "curl"]), format!("-H 'Authorization: Bearer {token}'\n"));
    assert_eq!(server.requests().len(), 1, "every other form came from the cache");

    // What a shell makes of env and curl.
    let base = format!(
        "\"$TOK\" fetch --client-credentials --auth0 {} --client-id '{ID}' --client-secret-file client-secret",
        server.url
    );
    let sh = env.sh(&format!("eval \"$({base} --format env --env T)\" && printf %s \"$T\""));
    assert_eq!(String::from_utf8(sh.stdout).unwrap(), token);
    let sh = env.sh(&format!("eval \"set -- $({base} --format curl)\" && printf '<%s>' \"$@\""));
    assert_eq!(String::from_utf8(sh.stdout).unwrap(), format!("<-H><Authorization: Bearer {token}>"));

    // --format and its older spellings do not mix; --env belongs to --format env.
    for bad in [&["--format", "json", "--json"][..], &["--format", "token", "--header"], &["--env", "X"]] {
        fetch(&env, &server, bad).code(2);
    }
    fetch(&env, &server, &["--format", "env", "--env", "NOT-A-NAME"])
        .code(2)
        .stderr(predicate::str::contains("not a variable name"));
    fetch(&env, &server, &["--format", "xml"]).code(2);
}

#[test]
fn a_token_with_a_quote_is_quoted_for_the_shell() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| ok_token("it's $(id)"));
    let sh = env.sh(&format!(
        "eval \"$(\"$TOK\" fetch --client-credentials --auth0 {} --client-id x --client-secret-file \
         client-secret --format env)\" && printf %s \"$TOK_ACCESS_TOKEN\"",
        server.url
    ));
    assert_eq!(String::from_utf8(sh.stdout).unwrap(), "it's $(id)");
}

/// Auth0 hands out an opaque token (or, on newer tenants, a JWE) when no audience is sent:
/// tok says so once, when the token arrives, with the reason, and prints the token as usual.
#[test]
fn tokens_that_are_not_jwts_are_explained_once() {
    let env = env_with_secret();
    let server = TestServer::start(|_, _| ok_token("8xLOxBtZp8"));
    let out = fetch(&env, &server, &[]).success().stdout("8xLOxBtZp8\n");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("opaque, not a JWT"), "{stderr}");
    assert!(
        stderr.contains(
            "Auth0 returns an opaque token when no --audience is sent; pass --audience to get a JWT"
        ),
        "{stderr}"
    );
    // From the cache: nothing more to say.
    fetch(&env, &server, &[]).success().stderr("");

    // With an audience the reason is not Auth0's default.
    fetch(&env, &server, &["--audience", "https://api.example.com"])
        .success()
        .stderr(predicate::str::contains("opaque").and(predicate::str::contains("--audience").not()));

    // A five-part JWE is encrypted, not malformed.
    let jwe = format!("{}.a2V5.aXY.Y3Q.dGFn", common::b64(br#"{"alg":"dir","enc":"A256GCM"}"#));
    let reply = jwe.clone();
    let server = TestServer::start(move |_, _| ok_token(&reply));
    fetch(&env, &server, &["--no-cache"]).success().stdout(format!("{jwe}\n")).stderr(
        predicate::str::contains("encrypted (a five-part JWE)").and(predicate::str::contains(
            "Auth0 returns an encrypted token when no --audience is sent; pass --audience to get a JWT",
        )),
    );

    // Another provider's opaque token: no Auth0 advice.
    let server = TestServer::start(|_, _| ok_token("gho_opaque"));
    env.tok()
        .args(["fetch", "--client-credentials", "--token-url", &format!("{}/token", server.url)])
        .args(["--client-id", ID, "--client-secret-file", "client-secret"])
        .assert()
        .success()
        .stderr(predicate::str::contains("opaque").and(predicate::str::contains("Auth0").not()));

    // tok exec says the same on stderr, and CMD still gets the token.
    let server = TestServer::start(|_, _| ok_token("opaque-for-exec"));
    env.tok()
        .args(["exec", "--auth0", &server.url, "--client-id", ID, "--client-secret-file", "client-secret"])
        .args(["--", "sh", "-c", "printf %s \"$TOK_ACCESS_TOKEN\""])
        .assert()
        .success()
        .stdout("opaque-for-exec")
        .stderr(predicate::str::contains("pass --audience to get a JWT"));
}
