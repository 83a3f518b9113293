//! API Gateway HTTP API routes: route keys (`GET /rooms/{id}`, `ANY /{proxy+}`, `$default`)
//! and the choice of "the route with the most-specific match" for a request: a full match
//! (static segments before `{param}`, a method before `ANY`), then a greedy `{proxy+}` (longest
//! prefix first), then `$default`. No trailing-slash normalisation: `/todos/` is not `/todos`.

use std::cmp::Ordering;

const METHODS: [&str; 8] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
    Greedy(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteKey {
    /// As written (`GET /rooms/{id}`), for logs and `$context.routeKey`.
    pub text: String,
    /// None for `$default`.
    method: Option<String>,
    segments: Vec<Segment>,
}

impl RouteKey {
    pub fn parse(text: &str) -> Result<RouteKey, String> {
        let text = text.trim();
        if text == "$default" {
            return Ok(RouteKey { text: text.into(), method: None, segments: Vec::new() });
        }
        let form = "a route key is `METHOD /path` (e.g. `GET /rooms/{id}`, `ANY /{proxy+}`) or `$default`";
        let Some((method, path)) = text.split_once(' ') else {
            return Err(format!("route key {text:?}: {form}"));
        };
        let method = method.to_ascii_uppercase();
        if !METHODS.contains(&method.as_str()) {
            return Err(format!("route key {text:?}: unknown method {method:?}; {form}"));
        }
        let path = path.trim();
        if !path.starts_with('/') {
            return Err(format!("route key {text:?}: the path must start with /"));
        }
        if path.len() > 1 && path.ends_with('/') {
            return Err(format!(
                "route key {text:?}: API Gateway refuses a route ending in / (\"invalid route name\")"
            ));
        }
        let mut segments = Vec::new();
        let parts: Vec<&str> = if path == "/" { Vec::new() } else { path[1..].split('/').collect() };
        for (i, part) in parts.iter().enumerate() {
            let segment = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) if name.ends_with('+') => {
                    if i + 1 != parts.len() {
                        return Err(format!(
                            "route key {text:?}: a greedy path variable {{{name}}} must be at the end"
                        ));
                    }
                    Segment::Greedy(name.trim_end_matches('+').into())
                }
                Some(name) if !name.is_empty() => Segment::Param(name.into()),
                _ if part.is_empty() => return Err(format!("route key {text:?}: empty path segment")),
                _ => Segment::Literal((*part).into()),
            };
            segments.push(segment);
        }
        Ok(RouteKey { text: format!("{method} {path}"), method: Some(method), segments })
    }

    /// A WebSocket route key such as `$connect`: chosen by the gateway, never matched by path.
    pub fn websocket(text: &str) -> RouteKey {
        RouteKey { text: text.into(), method: None, segments: Vec::new() }
    }

    /// The path parameters when this route matches (`$default` matches everything).
    fn matches(&self, method: &str, path: &str) -> Option<Params> {
        let Some(route_method) = &self.method else { return Some(Vec::new()) };
        if route_method != "ANY" && route_method != method {
            return None;
        }
        let parts: Vec<&str> =
            if path == "/" { Vec::new() } else { path.strip_prefix('/')?.split('/').collect() };
        let mut params = Vec::new();
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Literal(text) => {
                    if parts.get(i) != Some(&text.as_str()) {
                        return None;
                    }
                }
                Segment::Param(name) => match parts.get(i) {
                    Some(part) if !part.is_empty() => params.push((name.clone(), decode(part))),
                    _ => return None,
                },
                Segment::Greedy(name) => {
                    let rest = parts.get(i..).unwrap_or_default().join("/");
                    if rest.is_empty() {
                        return None;
                    }
                    params.push((name.clone(), decode(&rest)));
                    return Some(params);
                }
            }
        }
        (parts.len() == self.segments.len()).then_some(params)
    }

    /// Lower is more specific: full match < greedy < `$default`; then segment by segment
    /// (static < `{param}` < greedy, so a longer prefix wins among greedy routes); then a
    /// method before `ANY`.
    fn rank(&self) -> (u8, Vec<u8>, u8) {
        let tier = match (&self.method, self.segments.last()) {
            (None, _) => 2,
            (_, Some(Segment::Greedy(_))) => 1,
            _ => 0,
        };
        let segments = self
            .segments
            .iter()
            .map(|s| match s {
                Segment::Literal(_) => 0,
                Segment::Param(_) => 1,
                Segment::Greedy(_) => 2,
            })
            .collect();
        (tier, segments, u8::from(self.method.as_deref() == Some("ANY")))
    }
}

