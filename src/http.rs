//! The network: HTTPS only (plain HTTP for loopback or --allow-http), no redirects while
//! carrying credentials, and a few polite retries on 429/5xx/refused connections — all inside
//! one time budget per call and one size cap per response body, so fetch, JWKS and discovery
//! all get the same limits.

use crate::error::{Error, Result};
use crate::secret::Secret;
use reqwest::blocking::Client;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Url;
use std::io::Read;
use std::time::{Duration, Instant};

const MAX_RETRIES: u32 = 3;
/// No token response, JWK Set or discovery document comes near this; a body that does is an
/// attack or a mistake, and reading on would only cost memory.
pub const MAX_BODY: usize = 1 << 20;
const MAX_BODY_TEXT: &str = "1 MiB";

/// What a URL is trusted with, so a refusal says what is at stake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The token request: client credentials travel in it.
    Credentials,
    /// A document naming the token endpoint: a forged one sends the credentials elsewhere.
    TokenDiscovery,
    /// A JWK Set, or a document naming one: whoever controls it chooses the keys.
    Keys,
}

pub struct Http {
    client: Client,
    allow_http: bool,
    /// The time budget of one call: its attempts, the waits between them and reading the body.
    budget: Duration,
    /// Set by `shared_budget`: one deadline for every call made through this client.
    deadline: Option<Instant>,
}

pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Http {
    pub fn new(timeout: Duration, allow_http: bool) -> Result<Http> {
        let client = Client::builder()
            // Each attempt gets what is left of the call's budget (RequestBuilder::timeout).
            .timeout(None)
            // Shorter than the first attempt's budget, so a connection or TLS handshake that
            // never completes is reported as such (see `accepts_tcp`), not as a slow answer.
            .connect_timeout(connect_timeout(timeout))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("tok/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::local(format!("cannot set up HTTPS: {e}")))?;
        Ok(Http { client, allow_http, budget: timeout, deadline: None })
    }

    /// One budget, starting now, for all the calls made through this client (fetch's
    /// discovery and token request), rather than one budget per call.
    pub fn shared_budget(mut self) -> Http {
        self.deadline = Some(deadline_after(self.budget));
        self
    }

    /// A URL tok may use for `purpose`.
    pub fn check_url(&self, url: &str, purpose: Purpose) -> Result<Url> {
        let parsed = Url::parse(url).map_err(|e| Error::local(format!("invalid URL {url:?}: {e}")))?;
        match parsed.scheme() {
            "https" => Ok(parsed),
            "http" if self.allow_http || is_loopback(&parsed) => Ok(parsed),
            "http" => {
                let risk = match purpose {
                    Purpose::Credentials => "the client credentials would travel unencrypted",
                    Purpose::TokenDiscovery => {
                        "anyone on the path could name another token endpoint, and the client credentials would go there"
                    }
                    Purpose::Keys => {
                        "anyone on the path could substitute the keys tokens are checked against"
                    }
                };
                Err(Error::local(format!("refusing plain HTTP to {url}: {risk}"))
                    .hint("use https://, or --allow-http for a test server you trust"))
            }
            other => Err(Error::local(format!("unsupported URL scheme {other:?} in {url}"))),
        }
    }

    /// POST a form. `body` and `authorization` may carry the client secret: each attempt's
    /// copy is made from them into buffers wiped when reqwest drops them, and the header is
    /// marked sensitive.
    pub fn post_form(&self, url: &Url, body: &Secret, authorization: Option<&Secret>) -> Result<Response> {
        self.with_retries(url, || {
            let mut request = self
                .client
                .post(url.clone())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .body(wiped_bytes(body));
            if let Some(secret) = authorization {
                let mut value = HeaderValue::from_maybe_shared(wiped_bytes(secret))
                    .map_err(|_| Error::local("the client credentials cannot be sent in a header"))?;
                value.set_sensitive(true);
                request = request.header(AUTHORIZATION, value);
            }
            Ok(request)
        })
    }

    pub fn get(&self, url: &Url) -> Result<Response> {
        self.with_retries(url, || Ok(self.client.get(url.clone()).header("accept", "application/json")))
    }

    fn with_retries(
        &self,
        url: &Url,
        build: impl Fn() -> Result<reqwest::blocking::RequestBuilder>,
    ) -> Result<Response> {
        let deadline = self.deadline.unwrap_or_else(|| deadline_after(self.budget));
        let mut attempt = 0;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(self.out_of_time(url));
            }
            let outcome = build()?.timeout(remaining).send();
            let (wait, failure) = match outcome {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    if (300..400).contains(&status) {
                        let target =
                            resp.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("?");
                        return Err(Error::remote(format!(
                            "{url} answered {status}, a redirect to {target}; tok does not follow redirects with credentials"
                        ))
                        .hint("use the final URL"));
                    }
                    let retry = status == 429 || (500..600).contains(&status);
                    if !retry || attempt >= MAX_RETRIES {
                        let body = self.read_body(url, resp)?;
                        return Ok(Response { status, body });
                    }
                    (server_wait(resp.headers()), format!("answered {status}"))
                }
                Err(e) => match classify(&e) {
                    // A refused or reset connection may pass; a timeout has used the budget.
                    Failure::Transient if attempt < MAX_RETRIES && !e.is_timeout() => {
                        (None, "connection failed".to_string())
                    }
                    failure => return Err(transport_error(url, &e, failure, self.budget)),
                },
            };
            let wait = wait.unwrap_or(Duration::from_millis(500) * 2u32.pow(attempt));
            let left = deadline.saturating_duration_since(Instant::now());
            if wait >= left {
                return Err(Error::remote(format!(
                    "{url}: {failure}; a retry in {:.1}s would pass --timeout ({}); giving up",
                    wait.as_secs_f64(),
                    seconds(self.budget)
                ))
                .hint("try again later, or raise --timeout"));
            }
            crate::output::note(&format!("{url}: {failure}; retrying in {:.1}s", wait.as_secs_f64()));
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// The body, up to `MAX_BODY`: a larger one is refused as soon as it is announced or seen,
    /// so an endless stream costs at most the cap in memory. reqwest's per-request timeout
    /// covers the body too, so a trickle cannot outlast the budget.
    fn read_body(&self, url: &Url, resp: reqwest::blocking::Response) -> Result<Vec<u8>> {
        let too_big = || {
            Error::remote(format!(
                "{url}: the response is larger than tok's {MAX_BODY_TEXT} limit; refusing it"
            ))
            .hint("check the URL: no token response, JWK Set or discovery document is that large")
        };
        if resp.content_length().is_some_and(|n| n > MAX_BODY as u64) {
            return Err(too_big());
        }
        let mut body = Vec::new();
        let mut reader = resp.take(MAX_BODY as u64 + 1);
        let mut chunk = [0u8; 16 << 10];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    body.extend_from_slice(&chunk[..n]);
                    if body.len() > MAX_BODY {
                        return Err(too_big());
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let timed_out = e.kind() == std::io::ErrorKind::TimedOut
                        || e.get_ref()
                            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                            .is_some_and(reqwest::Error::is_timeout);
                    let what = if timed_out {
                        format!("timed out reading the response (--timeout {})", seconds(self.budget))
                    } else {
                        format!("reading the response failed: {}", innermost(&e))
                    };
                    return Err(Error::remote(format!("{url}: {what}")));
                }
            }
        }
        Ok(body)
    }

    fn out_of_time(&self, url: &Url) -> Error {
        Error::remote(format!("{url}: timed out (--timeout {} for the whole call)", seconds(self.budget)))
            .hint("raise --timeout, or check the server is reachable")
    }
}

/// A copy of a secret as reqwest wants it, in a buffer zeroed when the last user drops it.
fn wiped_bytes(secret: &Secret) -> bytes::Bytes {
    bytes::Bytes::from_owner(zeroize::Zeroizing::new(secret.expose().to_vec()))
}

fn connect_timeout(budget: Duration) -> Duration {
    (budget.min(Duration::from_secs(60)) * 9 / 10).min(Duration::from_secs(10))
}

/// Now + budget; a budget past what Instant can hold means no deadline worth the name.
fn deadline_after(budget: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(budget).unwrap_or_else(|| now + Duration::from_secs(365 * 86_400))
}

fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

/// Why a request failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// May pass on another try: refused, reset. (A timeout too, but it has used the budget.)
    Transient,
    /// The name does not resolve; asking again will not change that within seconds.
    Dns,
    /// The server answered the TLS ClientHello with something that is not TLS (plain HTTP).
    NotTls,
    /// The TLS handshake failed (certificate, protocol): the same server fails the same way.
    Tls,
    Other,
}

