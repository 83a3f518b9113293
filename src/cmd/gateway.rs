//! `tok gateway`: routes, authorizer and mappings from flags or AWS's JSON, keys by discovery,
//! bind, print the URL, serve.

use crate::checks::Keys;
use crate::cli::GatewayArgs;
use crate::cors::Cors;
use crate::error::{io_error, Error, Result};
use crate::gateway::{self, Auth, Gateway, IdentitySource, JwtAuthorizer, LambdaMode};
use crate::mapping::Mapping;
use crate::remote_jwks::RemoteJwks;
use crate::routes::RouteKey;
use crate::timefmt::{self, parse_duration};
use crate::verifier::{self, KeySource};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// API Gateway's JWKS and discovery timeout is 1.5 s; a local issuer answers far sooner.
const KEY_TIMEOUT: Duration = Duration::from_secs(5);
/// Tokens whose signature the gateway remembers verifying (a few MB at most): a client sends
/// its token on every request, and the RSA check is most of a verdict's cost.
const SIGNATURE_CACHE: usize = 4096;

pub fn run(args: GatewayArgs) -> Result<()> {
    let upstream = upstream(&args.upstream)?;
    let duration =
        |flag: &str, value: &str| parse_duration(value).map_err(|e| Error::local(format!("{flag}: {e}")));
    let upstream_timeout =
        Duration::from_secs(duration("--upstream-timeout", &args.upstream_timeout)?.max(1) as u64);
    let ws_duration = |flag: &str, value: &str| match duration(flag, value)? {
        0 => Err(Error::local(format!("{flag}: 0 would close every connection at once"))
            .hint("give a positive duration, e.g. 10m")),
        secs => Ok(Duration::from_secs(secs as u64)),
    };
    let ws_limits = crate::websocket::Limits {
        idle: ws_duration("--ws-idle-timeout", &args.ws_idle_timeout)?,
        max_duration: ws_duration("--ws-max-duration", &args.ws_max_duration)?,
    };
    let config = match &args.authorizer {
        Some(path) => Some(authorizer_file(path)?),
        None => match &args.issuer {
            Some(issuer) => {
                let identity = IdentitySource::parse(&args.identity_source)
                    .map_err(|e| Error::local(format!("--identity-source: {e}")))?;
                Some(AuthorizerConfig {
                    id: None,
                    issuer: issuer.clone(),
                    audience: args.aud.clone(),
                    identity,
                })
            }
            None => None,
        },
    };
    let routes = match &args.routes {
        Some(path) => routes_file(path, config.as_ref())?,
        None => route_flags(&args, config.is_some())?,
    };
    let cors = cors(&args)?;
    let mappings = args
        .map
        .iter()
        .map(|m| Mapping::parse_flag(m).map_err(|e| Error::local(format!("--map: {e}"))))
        .collect::<Result<Vec<_>>>()?;
    let jwt = match config {
        None => None,
        Some(config) => {
            let ttl = duration("--jwks-ttl", &args.jwks_ttl)?;
            let cooldown = duration("--jwks-cooldown", &args.jwks_cooldown)?;
            // API Gateway does not check the discovery document's issuer.
            let url = verifier::discover_jwks_uri(
                &config.issuer,
                KEY_TIMEOUT,
                args.allow_http,
                ttl,
                false,
                timefmt::now(),
            )?;
            let mut remote = RemoteJwks::new(url.clone(), KEY_TIMEOUT, args.allow_http, ttl, cooldown);
            let entries = remote.load(timefmt::now())?;
            let keys = Keys::Set { entries, label: url, fallback: None };
            let lambda = match &args.lambda_policy {
                None => None,
                Some(api_arn) => {
                    let api_arn = api_arn.trim_end_matches('/').to_string();
                    crate::authorizer::check_method_arn(&format!("{api_arn}/$connect"))
                        .map_err(|e| Error::local(format!("--lambda-policy: {e}")))?;
                    if api_arn.split('/').count() != 2 {
                        return Err(Error::local(format!(
                            "--lambda-policy {api_arn:?}: give arn:aws:execute-api:REGION:ACCOUNT_ID:API_ID/STAGE"
                        )));
                    }
                    if routes
                        .iter()
                        .any(|(_, auth)| matches!(auth, Auth::Jwt { scopes } if !scopes.is_empty()))
                    {
                        return Err(Error::local(
                            "route scopes belong to the HTTP API JWT authorizer; a Lambda authorizer decides by its policy",
                        ));
                    }
                    Some(LambdaMode {
                        api_arn,
                        wildcard: args.policy_resource == "wildcard",
                        ttl: duration("--authorizer-ttl", &args.authorizer_ttl)?,
                        cache: Mutex::new(HashMap::new()),
                    })
                }
            };
            Some(JwtAuthorizer {
                issuer: config.issuer,
                audience: config.audience,
                identity: config.identity,
                keys: Mutex::new(KeySource::new(keys, Some(remote)).with_signature_cache(SIGNATURE_CACHE)),
                lambda,
            })
        }
    };
    let summary = format!(
        "tok gateway: upstream {upstream}, {} route(s), {}",
        routes.len(),
        match &jwt {
            Some(jwt) =>
                format!("JWT authorizer: issuer {}, identity source {}", jwt.issuer, jwt.identity.describe()),
            None => "no authorizer".into(),
        }
    );
    let route_lines: Vec<String> = routes
        .iter()
        .map(|(key, auth)| match auth {
            Auth::None => format!("  {} (NONE)", key.text),
            Auth::Jwt { scopes } if scopes.is_empty() => format!("  {} (JWT)", key.text),
            Auth::Jwt { scopes } => format!("  {} (JWT; any of {})", key.text, scopes.join(" ")),
        })
        .collect();
    let (listener, addr) = crate::server::bind(&args.listen)?;
    let base = format!("http://{addr}");
    let mut gateway = Gateway::new(upstream, routes, jwt, mappings, upstream_timeout, args.websocket);
    gateway.cors = cors;
    gateway.listen_port = addr.port();
    gateway.ws_limits = ws_limits;
    gateway::serve(listener, gateway, move || {
        let mut stdout = std::io::stdout();
        let _ = writeln!(stdout, "{base}");
        let _ = stdout.flush();
        eprintln!("{summary}");
        for line in route_lines {
            eprintln!("{line}");
        }
    })
}

