//! HTTP API parameter mapping, in AWS's syntax: `append|overwrite|remove:header.NAME`,
//! `…:querystring.NAME`, `overwrite:path`, with values such as `$request.header.NAME`,
//! `$request.path.NAME`, `$context.authorizer.claims.NAME`, a static string, or `${…}` pieces
//! combined ("${request.path.id} ${context.routeKey}").

use crate::routes::RouteKey;
use crate::server::Request;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Map, Value};

/// Headers API Gateway refuses to map (configuration error, not a silent skip).
const RESERVED: [&str; 17] = [
    "authorization",
    "connection",
    "content-encoding",
    "content-length",
    "content-location",
    "forwarded",
    "keep-alive",
    "origin",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
];
const RESERVED_PREFIXES: [&str; 4] = ["access-control-", "apigw-", "x-amz-", "x-amzn-"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Append,
    Overwrite,
    Remove,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Location {
    Header(HeaderName),
    Query(String),
    Path,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Header(String),
    Query(String),
    Path,
    PathParam(String),
    Claim(String),
    /// `$context.authorizer.KEY`: a Lambda authorizer's context value or principalId.
    Authorizer(String),
    RouteKey,
    RequestId,
    /// `$context.identity.sourceIp`: the address of the client's connection.
    ClientIp,
    Stage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    From(Source),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    action: Action,
    location: Location,
    value: Vec<Piece>,
}

impl Mapping {
    /// `ACTION:LOCATION=VALUE` (one `--map`).
    pub fn parse_flag(text: &str) -> Result<Mapping, String> {
        let (key, value) = text.split_once('=').ok_or_else(|| {
            format!("--map {text:?}: expected ACTION:LOCATION=VALUE, e.g. overwrite:header.x-user-id=$context.authorizer.claims.sub")
        })?;
        Mapping::parse(key, value)
    }

    /// One entry of an integration's RequestParameters: `"append:header.x": "$request.path.id"`.
    pub fn parse(key: &str, value: &str) -> Result<Mapping, String> {
        let (action, location) = key
            .split_once(':')
            .ok_or_else(|| format!("{key:?}: expected append|overwrite|remove:LOCATION"))?;
        let action = match action {
            "append" => Action::Append,
            "overwrite" => Action::Overwrite,
            "remove" => Action::Remove,
            other => {
                return Err(format!("{key:?}: unknown action {other:?}; use append, overwrite or remove"))
            }
        };
        let location = if let Some(name) = location.strip_prefix("header.") {
            let lower = name.to_ascii_lowercase();
            if RESERVED.contains(&lower.as_str()) || RESERVED_PREFIXES.iter().any(|p| lower.starts_with(p)) {
                return Err(format!(
                    "{key:?}: API Gateway does not allow mapping the reserved header {name:?}"
                ));
            }
            Location::Header(
                HeaderName::from_bytes(lower.as_bytes())
                    .map_err(|_| format!("{key:?}: {name:?} is not a header name"))?,
            )
        } else if let Some(name) = location.strip_prefix("querystring.").filter(|n| !n.is_empty()) {
            Location::Query(name.into())
        } else if location == "path" {
            if action != Action::Overwrite {
                return Err(format!("{key:?}: the path can only be overwritten"));
            }
            Location::Path
        } else {
            return Err(format!("{key:?}: the location is header.NAME, querystring.NAME or path"));
        };
        let value = if action == Action::Remove { Vec::new() } else { template(value)? };
        Ok(Mapping { action, location, value })
    }
}

fn template(value: &str) -> Result<Vec<Piece>, String> {
    if !value.contains("${") {
        return Ok(match value.strip_prefix('$') {
            Some(reference) => vec![Piece::From(source(reference)?)],
            None => vec![Piece::Text(value.into())],
        });
    }
    let mut pieces = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            pieces.push(Piece::Text(rest[..start].into()));
        }
        let end = rest[start..].find('}').ok_or_else(|| format!("{value:?}: unclosed ${{"))? + start;
        pieces.push(Piece::From(source(&rest[start + 2..end])?));
        rest = &rest[end + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.into()));
    }
    Ok(pieces)
}