fn classify(e: &reqwest::Error) -> Failure {
    if e.is_dns() {
        return Failure::Dns;
    }
    let https = e.url().is_some_and(|u| u.scheme() == "https");
    // rustls errors reach us through tokio-rustls as io::Error(InvalidData, rustls::Error);
    // rustls is not a dependency of tok, so its error is recognised by its text.
    for cause in causes(e) {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            if https && io.kind() == std::io::ErrorKind::InvalidData {
                let text = io.to_string();
                return if text.contains("InvalidContentType") || text.contains("corrupt message") {
                    Failure::NotTls
                } else {
                    Failure::Tls
                };
            }
        }
    }
    if e.is_connect() || e.is_timeout() {
        Failure::Transient
    } else {
        Failure::Other
    }
}

/// Retry-After (seconds), else Auth0's X-RateLimit-Reset (unix seconds).
fn server_wait(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<i64>().ok();
    if let Some(secs) = number("retry-after") {
        return Some(Duration::from_secs(secs.max(0) as u64));
    }
    let reset = number("x-ratelimit-reset")?;
    Some(Duration::from_secs(reset.saturating_sub(crate::timefmt::now()).max(0) as u64))
}

/// `e` and its causes. An io::Error's `source()` skips the error it wraps (it returns that
/// error's source), so for one the wrapped error itself comes next.
fn causes<'a>(e: &'a (dyn std::error::Error + 'static)) -> Vec<&'a (dyn std::error::Error + 'static)> {
    let mut out = vec![e];
    let mut current = e;
    while out.len() < 32 {
        let next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
        let Some(next) = next else { break };
        out.push(next);
        current = next;
    }
    out
}

/// The innermost cause: the one that says what actually went wrong.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    causes(e).last().map(|c| c.to_string()).unwrap_or_default()
}

fn transport_error(url: &Url, e: &reqwest::Error, failure: Failure, budget: Duration) -> Error {
    // reqwest's Display carries the URL but never request headers or bodies, so no secret.
    let detail = innermost(e);
    match failure {
        Failure::NotTls => Error::remote(format!(
            "{url}: the server does not speak TLS: is it http://? ({detail})"
        ))
        .hint("a plain-HTTP server needs http://, allowed for loopback hosts or with --allow-http"),
        Failure::Tls => Error::remote(format!("{url}: the TLS handshake failed: {detail}")),
        Failure::Dns => Error::remote(format!(
            "{url}: cannot resolve {}: {detail}",
            url.host_str().unwrap_or("the host")
        ))
        .hint("check the host name"),
        Failure::Transient if e.is_connect() && e.is_timeout() && url.scheme() == "https" && accepts_tcp(url) => {
            Error::remote(format!(
                "{url}: no TLS handshake within {:.1}s: the server accepts connections but does not answer TLS; is it http://?",
                connect_timeout(budget).as_secs_f64()
            ))
            .hint("a plain-HTTP server needs http://, allowed for loopback hosts or with --allow-http")
        }
        _ if e.is_timeout() => Error::remote(format!("{url}: timed out (--timeout {} for the whole call)", seconds(budget)))
            .hint("raise --timeout, or check the server is reachable"),
        Failure::Transient => Error::remote(format!("{url}: connection failed: {detail}")),
        Failure::Other => Error::remote(format!("{url}: request failed: {detail}")),
    }
}

/// After a connect-phase timeout on https: does a bare TCP connection succeed at once? Then
/// it was the TLS handshake that got no answer (a plain-HTTP server waits for a request line
/// that a ClientHello never completes), not an unreachable host.
fn accepts_tcp(url: &Url) -> bool {
    let Ok(addrs) = url.socket_addrs(|| None) else { return false };
    addrs
        .first()
        .is_some_and(|addr| std::net::TcpStream::connect_timeout(addr, Duration::from_secs(1)).is_ok())
}

fn is_loopback(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_server_waits_and_budgets_do_not_overflow() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("-9223372036854775808"));
        assert_eq!(server_wait(&headers), Some(Duration::ZERO));
        headers.insert("retry-after", HeaderValue::from_static("9223372036854775807"));
        assert!(server_wait(&headers).is_some());
        assert_eq!(connect_timeout(Duration::MAX), Duration::from_secs(10));
        assert!(deadline_after(Duration::MAX) > Instant::now());
    }
}
