//! `tok gateway`: a reverse proxy that answers as an API Gateway HTTP API would before a
//! request reaches the app — route selection (`routes.rs`), the JWT authorizer's verdict
//! (`authorizer.rs`, the same function as `verify --gateway http-api`), parameter mapping —
//! and forwards what it accepts to the upstream. A handler on `server.rs`, like `tok serve`.

use crate::authorizer;
use crate::checks::{Policy, Report};
use crate::routes::{self, RouteKey};
use crate::server::{self, Handler, Request, Response};
use crate::verifier::{self, KeySource};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::header::HeaderMap;
use hyper::StatusCode;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// API Gateway's HTTP API payload quota (request and response).
pub const MAX_PAYLOAD: usize = 10 * 1024 * 1024;
/// API Gateway's HTTP API quota on the request line and headers together (APIGW `limits`:
/// "Total combined size of request line and header values", 10240 bytes).
pub const MAX_HEAD: usize = 10240;

/// A route's AuthorizationType: `NONE`, or `JWT` with its scopes (any one suffices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    Jwt { scopes: Vec<String> },
}

/// Where the authorizer finds the token: `$request.header.NAME` or `$request.querystring.NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    Header(String),
    Query(String),
}

impl IdentitySource {
    /// HTTP API syntax (`$request.header.NAME`), or WebSocket API syntax
    /// (`route.request.querystring.NAME`) for `$connect`.
    pub fn parse(text: &str) -> Result<IdentitySource, String> {
        let text = match text.strip_prefix("route.request.") {
            Some(rest) => format!("$request.{rest}"),
            None => text.to_string(),
        };
        let text = text.as_str();
        if let Some(name) = text.strip_prefix("$request.header.").filter(|n| !n.is_empty()) {
            return Ok(IdentitySource::Header(name.into()));
        }
        if let Some(name) = text.strip_prefix("$request.querystring.").filter(|n| !n.is_empty()) {
            return Ok(IdentitySource::Query(name.into()));
        }
        Err(format!(
            "identity source {text:?}: give $request.header.NAME or $request.querystring.NAME \
             (route.request.header.NAME or route.request.querystring.NAME for WebSocket $connect)"
        ))
    }

    fn value(&self, request: &Request) -> Option<String> {
        match self {
            // Several values of one header reach the authorizer comma-joined. Header names
            // are looked up case-insensitively.
            IdentitySource::Header(name) if name.eq_ignore_ascii_case(PROTOCOL) => {
                smuggled_token(&request.headers)
            }
            IdentitySource::Header(name) => {
                let values: Vec<&str> =
                    request.headers.get_all(name.as_str()).iter().filter_map(|v| v.to_str().ok()).collect();
                (!values.is_empty()).then(|| values.join(","))
            }
            IdentitySource::Query(name) => query(&request.target, name),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            IdentitySource::Header(name) => format!("$request.header.{name}"),
            IdentitySource::Query(name) => format!("$request.querystring.{name}"),
        }
    }
}

const PROTOCOL: &str = "sec-websocket-protocol";

/// Browsers cannot set headers on a WebSocket, so clients smuggle the token in as one of the
/// offered subprotocols (`new WebSocket(url, ["chat", token])`): the entry shaped like a JWS.
fn smuggled_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(crate::token_input::smuggled_token)
        .map(str::to_string)
}

/// The offered subprotocols without the token: the app never sees it there, and so can never
/// choose it as the protocol (a browser fails a connection whose chosen protocol it did not
/// offer, and the token must not come back in a response header).
fn without_smuggled_token(headers: &mut HeaderMap) {
    let Some(token) = smuggled_token(headers) else { return };
    let offered: Vec<String> = headers
        .get_all(PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != token)
        .map(str::to_string)
        .collect();
    headers.remove(PROTOCOL);
    if let Ok(value) = hyper::header::HeaderValue::from_str(&offered.join(", ")) {
        if !offered.is_empty() {
            headers.insert(PROTOCOL, value);
        }
    }
}

/// The first value of a query parameter (names are case-sensitive), form-decoded.
fn query(target: &str, name: &str) -> Option<String> {
    let (_, query) = target.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (crate::form::decode(k)? == name).then(|| crate::form::decode(v)).flatten()
    })
}

