//! `application/x-www-form-urlencoded` (WHATWG URL §5, RFC 6749 Appendix B): the encoding of
//! token request bodies, of client_secret_basic credentials, and of URL query parameters.

/// Encode one name or value: `A-Z a-z 0-9 * - . _` stay, space becomes `+`, all else `%XX`.
/// RFC 6749 §2.3.1 requires this for the id and secret in a Basic header.
pub fn encode(s: &str) -> String {
    // Sized for the worst case (every byte as %XX): a buffer that grows leaves copies of a
    // client secret behind in freed memory, where a Zeroizing wrapper cannot wipe them.
    let mut out = String::with_capacity(s.len() * 3);
    encode_into(&mut out, s);
    out
}

fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0xf)] as char);
            }
        }
    }
}

/// Decode one component (`+` is a space); None for bad `%` escapes or non-UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// `a=1&b=2` from pairs, in order. Written into one buffer sized up front, for the same
/// reason as `encode`: the body may carry a client secret.
pub fn serialize<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| 3 * (k.len() + v.len()) + 2).sum());
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, k);
        out.push('=');
        encode_into(&mut out, v);
    }
    out
}

/// Pairs from `a=1&b=2`; None if any component is badly encoded.
pub fn parse(body: &str) -> Option<Vec<(String, String)>> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6749_appendix_b_vector() {
        // RFC 6749 Appendix B: " %&+£€" encodes as "+%25%26%2B%C2%A3%E2%82%AC".
        assert_eq!(encode(" %&+£€"), "+%25%26%2B%C2%A3%E2%82%AC");
        assert_eq!(decode("+%25%26%2B%C2%A3%E2%82%AC").as_deref(), Some(" %&+£€"));
    }

    #[test]
    fn round_trips_and_rejects() {
        let pairs = parse("grant_type=client_credentials&scope=a+b%2Fc&empty=").unwrap();
        assert_eq!(pairs[1], ("scope".into(), "a b/c".into()));
        assert_eq!(pairs[2], ("empty".into(), "".into()));
        assert_eq!(serialize([("scope", "a b/c")]), "scope=a+b%2Fc");
        assert!(parse("a=%zz").is_none());
        assert!(decode("%").is_none());
    }
}
