//! `tok gateway`: a real upstream, `tok serve` as the issuer and `tok gateway` in between, all on
//! 127.0.0.1. (tests/gateway.rs covers `verify --gateway`, the same verdict for one token.)

mod common;

use common::gateway::{gateway, issuer, token, AUD};
use common::server::{Received, Reply, TestServer};
use common::Env;
use serde_json::{json, Value};
use std::io::Read;
use std::time::Duration;

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
    let auth: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
    send(method, url, &auth)
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

/// An upstream that echoes what it received and sets CORS headers of its own, which API Gateway
/// ignores once the API has a CORS configuration.
fn cors_echo() -> TestServer {
    TestServer::start(|_, got: &Received| {
        Reply::json(200, json!({"method": got.method, "path": got.path}))
            .header("access-control-allow-origin", "https://evil.example")
            .header("access-control-allow-credentials", "true")
    })
}

fn send(method: &str, url: &str, headers: &[(&str, &str)]) -> Answer {
    let client =
        reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(20)).build().unwrap();
    let mut request = client.request(method.parse().unwrap(), url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer { status, headers, body }
}

fn header<'a>(answer: &'a Answer, name: &str) -> Option<&'a str> {
    answer.headers.get(name).map(|v| v.to_str().unwrap())
}

#[test]
fn cors_preflight_is_answered_before_routes_and_the_authorizer() {
    let (env, serve) = issuer();
    let upstream = cors_echo();
    let iss = format!("{}/", serve.base);
    // AWS's documented CorsConfiguration, as get-api prints it, in front of a JWT $default.
    let file = common::fixture("aws/get-api.json");
    let gw = gateway(
        &env,
        &["--upstream", &upstream.url, "--issuer", &iss, "--aud", AUD, "--cors", file.to_str().unwrap()],
    );
    let url = format!("{}/rooms/1", gw.base);
    let origin = "https://www.example.com";
    let preflight = [("origin", origin), ("access-control-request-method", "GET")];

    // No token, yet 204: the preflight never reaches the authorizer nor the app.
    let a = send("OPTIONS", &url, &preflight);
    assert_eq!(a.status, 204, "{:?}", a.body);
    assert_eq!(a.body, Value::String(String::new()));
    assert_eq!(header(&a, "access-control-allow-origin"), Some(origin));
    assert_eq!(header(&a, "access-control-allow-methods"), Some("GET,OPTIONS"));
    assert_eq!(header(&a, "access-control-allow-headers"), Some("header1,header2"));
    assert_eq!(header(&a, "access-control-allow-credentials"), None, "AllowCredentials is false");
    assert!(header(&a, "apigw-requestid").is_some_and(|id| !id.is_empty()));

    // An origin not allowed: the same 204 without a CORS header, so the browser stops there.
    let a = send(
        "OPTIONS",
        &url,
        &[("origin", "https://evil.example"), ("access-control-request-method", "GET")],
    );
    assert_eq!(a.status, 204);
    assert!(a.headers.keys().all(|k| !k.as_str().starts_with("access-control-")), "{:?}", a.headers);

    // An OPTIONS without Access-Control-Request-Method is no preflight: routed, so authorized.
    assert_eq!(send("OPTIONS", &url, &[("origin", origin)]).status, 401);
    assert!(upstream.requests().is_empty(), "preflights never reach the app");

    // A real request: the configured headers replace the app's own CORS headers.
    let t = format!("Bearer {}", token(&env, &serve, "read:rooms"));
    let a = send("GET", &url, &[("origin", origin), ("authorization", &t)]);
    assert_eq!(a.status, 200);
    assert_eq!(header(&a, "access-control-allow-origin"), Some(origin));
    assert_eq!(header(&a, "access-control-allow-credentials"), None, "the app's is ignored");
    // Without an Origin, no CORS header at all, the app's included.
    let a = send("GET", &url, &[("authorization", &t)]);
    assert_eq!(a.status, 200);
    assert!(a.headers.keys().all(|k| !k.as_str().starts_with("access-control-")), "{:?}", a.headers);
    // The gateway's own refusals carry them too, so the page can read the 401.
    let a = send("GET", &url, &[("origin", origin)]);
    assert_eq!((a.status, header(&a, "access-control-allow-origin")), (401, Some(origin)));

    let log = gw.stop();
    assert!(log.contains("OPTIONS /rooms/1 204 cors=preflight"), "{log}");
    assert!(
        log.contains("OPTIONS /rooms/1 204 reason=CORS preflight from an origin not in AllowOrigins"),
        "{log}"
    );
}