/// The HTTP API JWT authorizer: issuer, audiences, identity source, and its keys.
pub struct JwtAuthorizer {
    pub issuer: String,
    pub audience: Vec<String>,
    pub identity: IdentitySource,
    pub keys: Mutex<KeySource>,
    /// Set: a Lambda authorizer (REST API or WebSocket) answering as `tok verify --policy`
    /// does, instead of the HTTP API JWT authorizer.
    pub lambda: Option<LambdaMode>,
}

/// A Lambda authorizer and API Gateway's cache of its policies, keyed by the identity source
/// value only — not by method or path, which is the trap this mode replays.
pub struct LambdaMode {
    /// `arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE`; a request's method ARN appends
    /// `/VERB/PATH` (or `/$connect`).
    pub api_arn: String,
    /// Return `API_ID/STAGE/*/*` instead of the method ARN (`--policy-resource wildcard`).
    pub wildcard: bool,
    /// Seconds; 0 = no cache.
    pub ttl: i64,
    pub cache: Mutex<std::collections::HashMap<String, CachedPolicy>>,
}

pub struct CachedPolicy {
    response: Value,
    at: i64,
    /// The method ARN the policy was made for.
    arn: String,
}

impl JwtAuthorizer {
    /// A Lambda authorizer's answer for `method_arn`: a verdict (the context in its claims);
    /// None when it needs the keys fetched again and `keys` is [`KeyAccess::InHand`].
    fn lambda_verdict(
        &self,
        lambda: &LambdaMode,
        value: &str,
        method_arn: &str,
        keys: KeyAccess,
    ) -> Option<authorizer::JwtVerdict> {
        let now = crate::timefmt::now();
        let mut cache = lambda.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.retain(|_, c| now - c.at < lambda.ttl);
        let (response, cached_for, why) = match cache.get(value) {
            Some(cached) => {
                (cached.response.clone(), Some((cached.arn.clone(), now - cached.at)), String::new())
            }
            None => {
                let Some(token) = authorizer::identity_token(value) else {
                    return Some(missing_identity(&self.identity));
                };
                let policy = Policy {
                    iss: Some(self.issuer.clone()),
                    aud: self.audience.clone(),
                    now,
                    ..Policy::default()
                };
                let report = match self.verify(token, &policy, keys)? {
                    Ok(report) => report,
                    Err(e) => crate::checks::Report::failed("keys", e.to_string()),
                };
                let resource = if lambda.wildcard {
                    authorizer::wildcard_resource(method_arn)
                } else {
                    method_arn.to_string()
                };
                let response = authorizer::lambda_policy(&report, &resource);
                let why = authorizer::jwt_verdict(&report).reason;
                if lambda.ttl > 0 {
                    let entry =
                        CachedPolicy { response: response.clone(), at: now, arn: method_arn.to_string() };
                    cache.insert(value.to_string(), entry);
                }
                (response, None, why)
            }
        };
        let decision = authorizer::evaluate_policy(&response, method_arn);
        let Some((status, body)) = decision.refusal() else {
            return Some(authorizer::JwtVerdict {
                status: 200,
                body: None,
                www_authenticate: None,
                reason: String::new(),
                claims: authorizer::context_strings(&response),
            });
        };
        let reason = match (cached_for, why.is_empty()) {
            (Some((arn, age)), _) if decision == authorizer::PolicyDecision::ImplicitDeny => format!(
                "the policy cached {age}s ago for {arn} (same token) does not cover {method_arn}: API Gateway \
                 reuses a Lambda authorizer's policy for the token for --authorizer-ttl; return a wildcard \
                 resource (--policy-resource wildcard) or set the TTL to 0"
            ),
            (Some((arn, age)), _) => format!("the policy cached {age}s ago for {arn} denies this token"),
            (None, false) => format!("the authorizer answered Deny: {why}"),
            (None, true) => format!("the policy does not allow {method_arn}"),
        };
        Some(authorizer::JwtVerdict {
            status,
            body: Some(body),
            www_authenticate: None,
            reason,
            claims: Map::new(),
        })
    }

