//! A token as people paste it — bare, `Bearer …`, a whole `Authorization:` header line, a
//! `Sec-WebSocket-Protocol:` line, or a URL carrying `?token=…` — reduced to the one compact JWS.

use std::io::Read;

/// Upper bound on what tok reads as one token; real tokens are a few KB.
pub const MAX_INPUT: u64 = 16 * 1024 * 1024;

pub fn extract(raw: &str) -> Result<String, String> {
    let mut s = raw.trim();
    if let Some((name, value)) = s.split_once(':') {
        let name = name.trim();
        if name.eq_ignore_ascii_case("authorization") {
            s = value.trim();
        } else if name.eq_ignore_ascii_case("sec-websocket-protocol") {
            // Browsers cannot set headers on a WebSocket, so clients smuggle the token in as
            // one of the subprotocols: `Sec-WebSocket-Protocol: chat, eyJ…`.
            return value
                .split(',')
                .map(str::trim)
                .find(|p| p.matches('.').count() == 2)
                .map(str::to_string)
                .ok_or_else(|| "no JWT among the Sec-WebSocket-Protocol values".into());
        }
    }
    if s.len() > 7 && s[..7].eq_ignore_ascii_case("bearer ") {
        s = s[7..].trim_start();
    }
    if s.contains("://") || s.starts_with('?') {
        return from_url(s);
    }
    if s.is_empty() {
        return Err("no token given: pass it as an argument or on stdin".into());
    }
    Ok(s.to_string())
}

fn from_url(url: &str) -> Result<String, String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let query = query.split('#').next().unwrap_or("");
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if crate::form::decode(key).as_deref() == Some("token") {
            return crate::form::decode(value)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| "the URL's token= parameter is empty or badly encoded".into());
        }
    }
    Err("the URL has no token= query parameter".into())
}

/// Percent-encode everything outside RFC 3986's unreserved set.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `url` with `token=<token>` set in its query (replacing any existing one), fragment kept last.
pub fn url_with_token(url: &str, token: &str) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let (path, query) = base.split_once('?').unwrap_or((base, ""));
    let mut params: Vec<&str> =
        query.split('&').filter(|p| !p.is_empty() && p.split('=').next() != Some("token")).collect();
    let param = format!("token={}", percent_encode(token));
    params.push(&param);
    let mut out = format!("{path}?{}", params.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The TOKEN argument, or stdin when it is absent or `-` (never waiting on a terminal).
pub fn arg_or_stdin(arg: Option<&str>) -> crate::error::Result<String> {
    use crate::error::Error;
    use std::io::IsTerminal;
    match arg {
        Some(token) if token != "-" => Ok(token.to_string()),
        _ if std::io::stdin().is_terminal() => {
            Err(Error::local("no token given").hint("pass TOKEN, or pipe it: tok sign --sub x | tok verify"))
        }
        _ => read_stdin().map_err(Error::local),
    }
}

/// Read a token from stdin (bounded, so a runaway pipe cannot exhaust memory).
fn read_stdin() -> Result<String, String> {
    let mut buf = Vec::new();
    std::io::stdin()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(format!("stdin holds more than {} MiB; that is not one token", MAX_INPUT >> 20));
    }
    String::from_utf8(buf).map_err(|_| "stdin is not UTF-8 text, so it holds no token".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(extract("  a.b.c\n").unwrap(), "a.b.c");
        assert_eq!(extract("Bearer a.b.c").unwrap(), "a.b.c");
        assert_eq!(extract("bearer   a.b.c").unwrap(), "a.b.c");
        assert_eq!(extract("Authorization: Bearer a.b.c").unwrap(), "a.b.c");
        assert_eq!(extract("authorization:a.b.c").unwrap(), "a.b.c");
        assert_eq!(extract("Sec-WebSocket-Protocol: chat, a.b.c").unwrap(), "a.b.c");
        assert!(extract("Sec-WebSocket-Protocol: chat, v2").is_err());
        assert_eq!(extract("wss://x.example/dev?room=1&token=a.b.c#f").unwrap(), "a.b.c");
        assert_eq!(extract("https://x/?token=a%2Eb.c").unwrap(), "a.b.c");
        assert!(extract("https://x/?t=1").is_err());
        assert!(extract("   ").is_err());
    }

    #[test]
    fn url_building() {
        assert_eq!(url_with_token("wss://h/dev", "a.b_c-d"), "wss://h/dev?token=a.b_c-d");
        assert_eq!(url_with_token("wss://h/dev?x=1#f", "t"), "wss://h/dev?x=1&token=t#f");
        assert_eq!(url_with_token("wss://h/dev?token=old&x=1", "t"), "wss://h/dev?x=1&token=t");
        assert_eq!(percent_encode("a b+/"), "a%20b%2B%2F");
    }
}
