//! `tok sign`: one compact JWS per subject, the key parsed once for the whole batch.

use crate::claims::{parse_claim_arg, read_claims_file, type_errors};
use crate::cli::SignArgs;
use crate::cmd::{output_error, parse_alg, wants_hmac};
use crate::error::{io_error, Error, Result};
use crate::jws::{Alg, Family, Signer};
use crate::keyring;
use crate::output::{self, Out};
use crate::secret;
use crate::timefmt::{self, parse_duration, parse_time};
use crate::token_input::url_with_token;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Map, Value};
use std::io::{BufRead, Read};
use std::path::Path;

const DEFAULT_TTL: i64 = 3600;

pub fn run(args: SignArgs) -> Result<()> {
    let jobs = crate::batch::jobs(args.jobs)?;
    let (signer, kid) = load_signer(&args)?;
    let started = timefmt::now();
    let (template, fixed) = claims_template(&args, started)?;

    let mut header = Map::new();
    header.insert("alg".into(), json!(signer.alg().name()));
    header.insert("typ".into(), json!(args.typ));
    if let Some(kid) = kid.filter(|_| !args.no_kid) {
        header.insert("kid".into(), json!(kid));
    }
    let header = Value::Object(header);
    let header_b64 = B64.encode(header.to_string());

    let batch = args.sub.len() > 1 || args.subs_from.is_some();
    let minter = Minter {
        args: &args,
        signer: &signer,
        header: &header,
        header_b64: &header_b64,
        fixed,
        random_jti: args.jti.as_deref() == Some(""),
        pretty: !batch && output::stdout_is_terminal(),
    };
    let mut out = Out::new();
    let mut stamped = Stamped { template: template.clone(), at: started };
    for sub in &args.sub {
        out.line(&minter.token(&mut stamped, Some(sub))?).map_err(output_error)?;
    }
    match &args.subs_from {
        // Streamed: each token is written as its subject arrives, and flushed when no more
        // subjects are waiting.
        Some(path) => {
            let mut signed = 0;
            let worker = || {
                let mut stamped = Stamped { template: template.clone(), at: started };
                let minter = &minter;
                move |subject: Subject| match subject {
                    Subject::Blank => None,
                    Subject::Sub(sub) => Some(minter.token(&mut stamped, Some(&sub))),
                    Subject::Unreadable(e) => Some(Err(Error::local(format!("cannot read subjects: {e}")))),
                }
            };
            crate::batch::run(jobs, subject_lines(path)?, worker, |line, idle| {
                if let Some(line) = line {
                    out.line(&line?).map_err(output_error)?;
                    signed += 1;
                }
                if idle {
                    out.flush().map_err(output_error)?;
                }
                Ok(())
            })?;
            if signed == 0 {
                return Err(Error::local(format!("{} holds no subjects", path.display())));
            }
        }
        None if args.sub.is_empty() => out.line(&minter.token(&mut stamped, None)?).map_err(output_error)?,
        None => {}
    }
    out.flush().map_err(output_error)
}

/// What every token of a run shares; `token` makes one.
struct Minter<'a> {
    args: &'a SignArgs,
    signer: &'a Signer,
    header: &'a Value,
    header_b64: &'a str,
    fixed: Fixed,
    random_jti: bool,
    pretty: bool,
}

/// The claims template with its times as of `at` (one a thread).
struct Stamped {
    template: Map<String, Value>,
    at: i64,
}

impl Minter<'_> {
    /// The line to print for one token: the token, its URL, or its JSON.
    fn token(&self, stamped: &mut Stamped, sub: Option<&str>) -> Result<String> {
        // Each token's iat/exp/nbf are as of when it is signed: subjects may arrive on a pipe
        // long after tok started.
        let now = timefmt::now();
        if now != stamped.at {
            restamp(&mut stamped.template, self.args, self.fixed, now)?;
            stamped.at = now;
        }
        let claims = with_subject(&stamped.template, sub, self.random_jti)?;
        let payload = serde_json::to_vec(&claims).map_err(|e| Error::local(e.to_string()))?;
        let token = self.signer.token(self.header_b64, &payload).map_err(Error::local)?;
        Ok(match (&self.args.url, self.args.json) {
            (Some(url), _) => url_with_token(url, &token),
            (None, true) => {
                output::json(&json!({"token": token, "header": self.header, "claims": claims}), self.pretty)
            }
            (None, false) => token,
        })
    }
}

