//! `tok verify`: signature, algorithm and claims, with every failure reported.

use crate::checks::{self, Keys, Policy, Report, Status};
use crate::cli::VerifyArgs;
use crate::cmd::{output_error, parse_alg, wants_hmac};
use crate::error::{Error, Kind, Result};
use crate::jws::VerifyKey;
use crate::keys;
use crate::output::{self, paint, Out};
use crate::secret;
use crate::timefmt::{self, parse_duration, parse_time};
use crate::token_input;
use serde_json::{json, Value};
use std::io::BufRead;

pub fn run(args: VerifyArgs) -> Result<()> {
    let policy = policy(&args)?;
    let token_on_stdin = args.each || matches!(args.token.as_deref(), None | Some("-"));
    if args.secret.secret_stdin && token_on_stdin {
        return Err(Error::local("stdin cannot carry both the secret and the token")
            .hint("pass the token as an argument, or use --secret-file"));
    }
    let keys = load_keys(&args, &policy)?;
    if args.each {
        return each(&keys, &policy, &args);
    }
    let raw = token_input::arg_or_stdin(args.token.as_deref())?;
    let report = match token_input::extract(&raw) {
        Ok(token) => checks::verify(&token, &keys, &policy),
        Err(e) => Report::failed("format", e),
    };
    single(&report, &args)
}

fn policy(args: &VerifyArgs) -> Result<Policy> {
    let now = match &args.at {
        Some(at) => parse_time(at, timefmt::now()).map_err(|e| Error::local(format!("--at: {e}")))?,
        None => timefmt::now(),
    };
    let leeway = parse_duration(&args.leeway).map_err(|e| Error::local(format!("--leeway: {e}")))?;
    Ok(Policy {
        algs: args.alg.iter().map(|a| parse_alg(a)).collect::<Result<_>>()?,
        iss: args.iss.clone(),
        aud: args.aud.clone(),
        scope: args.scope.clone(),
        sub: args.sub.clone(),
        require: args.require.clone(),
        leeway,
        now,
        details: args.explain,
    })
}

fn load_keys(args: &VerifyArgs, policy: &Policy) -> Result<Keys> {
    let secret_given = args.secret.secret_file.is_some() || args.secret.secret_stdin;
    if secret_given && (args.key.is_some() || args.jwks.is_some()) {
        return Err(Error::local("give one key source: a secret, --key or --jwks"));
    }
    if let Some(path) = &args.jwks {
        let entries = keys::load_jwks_file(path)?;
        if entries.is_empty() {
            return Err(Error::local(format!("{}: the key set is empty", path.display())));
        }
        return Ok(Keys::Set { entries, label: path.display().to_string() });
    }
    if secret_given || (args.key.is_none() && wants_hmac(&policy.algs)) {
        let secret = secret::require(args.secret.secret_file.as_deref(), args.secret.secret_stdin, "HMAC")?;
        return Ok(Keys::Single {
            key: VerifyKey::hmac(secret),
            thumbprint: None,
            label: "the HMAC secret".into(),
        });
    }
    let (key, label) = keys::load_key_ref(args.key.as_deref(), false)?;
    let public = key.public();
    let key = public.verify_key().map_err(Error::local)?;
    Ok(Keys::Single { key, thumbprint: Some(public.thumbprint()), label })
}

fn errors_json(report: &Report) -> Value {
    report.with_status(Status::Fail).map(|c| json!({"check": c.name, "message": c.detail})).collect()
}

fn warnings(report: &Report) -> Vec<String> {
    report.with_status(Status::Warn).map(|c| c.detail.to_string()).collect()
}

fn result_json(report: &Report) -> Value {
    let mut v = json!({"valid": report.valid(), "header": report.header, "claims": report.claims});
    if !report.valid() {
        v["errors"] = errors_json(report);
    }
    let warnings = warnings(report);
    if !warnings.is_empty() {
        v["warnings"] = json!(warnings);
    }
    v
}

fn single(report: &Report, args: &VerifyArgs) -> Result<()> {
    let mut out = Out::new();
    let pretty = output::stdout_is_terminal();
    if args.quiet {
    } else if args.explain {
        explain(report, &mut out).map_err(output_error)?;
    } else if args.json {
        out.line(&output::json(&result_json(report), pretty)).map_err(output_error)?;
    } else {
        for warning in warnings(report) {
            output::warn(&warning);
        }
        if report.valid() {
            let claims = Value::Object(report.claims.clone().unwrap_or_default());
            out.line(&output::json(&claims, pretty)).map_err(output_error)?;
        } else {
            let label = paint("error:", "31", output::stderr_color());
            for c in report.with_status(Status::Fail) {
                eprintln!("tok: {label} invalid token: {}: {}", c.name, c.detail);
            }
        }
    }
    out.flush().map_err(output_error)?;
    if report.valid() {
        Ok(())
    } else {
        Err(Error::reported(Kind::Invalid))
    }
}

fn explain(report: &Report, out: &mut Out) -> std::io::Result<()> {
    let color = output::stdout_color();
    for c in &report.checks {
        let mark = match c.status {
            Status::Pass => paint("✓", "32", color),
            Status::Fail => paint("✗", "31", color),
            Status::Warn => paint("!", "33", color),
            Status::Skip => paint("-", "2", color),
        };
        out.line(&format!("{mark} {:<10} {}", c.name, c.detail))?;
    }
    let verdict = if report.valid() {
        paint("valid", "32", color)
    } else {
        let failed = report.with_status(Status::Fail).count();
        paint(&format!("invalid: {failed} check(s) failed; an API gateway would answer 401"), "31", color)
    };
    out.line(&verdict)
}

/// One result a line, in input order; the key was parsed once for all of them.
fn each(keys: &Keys, policy: &Policy, args: &VerifyArgs) -> Result<()> {
    let mut out = Out::new();
    let mut any_failed = false;
    let stdin = std::io::stdin();
    let mut line = String::new();
    let mut reader = stdin.lock();
    loop {
        line.clear();
        let read =
            reader.read_line(&mut line).map_err(|e| Error::local(format!("cannot read stdin: {e}")))?;
        if read == 0 {
            break;
        }
        let report = match token_input::extract(&line) {
            Ok(token) => checks::verify(&token, keys, policy),
            Err(e) => Report::failed("format", e),
        };
        any_failed |= !report.valid();
        if args.quiet {
            continue;
        }
        let text = if args.json {
            serde_json::to_string(&result_json(&report)).unwrap_or_default()
        } else if report.valid() {
            serde_json::to_string(&report.claims).unwrap_or_default()
        } else {
            let failures: Vec<String> =
                report.with_status(Status::Fail).map(|c| format!("{}: {}", c.name, c.detail)).collect();
            format!("error: {}", failures.join("; "))
        };
        out.line(&text).map_err(output_error)?;
    }
    out.flush().map_err(output_error)?;
    if any_failed {
        Err(Error::reported(Kind::Invalid))
    } else {
        Ok(())
    }
}
