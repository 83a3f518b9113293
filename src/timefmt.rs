//! NumericDate helpers: RFC 3339 in and out, durations like `15m`, and "in 59m" / "3h ago".
//! Small enough that a date crate would cost more than it saves.

/// Year 9999. Times beyond it are clamped, so no arithmetic on them can overflow.
pub const MAX_DATE: i64 = 253_402_300_799;

/// No token lifetime, leeway or timeout is longer; past it, `now + d` could overflow and turn
/// a token meant to live forever into one already expired.
pub const MAX_DURATION: i64 = 100 * 366 * 86_400;

/// Unix seconds this large are year 5138: such a number is milliseconds (JavaScript's
/// `Date.now()`), not a NumericDate.
const MAX_PLAUSIBLE_SECONDS: i64 = 100_000_000_000;

/// Parse a duration: `90s`, `15m`, `1h`, `7d`, `1h30m`, or bare seconds (`3600`), at most
/// 100 years.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let d = parse_duration_unbounded(s)?;
    if d > MAX_DURATION {
        return Err(format!("duration {:?} is longer than 100 years; use a shorter one", s.trim()));
    }
    Ok(d)
}

fn parse_duration_unbounded(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let bad = || format!("invalid duration {s:?}: use e.g. 90s, 15m, 1h, 7d or 1h30m");
    if s.is_empty() {
        return Err(bad());
    }
    if let Ok(n) = s.parse::<i64>() {
        return if n >= 0 { Ok(n) } else { Err(bad()) };
    }
    let mut total: i64 = 0;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let n: i64 = num.parse().map_err(|_| bad())?;
        total = n.checked_mul(unit).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
        num.clear();
    }
    if !num.is_empty() {
        return Err(bad());
    }
    Ok(total)
}

/// Parse a point in time: `now`, unix seconds, `+15m` / `-1h` relative to `now`, or RFC 3339.
pub fn parse_time(s: &str, now: i64) -> Result<i64, String> {
    parse_time_unclamped(s, now).map(|t| t.clamp(-MAX_DATE, MAX_DATE))
}

fn parse_time_unclamped(s: &str, now: i64) -> Result<i64, String> {
    let s = s.trim();
    if s == "now" {
        return Ok(now);
    }
    if let Ok(n) = s.parse::<i64>() {
        if n.checked_abs().is_none_or(|a| a >= MAX_PLAUSIBLE_SECONDS) {
            return Err(format!(
                "{n} is not unix seconds: it looks like milliseconds; use {} (divide by 1000)",
                n / 1000
            ));
        }
        return Ok(n);
    }
    if let Some(rest) = s.strip_prefix('+') {
        return Ok(now.saturating_add(parse_duration(rest)?));
    }
    if let Some(rest) = s.strip_prefix('-') {
        return Ok(now.saturating_sub(parse_duration(rest)?));
    }
    parse_rfc3339(s).ok_or_else(|| {
        format!("invalid time {s:?}: use unix seconds, RFC 3339 (2026-11-21T10:00:00Z) or +15m")
    })
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    // Howard Hinnant's algorithm: proleptic Gregorian calendar, days since 1970-01-01.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; fractional seconds are dropped.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
            let ob = rest.as_bytes();
            if ob[3] != b':' {
                return None;
            }
            let (oh, om) = (num(s.len() - 5..s.len() - 3)?, num(s.len() - 2..s.len())?);
            let sign = if ob[0] == b'-' { -1 } else { 1 };
            sign * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// RFC 3339 in UTC, e.g. `2026-11-21T10:00:00Z`.
pub fn format_rfc3339(t: i64) -> String {
    let t = t.clamp(-MAX_DATE, MAX_DATE);
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// A compact human duration: `45s`, `3m12s`, `59m`, `3h`, `2h5m`, `7d`, `1d3h`.
pub fn human_duration(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sec}s"),
        (0, 0, _) if sec == 0 => format!("{m}m"),
        (0, 0, _) => format!("{m}m{sec}s"),
        (0, _, 0) => format!("{h}h"),
        (0, _, _) => format!("{h}h{m}m"),
        _ if d >= 365 => format!("{}y{}d", d / 365, d % 365),
        (_, 0, _) => format!("{d}d"),
        _ => format!("{d}d{h}h"),
    }
}

/// "in 59m" or "3h ago".
pub fn relative(t: i64, now: i64) -> String {
    let delta = t.saturating_sub(now);
    if delta == 0 {
        "now".to_string()
    } else if delta > 0 {
        format!("in {}", human_duration(delta))
    } else {
        format!("{} ago", human_duration(delta))
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Ok(90));
        assert_eq!(parse_duration("15m"), Ok(900));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("7d"), Ok(604_800));
        assert_eq!(parse_duration("3600"), Ok(3600));
        assert!(parse_duration("1x").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("5").is_ok());
        assert!(parse_duration("99999999999999999999d").is_err());
        // Within i64 but past any lifetime: `now + d` would overflow (issue 8, item 12).
        assert!(parse_duration("9223372036854775000").unwrap_err().contains("100 years"));
        assert!(parse_duration("36600d").is_ok());
        assert!(parse_duration("36700d").is_err());
    }

    #[test]
    fn rfc3339_round_trip_and_offsets() {
        // RFC 7515 A.1's exp, 2011-03-22T18:43:00Z.
        assert_eq!(parse_rfc3339("2011-03-22T18:43:00Z"), Some(1_300_819_380));
        assert_eq!(format_rfc3339(1_300_819_380), "2011-03-22T18:43:00Z");
        assert_eq!(parse_rfc3339("2011-03-23T03:43:00+09:00"), Some(1_300_819_380));
        assert_eq!(parse_rfc3339("2011-03-22T18:43:00.123Z"), Some(1_300_819_380));
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(parse_rfc3339("2011-13-22T18:43:00Z"), None);
        assert_eq!(parse_rfc3339("2011-03-22T18:43:00"), None);
        assert_eq!(parse_rfc3339("2011-03-22T18:43:00+0900"), None);
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("+15m", 1000), Ok(1900));
        assert_eq!(parse_time("-10s", 1000), Ok(990));
        assert_eq!(parse_time("now", 1000), Ok(1000));
        assert_eq!(parse_time("1700000000", 0), Ok(1_700_000_000));
        assert!(parse_time("tomorrow", 0).is_err());
        // 13 digits: JavaScript milliseconds, refused rather than clamped to year 9999.
        assert!(parse_time("1795311545000", 0).unwrap_err().contains("use 1795311545 (divide by 1000)"));
        assert!(parse_time("-9223372036854775808", 0).is_err());
        assert_eq!(parse_time("99999999999", 0), Ok(99_999_999_999));
    }

    #[test]
    fn human() {
        assert_eq!(human_duration(192), "3m12s");
        assert_eq!(human_duration(3540), "59m");
        assert_eq!(human_duration(-10_800), "3h");
        assert_eq!(relative(4540, 1000), "in 59m");
        assert_eq!(relative(1000, 11_800), "3h ago");
    }
}
