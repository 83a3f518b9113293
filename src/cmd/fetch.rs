//! `tok fetch --client-credentials`: an M2M access token, from the cache when one is still good.

use crate::cache;
use crate::cli::{ClientArgs, ClientSecretArgs, FetchArgs, FetchFormat, RequestArgs, TokenArgs};
use crate::cmd::output_error;
use crate::config::{self, Profile};
use crate::error::{Error, Result};
use crate::http::{Http, Purpose};
use crate::oauth::{self, ClientAuth, Credential, Grant, Proof};
use crate::output::{self, Out};
use crate::secret::{self, Secret, ENV_CLIENT_SECRET};
use crate::timefmt::{self, parse_duration};
use serde_json::{json, Map, Value};
use std::time::Duration;

pub fn run(args: FetchArgs) -> Result<()> {
    if !args.client_credentials {
        return Err(Error::local("choose a grant: tok fetch supports --client-credentials")
            .hint("tok fetch --client-credentials --auth0 DOMAIN --client-id ID …"));
    }
    let format = output_format(&args)?;
    let token = obtain(&args.token)?;
    print(&args, format, token)
}

/// An access token and the response it came in.
pub struct Obtained {
    pub response: Map<String, Value>,
    pub access_token: String,
    pub expires_at: Option<i64>,
    pub cached: bool,
}

/// The access token `args` ask for: from the cache while it has more than --min-ttl left, else
/// from the token endpoint (and then cached). What `tok fetch` prints and `tok exec` passes on.
pub fn obtain(args: &TokenArgs) -> Result<Obtained> {
    let now = timefmt::now();
    let min_ttl = duration_flag("--min-ttl", &args.min_ttl)?;
    let timeout = request_timeout(&args.request)?;
    let profile = named_profile(&args.request)?;
    let settings = Settings::merge(&args.request.client, profile.as_ref().map(|(_, p)| p))?;
    let credential = credential(&settings, &args.request.secret, profile.as_ref().map(|(name, _)| *name))?;

    let auth_name = settings.auth.map_or("auto", ClientAuth::name);
    let key =
        cache::key(&settings.endpoint.cache_name(), auth_name, &settings.grant, &credential.fingerprint());
    if !args.no_cache && !args.refresh {
        if let Some(hit) = cache::get(&key, now, min_ttl)? {
            let (response, access_token) = (hit.response, hit.access_token);
            return Ok(Obtained { response, access_token, expires_at: Some(hit.expires_at), cached: true });
        }
    }

    let http = Http::new(timeout, args.request.allow_http)?.shared_budget();
    let (token_url, listed) = match &settings.endpoint {
        Endpoint::Url(url) => (http.check_url(url, Purpose::Credentials)?, None),
        Endpoint::Issuer(issuer) => discover(&http, issuer)?,
    };
    let auth = choose_auth(settings.auth, &credential, listed.as_deref())?;
    let aud = settings.assertion_aud.as_deref().unwrap_or(token_url.as_str());
    let proof = Proof::new(auth, &credential, &settings.grant.client_id, aud)?;
    let body = settings.grant.body(&proof);
    let response = http.post_form(&token_url, &body, proof.header())?;
    if !(200..300).contains(&response.status) {
        return Err(oauth::error_response(response.status, &response.body));
    }
    let token = oauth::parse_success(&response.body, timefmt::now())?;
    let auth0 = args.request.client.auth0.is_some()
        || (!flag_endpoint(&args.request.client) && profile.as_ref().is_some_and(|(_, p)| p.auth0.is_some()));
    if let Some(note) = crate::token_shape::note(&token.access_token, auth0, &token_url, &settings.grant) {
        output::note(&note);
    }
    if !args.no_cache {
        if let Err(e) = cache::put(&key, &token, now) {
            output::warn(&format!("the token was not cached: {e}"));
        }
    }
    let (response, access_token) = (token.raw, token.access_token);
    Ok(Obtained { response, access_token, expires_at: token.expires_at, cached: false })
}

