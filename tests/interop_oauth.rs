//! Client authentication against an OAuth 2.0 server tok did not write: panva's
//! `oidc-provider` (npm, pinned in tests/interop/oidc-provider/package-lock.json), installed
//! with `npm ci` and run on 127.0.0.1 by this test. private_key_jwt (ES256 and RS256 keyring
//! keys), client_secret_jwt and client_secret_basic (a space in the secret) must be accepted;
//! another key, an expired assertion, another audience and a replayed `jti` refused with
//! `invalid_client`; and a token from it must introspect as active.
//!
//! Without Node and npm, or when `npm ci` cannot reach a registry, the test says
//! "skipping: …" on stderr and passes; TOK_INTEROP_REQUIRED=1 makes that a failure instead.

mod common;

use common::Env;
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NPM_CI_LIMIT: Duration = Duration::from_secs(180);
const START_LIMIT: Duration = Duration::from_secs(30);
/// The resource server server.mjs hands out JWT access tokens for (RFC 8707).
const RESOURCE: &str = "https://api.tok.example/";
const CS_JWT_SECRET: &str = "a-long-client-secret-for-client_secret_jwt-0123456789";
const BASIC_SECRET: &str = "a secret with spaces 0123456789";

/// Passes with a "skipping" line when the runtime or the registry is missing, unless the
/// environment insists on the interop run.
fn skip(why: &str) {
    if std::env::var_os("TOK_INTEROP_REQUIRED").is_some_and(|v| v == "1") {
        panic!("TOK_INTEROP_REQUIRED=1 but: {why}");
    }
    eprintln!("skipping: {why}");
}

/// `node --version`'s major number (`v20.20.2` → 20).
fn node_major() -> Option<u32> {
    let out = Command::new("node").arg("--version").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.trim().strip_prefix('v')?.split('.').next()?.parse().ok()
}

fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Waits for `child` at most `limit`, killing it past that; None when it was killed.
fn wait_bounded(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// tests/interop/oidc-provider copied to `dir` and `npm ci` there; Err is why it cannot run.
fn install(dir: &Path) -> Result<(), String> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/oidc-provider");
    for file in ["package.json", "package-lock.json", "server.mjs"] {
        std::fs::copy(source.join(file), dir.join(file)).unwrap();
    }
    let mut npm = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("npm could not start: {e}"))?;
    // Read stderr aside so a chatty npm never blocks on a full pipe.
    let mut stderr = npm.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let status = wait_bounded(&mut npm, NPM_CI_LIMIT);
    let stderr = reader.join().unwrap_or_default();
    // npm's first error lines name the cause (ECONNREFUSED, ENOTFOUND, E404…); the rest is a stack.
    let cause = stderr.lines().filter(|l| l.starts_with("npm error")).take(4).collect::<Vec<_>>().join(" | ");
    match status {
        None => Err(format!("`npm ci` for oidc-provider took over {}s (offline?)", NPM_CI_LIMIT.as_secs())),
        Some(s) if !s.success() => Err(format!("`npm ci` for oidc-provider failed ({s}): {cause}")),
        Some(_) => Ok(()),
    }
}

/// `node server.mjs clients.json`: stopped (SIGTERM, then SIGKILL) when dropped, panics included.
struct OidcProvider {
    child: Child,
    issuer: String,
    /// The server's stderr: every refused client authentication, with oidc-provider's reason.
    log: Arc<Mutex<String>>,
}

impl OidcProvider {
    fn start(dir: &Path, clients: &Path) -> OidcProvider {
        let mut child = Command::new("node")
            .arg("server.mjs")
            .arg(clients)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = tx.send(lines.next().and_then(Result::ok));
            // Keep draining so the server never blocks on stdout.
            for _ in lines {}
        });
        let first = rx.recv_timeout(START_LIMIT);
        let mut server = OidcProvider { child, issuer: String::new(), log };
        match first {
            Ok(Some(line)) if line.starts_with("http://127.0.0.1:") => {
                server.issuer = line.trim().to_string()
            }
            other => {
                panic!("oidc-provider did not start ({other:?}); its stderr:\n{}", server.log.lock().unwrap())
            }
        }
        server
    }

    fn token_endpoint(&self) -> String {
        format!("{}/token", self.issuer)
    }

    /// Waits (bounded) until the server has logged `needle`: the reason it gave itself.
    fn logged(&self, needle: &str) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if self.log.lock().unwrap().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    fn log_text(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        if wait_bounded(&mut self.child, Duration::from_secs(5)).is_none() {
            eprintln!("oidc-provider ignored SIGTERM for 5s and was killed");
        }
    }
}

