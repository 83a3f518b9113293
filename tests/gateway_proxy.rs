//! `tok gateway`: a real upstream, `tok serve` as the issuer and `tok gateway` in between, all on
//! 127.0.0.1. (tests/gateway.rs covers `verify --gateway`, the same verdict for one token.)

mod common;

use common::server::{Received, Reply, TestServer, TokServe};
use common::Env;
use serde_json::{json, Value};
use std::io::Read;
use std::time::Duration;

const CLIENTS: &str = r#"
[[client]]
id = "app-client-1"
secret = "secret-one"
scopes = ["read:rooms", "write:rooms"]
audiences = ["https://api.example.com"]
"#;

const AUD: &str = "https://api.example.com";

/// `tok gateway` as a child process, killed when dropped.
fn gateway(env: &Env, args: &[&str]) -> TokServe {
    TokServe::start_command(env, "gateway", args)
}

fn issuer() -> (Env, TokServe) {
    let env = Env::new();
    env.keygen("default");
    env.write("clients.toml", CLIENTS.as_bytes());
    let serve = TokServe::start(&env, &["--clients", "clients.toml"]);
    (env, serve)
}

fn token(env: &Env, serve: &TokServe, scope: &str) -> String {
    let out = env
        .tok()
        .args(["fetch", "--client-credentials", "--no-cache", "--auth0", &serve.base])
        .args(["--client-id", "app-client-1", "--audience", AUD, "--scope", scope])
        .env("TOK_CLIENT_SECRET", "secret-one")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// An upstream that answers 200 with what it received as JSON.
fn echo() -> TestServer {
    TestServer::start(|_, got: &Received| {
        Reply::json(200, json!({"method": got.method, "path": got.path})).header("x-upstream", "yes")
    })
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

fn call(method: &str, url: &str, auth: Option<&str>) -> Answer {
    let client =
        reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(20)).build().unwrap();
    let mut request = client.request(method.parse().unwrap(), url);
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    let response = request.send().unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer { status, headers, body }
}

fn www(answer: &Answer) -> &str {
    answer.headers.get("www-authenticate").map(|v| v.to_str().unwrap()).unwrap_or("")
}

#[test]
fn routes_scopes_refusals_and_mapping() {
    let (env, serve) = issuer();
    let upstream = echo();
    let iss = format!("{}/", serve.base);
    let gw = gateway(
        &env,
        &[
            "--upstream",
            &upstream.url,
            "--issuer",
            &iss,
            "--aud",
            AUD,
            "--route",
            "GET /rooms/{id} read:rooms",
            "--route",
            "POST /rooms admin:rooms write:rooms",
            "--route",
            "DELETE /rooms/{id} admin:rooms",
            "--open-route",
            "GET /health",
            "--map",
            "overwrite:header.x-user-id=$context.authorizer.claims.sub",
            "--map",
            "append:header.x-room=$request.path.id",
            "--map",
            "remove:header.x-debug=''",
        ],
    );
    let reader = token(&env, &serve, "read:rooms");
    let writer = token(&env, &serve, "write:rooms");

    // An open route: no token needed, nothing mapped from claims.
    let a = call("GET", &format!("{}/health", gw.base), None);
    assert_eq!(a.status, 200);
    assert_eq!(a.body, json!({"method": "GET", "path": "/health"}));
    assert_eq!(a.headers["x-upstream"], "yes");

    // No identity source.
    let a = call("GET", &format!("{}/rooms/1", gw.base), None);
    assert_eq!((a.status, &a.body), (401, &json!({"message": "Unauthorized"})));

    // Bearer and bare tokens; the app gets the request as sent plus the mapped headers.
    let bearer = format!("Bearer {reader}");
    let client = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
    let r = client
        .get(format!("{}/rooms/a%20b?x=1", gw.base))
        .header("authorization", &bearer)
        .header("x-debug", "1")
        .header("x-user-id", "forged")
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let got = upstream.requests().last().cloned().unwrap();
    assert_eq!(got.path, "/rooms/a%20b?x=1");
    assert_eq!(got.header("authorization"), Some(bearer.as_str()), "API Gateway passes Authorization on");
    assert_eq!(got.header("x-user-id"), Some("app-client-1@clients"));
    assert_eq!(got.header("x-room"), Some("a b"), "path parameters arrive decoded");
    assert_eq!(got.header("x-debug"), None);
    assert_eq!(call("GET", &format!("{}/rooms/2", gw.base), Some(&reader)).status, 200);

    // A valid token without any of the route's scopes: 403.
    let a = call("DELETE", &format!("{}/rooms/1", gw.base), Some(&bearer));
    assert_eq!((a.status, &a.body), (403, &json!({"message": "Forbidden"})));
    assert!(www(&a).contains("error=\"insufficient_scope\""), "{}", www(&a));
    // Scopes are any-of: write:rooms is enough for POST /rooms.
    assert_eq!(call("POST", &format!("{}/rooms", gw.base), Some(&format!("Bearer {writer}"))).status, 200);
    assert_eq!(call("POST", &format!("{}/rooms", gw.base), Some(&bearer)).status, 403);

    // Not a token.
    let a = call("GET", &format!("{}/rooms/1", gw.base), Some("Bearer not.a.token"));
    assert_eq!((a.status, &a.body), (401, &json!({"message": "Unauthorized"})));
    assert!(www(&a).starts_with("Bearer scope=\"\" error=\"invalid_token\""), "{}", www(&a));

    // No route: 404, no slash normalisation, no 405.
    for (method, path) in [("GET", "/nothing"), ("GET", "/rooms/1/"), ("PUT", "/rooms/1")] {
        let a = call(method, &format!("{}{path}", gw.base), Some(&bearer));
        assert_eq!((a.status, &a.body), (404, &json!({"message": "Not Found"})), "{method} {path}");
    }
    let requests = upstream.requests().len();
    assert_eq!(requests, 4, "refused requests never reach the app");

    let log = gw.stop();
    assert!(
        log.contains(
            "GET /rooms/1 401 route=GET /rooms/{id} reason=no token in the identity source $request.header.Authorization"
        ),
        "{log}"
    );
    assert!(log.contains("DELETE /rooms/1 403 route=DELETE /rooms/{id} reason=scope: "), "{log}");
    assert!(log.contains("GET /rooms/1 401 route=GET /rooms/{id} reason=format: "), "{log}");
    assert!(log.contains("GET /nothing 404 reason=no route matches"), "{log}");
    assert!(!log.contains(&reader) && !log.contains(&writer), "no token in the log: {log}");
}

#[test]
fn wrong_audience_is_refused_as_aws_words_it() {
    let (env, serve) = issuer();
    let upstream = echo();
    let iss = format!("{}/", serve.base);
    let gw = gateway(&env, &["--upstream", &upstream.url, "--issuer", &iss, "--aud", "other"]);
    let t = token(&env, &serve, "read:rooms");
    let a = call("GET", &format!("{}/any/path", gw.base), Some(&t));
    assert_eq!(a.status, 401);
    assert_eq!(
        www(&a),
        "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\""
    );
    assert!(upstream.requests().is_empty());
}

#[test]
fn upstream_down_and_slow() {
    let env = Env::new();
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let gw = gateway(&env, &["--upstream", &format!("http://127.0.0.1:{port}")]);
    let a = call("GET", &format!("{}/x", gw.base), None);
    assert_eq!((a.status, &a.body), (500, &json!({"message": "Internal Server Error"})));
    let log = gw.stop();
    assert!(log.contains("GET /x 500 route=$default reason=upstream: "), "{log}");
    assert!(log.contains("Connection refused"), "{log}");

    let slow = TestServer::start(|_, _| Reply::json(200, json!({})).after(Duration::from_secs(3)));
    let gw = gateway(&env, &["--upstream", &slow.url, "--upstream-timeout", "1s"]);
    let a = call("GET", &format!("{}/x", gw.base), None);
    assert_eq!((a.status, &a.body), (503, &json!({"message": "Service Unavailable"})));
}

#[test]
fn configuration_from_aws_json() {
    let (env, serve) = issuer();
    let upstream = echo();
    // AWS's documented get-routes output, as is: both routes open.
    let routes = common::fixture("aws/get-routes.json");
    let gw = gateway(&env, &["--upstream", &upstream.url, "--routes", routes.to_str().unwrap()]);
    assert_eq!(call("POST", &format!("{}/admin", gw.base), None).status, 200);
    assert_eq!(call("GET", &format!("{}/else", gw.base), None).status, 200);
    drop(gw);

    // AWS's get-authorizer output pointed at the local issuer, and a JWT route using it.
    let mut authorizer: Value =
        serde_json::from_str(&common::fixture_text("aws/get-authorizer.json")).unwrap();
    authorizer["JwtConfiguration"] = json!({"Issuer": format!("{}/", serve.base), "Audience": [AUD]});
    env.write("authorizer.json", authorizer.to_string().as_bytes());
    let mut routes: Value = serde_json::from_str(&common::fixture_text("aws/get-routes.json")).unwrap();
    routes["Items"][0]["AuthorizationType"] = json!("JWT");
    routes["Items"][0]["AuthorizerId"] = json!("a1b2c3");
    routes["Items"][0]["AuthorizationScopes"] = json!(["admin:rooms", "write:rooms"]);
    env.write("routes.json", routes.to_string().as_bytes());
    let gw = gateway(
        &env,
        &["--upstream", &upstream.url, "--authorizer", "authorizer.json", "--routes", "routes.json"],
    );
    assert_eq!(call("POST", &format!("{}/admin", gw.base), None).status, 401);
    let reader = format!("Bearer {}", token(&env, &serve, "read:rooms"));
    assert_eq!(call("POST", &format!("{}/admin", gw.base), Some(&reader)).status, 403);
    let writer = format!("Bearer {}", token(&env, &serve, "write:rooms"));
    assert_eq!(call("POST", &format!("{}/admin", gw.base), Some(&writer)).status, 200);
    assert_eq!(call("GET", &format!("{}/else", gw.base), None).status, 200);
    drop(gw);

    // What tok cannot reproduce is refused with a reason, never ignored.
    let refused = |file: &str, json: Value, flag: &str, needle: &str| {
        env.write(file, json.to_string().as_bytes());
        let mut args = vec!["gateway", "--upstream", "http://127.0.0.1:9", flag, file];
        if flag == "--routes" {
            args.extend(["--authorizer", "authorizer.json"]);
        }
        let out = env.tok().args(&args).timeout(Duration::from_secs(20)).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{needle:?} in {err}");
    };
    let mut lambda = authorizer.clone();
    lambda["AuthorizerType"] = json!("REQUEST");
    refused("a1.json", lambda, "--authorizer", "JWT authorizers only");
    let mut typo = authorizer.clone();
    typo["IdentitySources"] = json!([]);
    refused("a2.json", typo, "--authorizer", "unknown member \"IdentitySources\"");
    let mut iam = routes.clone();
    iam["Items"][1]["AuthorizationType"] = json!("AWS_IAM");
    refused("r1.json", iam, "--routes", "AWS_IAM");
    let mut page = routes.clone();
    page["NextToken"] = json!("abc");
    refused("r2.json", page, "--routes", "NextToken");
    let mut other = routes.clone();
    other["Items"][0]["AuthorizerId"] = json!("zzz");
    refused("r3.json", other, "--routes", "uses authorizer \"zzz\"");
}

#[test]
fn bad_flags_are_refused() {
    let env = Env::new();
    let run = |args: &[&str]| {
        let out = env.tok().arg("gateway").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let up = "http://127.0.0.1:9";
    assert!(run(&["--upstream", up, "--route", "GET /x"]).contains("needs the JWT authorizer"));
    assert!(run(&["--upstream", up, "--open-route", "GET /x/"]).contains("ending in /"));
    assert!(run(&["--upstream", up, "--map", "overwrite:header.Authorization=x"]).contains("reserved"));
    assert!(run(&["--upstream", "https://example.com"]).contains("http://"));
}

#[test]
fn query_identity_source_bodies_and_upstream_answers_pass_through() {
    let (env, serve) = issuer();
    let upstream = TestServer::start(|_, got: &Received| {
        Reply::json(201, json!({"got": got.body})).header("set-cookie", "a=1").header("set-cookie", "b=2")
    });
    let iss = format!("{}/", serve.base);
    let gw = gateway(
        &env,
        &[
            "--upstream",
            &upstream.url,
            "--issuer",
            &iss,
            "--aud",
            AUD,
            "--identity-source",
            "$request.querystring.token",
            "--route",
            "ANY /{proxy+}",
            "--map",
            "overwrite:header.x-scope=$context.authorizer.claims.scope",
        ],
    );
    let t = token(&env, &serve, "read:rooms write:rooms");
    let client = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
    // The header is not the identity source here.
    let r = client.post(format!("{}/rooms", gw.base)).bearer_auth(&t).body("hi").send().unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = client.post(format!("{}/rooms?token={t}", gw.base)).body("{\"n\":1}").send().unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let cookies: Vec<_> =
        r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert_eq!(cookies, ["a=1", "b=2"], "every upstream header value passes back");
    let body: Value = serde_json::from_str(&r.text().unwrap()).unwrap();
    assert_eq!(body, json!({"got": "{\"n\":1}"}));
    let got = upstream.requests().last().cloned().unwrap();
    assert_eq!(got.header("x-scope"), Some("read:rooms write:rooms"));
    // The greedy route does not match the root.
    let r = client.get(format!("{}/?token={t}", gw.base)).send().unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let log = gw.stop();
    assert!(!log.contains(&t), "the query string (and its token) is never logged: {log}");
}

/// A WebSocket-ish upstream on a raw socket: answers the handshake with 101, then echoes bytes
/// until the client closes. Frames pass through the gateway untouched, so bytes are enough.
fn ws_echo() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (heads, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let heads = heads.clone();
            std::thread::spawn(move || {
                stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                let head = read_head(&mut stream);
                let _ = heads.send(head);
                stream
                    .write_all(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                    .unwrap();
                let mut buf = [0u8; 1024];
                while let Ok(n) = stream.read(&mut buf) {
                    if n == 0 || stream.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            });
        }
    });
    (url, rx)
}

fn read_head(stream: &mut std::net::TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16384 {
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            break;
        }
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).to_string()
}