pub(crate) fn duration_flag(flag: &str, value: &str) -> Result<i64> {
    parse_duration(value).map_err(|e| Error::local(format!("{flag}: {e}")))
}

/// The saved profile `--profile` names, with its name.
pub(crate) fn named_profile(args: &RequestArgs) -> Result<Option<(&str, Profile)>> {
    args.profile.as_deref().map(|name| Ok((name, load_profile(name)?))).transpose()
}

/// `--timeout`: the budget of one exchange with the server, discovery and request together.
pub(crate) fn request_timeout(args: &RequestArgs) -> Result<Duration> {
    Ok(Duration::from_secs(duration_flag("--timeout", &args.timeout)?.max(1) as u64))
}

fn load_profile(name: &str) -> Result<Profile> {
    config::load()?.profile.remove(name).ok_or_else(|| {
        Error::local(format!("no profile named {name:?}"))
            .hint("`tok profile list` shows them; `tok profile add` saves one")
    })
}

pub enum Endpoint {
    Url(String),
    Issuer(String),
}

impl Endpoint {
    fn cache_name(&self) -> String {
        match self {
            Endpoint::Url(url) => url.clone(),
            Endpoint::Issuer(issuer) => format!("issuer:{issuer}"),
        }
    }
}

/// A domain, or a base URL when the user gave a scheme (e.g. a local test server).
fn base(domain: &str) -> String {
    let trimmed = domain.trim_end_matches('/');
    if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    }
}

/// The command line names an endpoint (and so overrides the profile's).
pub(crate) fn flag_endpoint(flags: &ClientArgs) -> bool {
    flags.token_url.is_some() || flags.issuer.is_some() || flags.auth0.is_some() || flags.cognito.is_some()
}

/// The settings of one fetch: the command line over the profile.
pub struct Settings {
    pub endpoint: Endpoint,
    /// None: not chosen (basic, or what discovery lists; private-key-jwt when a key is named).
    pub auth: Option<ClientAuth>,
    pub key: Option<String>,
    pub alg: Option<String>,
    pub assertion_aud: Option<String>,
    pub grant: Grant,
}

impl Settings {
    pub fn merge(flags: &ClientArgs, profile: Option<&Profile>) -> Result<Settings> {
        let from_profile = profile.cloned().unwrap_or_default();
        let flag_endpoint = flag_endpoint(flags);
        let source: (&Option<String>, &Option<String>, &Option<String>, &Option<String>) = if flag_endpoint {
            (&flags.token_url, &flags.issuer, &flags.auth0, &flags.cognito)
        } else {
            (&from_profile.token_url, &from_profile.issuer, &from_profile.auth0, &from_profile.cognito)
        };
        let endpoint = match source {
            (Some(url), _, _, _) => Endpoint::Url(url.clone()),
            (_, Some(issuer), _, _) => Endpoint::Issuer(issuer.clone()),
            (_, _, Some(domain), _) => Endpoint::Url(format!("{}/oauth/token", base(domain))),
            (_, _, _, Some(domain)) => Endpoint::Url(format!("{}/oauth2/token", base(domain))),
            _ => {
                return Err(Error::local("no token endpoint")
                    .hint("pass --token-url, --issuer, --auth0 or --cognito, or --profile NAME"))
            }
        };
        let auth = match flags.auth.clone().or(from_profile.auth.clone()) {
            None => None,
            Some(name) => Some(ClientAuth::parse(&name).ok_or_else(|| {
                Error::local(format!(
                    "unknown client authentication {name:?}; use basic, post, private-key-jwt or client-secret-jwt"
                ))
            })?),
        };
        let key = flags.key.clone().or(from_profile.key.clone());
        match (auth, &key) {
            (Some(ClientAuth::PrivateKeyJwt), None) => {
                return Err(Error::local("--auth private-key-jwt signs with a private key")
                    .hint("pass --key NAME|PATH (a keyring key: tok keygen --name NAME)"))
            }
            (Some(a), Some(_)) if a != ClientAuth::PrivateKeyJwt => {
                return Err(Error::local(format!("--key is for --auth private-key-jwt, not {}", a.name())))
            }
            _ => {}
        }
        let client_id = flags
            .client_id
            .clone()
            .or(from_profile.client_id.clone())
            .ok_or_else(|| Error::local("no client id").hint("pass --client-id"))?;
        let mut params: Vec<(String, String)> = from_profile.params.into_iter().collect();
        for param in &flags.param {
            let (k, v) = param.split_once('=').ok_or_else(|| {
                Error::local(format!("--param {param:?} has no '='")).hint("use --param name=value")
            })?;
            if matches!(k, "grant_type" | "client_id" | "client_secret" | "scope" | "audience" | "resource") {
                return Err(Error::local(format!("--param {k} is set by tok; use its own flag")));
            }
            params.retain(|(name, _)| name != k);
            params.push((k.to_string(), v.to_string()));
        }
        let pick =
            |flag: &Vec<String>, saved: Vec<String>| if flag.is_empty() { saved } else { flag.clone() };
        Ok(Settings {
            endpoint,
            auth,
            key,
            alg: flags.alg.clone().or(from_profile.alg),
            assertion_aud: flags.assertion_aud.clone().or(from_profile.assertion_aud),
            grant: Grant {
                client_id,
                audience: flags.audience.clone().or(from_profile.audience),
                scopes: pick(&flags.scope, from_profile.scopes),
                resources: pick(&flags.resource, from_profile.resources),
                params,
            },
        })
    }
}