    /// None: the keys must be fetched again, which `KeyAccess::InHand` may not do.
    fn verify(&self, token: &str, policy: &Policy, keys: KeyAccess) -> Option<crate::error::Result<Report>> {
        match keys {
            KeyAccess::InHand => verifier::verify_in_hand(&self.keys, token, policy).map(Ok),
            KeyAccess::MayFetch => Some(verifier::verify_shared(&self.keys, token, policy)),
        }
    }

    /// What the authorizer answers for this identity-source value and route scopes; None when
    /// it needs the keys fetched again and `keys` is [`KeyAccess::InHand`].
    fn verdict(
        &self,
        value: &str,
        scopes: &[String],
        method_arn: &str,
        keys: KeyAccess,
    ) -> Option<authorizer::JwtVerdict> {
        if let Some(lambda) = &self.lambda {
            return self.lambda_verdict(lambda, value, method_arn, keys);
        }
        let Some(token) = authorizer::identity_token(value) else {
            return Some(missing_identity(&self.identity));
        };
        let mut policy = Policy {
            iss: Some(self.issuer.clone()),
            aud: self.audience.clone(),
            scope: scopes.to_vec(),
            now: crate::timefmt::now(),
            ..Policy::default()
        };
        // No --alg and no leeway here, so the rules never refuse this policy.
        let _ = authorizer::apply_jwt_rules(&mut policy);
        Some(match self.verify(token, &policy, keys)? {
            Ok(report) => authorizer::jwt_verdict(&report),
            // The key server failed: no key, so no valid token.
            Err(e) => authorizer::JwtVerdict {
                status: 401,
                body: Some(authorizer::unauthorized()),
                www_authenticate: Some(
                    "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token is invalid\""
                        .into(),
                ),
                reason: format!("keys: {e}"),
                claims: Map::new(),
            },
        })
    }
}

/// Whether a verdict may wait on the network (fetching the keys again): only off the
/// connection threads.
#[derive(Clone, Copy)]
enum KeyAccess {
    InHand,
    MayFetch,
}

fn missing_identity(identity: &IdentitySource) -> authorizer::JwtVerdict {
    authorizer::JwtVerdict {
        status: 401,
        body: Some(authorizer::unauthorized()),
        // Whether API Gateway sends a www-authenticate here is not documented: none is sent.
        www_authenticate: None,
        reason: format!("no token in the identity source {}", identity.describe()),
        claims: Map::new(),
    }
}

