//! The network: HTTPS only (plain HTTP for loopback or --allow-http), no redirects while
//! carrying credentials, timeouts, and a few polite retries on 429/5xx/connection errors.

use crate::error::{Error, Result};
use reqwest::blocking::Client;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Url;
use std::time::Duration;

const MAX_RETRIES: u32 = 3;
/// Never sleep longer than this in total waiting to retry.
const MAX_TOTAL_WAIT: Duration = Duration::from_secs(30);

pub struct Http {
    client: Client,
    allow_http: bool,
}

pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Http {
    pub fn new(timeout: Duration, allow_http: bool) -> Result<Http> {
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("tok/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::local(format!("cannot set up HTTPS: {e}")))?;
        Ok(Http { client, allow_http })
    }

    /// A URL tok may send credentials to.
    pub fn check_url(&self, url: &str) -> Result<Url> {
        let parsed = Url::parse(url).map_err(|e| Error::local(format!("invalid URL {url:?}: {e}")))?;
        match parsed.scheme() {
            "https" => Ok(parsed),
            "http" if self.allow_http || is_loopback(&parsed) => Ok(parsed),
            "http" => Err(Error::local(format!(
                "refusing plain HTTP to {url}: credentials would travel unencrypted"
            ))
            .hint("use https://, or --allow-http for a test server you trust")),
            other => Err(Error::local(format!("unsupported URL scheme {other:?} in {url}"))),
        }
    }

    pub fn post_form(&self, url: &Url, body: &str, authorization: Option<&str>) -> Result<Response> {
        self.with_retries(url, || {
            let mut request = self
                .client
                .post(url.clone())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .body(body.to_string());
            if let Some(value) = authorization {
                let mut value = HeaderValue::from_str(value)
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
        let mut waited = Duration::ZERO;
        let mut attempt = 0;
        loop {
            let outcome = build()?.send();
            let (wait, failure) = match outcome {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let headers = resp.headers().clone();
                    if (300..400).contains(&status) {
                        let target = headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("?");
                        return Err(Error::remote(format!(
                            "{url} answered {status}, a redirect to {target}; tok does not follow redirects with credentials"
                        ))
                        .hint("use the final URL"));
                    }
                    let retry = status == 429 || (500..600).contains(&status);
                    if !retry || attempt >= MAX_RETRIES {
                        let body = resp.bytes().map_err(|e| transport_error(url, &e))?.to_vec();
                        return Ok(Response { status, body });
                    }
                    (server_wait(&headers), format!("{status}"))
                }
                // A timeout has used the time budget already; a refused connection may pass.
                Err(e) if e.is_connect() && attempt < MAX_RETRIES => (None, "connection failed".to_string()),
                Err(e) => return Err(transport_error(url, &e)),
            };
            let wait = wait.unwrap_or(Duration::from_millis(500) * 2u32.pow(attempt));
            if waited + wait > MAX_TOTAL_WAIT {
                return Err(Error::remote(format!(
                    "{url} asked to wait {}s more (after {failure}); giving up past {}s of waiting",
                    wait.as_secs(),
                    MAX_TOTAL_WAIT.as_secs()
                )));
            }
            crate::output::note(&format!("{url}: {failure}; retrying in {:.1}s", wait.as_secs_f64()));
            std::thread::sleep(wait);
            waited += wait;
            attempt += 1;
        }
    }
}

/// Retry-After (seconds), else Auth0's X-RateLimit-Reset (unix seconds).
fn server_wait(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<i64>().ok();
    if let Some(secs) = number("retry-after") {
        return Some(Duration::from_secs(secs.max(0) as u64));
    }
    let reset = number("x-ratelimit-reset")?;
    Some(Duration::from_secs((reset - crate::timefmt::now()).max(0) as u64))
}

fn transport_error(url: &Url, e: &reqwest::Error) -> Error {
    let what = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "connection failed".to_string()
    } else {
        "request failed".to_string()
    };
    // reqwest's Display carries the URL but never request headers or bodies, so no secret.
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    let detail = if detail.is_empty() { String::new() } else { format!(": {detail}") };
    let err = Error::remote(format!("{url}: {what}{detail}"));
    if e.is_timeout() {
        err.hint("raise --timeout, or check the server is reachable")
    } else {
        err
    }
}

fn is_loopback(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