/// One line of --subs-from.
enum Subject {
    Sub(String),
    /// Skipped, but a blank last line before a pause still lets the tokens so far be flushed.
    Blank,
    Unreadable(String),
}

/// The lines of FILE or stdin, each with whether more input was already waiting after it.
fn subject_lines(path: &Path) -> Result<impl Iterator<Item = crate::batch::Next<Subject>> + Send + 'static> {
    let source: Box<dyn Read + Send> = if is_stdin(Some(path)) {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| io_error("read subjects from", path, e))?)
    };
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, source);
    let mut ended = false;
    let mut line = String::new();
    Ok(std::iter::from_fn(move || {
        if ended {
            return None;
        }
        line.clear();
        let item = match reader.read_line(&mut line) {
            Ok(0) => return None,
            Ok(_) => match line.trim() {
                "" => Subject::Blank,
                sub => Subject::Sub(sub.to_string()),
            },
            Err(e) => {
                ended = true;
                Subject::Unreadable(e.to_string())
            }
        };
        Some(crate::batch::Next { item, idle: reader.buffer().is_empty() })
    }))
}

/// The signer and the kid to announce (the RFC 7638 thumbprint; None for HMAC).
fn load_signer(args: &SignArgs) -> Result<(Signer, Option<String>)> {
    let alg = args.alg.as_deref().map(parse_alg).transpose()?;
    let secret_given = args.secret.given();
    if secret_given || alg.is_some_and(|a| wants_hmac(&[a])) {
        if args.key.is_some() {
            return Err(Error::local("--key names a private key; an HMAC secret comes from --secret-file, --secret-stdin or TOK_SECRET"));
        }
        let alg = match alg {
            Some(a) if a.family() != Family::Hmac => {
                return Err(Error::local(format!(
                    "{} signs with {}, not a secret",
                    a.name(),
                    a.family().name()
                ))
                .hint("drop --secret-file/--secret-stdin, or use --alg HS256"))
            }
            Some(a) => a,
            None => Alg::HS256,
        };
        if args.secret.secret_stdin
            && (is_stdin(args.subs_from.as_deref()) || is_stdin(args.claims_file.as_deref()))
        {
            return Err(Error::local("stdin cannot carry both the secret and subjects/claims")
                .hint("use --secret-file"));
        }
        let secret =
            secret::require(args.secret.secret_file.as_deref(), args.secret.secret_stdin, alg.name())?;
        if secret.len() < alg.hmac_min_len() {
            let msg = format!(
                "the HMAC secret is {} bytes; {} needs at least {} (RFC 7518 §3.2)",
                secret.len(),
                alg.name(),
                alg.hmac_min_len()
            );
            if !args.insecure {
                return Err(Error::local(msg).hint(
                    format!(
                        "make one with `tok keygen --type hmac --alg {} --out FILE`, or pass --insecure to sign for a legacy authorizer anyway",
                        alg.name()
                    ),
                ));
            }
            output::warn(&format!("{msg}; signing anyway (--insecure)"));
        }
        return Ok((Signer::hmac(alg, &secret), None));
    }
    let (signer, public) = keyring::signer(args.key.as_deref(), alg, "tok sign")?;
    Ok((signer, Some(public.thumbprint())))
}

fn is_stdin(path: Option<&Path>) -> bool {
    path == Some(Path::new("-"))
}