/// --client-secret-file, --client-secret-stdin, TOK_CLIENT_SECRET, the profile's saved
/// secret, then a no-echo prompt on a terminal.
fn client_secret(flags: &ClientSecretArgs, profile: Option<&str>, client_id: &str) -> Result<Secret> {
    if let Some(secret) =
        secret::load(flags.client_secret_file.as_deref(), flags.client_secret_stdin, ENV_CLIENT_SECRET)?
    {
        return Ok(secret);
    }
    if let Some(name) = profile {
        if let Some(secret) = config::load_secret(name)? {
            return Ok(secret);
        }
    }
    secret::prompt(&format!("client secret for {client_id}: "))?.ok_or_else(|| {
        Error::local("no client secret").hint(format!(
            "pass --client-secret-file PATH or --client-secret-stdin, set {ENV_CLIENT_SECRET}, or save a profile"
        ))
    })
}

/// OIDC discovery (or RFC 8414) of the token endpoint, and the client authentication methods
/// the server lists.
fn discover(http: &Http, issuer: &str) -> Result<(reqwest::Url, Option<Vec<String>>)> {
    let metadata = crate::oidc::metadata_for(http, issuer, true, Purpose::TokenDiscovery)?;
    let url = http.check_url(&crate::oidc::endpoint(&metadata, "token_endpoint")?, Purpose::Credentials)?;
    let listed = metadata
        .get("token_endpoint_auth_methods_supported")
        .and_then(Value::as_array)
        .map(|methods| methods.iter().filter_map(Value::as_str).map(str::to_string).collect());
    Ok((url, listed))
}

/// The user's choice; else private-key-jwt for a key; else basic when discovery lists no
/// methods (RFC 8414 §2: the default is client_secret_basic), or the first of basic, post and
/// client-secret-jwt it lists, said on stderr.
pub(crate) fn choose_auth(
    chosen: Option<ClientAuth>,
    credential: &Credential,
    listed: Option<&[String]>,
) -> Result<ClientAuth> {
    if let Some(auth) = chosen {
        return Ok(auth);
    }
    if let Credential::Key { .. } = credential {
        return Ok(ClientAuth::PrivateKeyJwt);
    }
    let Some(listed) = listed.filter(|l| !l.is_empty()) else { return Ok(ClientAuth::Basic) };
    let lists = |a: ClientAuth| listed.iter().any(|m| m == a.registered_name());
    match [ClientAuth::Basic, ClientAuth::Post, ClientAuth::ClientSecretJwt].into_iter().find(|a| lists(*a)) {
        Some(auth) => {
            output::note(&format!("the issuer lists {}: using --auth {}", listed.join(", "), auth.name()));
            Ok(auth)
        }
        None => Err(Error::local(format!(
            "the issuer accepts only {} for client authentication",
            listed.join(", ")
        ))
        .hint(if lists(ClientAuth::PrivateKeyJwt) {
            "pass --auth private-key-jwt --key NAME (register the key's public JWK with the provider)"
        } else {
            "pass --auth with a method the issuer supports"
        })),
    }
}