fn ws_connect(base: &str, path: &str) -> (std::net::TcpStream, String) {
    ws_connect_with(base, path, "")
}

fn ws_connect_with(base: &str, path: &str, extra: &str) -> (std::net::TcpStream, String) {
    use std::io::Write;
    let addr = base.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extra}\r\n"
    );
    stream.write_all(request.as_bytes()).unwrap();
    let head = read_head(&mut stream);
    (stream, head)
}

#[test]
fn websocket_connect_is_authorized_then_relayed() {
    use std::io::Write;
    let (env, serve) = issuer();
    let (upstream, heads) = ws_echo();
    let iss = format!("{}/", serve.base);
    let gw = gateway(
        &env,
        &[
            "--upstream",
            &upstream,
            "--websocket",
            "--issuer",
            &iss,
            "--aud",
            AUD,
            "--identity-source",
            "route.request.querystring.token",
            "--map",
            "overwrite:header.x-user-id=$context.authorizer.claims.sub",
        ],
    );
    // Refused before any upgrade, and the upstream never sees it.
    let (_, head) = ws_connect(&gw.base, "/chat");
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    assert!(!head.to_ascii_lowercase().contains("upgrade: websocket"), "{head}");
    let (_, head) = ws_connect(&gw.base, "/chat?token=not.a.token");
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    assert!(heads.try_recv().is_err());

    let t = token(&env, &serve, "read:rooms");
    let (mut stream, head) = ws_connect(&gw.base, &format!("/chat?token={t}"));
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    assert!(head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "the upstream's accept key passes back: {head}");
    let upstream_head = heads.recv_timeout(Duration::from_secs(10)).unwrap().to_ascii_lowercase();
    assert!(upstream_head.contains("upgrade: websocket"), "{upstream_head}");
    assert!(upstream_head.contains("x-user-id: app-client-1@clients"), "{upstream_head}");
    // Bytes both ways (a masked text frame "hi" from a client, echoed as is).
    let frame = [0x81u8, 0x82, 1, 2, 3, 4, b'h' ^ 1, b'i' ^ 2];
    stream.write_all(&frame).unwrap();
    let mut echoed = [0u8; 8];
    stream.read_exact(&mut echoed).unwrap();
    assert_eq!(echoed, frame);
    drop(stream);
    let log = gw.stop();
    assert!(log.contains("GET /chat 401 route=$connect reason=no token"), "{log}");
    assert!(log.contains("GET /chat 101 route=$connect"), "{log}");
    assert!(!log.contains(&t), "{log}");
}