fn source(reference: &str) -> Result<Source, String> {
    let named = |prefix: &str| reference.strip_prefix(prefix).filter(|n| !n.is_empty()).map(str::to_string);
    if let Some(name) = named("request.header.") {
        return Ok(Source::Header(name.to_ascii_lowercase()));
    }
    if let Some(name) = named("request.querystring.") {
        return Ok(Source::Query(name));
    }
    if reference == "request.path" {
        return Ok(Source::Path);
    }
    if let Some(name) = named("request.path.") {
        return Ok(Source::PathParam(name));
    }
    if let Some(name) = named("context.authorizer.claims.") {
        // AWS: "only the special characters . and _ are supported" in context variables.
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            return Err(format!(
                "${reference}: API Gateway's context variables take only letters, digits, . and _"
            ));
        }
        return Ok(Source::Claim(name));
    }
    if let Some(name) = named("context.authorizer.").filter(|n| !n.contains('.')) {
        return Ok(Source::Authorizer(name));
    }
    match reference {
        "context.routeKey" => Ok(Source::RouteKey),
        "context.requestId" => Ok(Source::RequestId),
        "context.identity.sourceIp" => Ok(Source::ClientIp),
        "context.stage" => Ok(Source::Stage),
        _ => Err(format!(
            "${reference} is not a value tok gateway maps: use $request.header.NAME, $request.querystring.NAME, \
             $request.path, $request.path.NAME, $context.authorizer.claims.NAME, $context.authorizer.KEY, \
             $context.routeKey, \
             $context.requestId, $context.identity.sourceIp, $context.stage or a static value"
        )),
    }
}

/// What a mapping's value can draw on.
pub struct Context<'a> {
    pub request: &'a Request,
    pub route: &'a RouteKey,
    pub params: &'a [(String, String)],
    /// The JWT claims, as strings; empty on a route without an authorizer.
    pub claims: &'a Map<String, Value>,
    /// A Lambda authorizer's context and principalId, as strings.
    pub authorizer: &'a Map<String, Value>,
    pub request_id: &'a str,
}

impl Context<'_> {
    fn resolve(&self, source: &Source) -> Option<String> {
        let path = || self.request.target.split('?').next().unwrap_or("/").to_string();
        match source {
            Source::Header(name) => {
                let values: Vec<&str> = self
                    .request
                    .headers
                    .get_all(name.as_str())
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                (!values.is_empty()).then(|| values.join(","))
            }
            Source::Query(name) => query_pairs(&self.request.target)
                .into_iter()
                .find(|(k, _)| crate::form::decode(k).as_deref() == Some(name.as_str()))
                .and_then(|(_, v)| crate::form::decode(&v)),
            Source::Path => Some(path()),
            Source::PathParam(name) => self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            Source::Claim(name) => self.claims.get(name).and_then(Value::as_str).map(str::to_string),
            Source::Authorizer(name) => self.authorizer.get(name).and_then(Value::as_str).map(str::to_string),
            Source::RouteKey => Some(self.route.text.clone()),
            Source::RequestId => Some(self.request_id.to_string()),
            Source::ClientIp => Some(self.request.client.ip().to_string()),
            Source::Stage => Some("$default".into()),
        }
    }

    /// The value, or None when a source it names is absent (the mapping is then skipped).
    fn value(&self, pieces: &[Piece]) -> Option<String> {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::From(source) => out.push_str(&self.resolve(source)?),
            }
        }
        Some(out)
    }
}