#[test]
fn cors_flags_wire_shape_and_what_aws_refuses() {
    let env = Env::new();
    let upstream = cors_echo();
    // The common case in flags: AWS's scheme wildcard, credentials, no file.
    let gw = gateway(
        &env,
        &[
            "--upstream",
            &upstream.url,
            "--cors-allow-origin",
            "http://*",
            "--cors-allow-method",
            "*",
            "--cors-allow-header",
            "authorization",
            "--cors-allow-credentials",
        ],
    );
    let a = send(
        "OPTIONS",
        &format!("{}/x", gw.base),
        &[("origin", "http://localhost:3000"), ("access-control-request-method", "PUT")],
    );
    assert_eq!(a.status, 204);
    assert_eq!(header(&a, "access-control-allow-origin"), Some("http://localhost:3000"));
    assert_eq!(header(&a, "access-control-allow-credentials"), Some("true"));
    assert_eq!(header(&a, "access-control-allow-methods"), Some("*"));
    let a = send(
        "OPTIONS",
        &format!("{}/x", gw.base),
        &[("origin", "https://localhost:3000"), ("access-control-request-method", "PUT")],
    );
    assert_eq!(header(&a, "access-control-allow-origin"), None, "http://* is not https://");
    drop(gw);

    // The wire (camelCase) shape, with what only real responses carry.
    env.write(
        "wire.json",
        json!({"apiId": "a1", "protocolType": "HTTP", "corsConfiguration":
            {"allowOrigins": ["*"], "exposeHeaders": ["x-request-id"], "maxAge": 300}})
        .to_string()
        .as_bytes(),
    );
    let gw = gateway(&env, &["--upstream", &upstream.url, "--cors", "wire.json"]);
    let a = send(
        "OPTIONS",
        &format!("{}/x", gw.base),
        &[("origin", "https://a.example"), ("access-control-request-method", "GET")],
    );
    assert_eq!(header(&a, "access-control-allow-origin"), Some("*"));
    assert_eq!(header(&a, "access-control-max-age"), Some("300"));
    let a = send("GET", &format!("{}/x", gw.base), &[("origin", "https://a.example")]);
    assert_eq!(header(&a, "access-control-allow-origin"), Some("*"));
    assert_eq!(header(&a, "access-control-expose-headers"), Some("x-request-id"));
    drop(gw);

    let refused = |args: &[&str], needle: &str| {
        let out = env.tok().arg("gateway").args(["--upstream", &upstream.url]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{needle:?} in {err}");
    };
    let file = |name: &str, cors: Value| {
        let mut api: Value = serde_json::from_str(&common::fixture_text("aws/get-api.json")).unwrap();
        api["CorsConfiguration"] = cors;
        env.write(name, api.to_string().as_bytes());
    };
    file("c1.json", json!({"AllowOrigins": ["*"], "AllowCredentials": true}));
    refused(&["--cors", "c1.json"], "allow-credentials is not supported if 'allow-origin' is *");
    file("c2.json", json!({"AllowOrigins": ["https://*.example.com"]}));
    refused(&["--cors", "c2.json"], "no wildcard but *, https://* and http://*");
    file("c3.json", json!({"AllowOrigin": ["https://www.example.com"]}));
    refused(&["--cors", "c3.json"], "CorsConfiguration: unknown member \"AllowOrigin\"");
    let mut ws: Value = serde_json::from_str(&common::fixture_text("aws/get-api.json")).unwrap();
    ws["ProtocolType"] = json!("WEBSOCKET");
    env.write("c4.json", ws.to_string().as_bytes());
    refused(&["--cors", "c4.json"], "CORS configurations belong to HTTP APIs");
    let mut none: Value = serde_json::from_str(&common::fixture_text("aws/get-api.json")).unwrap();
    none.as_object_mut().unwrap().remove("CorsConfiguration");
    env.write("c5.json", none.to_string().as_bytes());
    refused(&["--cors", "c5.json"], "no CorsConfiguration");
    refused(
        &["--cors-allow-origin", "*", "--cors-allow-credentials"],
        "--cors-allow-credentials is not supported",
    );
    refused(&["--cors-allow-origin", "app.example.com"], "not an origin");
}

#[test]
fn the_app_gets_forwarded_headers_and_the_client_the_request_id() {
    let env = Env::new();
    let upstream = echo();
    let gw =
        gateway(&env, &["--upstream", &upstream.url, "--map", "overwrite:header.x-rid=$context.requestId"]);
    let a = send("GET", &format!("{}/x", gw.base), &[("x-forwarded-for", "203.0.113.9")]);
    assert_eq!(a.status, 200);
    let got = upstream.requests().last().cloned().unwrap();
    // The client's address appended to the chain it sent.
    assert_eq!(got.header("x-forwarded-for"), Some("203.0.113.9, 127.0.0.1"));
    assert_eq!(got.header("x-forwarded-proto"), Some("http"));
    let port = gw.base.rsplit(':').next().unwrap();
    assert_eq!(got.header("x-forwarded-port"), Some(port));
    let trace = got.header("x-amzn-trace-id").unwrap();
    let parts: Vec<&str> = trace.strip_prefix("Root=1-").unwrap().split('-').collect();
    assert!(
        parts.len() == 2 && parts[0].len() == 8 && parts[1].len() == 24,
        "an X-Ray trace header: {trace}"
    );
    // apigw-requestid is $context.requestId.
    let id = header(&a, "apigw-requestid").unwrap();
    assert_eq!(got.header("x-rid"), Some(id));

    // Sent by the client: proto and port are the gateway's, a trace id is kept.
    let _ = send(
        "GET",
        &format!("{}/x", gw.base),
        &[("x-forwarded-proto", "https"), ("x-amzn-trace-id", "Root=1-00000000-000000000000000000000001")],
    );
    let got = upstream.requests().last().cloned().unwrap();
    assert_eq!(got.header("x-forwarded-for"), Some("127.0.0.1"));
    assert_eq!(got.header("x-forwarded-proto"), Some("http"));
    assert_eq!(got.header("x-amzn-trace-id"), Some("Root=1-00000000-000000000000000000000001"));
}

/// Sends `head` (and nothing more) and reads the answer until the server closes.
fn raw(base: &str, head: &str) -> String {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(base.strip_prefix("http://").unwrap()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).to_string()
}

#[test]
fn quotas_are_refused_in_api_gateway_shape() {
    let env = Env::new();
    let upstream = echo();
    let gw = gateway(&env, &["--upstream", &upstream.url]);
    let addr = gw.base.strip_prefix("http://").unwrap();

    // Over 10 MB declared: refused before a byte of the body is read.
    let answer =
        raw(&gw.base, &format!("POST /x HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 10485761\r\n\r\n"));
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.ends_with("\r\n\r\n{\"message\":\"Request Entity Too Large\"}"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("apigw-requestid: "), "{answer}");

    // Request line + headers over 10240 bytes; a head just under it passes.
    let head = |filler: usize| {
        format!(
            "GET /x HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
            "a".repeat(filler)
        )
    };
    let base_len = head(0).len() - 2; // the final CRLF ends the head, it is no header
    let answer = raw(&gw.base, &head(10240 - base_len));
    assert!(answer.starts_with("HTTP/1.1 200"), "exactly 10240 bytes: {answer}");
    let answer = raw(&gw.base, &head(10240 - base_len + 1));
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    assert!(answer.ends_with("{\"message\":\"Request Header Fields Too Large\"}"), "{answer}");
    assert_eq!(upstream.requests().len(), 1, "refused requests never reach the app");
    let log = gw.stop();
    assert!(log.contains("POST /x 413") && log.contains("GET /x 431"), "{log}");
}

#[test]
fn head_answers_keep_the_upstream_content_length() {
    let env = Env::new();
    // The same body for GET and HEAD, as an app answers (HEAD's never sent).
    let upstream = TestServer::start(|_, _| Reply::json(200, json!({"room": "r1", "seats": 12})));
    let gw = gateway(&env, &["--upstream", &upstream.url]);
    let addr = gw.base.strip_prefix("http://").unwrap();
    let get = call("GET", &format!("{}/x", gw.base), None);
    let length = header(&get, "content-length").unwrap().to_string();
    assert_ne!(length, "0");
    let answer = raw(&gw.base, &format!("HEAD /x HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(lower.contains(&format!("\r\ncontent-length: {length}\r\n")), "GET's length {length}: {answer}");
    assert!(answer.ends_with("\r\n\r\n"), "no body: {answer}");
    assert_eq!(upstream.requests().last().unwrap().method, "HEAD");
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