#[test]
fn websocket_token_smuggled_in_the_subprotocols() {
    let (env, serve) = issuer();
    let (upstream, heads) = ws_echo();
    let iss = format!("{}/", serve.base);
    let gw = gateway(
        &env,
        &[
            "--upstream",
            &upstream,
            "--websocket",
            "--issuer",
            &iss,
            "--aud",
            AUD,
            "--identity-source",
            "route.request.header.Sec-WebSocket-Protocol",
        ],
    );
    let (_, head) = ws_connect_with(&gw.base, "/", "Sec-WebSocket-Protocol: chat\r\n");
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    let t = token(&env, &serve, "read:rooms");
    let (_, head) = ws_connect_with(&gw.base, "/", &format!("Sec-WebSocket-Protocol: chat, {t}\r\n"));
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    let upstream_head = heads.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(
        upstream_head.to_ascii_lowercase().contains("sec-websocket-protocol: chat\r\n"),
        "{upstream_head}"
    );
    assert!(!upstream_head.contains(&t), "the app never gets the token as a subprotocol: {upstream_head}");
}

#[test]
fn lambda_policy_cache_trap() {
    let (env, serve) = issuer();
    let upstream = echo();
    let iss = format!("{}/", serve.base);
    let api = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev";
    let start = |extra: &[&str]| {
        let mut args =
            vec!["--upstream", &upstream.url, "--issuer", &iss, "--aud", AUD, "--lambda-policy", api];
        args.extend([
            "--route",
            "ANY /{proxy+}",
            "--map",
            "overwrite:header.x-principal=$context.authorizer.principalId",
        ]);
        args.extend(extra);
        gateway(&env, &args)
    };
    let t = format!("Bearer {}", token(&env, &serve, "read:rooms"));

    let gw = start(&[]);
    assert_eq!(call("GET", &format!("{}/rooms/1", gw.base), Some(&t)).status, 200);
    let got = upstream.requests().last().cloned().unwrap();
    assert_eq!(got.header("x-principal"), Some("app-client-1@clients"));
    // The same token, another path, within the TTL: the cached exact policy does not cover it.
    let a = call("GET", &format!("{}/rooms/2", gw.base), Some(&t));
    assert_eq!(
        (a.status, &a.body),
        (403, &json!({"message": "User is not authorized to access this resource"}))
    );
    // An invalid token gets the authorizer's Deny.
    let a = call("GET", &format!("{}/rooms/1", gw.base), Some("Bearer not.a.token"));
    assert_eq!(
        (a.status, &a.body),
        (403, &json!({"message": "User is not authorized to access this resource with an explicit deny"}))
    );
    assert_eq!(call("GET", &format!("{}/rooms/1", gw.base), None).status, 401);
    let log = gw.stop();
    assert!(log.contains("GET /rooms/2 403 route=ANY /{proxy+} reason=the policy cached "), "{log}");
    assert!(
        log.contains(&format!("ago for {api}/GET/rooms/1 (same token) does not cover {api}/GET/rooms/2")),
        "{log}"
    );
    assert!(log.contains("--policy-resource wildcard"), "{log}");

    // The two fixes AWS names: a wildcard resource, or no cache.
    for fix in [&["--policy-resource", "wildcard"][..], &["--authorizer-ttl", "0"][..]] {
        let gw = start(fix);
        assert_eq!(call("GET", &format!("{}/rooms/1", gw.base), Some(&t)).status, 200, "{fix:?}");
        assert_eq!(call("POST", &format!("{}/rooms/2", gw.base), Some(&t)).status, 200, "{fix:?}");
    }
}