/// What the client proves itself with: a private key for private-key-jwt, else its secret.
pub(crate) fn credential(
    settings: &Settings,
    flags: &ClientSecretArgs,
    profile: Option<&str>,
) -> Result<Credential> {
    let Some(key_ref) = &settings.key else {
        return client_secret(flags, profile, &settings.grant.client_id).map(Credential::Secret);
    };
    if flags.client_secret_file.is_some() || flags.client_secret_stdin {
        return Err(Error::local(
            "private-key-jwt sends no secret: drop --client-secret-file/--client-secret-stdin",
        ));
    }
    let alg = settings.alg.as_deref().map(crate::cmd::parse_alg).transpose()?;
    let (signer, public) = crate::keyring::signer(Some(key_ref), alg, "private-key-jwt")?;
    Ok(Credential::Key { signer, kid: public.thumbprint() })
}

/// --format, or its older spellings --json and --header (clap keeps them apart).
fn output_format(args: &FetchArgs) -> Result<FetchFormat> {
    let format = match (args.format, args.json, args.header) {
        (Some(format), _, _) => format,
        (None, true, _) => FetchFormat::Json,
        (None, _, true) => FetchFormat::Header,
        (None, false, false) => FetchFormat::Token,
    };
    if args.env.is_some() && format != FetchFormat::Env {
        return Err(Error::local("--env names the variable of --format env").hint("add --format env"));
    }
    if let Some(name) = &args.env {
        check_env_name(name)?;
    }
    Ok(format)
}

/// A name `export` and every shell accept: a letter or `_`, then letters, digits and `_`.
pub fn check_env_name(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic());
    if first_ok && chars.all(|c| c == '_' || c.is_ascii_alphanumeric()) {
        return Ok(());
    }
    Err(Error::local(format!("--env {name:?} is not a variable name"))
        .hint("use letters, digits and _, e.g. API_TOKEN"))
}

/// `text` in single quotes for a POSIX shell: `'` becomes `'\''`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

fn print(args: &FetchArgs, format: FetchFormat, token: Obtained) -> Result<()> {
    let Obtained { mut response, access_token, expires_at, cached } = token;
    let line = match format {
        FetchFormat::Json => {
            response.insert("expires_at".into(), json!(expires_at.map(timefmt::format_rfc3339)));
            response.insert("cached".into(), json!(cached));
            output::json(&Value::Object(response), output::stdout_is_terminal())
        }
        FetchFormat::Header => format!("Authorization: Bearer {access_token}"),
        FetchFormat::Env => {
            let name = args.env.as_deref().unwrap_or(crate::cmd::exec::DEFAULT_ENV);
            format!("export {name}={}", shell_quote(&access_token))
        }
        FetchFormat::Curl => format!("-H {}", shell_quote(&format!("Authorization: Bearer {access_token}"))),
        FetchFormat::Token => access_token,
    };
    let mut out = Out::new();
    out.line(&line).and_then(|_| out.flush()).map_err(output_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_survives_quotes() {
        assert_eq!(shell_quote("abc.def-_"), "'abc.def-_'");
        assert_eq!(shell_quote("a'b"), "'a'\\''b'");
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", shell_quote("it's $HOME `x` \\ \"q\"")))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), "it's $HOME `x` \\ \"q\"");
    }

    #[test]
    fn env_names() {
        for ok in ["TOK_ACCESS_TOKEN", "_x", "a1"] {
            assert!(check_env_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1A", "A-B", "A=B", "A B", "É"] {
            assert!(check_env_name(bad).is_err(), "{bad:?}");
        }
    }
}