/// `http://host:port` (a path prefix allowed, no query): requests go to it + their own path.
fn upstream(url: &str) -> Result<String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        Error::local(format!("--upstream {url:?}: give an http:// URL (the app behind the gateway)"))
    })?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(['?', '#']) {
        return Err(Error::local(format!("--upstream {url:?}: expected http://HOST:PORT[/PREFIX]")));
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// The CORS configuration from `--cors FILE` or the `--cors-allow-*` flags.
fn cors(args: &GatewayArgs) -> Result<Option<Cors>> {
    if let Some(path) = &args.cors {
        return cors_file(path).map(Some);
    }
    if args.cors_allow_origin.is_empty() {
        return Ok(None);
    }
    let cors = Cors {
        allow_origins: args.cors_allow_origin.clone(),
        allow_methods: args.cors_allow_method.clone(),
        allow_headers: args.cors_allow_header.clone(),
        allow_credentials: args.cors_allow_credentials,
        ..Cors::default()
    };
    let flagged = |e: String| {
        let e = e
            .replace("AllowCredentials", "--cors-allow-credentials")
            .replace("AllowOrigins", "--cors-allow-origin");
        Error::local(e)
    };
    cors.checked().map(Some).map_err(flagged)
}

/// `aws apigatewayv2 get-api` output (also `update-api`/`create-api`, which print the same Api
/// object), or its CorsConfiguration object alone.
fn cors_file(path: &Path) -> Result<Cors> {
    let shown = path.display().to_string();
    let err = |e: String| Error::local(format!("{shown}: {e}"));
    let value = read_json(path)?;
    let top = value
        .as_object()
        .ok_or_else(|| err("expected the JSON object `aws apigatewayv2 get-api` prints".into()))?;
    let is_bare = ["AllowOrigins", "AllowMethods", "AllowHeaders", "AllowCredentials"]
        .iter()
        .any(|name| member(top, name).is_some());
    let config = if is_bare {
        top
    } else {
        // The Api's other members name, date, tag and address the API, or are fixed for HTTP
        // APIs (RouteSelectionExpression) or WebSocket-only (ApiKeySelectionExpression): none
        // changes how a request is answered locally, so they are read past. ProtocolType is
        // checked: CORS is an HTTP API feature.
        check_members(
            "get-api output",
            top,
            &[
                "ApiEndpoint",
                "ApiGatewayManaged",
                "ApiId",
                "ApiKeySelectionExpression",
                "CorsConfiguration",
                "CreatedDate",
                "Description",
                "DisableExecuteApiEndpoint",
                "DisableSchemaValidation",
                "ImportInfo",
                "IpAddressType",
                "Name",
                "ProtocolType",
                "RouteSelectionExpression",
                "Tags",
                "Version",
                "Warnings",
            ],
            &[],
        )
        .map_err(err)?;
        if let Some(protocol) = member(top, "ProtocolType").and_then(Value::as_str).filter(|p| *p != "HTTP") {
            return Err(err(format!("ProtocolType {protocol:?}: CORS configurations belong to HTTP APIs")));
        }
        member(top, "CorsConfiguration").and_then(Value::as_object).ok_or_else(|| {
            err("no CorsConfiguration: the API has no CORS configured (nothing to apply)".into())
        })?
    };
    check_members(
        "CorsConfiguration",
        config,
        &["AllowCredentials", "AllowHeaders", "AllowMethods", "AllowOrigins", "ExposeHeaders", "MaxAge"],
        &[],
    )
    .map_err(err)?;
    let list = |name: &str| match member(config, name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(value) => strings(Some(value))
            .ok_or_else(|| err(format!("CorsConfiguration.{name}: expected a list of strings"))),
    };
    let max_age = match member(config, "MaxAge") {
        None | Some(Value::Null) => None,
        Some(value) => {
            Some(value.as_i64().ok_or_else(|| err("CorsConfiguration.MaxAge: expected an integer".into()))?)
        }
    };
    let allow_credentials = match member(config, "AllowCredentials") {
        None | Some(Value::Null) => false,
        Some(value) => value
            .as_bool()
            .ok_or_else(|| err("CorsConfiguration.AllowCredentials: expected true or false".into()))?,
    };
    Cors {
        allow_origins: list("AllowOrigins")?,
        allow_methods: list("AllowMethods")?,
        allow_headers: list("AllowHeaders")?,
        expose_headers: list("ExposeHeaders")?,
        max_age,
        allow_credentials,
    }
    .checked()
    .map_err(err)
}

fn route_flags(args: &GatewayArgs, has_authorizer: bool) -> Result<Vec<(RouteKey, Auth)>> {
    let mut routes = Vec::new();
    for spec in &args.route {
        if !has_authorizer {
            return Err(Error::local(format!(
                "--route {spec:?} needs the JWT authorizer (--issuer and --aud, or --authorizer)"
            ))
            .hint("use --open-route for a route without authorization"));
        }
        // Scopes hold no spaces (RFC 6749 §3.3), so everything after the key is a scope.
        let mut words = spec.split_whitespace();
        let key = match words.next() {
            Some("$default") => "$default".to_string(),
            Some(method) => format!("{method} {}", words.next().unwrap_or_default()),
            None => String::new(),
        };
        let key = RouteKey::parse(&key).map_err(|e| Error::local(format!("--route: {e}")))?;
        routes.push((key, Auth::Jwt { scopes: words.map(str::to_string).collect() }));
    }
    for spec in &args.open_route {
        let key = RouteKey::parse(spec).map_err(|e| Error::local(format!("--open-route: {e}")))?;
        routes.push((key, Auth::None));
    }
    if routes.is_empty() {
        let auth = if has_authorizer { Auth::Jwt { scopes: Vec::new() } } else { Auth::None };
        routes.push((RouteKey::parse("$default").map_err(Error::local)?, auth));
    }
    refuse_duplicates(&routes)?;
    Ok(routes)
}

fn refuse_duplicates(routes: &[(RouteKey, Auth)]) -> Result<()> {
    for (i, (key, _)) in routes.iter().enumerate() {
        if routes[..i].iter().any(|(k, _)| k == key) {
            return Err(Error::local(format!("route {:?} is given twice", key.text)));
        }
    }
    Ok(())
}

struct AuthorizerConfig {
    id: Option<String>,
    issuer: String,
    audience: Vec<String>,
    identity: IdentitySource,
}

/// A member by its CLI name (`RouteKey`) or its wire/CloudFormation name (`routeKey`).
fn member<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        let camel = format!("{}{}", name[..1].to_ascii_lowercase(), &name[1..]);
        object.get(&camel)
    })
}

