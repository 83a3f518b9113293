//! `tok verify`: signature, algorithm and claims, with every failure reported.

use crate::authorizer;
use crate::batch;
use crate::checks::{self, Keys, Policy, Report, Status};
use crate::cli::VerifyArgs;
use crate::cmd::{output_error, parse_alg, wants_hmac};
use crate::error::{Error, Kind, Result};
use crate::jws::{Alg, VerifyKey};
use crate::keyring;
use crate::keys::{self, JwkEntry};
use crate::output::{self, paint, Out};
use crate::remote_jwks::RemoteJwks;
use crate::secret;
use crate::timefmt::{self, parse_duration, parse_time};
use crate::token_input;
use crate::verifier::{self, KeySource};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

pub fn run(args: VerifyArgs) -> Result<()> {
    let policy = policy(&args)?;
    let jobs = batch::jobs(args.jobs)?;
    let token_on_stdin = args.each || matches!(args.token.as_deref(), None | Some("-"));
    if args.secret.secret_stdin && token_on_stdin {
        return Err(Error::local("stdin cannot carry both the secret and the token")
            .hint("pass the token as an argument, or use --secret-file"));
    }
    let (keys, remote) = load_keys(&args, &policy)?;
    let at = args.at.is_some().then_some(policy.now);
    let mut verifier = Verifier { keys: KeySource::new(keys, remote), policy, at };
    if args.each {
        return each(&mut verifier, &args, jobs);
    }
    let raw = token_input::arg_or_stdin(args.token.as_deref())?;
    let report = verifier.check(&raw)?;
    single(&report, &args)
}

/// The keys and the policy, and where to fetch the keys again if they rotated.
struct Verifier {
    /// Shared with `--each`'s workers; replaced (never changed) when fetched again.
    keys: KeySource,
    policy: Policy,
    /// `--at`: one fixed time for every token. Otherwise the clock is read as each token
    /// arrives, since a pipe may deliver it seconds or hours after tok started.
    at: Option<i64>,
}

impl Verifier {
    fn check(&mut self, raw: &str) -> Result<Report> {
        let keys = self.keys.current();
        match first_check(&keys, &mut self.policy, self.at, raw) {
            (report, Some(token)) if report.unknown_kid => {
                let now = self.policy.now;
                self.settle(&token, report, &keys, now)
            }
            (report, _) => Ok(report),
        }
    }

    /// A token whose kid was not among `checked_with`, checked at `now` (see KeySource::settle).
    fn settle(&mut self, token: &str, report: Report, checked_with: &Arc<Keys>, now: i64) -> Result<Report> {
        self.policy.now = now;
        self.keys.settle(token, report, checked_with, &self.policy)
    }
}

/// One line's checks against `keys`, as of `at` or the clock now; the token when the line
/// held one.
fn first_check<'r>(
    keys: &Keys,
    policy: &mut Policy,
    at: Option<i64>,
    raw: &'r str,
) -> (Report, Option<Cow<'r, str>>) {
    policy.now = at.unwrap_or_else(timefmt::now);
    let token = match token_input::extract(raw) {
        Ok(token) => token,
        Err(e) => return (Report::failed("format", e), None),
    };
    let mut report = checks::verify(&token, keys, policy);
    if report.with_status(Status::Fail).any(|c| c.name == "format") {
        if let Some(hint) = token_input::file_hint(&token) {
            report.amend("format", &format!(" (hint: {hint})"));
        }
    }
    (report, Some(token))
}

fn duration_flag(flag: &str, value: &str) -> Result<i64> {
    parse_duration(value).map_err(|e| Error::local(format!("{flag}: {e}")))
}

fn policy(args: &VerifyArgs) -> Result<Policy> {
    let now = match &args.at {
        Some(at) => parse_time(at, timefmt::now()).map_err(|e| Error::local(format!("--at: {e}")))?,
        None => timefmt::now(),
    };
    // With --issuer, the token must come from that issuer.
    let iss = match (&args.iss, &args.issuer) {
        (Some(iss), Some(issuer)) if iss != issuer => {
            return Err(Error::local("--iss and --issuer name different issuers"))
        }
        (iss, issuer) => iss.clone().or(issuer.clone()),
    };
    if let Some(arn) = &args.policy {
        authorizer::check_method_arn(arn).map_err(|e| Error::local(format!("--policy: {e}")))?;
    }
    let algs: Vec<Alg> = args.alg.iter().map(|a| parse_alg(a)).collect::<Result<_>>()?;
    let leeway = duration_flag("--leeway", &args.leeway)?;
    let secret_given = args.secret.given();
    let default_keys = args.key.is_none()
        && args.jwks.is_none()
        && args.issuer.is_none()
        && !secret_given
        && !wants_hmac(&algs);
    let mut policy = Policy {
        require_kid: false,
        default_keys,
        insecure: args.insecure,
        algs,
        iss,
        aud: args.aud.clone(),
        scope: args.scope.clone(),
        scope_any: false,
        sub: args.sub.clone(),
        require: args.require.clone(),
        ignore: args.ignore.clone(),
        leeway,
        now,
        fixed_time: args.at.is_some(),
        details: args.explain,
    };
    if args.gateway.is_some() {
        authorizer::apply_jwt_rules(&mut policy).map_err(Error::local)?;
    }
    Ok(policy)
}

