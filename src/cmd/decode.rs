//! `tok decode`: header and claims of any JWS, without verifying it.

use crate::claims::numeric_date;
use crate::cli::DecodeArgs;
use crate::error::{Error, Result};
use crate::output::{self, Out};
use crate::timefmt::{self, format_rfc3339};
use crate::token;
use crate::token_input;
use serde_json::{json, Map, Value};

pub fn run(args: DecodeArgs) -> Result<()> {
    let raw = token_input::arg_or_stdin(args.token.as_deref())?;
    let token = token_input::extract(&raw).map_err(|e| Error::invalid(format!("cannot decode: {e}")))?;
    let parts = token::split(&token).map_err(|e| {
        let err = Error::invalid(format!("cannot decode: {e}"));
        match token_input::file_hint(&token) {
            Some(hint) => err.hint(hint),
            None => err,
        }
    })?;
    let claims = parts.claims.map_err(|e| Error::invalid(format!("cannot decode: {e}")))?;
    output::note("the signature was NOT verified (use `tok verify` to check it)");

    let now = timefmt::now();
    let times = times(&claims, now);
    let header = Value::Object(parts.header);
    let claims = Value::Object(claims);
    let pretty = output::stdout_is_terminal();
    // Coloured like verify's output: on a terminal, unless NO_COLOR.
    let color = output::stdout_color();
    let heading = |text: &str| output::paint(text, "1", color);
    let mut out = Out::new();
    let result = (|| {
        if args.json {
            let v = json!({"header": header, "claims": claims, "times": times, "signature_verified": false});
            return out.line(&output::json_painted(&v, pretty, color));
        }
        out.line(&heading("header"))?;
        out.line(&output::json_painted(&header, true, color))?;
        out.line(&heading("claims"))?;
        out.line(&output::json_painted(&claims, true, color))?;
        if !times.is_empty() {
            out.line(&heading("times"))?;
            for (name, t) in &times {
                let rfc = t["rfc3339"].as_str().unwrap_or("");
                let rel = t["relative"].as_str().unwrap_or("");
                out.line(&format!("  {name:<4} {rfc}  ({rel})"))?;
            }
        }
        Ok(())
    })();
    result.and_then(|_| out.flush()).map_err(crate::cmd::output_error)
}

/// iat / nbf / exp as RFC 3339 and relative to now ("expires in 59m", "expired 3h ago").
fn times(claims: &Map<String, Value>, now: i64) -> Map<String, Value> {
    let mut times = Map::new();
    for name in ["iat", "nbf", "exp"] {
        let Some(t) = numeric_date(claims.get(name)) else {
            continue;
        };
        let ago = timefmt::human_duration(now - t);
        let ahead = timefmt::human_duration(t - now);
        let relative = match (name, t > now) {
            ("exp", true) => format!("expires in {ahead}"),
            ("exp", false) => format!("expired {ago} ago"),
            ("nbf", true) => format!("not valid for {ahead}"),
            ("nbf", false) => format!("valid since {ago} ago"),
            (_, true) => format!("in the future by {ahead}"),
            (_, false) => format!("{ago} ago"),
        };
        times.insert(name.into(), json!({"unix": t, "rfc3339": format_rfc3339(t), "relative": relative}));
    }
    times
}