/// Every member must be one tok knows; `unsupported` ones are known but change behaviour tok
/// does not reproduce.
fn check_members(
    what: &str,
    object: &Map<String, Value>,
    known: &[&str],
    unsupported: &[&str],
) -> std::result::Result<(), String> {
    for (name, value) in object {
        let pascal = format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..]);
        if unsupported.contains(&pascal.as_str()) && !matches!(value, Value::Null | Value::Bool(false)) {
            return Err(format!("{what}: {pascal} is not supported by tok gateway"));
        }
        if !known.contains(&pascal.as_str()) && !unsupported.contains(&pascal.as_str()) {
            return Err(format!("{what}: unknown member {name:?} (known: {})", known.join(", ")));
        }
    }
    Ok(())
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error("read", path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::local(format!("{}: not JSON: {e}", path.display())))
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    value?.as_array()?.iter().map(|v| v.as_str().map(str::to_string)).collect()
}

/// `aws apigatewayv2 get-authorizer` output (or `get-authorizers` with one item).
fn authorizer_file(path: &Path) -> Result<AuthorizerConfig> {
    let shown = path.display().to_string();
    let err = |e: String| Error::local(format!("{shown}: {e}"));
    let value = read_json(path)?;
    let object = match member_object(&value, "Items") {
        Some(items) if items.len() == 1 => items[0].as_object(),
        Some(items) => {
            return Err(err(format!(
                "{} authorizers; give the one the routes use (get-authorizer)",
                items.len()
            )))
        }
        None => value.as_object(),
    }
    .ok_or_else(|| err("expected the JSON object `aws apigatewayv2 get-authorizer` prints".into()))?;
    check_members(
        "authorizer",
        object,
        &["AuthorizerId", "AuthorizerType", "IdentitySource", "JwtConfiguration", "Name"],
        &[
            "AuthorizerCredentialsArn",
            "AuthorizerPayloadFormatVersion",
            "AuthorizerResultTtlInSeconds",
            "AuthorizerUri",
            "EnableSimpleResponses",
            "IdentityValidationExpression",
        ],
    )
    .map_err(err)?;
    match member(object, "AuthorizerType").and_then(Value::as_str) {
        Some("JWT") => {}
        Some(other) => {
            return Err(err(format!(
            "AuthorizerType {other:?}: tok gateway runs JWT authorizers only (not Lambda REQUEST ones yet)"
        )))
        }
        None => return Err(err("no AuthorizerType".into())),
    }
    let sources =
        strings(member(object, "IdentitySource")).ok_or_else(|| err("no IdentitySource list".into()))?;
    let [source] = sources.as_slice() else {
        return Err(err(format!(
            "IdentitySource has {} entries; a JWT authorizer takes exactly one",
            sources.len()
        )));
    };
    let identity = IdentitySource::parse(source).map_err(err)?;
    let jwt = member(object, "JwtConfiguration")
        .and_then(Value::as_object)
        .ok_or_else(|| err("no JwtConfiguration object".into()))?;
    check_members("JwtConfiguration", jwt, &["Audience", "Issuer"], &[]).map_err(err)?;
    let issuer = member(jwt, "Issuer")
        .and_then(Value::as_str)
        .ok_or_else(|| err("JwtConfiguration has no Issuer".into()))?;
    let audience = strings(member(jwt, "Audience")).unwrap_or_default();
    if audience.is_empty() {
        return Err(err("JwtConfiguration has no Audience: API Gateway would refuse every token".into()));
    }
    let id = member(object, "AuthorizerId").and_then(Value::as_str).map(str::to_string);
    Ok(AuthorizerConfig { id, issuer: issuer.to_string(), audience, identity })
}

