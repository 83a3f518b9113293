//! An HTTP API's `CorsConfiguration` as API Gateway applies it (APIGW `http-api-cors`): with
//! CORS configured, API Gateway answers preflight OPTIONS requests itself — "even if there isn't
//! an OPTIONS route configured", so before routes and the authorizer — and "adds the configured
//! CORS headers to the response from an integration", ignoring any its backend returned.

use crate::server::{Request, Response};
use hyper::body::Bytes;
use hyper::header::HeaderMap;

/// `CorsConfiguration`'s members, validated as AWS validates them when the API is updated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cors {
    pub allow_origins: Vec<String>,
    pub allow_methods: Vec<String>,
    pub allow_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub max_age: Option<i64>,
    pub allow_credentials: bool,
}

impl Cors {
    /// The configuration AWS would accept, or why it would not.
    pub fn checked(self) -> Result<Cors, String> {
        if self.allow_credentials && self.allow_origins.iter().any(|o| o == "*") {
            // AWS's own words (BadRequestException on update-api; aws/aws-cdk #9076): a browser
            // refuses `*` with credentials anyway.
            return Err("AllowCredentials is not supported if AllowOrigins is * (API Gateway refuses it: \
                 \"allow-credentials is not supported if 'allow-origin' is *\"); list the origins"
                .into());
        }
        for origin in &self.allow_origins {
            check_origin(origin)?;
        }
        // V2MODEL: MaxAge is an integer between -1 and 86400.
        if let Some(age) = self.max_age.filter(|age| !(-1..=86400).contains(age)) {
            return Err(format!("MaxAge {age}: API Gateway takes -1 to 86400 seconds"));
        }
        Ok(self)
    }

    /// The preflight answer, when `request` is one: OPTIONS with `Origin` and
    /// `Access-Control-Request-Method` (APIGW: "For the OPTIONS method, your request must contain
    /// an origin header and an Access-Control-Request-Method header"). Any other OPTIONS goes to
    /// the routes like any request.
    pub fn preflight(&self, request: &Request) -> Option<Response> {
        if request.method != hyper::Method::OPTIONS
            || request.header("access-control-request-method").is_none()
        {
            return None;
        }
        let origin = request.header("origin")?;
        // 204 and no body, as HTTP APIs are seen to answer (UNCONFIRMED: AWS publishes no
        // sample preflight answer).
        let mut response = Response {
            status: 204,
            headers: Vec::new(),
            body: Bytes::new(),
            log: Vec::new(),
            passed_on: HeaderMap::new(),
        };
        // An origin not allowed gets the same 204 without any CORS header, so the browser
        // refuses the real request (UNCONFIRMED: AWS does not publish this answer).
        let Some(allowed) = self.allowed_origin(origin) else {
            response.log.push(("reason", "CORS preflight from an origin not in AllowOrigins".into()));
            return Some(response);
        };
        response.headers.push(("access-control-allow-origin", allowed));
        if self.allow_credentials {
            response.headers.push(("access-control-allow-credentials", "true".into()));
        }
        if !self.allow_methods.is_empty() {
            response.headers.push(("access-control-allow-methods", self.allow_methods.join(",")));
        }
        if !self.allow_headers.is_empty() {
            response.headers.push(("access-control-allow-headers", self.allow_headers.join(",")));
        }
        if let Some(age) = self.max_age {
            response.headers.push(("access-control-max-age", age.to_string()));
        }
        response.log.push(("cors", "preflight".into()));
        Some(response)
    }

    /// Any other response: the backend's CORS headers dropped, the configured ones added when
    /// the request came with an allowed `Origin` ("To return CORS headers, your request must
    /// contain an origin header").
    pub fn apply(&self, origin: Option<&str>, response: &mut Response) {
        drop_cors_headers(&mut response.passed_on);
        let Some(allowed) = origin.and_then(|o| self.allowed_origin(o)) else { return };
        response.headers.push(("access-control-allow-origin", allowed));
        if self.allow_credentials {
            response.headers.push(("access-control-allow-credentials", "true".into()));
        }
        if !self.expose_headers.is_empty() {
            response.headers.push(("access-control-expose-headers", self.expose_headers.join(",")));
        }
    }