fn is_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

/// The keys to verify with, and the URL to fetch them again from when they are remote.
fn load_keys(args: &VerifyArgs, policy: &Policy) -> Result<(Keys, Option<RemoteJwks>)> {
    let fixed = |keys: Keys| Ok((keys, None));
    let secret_given = args.secret.given();
    if secret_given && (args.key.is_some() || args.jwks.is_some() || args.issuer.is_some()) {
        return Err(Error::local("give one key source: a secret, --key, --jwks or --issuer"));
    }
    let timeout = Duration::from_secs(duration_flag("--timeout", &args.timeout)?.max(1) as u64);
    let remote_url = match (&args.jwks, &args.issuer) {
        (Some(jwks), _) if is_url(jwks) => Some(jwks.clone()),
        (_, Some(issuer)) => Some(discover_jwks_uri(issuer, timeout, args, timefmt::now())?),
        _ => None,
    };
    if let Some(url) = remote_url {
        let ttl = duration_flag("--jwks-ttl", &args.jwks_ttl)?;
        let cooldown = duration_flag("--jwks-cooldown", &args.jwks_cooldown)?;
        let mut remote = RemoteJwks::new(url.clone(), timeout, args.allow_http, ttl, cooldown);
        let entries = remote.load(timefmt::now())?;
        return Ok((Keys::Set { entries, label: url, fallback: None }, Some(remote)));
    }
    if let Some(path) = &args.jwks {
        let path = std::path::Path::new(path);
        let entries = keys::load_jwks_file(path)?;
        if entries.is_empty() {
            return Err(Error::local(format!("{}: the key set is empty", path.display())));
        }
        return fixed(Keys::Set { entries, label: path.display().to_string(), fallback: None });
    }
    if secret_given || (args.key.is_none() && wants_hmac(&policy.algs)) {
        let secret = secret::require(args.secret.secret_file.as_deref(), args.secret.secret_stdin, "HMAC")?;
        return fixed(Keys::Single {
            key: VerifyKey::hmac(secret),
            thumbprint: None,
            label: "the HMAC secret".into(),
        });
    }
    if args.key.is_none() {
        return fixed(keyring_set()?);
    }
    let (key, label) = keyring::load(args.key.as_deref(), false)?;
    let public = key.public();
    let key = public.verify_key().map_err(Error::local)?;
    fixed(Keys::Single { key, thumbprint: Some(public.thumbprint()), label })
}

fn discover_jwks_uri(issuer: &str, timeout: Duration, args: &VerifyArgs, now: i64) -> Result<String> {
    let ttl = duration_flag("--jwks-ttl", &args.jwks_ttl)?;
    // API Gateway does not check the document's issuer; everyone else must (RFC 8414 §3.3).
    let check_issuer = args.gateway.is_none();
    verifier::discover_jwks_uri(issuer, timeout, args.allow_http, ttl, check_issuer, now)
}