pub struct Gateway {
    /// `http://host:port`, no trailing slash; the request's path and query are appended.
    pub upstream: String,
    pub routes: Vec<(RouteKey, Auth)>,
    pub authorizer: Option<JwtAuthorizer>,
    pub mappings: Vec<crate::mapping::Mapping>,
    pub upstream_timeout: Duration,
    /// Upgrade requests are WebSocket `$connect`: authorized, then relayed both ways.
    pub websocket: bool,
    /// The API's CORS configuration; None answers no preflight and leaves CORS headers alone.
    pub cors: Option<crate::cors::Cors>,
    /// The port clients connect to, the app's `X-Forwarded-Port`.
    pub listen_port: u16,
    /// The per-connection WebSocket timers (`--ws-idle-timeout`, `--ws-max-duration`).
    pub ws_limits: crate::websocket::Limits,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Gateway {
    pub fn new(
        upstream: String,
        routes: Vec<(RouteKey, Auth)>,
        authorizer: Option<JwtAuthorizer>,
        mappings: Vec<crate::mapping::Mapping>,
        upstream_timeout: Duration,
        websocket: bool,
    ) -> Gateway {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client = Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_timer(hyper_util::rt::TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .build(connector);
        Gateway {
            upstream,
            routes,
            authorizer,
            mappings,
            upstream_timeout,
            websocket,
            cors: None,
            listen_port: 0,
            ws_limits: crate::websocket::Limits::default(),
            client,
        }
    }
}

fn message(status: u16, text: &str) -> Response {
    Response::json(status, &json!({"message": text}))
}

/// Headers that belong to one hop, never passed on (RFC 9110 §7.6.1), and the length hyper sets.
const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "host",
];

/// The headers to pass on, filtered where they are (no copy a request); `upgrade`: keep
/// `Connection` and `Upgrade` (a WebSocket handshake is relayed as it is).
fn pass_on(mut headers: HeaderMap, upgrade: bool) -> HeaderMap {
    for name in HOP_BY_HOP {
        if !(upgrade && matches!(name, "connection" | "upgrade")) {
            headers.remove(name);
        }
    }
    headers
}

/// `headers`: the request's own (moved when no mapping reads them afterwards).
fn forwarded_headers(headers: HeaderMap, request: &Request, connect: bool, listen_port: u16) -> HeaderMap {
    let mut headers = pass_on(headers, connect);
    if connect {
        without_smuggled_token(&mut headers);
        // The relay reads frames, and permessage-deflate's compressed ones it cannot: the
        // upstream is never offered an extension, so it never agrees to one. (Whether API
        // Gateway negotiates compression is not published.)
        headers.remove("sec-websocket-extensions");
    }
    add_forwarding(&mut headers, request.client, listen_port);
    headers
}

/// What API Gateway adds to the request its integration receives. AWS's developer guide
/// lists none of them for HTTP proxy integrations; HTTP API events show them (Lambda's
/// HTTP API sample events and captured ones: `X-Forwarded-For: <client>`, `X-Forwarded-Port:
/// 443`, `X-Forwarded-Proto: https`, `X-Amzn-Trace-Id: Root=1-…`), and parameter mapping
/// reserves exactly these names (APIGW `http-api-parameter-mapping`), so the app cannot get
/// them otherwise. Here the client connects over plain HTTP on the gateway's port.
fn add_forwarding(headers: &mut HeaderMap, client: std::net::SocketAddr, listen_port: u16) {
    use hyper::header::HeaderValue;
    // The client's address appended to what it sent, as proxies chain it (REST sample events:
    // `X-Forwarded-For: 54.240.196.186, 54.182.214.83`). `headers` still holds what it sent.
    let sent: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    let client = client.ip().to_string();
    let chain = if sent.is_empty() { client } else { format!("{}, {client}", sent.join(", ")) };
    if let Ok(value) = HeaderValue::from_str(&chain) {
        headers.insert("x-forwarded-for", value);
    }
    headers.insert("x-forwarded-proto", HeaderValue::from_static("http"));
    headers.insert("x-forwarded-port", HeaderValue::from(listen_port));
    // UNCONFIRMED whether API Gateway keeps a trace id the client sent (ALB extends it): kept.
    if !headers.contains_key("x-amzn-trace-id") {
        if let Ok(value) = HeaderValue::from_str(&trace_id()) {
            headers.insert("x-amzn-trace-id", value);
        }
    }
}

/// An X-Ray trace header: `Root=1-` the epoch seconds in 8 hex digits, `-` 96 random bits.
fn trace_id() -> String {
    let mut bytes = [0u8; 12];
    let _ = aws_lc_rs::rand::fill(&mut bytes);
    format!("Root=1-{:08x}-{}", crate::timefmt::now(), crate::output::hex(&bytes))
}

struct Shared(Arc<Gateway>);

impl Handler for Shared {
    fn max_body(&self) -> usize {
        MAX_PAYLOAD
    }

    fn max_head(&self) -> usize {
        MAX_HEAD
    }

    /// Refusals before a route is chosen, in API Gateway's `{"message": …}` shape.
    /// UNCONFIRMED: AWS publishes the quotas, not the answers; these are the statuses' reason
    /// phrases, as HTTP APIs word their other refusals (`Not Found`, `Service Unavailable`). A
    /// REST API behind CloudFront is seen answering 413 in plain text ("HTTP content length
    /// exceeded 10485760 bytes.", koki-develop/lgtm-generator #10): not an HTTP API.
    fn refusal(&self, status: u16) -> Response {
        let text = match status {
            408 => "Request Timeout",
            413 => "Request Entity Too Large",
            431 => "Request Header Fields Too Large",
            _ => "Bad Request",
        };
        let mut response = message(status, text);
        response.headers.push(("apigw-requestid", request_id()));
        response
    }