/// Path parameters reach the integration URL-decoded.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Path parameters by name, URL-decoded.
pub type Params = Vec<(String, String)>;

/// The most specific route for `method path`, with its path parameters; None → 404.
pub fn select<'a, T>(
    routes: &'a [(RouteKey, T)],
    method: &str,
    path: &str,
) -> Option<(&'a RouteKey, &'a T, Params)> {
    routes
        .iter()
        .filter_map(|(key, value)| Some((key, value, key.matches(method, path)?)))
        .min_by(|a, b| compare(a.0, b.0))
}

fn compare(a: &RouteKey, b: &RouteKey) -> Ordering {
    a.rank().cmp(&b.rank())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes(keys: &[&str]) -> Vec<(RouteKey, ())> {
        keys.iter().map(|k| (RouteKey::parse(k).unwrap(), ())).collect()
    }

    fn chosen(routes: &[(RouteKey, ())], method: &str, path: &str) -> Option<String> {
        select(routes, method, path).map(|(k, _, _)| k.text.clone())
    }

    #[test]
    fn aws_documented_example() {
        // APIGW-old http-api-develop-routes.md, "Routing API requests".
        let r = routes(&[
            "GET /pets/dog/1",
            "GET /pets/dog/{id}",
            "GET /pets/{proxy+}",
            "ANY /{proxy+}",
            "$default",
        ]);
        assert_eq!(chosen(&r, "GET", "/pets/dog/1").unwrap(), "GET /pets/dog/1");
        assert_eq!(chosen(&r, "GET", "/pets/dog/2").unwrap(), "GET /pets/dog/{id}");
        assert_eq!(chosen(&r, "GET", "/pets/cat/1").unwrap(), "GET /pets/{proxy+}");
        assert_eq!(chosen(&r, "POST", "/test/5").unwrap(), "ANY /{proxy+}");
        assert_eq!(chosen(&r, "DELETE", "/").unwrap(), "$default");
    }

    #[test]
    fn method_before_any_and_full_before_greedy() {
        let r = routes(&["ANY /pets/{id}", "GET /pets/{proxy+}", "POST /pets/{id}"]);
        assert_eq!(chosen(&r, "GET", "/pets/1").unwrap(), "ANY /pets/{id}");
        assert_eq!(chosen(&r, "POST", "/pets/1").unwrap(), "POST /pets/{id}");
        assert_eq!(chosen(&r, "GET", "/pets/1/toys").unwrap(), "GET /pets/{proxy+}");
        assert_eq!(chosen(&r, "PUT", "/pets/1/toys"), None);
    }

    #[test]
    fn no_trailing_slash_normalisation_and_no_405() {
        let r = routes(&["POST /todos"]);
        assert_eq!(chosen(&r, "POST", "/todos/"), None);
        assert_eq!(chosen(&r, "GET", "/todos"), None);
        assert_eq!(chosen(&r, "POST", "/todos").unwrap(), "POST /todos");
    }

    #[test]
    fn params_are_decoded() {
        let r = routes(&["GET /rooms/{id}", "GET /files/{proxy+}"]);
        let (_, _, params) = select(&r, "GET", "/rooms/a%20b").unwrap();
        assert_eq!(params, vec![("id".to_string(), "a b".to_string())]);
        let (_, _, params) = select(&r, "GET", "/files/a/b").unwrap();
        assert_eq!(params, vec![("proxy".to_string(), "a/b".to_string())]);
        assert_eq!(chosen(&r, "GET", "/rooms/"), None);
    }

    #[test]
    fn bad_keys_are_refused() {
        for key in ["GET rooms", "FETCH /x", "GET /x/", "GET /{a+}/b", "GET", "GET /a//b"] {
            assert!(RouteKey::parse(key).is_err(), "{key}");
        }
        assert_eq!(RouteKey::parse("get /x").unwrap().text, "GET /x");
    }
}