fn member_object<'a>(value: &'a Value, name: &str) -> Option<&'a Vec<Value>> {
    member(value.as_object()?, name)?.as_array()
}

/// `aws apigatewayv2 get-routes` output.
fn routes_file(path: &Path, authorizer: Option<&AuthorizerConfig>) -> Result<Vec<(RouteKey, Auth)>> {
    let shown = path.display().to_string();
    let err = |e: String| Error::local(format!("{shown}: {e}"));
    let value = read_json(path)?;
    let top =
        value.as_object().ok_or_else(|| err("expected {\"Items\": [...]} as get-routes prints".into()))?;
    check_members("get-routes output", top, &["Items"], &["NextToken"])
        .map_err(|e| err(format!("{e} (a partial page: run get-routes without --no-paginate)")))?;
    let items = member_object(&value, "Items").ok_or_else(|| err("no Items list".into()))?;
    let mut routes = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let object = item.as_object().ok_or_else(|| err(format!("Items[{i}] is not an object")))?;
        let key = member(object, "RouteKey")
            .and_then(Value::as_str)
            .ok_or_else(|| err(format!("Items[{i}] has no RouteKey")))?;
        let what = format!("route {key:?}");
        check_members(
            &what,
            object,
            &[
                "ApiGatewayManaged",
                "ApiKeyRequired",
                "AuthorizationScopes",
                "AuthorizationType",
                "AuthorizerId",
                "OperationName",
                "RouteId",
                "RouteKey",
                "Target",
            ],
            &[
                "ModelSelectionExpression",
                "RequestModels",
                "RequestParameters",
                "RouteResponseSelectionExpression",
            ],
        )
        .map_err(err)?;
        if member(object, "ApiKeyRequired").and_then(Value::as_bool) == Some(true) {
            return Err(err(format!(
                "{what}: ApiKeyRequired is for WebSocket APIs; not supported by tok gateway"
            )));
        }
        let route_key = RouteKey::parse(key).map_err(err)?;
        let auth = match member(object, "AuthorizationType").and_then(Value::as_str).unwrap_or("NONE") {
            "NONE" => Auth::None,
            "JWT" => {
                let Some(config) = authorizer else {
                    return Err(err(format!("{what} uses a JWT authorizer: give it with --authorizer FILE")));
                };
                let wanted = member(object, "AuthorizerId").and_then(Value::as_str);
                match (wanted, &config.id) {
                    (None, _) => {
                        return Err(err(format!(
                            "{what}: AuthorizationType JWT without an AuthorizerId (AWS refuses it)"
                        )))
                    }
                    (Some(w), Some(id)) if w != id => {
                        return Err(err(format!("{what} uses authorizer {w:?}, but --authorizer is {id:?}")))
                    }
                    _ => {}
                }
                Auth::Jwt { scopes: strings(member(object, "AuthorizationScopes")).unwrap_or_default() }
            }
            other => {
                return Err(err(format!(
                    "{what}: AuthorizationType {other:?} is not supported by tok gateway (NONE and JWT are)"
                )))
            }
        };
        routes.push((route_key, auth));
    }
    if routes.is_empty() {
        return Err(err("Items is empty: every request would answer 404".into()));
    }
    refuse_duplicates(&routes)?;
    Ok(routes)
}