/// Every keyring key, chosen by kid (so tokens from a rotated-in key verify); tokens without
/// a kid use the `default` key.
fn keyring_set() -> Result<Keys> {
    let public_keys = keyring::public_keys()?;
    if public_keys.is_empty() {
        // The same error as naming the missing default key directly.
        keyring::named_key_file(keyring::DEFAULT_KEY, keyring::PUBLIC_FILE)?;
    }
    let fallback = public_keys.iter().position(|(name, _)| name == keyring::DEFAULT_KEY);
    let entries = public_keys
        .into_iter()
        .map(|(_, public)| {
            Ok(JwkEntry {
                kid: Some(public.thumbprint()),
                kty: public.kty().into(),
                alg: None,
                use_: None,
                key_ops: None,
                key: Some(public.verify_key().map_err(Error::local)?),
                public: Some(public),
                refused: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Keys::Set { entries, label: "the keyring".into(), fallback })
}

fn warnings(report: &Report) -> Vec<String> {
    report.with_status(Status::Warn).map(|c| c.detail.to_string()).collect()
}

fn result_json(report: &Report) -> Value {
    let mut v = json!({"valid": report.valid(), "header": report.header(), "claims": report.claims});
    if !report.valid() {
        v["errors"] = report.errors_json();
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
    if let Some(arn) = &args.policy {
        let resource = match args.policy_resource.as_str() {
            "wildcard" => authorizer::wildcard_resource(arn),
            _ => arn.clone(),
        };
        out.line(&output::json(&authorizer::lambda_policy(report, &resource), pretty))
            .map_err(output_error)?;
        // stdout holds only the policy (a Lambda test event's answer); the why goes to stderr.
        if args.explain {
            let answer = "the Lambda authorizer answers Deny (API Gateway: 403)";
            for line in explain_lines(report, output::stderr_color(), answer) {
                eprintln!("{line}");
            }
        } else if !args.quiet {
            print_problems(report);
        }
        for claim in authorizer::encoded_claims(report) {
            output::warn(&format!(
                "claim {claim:?} was JSON-encoded into the context: a Lambda authorizer's context takes \
                 only strings, numbers and booleans, and API Gateway answers 500 for a nested value"
            ));
        }
    } else if args.gateway.is_some() {
        out.line(&output::json(&authorizer::http_api_answer(report), pretty)).map_err(output_error)?;
    } else if args.quiet {
    } else if args.explain && args.json {
        let mut v = result_json(report);
        v["checks"] = report
            .checks
            .iter()
            .map(|c| {
                let status = match c.status {
                    Status::Pass => "pass",
                    Status::Fail => "fail",
                    Status::Warn => "warn",
                    Status::Skip => "skip",
                };
                json!({"check": c.name, "status": status, "detail": c.detail})
            })
            .collect();
        out.line(&output::json(&v, pretty)).map_err(output_error)?;
    } else if args.explain {
        explain(report, &mut out).map_err(output_error)?;
    } else if args.json {
        out.line(&output::json(&result_json(report), pretty)).map_err(output_error)?;
    } else {
        print_problems(report);
        if report.valid() {
            let claims = Value::Object(report.claims.clone().unwrap_or_default());
            out.line(&output::json(&claims, pretty)).map_err(output_error)?;
        }
    }
    out.flush().map_err(output_error)?;
    if report.valid() {
        Ok(())
    } else {
        Err(Error::reported(Kind::Invalid))
    }
}

/// Warnings, then every failed check, on stderr.
fn print_problems(report: &Report) {
    for warning in warnings(report) {
        output::warn(&warning);
    }
    let label = paint("error:", "31", output::stderr_color());
    for c in report.with_status(Status::Fail) {
        eprintln!("tok: {label} invalid token: {}: {}", c.name, c.detail);
    }
}

fn explain(report: &Report, out: &mut Out) -> std::io::Result<()> {
    let answer = "an API gateway would answer 401";
    explain_lines(report, output::stdout_color(), answer).iter().try_for_each(|line| out.line(line))
}

/// Every check with its mark, then the verdict; `answer` is what a refusal means.
fn explain_lines(report: &Report, color: bool, answer: &str) -> Vec<String> {
    let mut lines: Vec<String> = report
        .checks
        .iter()
        .map(|c| {
            let mark = match c.status {
                Status::Pass => paint("✓", "32", color),
                Status::Fail => paint("✗", "31", color),
                Status::Warn => paint("!", "33", color),
                Status::Skip => paint("-", "2", color),
            };
            format!("{mark} {:<10} {}", c.name, c.detail)
        })
        .collect();
    lines.push(if report.valid() {
        paint("valid", "32", color)
    } else {
        let failed = report.with_status(Status::Fail).count();
        let checks = if failed == 1 { "check" } else { "checks" };
        paint(&format!("invalid: {failed} {checks} failed; {answer}"), "31", color)
    });
    lines
}

/// One result a line, in input order; the key was parsed once for all of them. Every line
/// is answered, whatever it holds: a line that is not a token, not UTF-8, too long, or whose
/// keys could not be fetched gets its own error and the batch goes on.
///
/// With `--jobs` above 1, workers check lines with the keys shared; a token whose kid is not
/// among them goes back to this thread, which alone fetches remote keys again (as one
/// thread would) and shares the new set with the workers.
fn each(verifier: &mut Verifier, args: &VerifyArgs, jobs: usize) -> Result<()> {
    let mut out = Out::new();
    let (mut any_invalid, mut any_remote) = (false, false);
    let mut lines = 0usize;
    let shared = RwLock::new(verifier.keys.current());
    let (policy, at, remote) = (verifier.policy.clone(), verifier.at, verifier.keys.is_remote());
    let worker = || {
        let mut policy = policy.clone();
        let shared = &shared;
        move |input: Input| -> Outcome {
            let report = match input {
                Input::Unreadable(e) => return Outcome::Unreadable(e),
                Input::TooLong => Report::failed(
                    "format",
                    format!("the line is over {} MiB; that is not one token", token_input::MAX_INPUT >> 20),
                ),
                Input::Line(line) => match std::str::from_utf8(&line) {
                    Err(e) => Report::failed(
                        "format",
                        format!(
                            "the line is not UTF-8 text (byte {}), so it holds no token",
                            e.valid_up_to()
                        ),
                    ),
                    Ok(text) => {
                        let keys = Arc::clone(&shared.read().unwrap_or_else(PoisonError::into_inner));
                        match first_check(&keys, &mut policy, at, text) {
                            (report, Some(token)) if report.unknown_kid && remote => {
                                return Outcome::UnknownKid {
                                    token: token.into_owned(),
                                    report,
                                    keys,
                                    now: policy.now,
                                }
                            }
                            (report, _) => report,
                        }
                    }
                },
            };
            Outcome::Answer(answer(&report, args))
        }
    };
    batch::run(jobs, StdinLines::new(), worker, |outcome, idle| {
        let (text, valid) = match outcome {
            Outcome::Unreadable(e) => return Err(Error::local(format!("cannot read stdin: {e}"))),
            Outcome::Answer(answer) => answer,
            Outcome::UnknownKid { token, report, keys, now } => {
                let report = verifier.settle(&token, report, &keys, now).unwrap_or_else(|e| {
                    any_remote |= e.kind == Kind::Remote;
                    Report::failed("keys", e.to_string())
                });
                if !Arc::ptr_eq(&keys, &verifier.keys.current()) {
                    *shared.write().unwrap_or_else(PoisonError::into_inner) = verifier.keys.current();
                }
                answer(&report, args)
            }
        };
        lines += 1;
        any_invalid |= !valid;
        if let Some(text) = text {
            out.line(&text).map_err(output_error)?;
        }
        // Batches stay buffered; a stream (`tail -f tokens | tok verify --each`) sees each
        // answer as soon as no more input is waiting.
        if idle {
            out.flush().map_err(output_error)?;
        }
        Ok(())
    })?;
    if lines == 0 {
        return Err(token_input::no_token_on_stdin("no tokens on stdin: it was empty"));
    }
    out.flush().map_err(output_error)?;
    match (any_remote, any_invalid) {
        (true, _) => Err(Error::reported(Kind::Remote)),
        (false, true) => Err(Error::reported(Kind::Invalid)),
        _ => Ok(()),
    }
}

/// One line of `--each` input.
enum Input {
    Line(Vec<u8>),
    TooLong,
    /// Reading stdin failed: the batch ends with this error once the lines before are answered.
    Unreadable(String),
}

/// What a worker made of a line.
enum Outcome {
    /// The line to print (None with --quiet) and whether the token was valid.
    Answer((Option<String>, bool)),
    /// The kid is not among the keys the worker had, and the keys are remote: settled on
    /// the writing thread, which alone fetches them again.
    UnknownKid {
        token: String,
        report: Report,
        keys: Arc<Keys>,
        now: i64,
    },
    Unreadable(String),
}

/// `--each`'s line for a report (None with --quiet), and whether the token was valid.
fn answer(report: &Report, args: &VerifyArgs) -> (Option<String>, bool) {
    let text = if args.quiet {
        None
    } else if args.json {
        Some(serde_json::to_string(&result_json(report)).unwrap_or_default())
    } else if report.valid() {
        Some(serde_json::to_string(&report.claims).unwrap_or_default())
    } else {
        let failures: Vec<String> =
            report.with_status(Status::Fail).map(|c| format!("{}: {}", c.name, c.detail)).collect();
        Some(format!("error: {}", failures.join("; ")))
    };
    (text, report.valid())
}

/// Stdin's lines, each with whether more input was already waiting after it.
struct StdinLines {
    // Our own buffer (not Stdin's), so we can see when no more input is waiting.
    reader: std::io::BufReader<std::io::Stdin>,
    ended: bool,
}

impl StdinLines {
    fn new() -> Self {
        StdinLines { reader: std::io::BufReader::with_capacity(64 * 1024, std::io::stdin()), ended: false }
    }
}

impl Iterator for StdinLines {
    type Item = batch::Next<Input>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        let mut line = Vec::new();
        let item = match token_input::read_line_bounded(&mut self.reader, &mut line) {
            Err(e) => {
                self.ended = true;
                Input::Unreadable(e.to_string())
            }
            Ok(None) => {
                self.ended = true;
                return None;
            }
            Ok(Some(token_input::Line::TooLong)) => Input::TooLong,
            Ok(Some(token_input::Line::Complete)) => Input::Line(line),
        };
        Some(batch::Next { item, idle: self.reader.buffer().is_empty() })
    }
}