/// Every claim except `sub` (and a random `jti`), in the order tokens print them.
/// Precedence: --claims file < --claim < the dedicated flags; defaults fill what is left.
fn claims_template(args: &SignArgs, now: i64) -> Result<(Map<String, Value>, Fixed)> {
    if is_stdin(args.subs_from.as_deref()) && is_stdin(args.claims_file.as_deref()) {
        return Err(Error::local("stdin cannot carry both the subjects and the claims")
            .hint("pass one of --subs-from and --claims as a file"));
    }
    let mut custom = match &args.claims_file {
        Some(path) => read_claims_file(path)?,
        None => Map::new(),
    };
    for arg in &args.claims {
        let (k, v) = parse_claim_arg(arg)?;
        custom.insert(k, v);
    }
    let mut claims = Map::new();
    if let Some(iss) = &args.iss {
        custom.insert("iss".into(), json!(iss));
    }
    if let Some(sub) = custom.remove("sub") {
        claims.insert("sub".into(), sub);
    }
    match args.aud.as_slice() {
        [] => {}
        [one] => {
            custom.insert("aud".into(), json!(one));
        }
        many => {
            custom.insert("aud".into(), json!(many));
        }
    }
    let fixed = Fixed { iat: custom.contains_key("iat"), exp: custom.contains_key("exp") };
    if let Some(jti) = args.jti.as_deref().filter(|j| !j.is_empty()) {
        custom.insert("jti".into(), json!(jti));
    }
    if !args.scope.is_empty() {
        custom.insert("scope".into(), json!(args.scope.join(" ")));
    }
    // Registered claims first, in a fixed readable order; then the rest as given. The times
    // are placed here and filled in by `restamp`, the one place that computes them.
    for name in ["iss", "sub", "aud"] {
        if let Some(v) = custom.remove(name) {
            claims.insert(name.into(), v);
        }
    }
    claims.insert("iat".into(), custom.remove("iat").unwrap_or(Value::Null));
    if let Some(nbf) = custom.remove("nbf").or(args.nbf.as_ref().map(|_| Value::Null)) {
        claims.insert("nbf".into(), nbf);
    }
    claims.insert("exp".into(), custom.remove("exp").unwrap_or(Value::Null));
    restamp(&mut claims, args, fixed, now)?;
    claims.append(&mut custom);

    if let Some((name, message)) = type_errors(&claims).into_iter().next() {
        return Err(Error::local(message).hint(format!("use --{name} or --claim {name}:=VALUE for a number")));
    }
    let exp = claims["exp"].as_i64().unwrap_or(0);
    if exp <= now {
        output::warn(&format!("exp is {}: the token is already expired", timefmt::format_rfc3339(exp)));
    }
    Ok((claims, fixed))
}

/// `exp` or `nbf` from its flags as of `now`; None when no flag sets it.
fn time_claim(args: &SignArgs, name: &str, now: i64) -> Result<Option<Value>> {
    let time = |flag: &str, v: &str| parse_time(v, now).map_err(|e| Error::local(format!("--{flag}: {e}")));
    Ok(match (name, &args.exp, &args.ttl, &args.nbf) {
        ("exp", Some(exp), _, _) => Some(json!(time("exp", exp)?)),
        ("exp", None, Some(ttl), _) => {
            // `--ttl -5m`: an already-expired token, a common test need.
            let (sign, ttl) = match ttl.strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, ttl.as_str()),
            };
            let ttl = parse_duration(ttl).map_err(|e| Error::local(format!("--ttl: {e}")))?;
            Some(json!(now.saturating_add(sign * ttl)))
        }
        ("nbf", _, _, Some(nbf)) => Some(json!(time("nbf", nbf)?)),
        _ => None,
    })
}

/// Move the template's times to `now`, except `iat`/`exp` the user gave as claims
/// (`--claim iat:=…`, `--claims FILE`), which stay as given.
fn restamp(template: &mut Map<String, Value>, args: &SignArgs, fixed: Fixed, now: i64) -> Result<()> {
    if !fixed.iat {
        template.insert("iat".into(), json!(now));
    }
    match time_claim(args, "exp", now)? {
        Some(exp) => {
            template.insert("exp".into(), exp);
        }
        None if !fixed.exp => {
            template.insert("exp".into(), json!(now + DEFAULT_TTL));
        }
        None => {}
    }
    if let Some(nbf) = time_claim(args, "nbf", now)? {
        template.insert("nbf".into(), nbf);
    }
    Ok(())
}

/// Which time claims came from `--claim`/`--claims` rather than the clock.
#[derive(Clone, Copy)]
struct Fixed {
    iat: bool,
    exp: bool,
}

/// The template with this token's `sub` (placed after `iss`) and a fresh random `jti`.
fn with_subject(
    template: &Map<String, Value>,
    sub: Option<&str>,
    random_jti: bool,
) -> Result<Map<String, Value>> {
    if sub.is_none() && !random_jti {
        return Ok(template.clone());
    }
    let mut claims = Map::with_capacity(template.len() + 2);
    let mut placed = sub.is_none();
    for (k, v) in template {
        if !placed && k != "iss" {
            claims.insert("sub".into(), json!(sub));
            placed = true;
        }
        if k != "sub" || sub.is_none() {
            claims.insert(k.clone(), v.clone());
        }
    }
    if random_jti {
        let mut bytes = [0u8; 16];
        aws_lc_rs::rand::fill(&mut bytes).map_err(|_| Error::local("the system RNG failed"))?;
        claims.insert("jti".into(), json!(B64.encode(bytes)));
    }
    Ok(claims)
}
