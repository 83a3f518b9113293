//! A token as people paste it — bare, `Bearer …`, a whole `Authorization:` header line, a
//! `Sec-WebSocket-Protocol:` line, or a URL carrying `?token=…` — reduced to the one compact JWS.

use std::borrow::Cow;
use std::io::{BufRead, Read};

/// Upper bound on what tok reads as one token; real tokens are a few KB.
pub const MAX_INPUT: u64 = 16 * 1024 * 1024;

/// Borrowed from `raw` unless it had to be decoded (a URL's `token=`): `verify --each` pays
/// for no copy of each line.
pub fn extract(raw: &str) -> Result<Cow<'_, str>, String> {
    let mut s = raw.trim();
    // Pasted from JSON, a shell `echo "'$T'"` or a log line: the quotes are not the token's.
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = s.strip_prefix(quote).and_then(|r| r.strip_suffix(quote)) {
            crate::output::note("removed the quotes around the token");
            s = inner.trim();
            break;
        }
    }
    // A compact JWS has no ':', so one fast scan (memchr) rules out the header-line and URL
    // forms for the token as it nearly always comes (`verify --each` runs this per line).
    let colon = memchr::memchr(b':', s.as_bytes());
    if let Some((name, value)) = colon.map(|i| (&s[..i], &s[i + 1..])) {
        let name = name.trim();
        if name.eq_ignore_ascii_case("authorization") {
            s = value.trim();
        } else if name.eq_ignore_ascii_case("sec-websocket-protocol") {
            // Browsers cannot set headers on a WebSocket, so clients smuggle the token in as
            // one of the subprotocols: `Sec-WebSocket-Protocol: chat, eyJ…`.
            return smuggled_token(value)
                .map(Cow::Borrowed)
                .ok_or_else(|| "no JWT among the Sec-WebSocket-Protocol values".into());
        }
    }
    if s.len() > 7 && s[..7].eq_ignore_ascii_case("bearer ") {
        s = s[7..].trim_start();
    }
    if (colon.is_some() && s.contains("://")) || s.starts_with('?') {
        return from_url(s).map(Cow::Owned);
    }
    if s.is_empty() {
        return Err("no token given: pass it as an argument or on stdin".into());
    }
    Ok(Cow::Borrowed(s))
}

/// The token among a `Sec-WebSocket-Protocol` value's offers (`chat, eyJ…`): the entry shaped
/// like a compact JWS. Shared with `tok gateway`, which takes it out of the offer.
pub fn smuggled_token(protocols: &str) -> Option<&str> {
    protocols.split(',').map(str::trim).find(|p| p.matches('.').count() == 2)
}

/// When what was given as a token is a file name (`tok verify token.txt`), how to pass the
/// file instead.
pub fn file_hint(token: &str) -> Option<String> {
    let path = std::path::Path::new(token);
    let looks_like_path = token.contains('/')
        || [".txt", ".jwt", ".json", ".pem", ".token"].iter().any(|ext| token.ends_with(ext));
    if token.len() > 4096 || token.chars().any(char::is_whitespace) || !(path.is_file() || looks_like_path) {
        return None;
    }
    Some(format!("{token:?} looks like a file name; to read a token from a file, use `< {token}`"))
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
    // Nothing to read is a usage error (exit 2), not an invalid token: the token never came.
    match arg {
        Some(token) if token.trim().is_empty() => Err(Error::local("the TOKEN argument is empty")
            .hint("is the variable you passed set? e.g. tok verify \"$TOKEN\"")),
        Some(token) if token != "-" => Ok(token.to_string()),
        _ if std::io::stdin().is_terminal() => Err(no_token_on_stdin("no token given")),
        _ => {
            let text = read_stdin().map_err(Error::local)?;
            if text.trim().is_empty() {
                return Err(no_token_on_stdin("no token on stdin: it was empty"));
            }
            Ok(text)
        }
    }
}

pub fn no_token_on_stdin(message: &str) -> crate::error::Error {
    crate::error::Error::local(message).hint(
        "pass TOKEN, or pipe it: tok sign --sub x | tok verify; if you piped, the command before the pipe printed nothing",
    )
}

pub enum Line {
    Complete,
    /// Longer than `MAX_INPUT`: read to its end and dropped, so memory stays bounded.
    TooLong,
}

/// The next line of `reader` (without its line ending) into `buf`; None at the end of input.
pub fn read_line_bounded(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<Line>> {
    buf.clear();
    let (mut started, mut too_long) = (false, false);
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(started.then_some(if too_long { Line::TooLong } else { Line::Complete }));
        }
        started = true;
        // memchr, not a byte-at-a-time loop: it was 1% of `tok verify --each` (callgrind).
        let newline = memchr::memchr(b'\n', available);
        let taken = newline.map_or(available.len(), |i| i + 1);
        let content = &available[..newline.unwrap_or(taken)];
        if !too_long && buf.len() + content.len() > MAX_INPUT as usize {
            too_long = true;
            buf.clear();
            buf.shrink_to_fit();
        }
        if !too_long {
            buf.extend_from_slice(content);
        }
        reader.consume(taken);
        if newline.is_some() {
            return Ok(Some(if too_long { Line::TooLong } else { Line::Complete }));
        }
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
        assert_eq!(extract("\"a.b.c\"\n").unwrap(), "a.b.c");
        assert_eq!(extract(" 'Bearer a.b.c' ").unwrap(), "a.b.c");
        assert_eq!(extract("\"a.b.c").unwrap(), "\"a.b.c");
    }

    #[test]
    fn url_building() {
        assert_eq!(url_with_token("wss://h/dev", "a.b_c-d"), "wss://h/dev?token=a.b_c-d");
        assert_eq!(url_with_token("wss://h/dev?x=1#f", "t"), "wss://h/dev?x=1&token=t#f");
        assert_eq!(url_with_token("wss://h/dev?token=old&x=1", "t"), "wss://h/dev?x=1&token=t");
        assert_eq!(percent_encode("a b+/"), "a%20b%2B%2F");
    }
}