fn query_pairs(target: &str) -> Vec<(String, String)> {
    let Some((_, query)) = target.split_once('?') else { return Vec::new() };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

/// A path as a URI takes it: bytes outside RFC 3986's pchar set and `/` percent-encoded.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The upstream target (path and query) and headers after every mapping, in order.
pub fn apply(
    mappings: &[Mapping],
    context: &Context,
    mut headers: HeaderMap,
) -> Result<(String, HeaderMap), String> {
    let target = &context.request.target;
    if mappings.is_empty() {
        return Ok((target.clone(), headers));
    }
    let mut path = target.split('?').next().unwrap_or("/").to_string();
    let mut query = query_pairs(target);
    for mapping in mappings {
        let value = match mapping.action {
            Action::Remove => String::new(),
            _ => match context.value(&mapping.value) {
                Some(value) => value,
                None => continue,
            },
        };
        match &mapping.location {
            Location::Header(name) => {
                let header = || {
                    HeaderValue::from_str(&value)
                        .map_err(|_| format!("mapped value for header {name} is not a valid header value"))
                };
                match mapping.action {
                    Action::Remove => {
                        headers.remove(name);
                    }
                    Action::Overwrite => {
                        headers.insert(name.clone(), header()?);
                    }
                    Action::Append => {
                        headers.append(name.clone(), header()?);
                    }
                }
            }
            Location::Query(name) => {
                let is_name = |k: &String| crate::form::decode(k).as_deref() == Some(name.as_str());
                if mapping.action != Action::Append {
                    query.retain(|(k, _)| !is_name(k));
                }
                if mapping.action != Action::Remove {
                    query.push((crate::form::encode(name), crate::form::encode(&value)));
                }
            }
            Location::Path => {
                let value = encode_path(&value);
                path = if value.starts_with('/') { value } else { format!("/{value}") };
            }
        }
    }
    let query: Vec<String> =
        query.into_iter().map(|(k, v)| if v.is_empty() { k } else { format!("{k}={v}") }).collect();
    Ok(if query.is_empty() { (path, headers) } else { (format!("{path}?{}", query.join("&")), headers) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(maps: &[&str], target: &str, headers: &[(&str, &str)]) -> (String, HeaderMap) {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.append(HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        let request = Request {
            method: hyper::Method::GET,
            target: target.into(),
            headers: map.clone(),
            body: Default::default(),
            upgrade: None,
            client: ([127, 0, 0, 1], 40000).into(),
            stop: crate::server::Stop::gone(),
        };
        let route = RouteKey::parse("GET /rooms/{id}").unwrap();
        let params = vec![("id".to_string(), "r 1".to_string())];
        let mut claims = Map::new();
        claims.insert("sub".into(), Value::String("alice".into()));
        let context = Context {
            request: &request,
            route: &route,
            params: &params,
            claims: &claims,
            authorizer: &Map::new(),
            request_id: "rid",
        };
        let maps: Vec<Mapping> = maps.iter().map(|m| Mapping::parse_flag(m).unwrap()).collect();
        apply(&maps, &context, map).unwrap()
    }

    #[test]
    fn applies_in_order() {
        let (target, headers) = mapped(
            &[
                "overwrite:header.x-user=$context.authorizer.claims.sub",
                "append:header.x-tag=${request.path.id}/${context.routeKey}",
                "append:header.x-tag=static",
                "overwrite:querystring.page=2",
                "append:querystring.who=$context.authorizer.claims.sub",
                "remove:querystring.debug=''",
                "overwrite:header.x-missing=$context.authorizer.claims.email",
                "remove:header.x-old=''",
                "overwrite:header.x-ip=$context.identity.sourceIp",
            ],
            "/rooms/r%201?page=1&debug=1&keep=a%20b",
            &[("x-user", "forged"), ("x-old", "1")],
        );
        assert_eq!(target, "/rooms/r%201?keep=a%20b&page=2&who=alice");
        assert_eq!(headers["x-user"], "alice");
        assert_eq!(headers["x-ip"], "127.0.0.1");
        let tags: Vec<_> = headers.get_all("x-tag").iter().map(|v| v.to_str().unwrap()).collect();
        assert_eq!(tags, ["r 1/GET /rooms/{id}", "static"]);
        assert!(headers.get("x-missing").is_none(), "an absent source skips the mapping");
        assert!(headers.get("x-old").is_none());
        let (target, _) = mapped(&["overwrite:path=/v2/rooms/$request.path.id"], "/rooms/x?a=1", &[]);
        assert_eq!(target, "/v2/rooms/$request.path.id?a=1", "without ${{…}} a value is static text");
        let (target, _) = mapped(&["overwrite:path=/v2/${request.path.id}"], "/rooms/x?a=1", &[]);
        assert_eq!(target, "/v2/r%201?a=1", "decoded parameters are encoded again in a path");
    }

    #[test]
    fn parses_aws_syntax_and_refuses_what_aws_refuses() {
        assert!(Mapping::parse_flag("overwrite:header.x-user-id=$context.authorizer.claims.sub").is_ok());
        assert!(Mapping::parse("append:header.header1", "$context.requestId").is_ok());
        assert!(Mapping::parse("remove:header.header1", "''").is_ok());
        assert!(Mapping::parse("overwrite:path", "${request.path.name} ${request.path.id}").is_ok());
        assert!(Mapping::parse_flag("overwrite:header.Authorization=x").unwrap_err().contains("reserved"));
        assert!(Mapping::parse_flag("overwrite:header.x-amzn-trace-id=x").unwrap_err().contains("reserved"));
        assert!(Mapping::parse_flag("append:path=/x").is_err());
        assert!(Mapping::parse_flag("replace:header.a=x").is_err());
        assert!(Mapping::parse_flag("overwrite:header.a=$context.authorizer.claims.cognito:groups").is_err());
        assert!(Mapping::parse_flag("overwrite:header.a=$stageVariables.x").is_err());
    }
}