    /// The `Access-Control-Allow-Origin` value for this origin, None when it is not allowed.
    /// `*` answers `*` (credentials are never allowed with it); `https://*` / `http://*` (AWS's
    /// documented scheme wildcards) and a listed origin answer the origin itself. Origins are
    /// compared ignoring ASCII case, as host names are (UNCONFIRMED for AWS).
    fn allowed_origin(&self, origin: &str) -> Option<String> {
        let mut allowed = None;
        for entry in &self.allow_origins {
            match entry.strip_suffix('*') {
                Some("") => return Some("*".into()),
                Some(scheme) if starts_with_ignore_case(origin, scheme) && origin.len() > scheme.len() => {
                    allowed = Some(origin.to_string())
                }
                _ if entry.eq_ignore_ascii_case(origin) => allowed = Some(origin.to_string()),
                _ => {}
            }
        }
        allowed
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// APIGW documents four forms: an origin (`https://www.example.com`), `*` (any origin),
/// `https://*` and `http://*` (any origin with that scheme). Anything else, a subdomain
/// wildcard such as `https://*.example.com` included, is refused: AWS documents no other
/// pattern, and taken literally it would never match (UNCONFIRMED: whether AWS refuses it at
/// update-api or stores it and never matches).
fn check_origin(origin: &str) -> Result<(), String> {
    if matches!(origin, "*" | "https://*" | "http://*") {
        return Ok(());
    }
    let hint = "give an origin (https://app.example.com[:PORT]), *, https://* or http://*";
    if origin.contains('*') {
        return Err(format!(
            "AllowOrigins {origin:?}: API Gateway documents no wildcard but *, https://* and http://*; {hint}"
        ));
    }
    let rest = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    if rest.is_empty() || rest.contains(['/', '?', '#', ' ']) {
        return Err(format!(
            "AllowOrigins {origin:?}: not an origin (scheme://host[:port], no path); {hint}"
        ));
    }
    Ok(())
}

/// With CORS configured, "API Gateway ignores CORS headers returned from your backend
/// integration".
fn drop_cors_headers(headers: &mut HeaderMap) {
    let names: Vec<_> =
        headers.keys().filter(|name| name.as_str().starts_with("access-control-")).cloned().collect();
    for name in names {
        headers.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cors(origins: &[&str], credentials: bool) -> Result<Cors, String> {
        Cors {
            allow_origins: origins.iter().map(|o| o.to_string()).collect(),
            allow_credentials: credentials,
            ..Cors::default()
        }
        .checked()
    }

    #[test]
    fn origins_as_aws_documents_them() {
        let c = cors(&["https://app.example.com", "http://*"], true).unwrap();
        assert_eq!(c.allowed_origin("https://APP.example.com").as_deref(), Some("https://APP.example.com"));
        assert_eq!(c.allowed_origin("http://localhost:3000").as_deref(), Some("http://localhost:3000"));
        assert_eq!(c.allowed_origin("https://evil.example.com"), None);
        assert_eq!(c.allowed_origin("http://"), None);
        let any = cors(&["https://a.example", "*"], false).unwrap();
        assert_eq!(any.allowed_origin("https://b.example").as_deref(), Some("*"));

        assert!(cors(&["*"], true).unwrap_err().contains("AllowCredentials is not supported"));
        assert!(cors(&["https://*.example.com"], false).unwrap_err().contains("no wildcard"));
        assert!(cors(&["https://example.com/app"], false).unwrap_err().contains("not an origin"));
        assert!(cors(&["example.com"], false).unwrap_err().contains("not an origin"));
        let age = Cors { max_age: Some(86401), ..Cors::default() }.checked();
        assert!(age.unwrap_err().contains("-1 to 86400"));
    }
}