/// An issuer whose JWK Set the test changes: discovery and the set, on 127.0.0.1.
fn keys_server(keys: std::sync::Arc<std::sync::Mutex<Value>>) -> TestServer {
    TestServer::start(move |_, req| {
        if req.path == "/.well-known/openid-configuration" {
            let host = req.header("host").unwrap().to_string();
            Reply::json(
                200,
                json!({"issuer": format!("http://{host}/"), "jwks_uri": format!("http://{host}/keys")}),
            )
        } else {
            Reply::json(200, keys.lock().unwrap().clone())
        }
    })
}

fn jwk(env: &Env, name: &str) -> Value {
    let out = env.tok().args(["keys", "show", name, "--jwk"]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The gateway remembers the tokens whose signature it verified; these show that no verdict
/// changes with it: a remembered token still expires, a key rotated out (its kid now naming
/// other key material) refuses it, and the same payload under another signature is checked
/// afresh, since the whole token is the key.
#[test]
fn remembered_signatures_change_no_verdict() {
    let env = Env::new();
    env.keygen("a");
    env.keygen("b");
    let (jwk_a, jwk_b) = (jwk(&env, "a"), jwk(&env, "b"));
    let keys = std::sync::Arc::new(std::sync::Mutex::new(json!({"keys": [jwk_a]})));
    let issuer = keys_server(std::sync::Arc::clone(&keys));
    let upstream = echo();
    let iss = format!("{}/", issuer.url);
    let gw = gateway(
        &env,
        &["--upstream", &upstream.url, "--issuer", &iss, "--aud", AUD, "--jwks-cooldown", "0s"],
    );
    let url = format!("{}/rooms", gw.base);
    let sign = |key: &str, ttl: &str| env.sign(&["--key", key, "--iss", &iss, "--aud", AUD, "--ttl", ttl]);

    // Expiry is checked on every request: a token verified (and remembered) twice, then expired.
    let short = sign("a", "2s");
    assert_eq!(call("GET", &url, Some(&short)).status, 200);
    assert_eq!(call("GET", &url, Some(&short)).status, 200);
    std::thread::sleep(Duration::from_millis(2600));
    let expired = call("GET", &url, Some(&short));
    assert_eq!(expired.status, 401, "{}", expired.body);
    assert!(www(&expired).contains("invalid_token"), "{}", www(&expired));

    // The same header and payload under b's signature: not the remembered token, so refused.
    let good = sign("a", "1h");
    assert_eq!(call("GET", &url, Some(&good)).status, 200);
    let forged = {
        let other = env.sign(&["--key", "b", "--iss", &iss, "--aud", AUD, "--ttl", "1h"]);
        let (signing_input, _) = good.rsplit_once('.').unwrap();
        format!("{signing_input}.{}", other.rsplit_once('.').unwrap().1)
    };
    assert_eq!(call("GET", &url, Some(&forged)).status, 401);
    assert_eq!(call("GET", &url, Some(&good)).status, 200);

    // Rotation: a's kid now names b's key material. A token with b's kid makes the gateway
    // fetch the set again; a's remembered token must then fail its signature check.
    let mut reused = jwk_b.clone();
    reused["kid"] = jwk_a["kid"].clone();
    *keys.lock().unwrap() = json!({"keys": [reused, jwk_b]});
    assert_eq!(call("GET", &url, Some(&sign("b", "1h"))).status, 200);
    let rotated = call("GET", &url, Some(&good));
    assert_eq!(rotated.status, 401, "a token remembered under the old keys passed: {}", rotated.body);
    let log = gw.stop();
    assert!(log.contains("signature"), "{log}");
}