/// A JWK Set of one keyring key's public half, as `tok jwks` publishes it.
fn public_jwks(env: &Env, key: &str) -> Value {
    let out = env.tok().args(["jwks", "--key", key]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A client-credentials-only client, in oidc-provider's client metadata.
fn client(id: &str, method: &str, extra: Value) -> Value {
    let mut metadata = json!({
        "client_id": id,
        "token_endpoint_auth_method": method,
        "grant_types": ["client_credentials"],
        "response_types": [],
        "redirect_uris": [],
    });
    metadata.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    metadata
}

/// POSTs a hand-made assertion to the token endpoint: (status, body).
fn post_assertion(server: &OidcProvider, client_id: &str, assertion: &str) -> (u16, Value) {
    let response = Client::new()
        .post(server.token_endpoint())
        .header("content-type", "application/x-www-form-urlencoded")
        .timeout(Duration::from_secs(10))
        .body(format!(
            "grant_type=client_credentials&client_id={client_id}&client_assertion_type=\
             urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={assertion}"
        ))
        .send()
        .unwrap();
    let status = response.status().as_u16();
    (status, serde_json::from_str(&response.text().unwrap()).unwrap_or(Value::Null))
}

#[test]
fn client_authentication_against_oidc_provider() {
    if !runs("node") || !runs("npm") {
        return skip("node and npm are needed to run oidc-provider (the independent OAuth server)");
    }
    match node_major() {
        Some(major) if major >= 20 => {}
        other => {
            return skip(&format!("oidc-provider 9 needs Node 20 or later; node --version says {other:?}"))
        }
    }
    let work = tempfile::tempdir().unwrap();
    if let Err(why) = install(work.path()) {
        return skip(&why);
    }

    let env = Env::new();
    let keygen = |name: &str, args: &[&str]| {
        let out = env.tok().args(["keygen", "--name", name]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    keygen("ec-client", &["--type", "ec"]);
    keygen("rsa-client", &[]);
    keygen("stranger", &["--type", "ec"]);
    let secret_file = |name: &str, secret: &str| {
        let path = env.write(name, secret.as_bytes());
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    };
    secret_file("cs-jwt-secret", CS_JWT_SECRET);
    secret_file("basic-secret", BASIC_SECRET);
    // token_endpoint_auth_signing_alg pins the algorithm: the server refuses any other.
    let clients = json!([
        client(
            "pk-es256",
            "private_key_jwt",
            json!({
                "jwks": public_jwks(&env, "ec-client"),
                "token_endpoint_auth_signing_alg": "ES256",
            })
        ),
        client(
            "pk-rs256",
            "private_key_jwt",
            json!({
                "jwks": public_jwks(&env, "rsa-client"),
                "token_endpoint_auth_signing_alg": "RS256",
            })
        ),
        client(
            "cs-jwt",
            "client_secret_jwt",
            json!({
                "client_secret": CS_JWT_SECRET,
                "token_endpoint_auth_signing_alg": "HS256",
            })
        ),
        client("basic-spaced", "client_secret_basic", json!({"client_secret": BASIC_SECRET})),
    ]);
    let clients_file = work.path().join("clients.json");
    std::fs::write(&clients_file, serde_json::to_vec_pretty(&clients).unwrap()).unwrap();
    let server = OidcProvider::start(work.path(), &clients_file);
    let issuer = server.issuer.clone();

    let metadata: Value = serde_json::from_str(
        &Client::new()
            .get(format!("{issuer}/.well-known/openid-configuration"))
            .timeout(Duration::from_secs(10))
            .send()
            .unwrap()
            .text()
            .unwrap(),
    )
    .unwrap();
    let methods = metadata["token_endpoint_auth_methods_supported"].to_string();
    assert!(methods.contains("private_key_jwt") && methods.contains("client_secret_jwt"), "{methods}");
    assert_eq!(metadata["token_endpoint"], server.token_endpoint());

    let fetch = |args: &[&str]| {
        env.tok()
            .args(["fetch", "--client-credentials", "--no-cache", "--timeout", "20s", "--issuer", &issuer])
            .args(args)
            .output()
            .unwrap()
    };
    let ok = |out: &std::process::Output, what: &str| -> String {
        assert!(
            out.status.success(),
            "{what}: tok said {}\nserver log:\n{}",
            String::from_utf8_lossy(&out.stderr),
            server.log_text()
        );
        String::from_utf8(out.stdout.clone()).unwrap().trim().to_string()
    };
    let refused = |out: &std::process::Output, what: &str| {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{what}: {stderr}");
        assert!(stderr.contains("invalid_client"), "{what}: {stderr}");
    };

    // private_key_jwt with an EC key (ES256), endpoint by discovery: an opaque token.
    let opaque = ok(&fetch(&["--client-id", "pk-es256", "--key", "ec-client"]), "private-key-jwt ES256");
    assert!(!opaque.contains('.'), "no resource asked for, so an opaque token: {opaque}");

    // private_key_jwt with an RSA key (RS256), for a resource server: a JWT access token that
    // tok verifies against the server's own JWKS, found by discovery.
    let jwt = ok(
        &fetch(&[
            "--client-id",
            "pk-rs256",
            "--key",
            "rsa-client",
            "--resource",
            RESOURCE,
            "--scope",
            "read",
        ]),
        "private-key-jwt RS256",
    );
    let claims = common::segment_json(&jwt, 1);
    assert_eq!((claims["client_id"].as_str(), claims["aud"].as_str()), (Some("pk-rs256"), Some(RESOURCE)));
    assert_eq!(claims["scope"], "read");
    let out = env.tok().args(["verify", "--issuer", &issuer, "--aud", RESOURCE, &jwt]).output().unwrap();
    assert!(out.status.success(), "verify: {}", String::from_utf8_lossy(&out.stderr));

    // The issuer as the assertion's audience is accepted too (--assertion-aud).
    ok(
        &fetch(&["--client-id", "pk-es256", "--key", "ec-client", "--assertion-aud", &issuer]),
        "private-key-jwt with aud = issuer",
    );

    // client_secret_jwt: HS256 over the shared secret.
    ok(
        &fetch(&[
            "--client-id",
            "cs-jwt",
            "--auth",
            "client-secret-jwt",
            "--client-secret-file",
            "cs-jwt-secret",
        ]),
        "client-secret-jwt",
    );

    // client_secret_basic with spaces in the secret (tok form-encodes them as %20).
    let basic_token = ok(
        &fetch(&["--client-id", "basic-spaced", "--auth", "basic", "--client-secret-file", "basic-secret"]),
        "basic with a spaced secret",
    );
    // …and this server saw them so (it would accept '+' too: it reads both as a space).
    assert!(server.logged("basic /token: spaces sent as \"%20\"\n"), "{}", server.log_text());

    // A key the client did not register.
    refused(&fetch(&["--client-id", "pk-es256", "--key", "stranger"]), "unregistered key");
    assert!(server.logged("no applicable key found"), "{}", server.log_text());
    // An RS256 assertion for a client registered for ES256.
    refused(&fetch(&["--client-id", "pk-es256", "--key", "rsa-client"]), "another algorithm");
    assert!(server.logged("alg mismatch"), "{}", server.log_text());
    // The client_secret_jwt client's secret over Basic: not its registered method.
    refused(
        &fetch(&["--client-id", "cs-jwt", "--auth", "basic", "--client-secret-file", "cs-jwt-secret"]),
        "unregistered method",
    );

    // Hand-made assertions, signed by tok sign with the client's registered key.
    let endpoint = server.token_endpoint();
    let assertion = |aud: &str, ttl: &str| {
        env.sign(&[
            "--key",
            "ec-client",
            "--iss",
            "pk-es256",
            "--sub",
            "pk-es256",
            "--aud",
            aud,
            "--jti",
            "--ttl",
            ttl,
        ])
    };
    let good = assertion(&endpoint, "2m");
    let (status, body) = post_assertion(&server, "pk-es256", &good);
    assert_eq!(status, 200, "{body}\n{}", server.log_text());
    // The same assertion again: a replayed jti.
    let (status, body) = post_assertion(&server, "pk-es256", &good);
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")), "{body}");
    assert!(server.logged("client assertion tokens must only be used once"), "{}", server.log_text());
    for (bad, why, reason) in [
        (assertion("https://elsewhere.example/token", "2m"), "another audience", "audience (aud) must"),
        (assertion(&endpoint, "-5m"), "expired", "jwt expired"),
    ] {
        let (status, body) = post_assertion(&server, "pk-es256", &bad);
        assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")), "{why}: {body}");
        assert!(server.logged(reason), "{why}: {}", server.log_text());
    }

    // Introspection (RFC 7662), the client authenticated by private_key_jwt whose audience is
    // now the introspection endpoint: active for a live token, inactive for nonsense.
    let introspect = |token: &str| {
        env.tok()
            .args(["introspect", "--timeout", "20s", "--issuer", &issuer])
            .args(["--client-id", "pk-es256", "--key", "ec-client", token])
            .output()
            .unwrap()
    };
    let out = introspect(&opaque);
    let answer: Value = serde_json::from_str(&ok(&out, "introspect")).unwrap();
    assert_eq!((answer["active"].as_bool(), answer["client_id"].as_str()), (Some(true), Some("pk-es256")));
    let out = introspect(&basic_token);
    let answer: Value = serde_json::from_str(&ok(&out, "introspect another client's token")).unwrap();
    assert_eq!(answer["client_id"], "basic-spaced");
    let out = introspect("not-a-token-this-server-issued");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap()["active"], false);
}
