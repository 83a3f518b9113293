//! `tok profile add|list|remove`: saved fetch settings; secrets kept apart, owner-only.

use crate::cli::{ClientArgs, ClientSecretArgs, ProfileArgs, ProfileCommand};
use crate::cmd::fetch::{Endpoint, Settings};
use crate::cmd::output_error;
use crate::config::{self, Profile};
use crate::error::{Error, Result};
use crate::output::{self, Out};
use crate::secret::{self, ENV_CLIENT_SECRET};
use serde_json::{json, Value};

pub fn run(args: ProfileArgs) -> Result<()> {
    match args.command {
        ProfileCommand::Add { name, client, secret, force } => add(&name, &client, &secret, force),
        ProfileCommand::List { json } => list(json),
        ProfileCommand::Remove { name } => remove(&name),
    }
}

fn add(name: &str, client: &ClientArgs, secret_args: &ClientSecretArgs, force: bool) -> Result<()> {
    crate::paths::check_name("profile", name)?;
    // The same rules as fetch: an endpoint and a client id are needed.
    let settings = Settings::merge(client, None)?;
    let _lock = config::lock()?;
    let mut config = config::load()?;
    if config.profile.contains_key(name) && !force {
        return Err(
            Error::local(format!("profile {name:?} already exists")).hint("pass --force to replace it")
        );
    }
    // private-key-jwt keeps no secret: the profile names the key, the keyring holds it.
    let secret = if settings.key.is_some() {
        None
    } else {
        Some(match secret::load(
            secret_args.client_secret_file.as_deref(),
            secret_args.client_secret_stdin,
            ENV_CLIENT_SECRET,
        )? {
            Some(secret) => secret,
            None => secret::prompt(&format!("client secret for {}: ", settings.grant.client_id))?.ok_or_else(
                || {
                    Error::local("no client secret to save").hint(
                        "pass --client-secret-stdin or --client-secret-file, or run on a terminal to be prompted",
                    )
                },
            )?,
        })
    };
    let profile = Profile {
        token_url: client.token_url.clone(),
        issuer: client.issuer.clone(),
        auth0: client.auth0.clone(),
        cognito: client.cognito.clone(),
        client_id: Some(settings.grant.client_id.clone()),
        audience: settings.grant.audience.clone(),
        scopes: settings.grant.scopes.clone(),
        resources: settings.grant.resources.clone(),
        params: settings.grant.params.iter().cloned().collect(),
        auth: client.auth.clone(),
        key: settings.key.clone(),
        alg: settings.alg.clone(),
        assertion_aud: settings.assertion_aud.clone(),
    };
    if let Some(secret) = &secret {
        config::save_secret(name, secret)?;
    }
    config.profile.insert(name.to_string(), profile);
    config::save(&config)?;
    let kept = if secret.is_some() { "its secret is kept owner-only" } else { "it signs with the named key" };
    output::note(&format!("saved profile {name:?} in {}; {kept}", config::path()?.display()));
    Ok(())
}

fn endpoint_text(p: &Profile) -> String {
    let settings = Settings::merge(&ClientArgs::default(), Some(p));
    match settings.map(|s| s.endpoint) {
        Ok(Endpoint::Url(url)) => url,
        Ok(Endpoint::Issuer(issuer)) => format!("issuer {issuer}"),
        Err(_) => "?".into(),
    }
}

fn list(as_json: bool) -> Result<()> {
    let config = config::load()?;
    let rows: Vec<Value> = config
        .profile
        .iter()
        .map(|(name, p)| {
            let has_secret = config::load_secret(name).ok().flatten().is_some();
            json!({
                "name": name,
                "endpoint": endpoint_text(p),
                "client_id": p.client_id,
                "audience": p.audience,
                "scopes": p.scopes,
                "auth": p.auth.clone().unwrap_or_else(|| "basic".into()),
                "secret_saved": has_secret,
            })
        })
        .collect();
    let mut out = Out::new();
    if as_json {
        out.line(&output::json(&Value::Array(rows), output::stdout_is_terminal())).map_err(output_error)?;
        return out.flush().map_err(output_error);
    }
    if rows.is_empty() {
        output::note("no profiles; `tok profile add NAME …` saves one");
    }
    for row in &rows {
        let text = |k: &str| row[k].as_str().unwrap_or("-").to_string();
        let scopes: Vec<&str> =
            row["scopes"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let line = format!(
            "{}  {}  client_id={}  audience={}  scopes={}  auth={}  secret={}",
            text("name"),
            text("endpoint"),
            text("client_id"),
            text("audience"),
            if scopes.is_empty() { "-".to_string() } else { scopes.join(" ") },
            text("auth"),
            if row["secret_saved"] == true { "saved" } else { "none" }
        );
        out.line(&line).map_err(output_error)?;
    }
    out.flush().map_err(output_error)
}

fn remove(name: &str) -> Result<()> {
    let _lock = config::lock()?;
    let mut config = config::load()?;
    if config.profile.remove(name).is_none() {
        return Err(Error::local(format!("no profile named {name:?}")));
    }
    config::save(&config)?;
    config::remove_secret(name)?;
    output::note(&format!("removed profile {name:?} and its secret"));
    Ok(())
}