    /// CORS first (a preflight is answered before routes and the authorizer), then the route;
    /// every answer carries `apigw-requestid`, the request's `$context.requestId`.
    async fn handle(&self, request: Request) -> Response {
        let request_id = request_id();
        let cors = self.0.cors.as_ref();
        let mut response = match cors.and_then(|cors| cors.preflight(&request)) {
            Some(preflight) => preflight,
            None => {
                let origin = request.header("origin").map(str::to_string);
                let mut response = self.route(request, &request_id).await;
                if let Some(cors) = cors {
                    cors.apply(origin.as_deref(), &mut response);
                }
                response
            }
        };
        response.headers.push(("apigw-requestid", request_id));
        response
    }
}

impl Shared {
    async fn route(&self, mut request: Request, request_id: &str) -> Response {
        let gateway = Arc::clone(&self.0);
        let path = request.target.split('?').next().unwrap_or("/");
        let is_websocket = request.header("upgrade").is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
        let connect = match request.upgrade.take() {
            Some(upgrade) if gateway.websocket && is_websocket => Some(upgrade),
            _ => None,
        };
        let connect_route = (
            RouteKey::websocket("$connect"),
            match gateway.authorizer {
                Some(_) => Auth::Jwt { scopes: Vec::new() },
                None => Auth::None,
            },
        );
        let selected = match connect {
            Some(_) => Some((&connect_route.0, &connect_route.1, Vec::new())),
            None => routes::select(&gateway.routes, request.method.as_str(), path),
        };
        let Some((route, auth, params)) = selected else {
            let mut response = message(404, "Not Found");
            response.log.push(("reason", "no route matches".into()));
            return response;
        };
        let route = route.clone();
        let (mut claims, mut lambda_context) = (Map::new(), Map::new());
        if let (Auth::Jwt { scopes }, Some(jwt)) = (auth, &gateway.authorizer) {
            let method_arn = match &jwt.lambda {
                Some(lambda) if connect.is_some() => format!("{}/$connect", lambda.api_arn),
                Some(lambda) => format!("{}/{}{path}", lambda.api_arn, request.method),
                None => String::new(),
            };
            let verdict = match jwt.identity.value(&request) {
                None => missing_identity(&jwt.identity),
                // With the keys in hand the verdict is a few tens of microseconds (less for a
                // token already verified): inline, which beats a hand-off to another thread.
                Some(value) => match jwt.verdict(&value, scopes, &method_arn, KeyAccess::InHand) {
                    Some(verdict) => verdict,
                    None => {
                        let (gw, scopes) = (Arc::clone(&gateway), scopes.clone());
                        // Fetching the keys again is blocking I/O: off the connection thread.
                        server::cpu(move || {
                            gw.authorizer.as_ref().and_then(|jwt| {
                                jwt.verdict(&value, &scopes, &method_arn, KeyAccess::MayFetch)
                            })
                        })
                        .await
                        .unwrap_or_else(|| missing_identity(&jwt.identity))
                    }
                },
            };
            if verdict.status != 200 {
                let mut response =
                    Response::json(verdict.status, verdict.body.as_ref().unwrap_or(&Value::Null));
                if let Some(header) = verdict.www_authenticate {
                    response.headers.push(("www-authenticate", header));
                }
                response.log.push(("route", route.text.clone()));
                response.log.push(("reason", verdict.reason));
                return response;
            }
            if jwt.lambda.is_some() {
                lambda_context = verdict.claims;
            } else {
                claims = verdict.claims;
            }
        }
        // The mappings may read the request's own headers; without any, they move instead of
        // being copied.
        let headers = if gateway.mappings.is_empty() {
            std::mem::take(&mut request.headers)
        } else {
            request.headers.clone()
        };
        let context = crate::mapping::Context {
            request: &request,
            route: &route,
            params: &params,
            claims: &claims,
            authorizer: &lambda_context,
            request_id,
        };
        let (target, headers) = match crate::mapping::apply(
            &gateway.mappings,
            &context,
            forwarded_headers(headers, &request, connect.is_some(), gateway.listen_port),
        ) {
            Ok(mapped) => mapped,
            Err(reason) => {
                let mut response = message(500, "Internal Server Error");
                response.log.push(("reason", reason));
                return response;
            }
        };
        let mut response = forward(&gateway, &request, &target, headers, connect).await;
        response.log.insert(0, ("route", route.text.clone()));
        response
    }
}

/// The request to the upstream and its answer, or API Gateway's answer when it fails.
async fn forward(
    gateway: &Gateway,
    request: &Request,
    target: &str,
    headers: HeaderMap,
    connect: Option<hyper::upgrade::OnUpgrade>,
) -> Response {
    let mut uri = String::with_capacity(gateway.upstream.len() + target.len());
    uri.push_str(&gateway.upstream);
    uri.push_str(target);
    // The String itself becomes the Uri's buffer (a &str would be copied again).
    let mut builder = hyper::Request::builder().method(request.method.clone()).uri(uri);
    if let Some(h) = builder.headers_mut() {
        *h = headers;
    }
    let upstream_request = match builder.body(Full::new(request.body.clone())) {
        Ok(r) => r,
        Err(e) => {
            let mut response = message(500, "Internal Server Error");
            response.log.push(("reason", format!("cannot build the upstream request: {e}")));
            return response;
        }
    };
    let exchange = async {
        let mut answer = gateway.client.request(upstream_request).await.map_err(|e| describe(&e))?;
        if let (Some(client), StatusCode::SWITCHING_PROTOCOLS) = (connect, answer.status()) {
            let path = request.target.split('?').next().unwrap_or("/").to_string();
            let upstream = hyper::upgrade::on(&mut answer);
            crate::websocket::relay(client, upstream, path, gateway.ws_limits, request.stop.clone());
        }
        let (parts, body) = answer.into_parts();
        let body = Limited::new(body, MAX_PAYLOAD)
            .collect()
            .await
            .map_err(|e| format!("the upstream's body failed: {e}"))?
            .to_bytes();
        Ok::<_, String>((parts, body))
    };
    match tokio::time::timeout(gateway.upstream_timeout, exchange).await {
        Ok(Ok((parts, body))) => {
            // A HEAD answer has no body but states the length a GET would have: the client
            // gets the upstream's, not the 0 of the empty body relayed.
            let head_length = (request.method == hyper::Method::HEAD)
                .then(|| parts.headers.get(hyper::header::CONTENT_LENGTH).cloned())
                .flatten();
            let mut passed_on = pass_on(parts.headers, parts.status == StatusCode::SWITCHING_PROTOCOLS);
            if let Some(length) = head_length {
                passed_on.insert(hyper::header::CONTENT_LENGTH, length);
            }
            Response { status: parts.status.as_u16(), headers: Vec::new(), body, log: Vec::new(), passed_on }
        }
        // An integration failure: HTTP APIs answer 500 for integration errors (AWS documents it
        // for Lambda; for an unreachable HTTP upstream the status is not published).
        Ok(Err(reason)) => {
            let mut response = message(500, "Internal Server Error");
            response.log.push(("reason", format!("upstream: {reason}")));
            response
        }
        // What HTTP APIs answer when the integration times out (observed; AWS publishes the
        // 30 s limit, not the answer).
        Err(_) => {
            let mut response = message(503, "Service Unavailable");
            let secs = gateway.upstream_timeout.as_secs();
            response.log.push(("reason", format!("upstream: no answer within {secs}s (--upstream-timeout)")));
            response
        }
    }
}

/// `$context.requestId`: 16 random hex digits.
fn request_id() -> String {
    let mut bytes = [0u8; 8];
    let _ = aws_lc_rs::rand::fill(&mut bytes);
    crate::output::hex(&bytes)
}

/// The client error with its cause (`connection refused`), on one line.
fn describe(e: &hyper_util::client::legacy::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// Serve until Ctrl-C or SIGTERM; one log line a request on stderr.
pub fn serve(
    listener: std::net::TcpListener,
    gateway: Gateway,
    ready: impl FnOnce(),
) -> crate::error::Result<()> {
    server::run(listener, Shared(Arc::new(gateway)), "tok gateway", ready)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_sources() {
        assert_eq!(
            IdentitySource::parse("$request.header.Authorization").unwrap(),
            IdentitySource::Header("Authorization".into())
        );
        assert_eq!(
            IdentitySource::parse("$request.querystring.token").unwrap(),
            IdentitySource::Query("token".into())
        );
        assert_eq!(
            IdentitySource::parse("route.request.querystring.token").unwrap(),
            IdentitySource::Query("token".into())
        );
        assert!(IdentitySource::parse("$request.path.id").is_err());
        assert!(IdentitySource::parse("$request.header.").is_err());
        assert_eq!(query("/a?x=1&token=a%2Eb", "token").as_deref(), Some("a.b"));
        assert_eq!(query("/a?Token=1", "token"), None);
    }
}
