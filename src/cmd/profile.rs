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

/// One profile as `tok profile list` shows it: every saved setting (the profile's own fields, so
/// a setting added to `Profile` is listed without a change here), the endpoint they make, and
/// whether a secret is saved — never the secret, which `Profile` does not hold.
fn row(name: &str, p: &Profile, secret_saved: bool) -> Value {
    let mut row = match serde_json::to_value(p) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    // Stable keys for scripts, present when unset too.
    for (key, empty) in [
        ("client_id", Value::Null),
        ("audience", Value::Null),
        ("scopes", json!([])),
        ("resources", json!([])),
    ] {
        row.entry(key).or_insert(empty);
    }
    row.entry("params").or_insert(json!({}));
    // Unset: what fetch will use — private-key-jwt for a key, else basic (or what discovery lists).
    row.entry("auth").or_insert(json!(if p.key.is_some() { "private-key-jwt" } else { "basic" }));
    row.insert("name".into(), json!(name));
    row.insert("endpoint".into(), json!(endpoint_text(p)));
    row.insert("secret_saved".into(), json!(secret_saved));
    Value::Object(row)
}

/// `key=value` for the text listing: lists space-joined, maps as k=v,k=v, unset as `-`.
fn text_value(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_value).collect::<Vec<_>>().join(" "),
        Value::Object(map) => {
            map.iter().map(|(k, v)| format!("{k}={}", text_value(v))).collect::<Vec<_>>().join(",")
        }
        other => other.to_string(),
    };
    if text.is_empty() {
        "-".into()
    } else {
        output::escape(&text).into_owned()
    }
}

/// `name  endpoint  client_id=…  …  secret=saved|none`; the endpoint as given (token_url,
/// issuer, auth0 or cognito) is summed up by the URL it makes.
fn text_line(row: &Value) -> String {
    const FIRST: [&str; 6] = ["client_id", "audience", "scopes", "resources", "params", "auth"];
    const ENDPOINT: [&str; 7] =
        ["name", "endpoint", "secret_saved", "token_url", "issuer", "auth0", "cognito"];
    let mut line = format!("{}  {}", text_value(&row["name"]), text_value(&row["endpoint"]));
    for key in FIRST {
        line.push_str(&format!("  {key}={}", text_value(&row[key])));
    }
    // Settings added to profiles later, in key order.
    for (key, value) in row.as_object().into_iter().flatten() {
        if !FIRST.contains(&key.as_str()) && !ENDPOINT.contains(&key.as_str()) {
            line.push_str(&format!("  {key}={}", text_value(value)));
        }
    }
    line.push_str(if row["secret_saved"] == true { "  secret=saved" } else { "  secret=none" });
    line
}

fn list(as_json: bool) -> Result<()> {
    let config = config::load()?;
    let rows: Vec<Value> = config
        .profile
        .iter()
        .map(|(name, p)| row(name, p, config::load_secret(name).ok().flatten().is_some()))
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
        out.line(&text_line(row)).map_err(output_error)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_saved_setting_is_listed() {
        let profile = Profile {
            auth0: Some("tenant.example".into()),
            client_id: Some("cid".into()),
            audience: Some("https://api.example".into()),
            scopes: vec!["read".into(), "write".into()],
            resources: vec!["https://r1.example".into(), "https://r2.example".into()],
            params: [("organization".to_string(), "org_1".to_string())].into(),
            auth: Some("post".into()),
            ..Profile::default()
        };
        let row = row("p", &profile, true);
        // Every field the profile saves is in the JSON, under its own name.
        let saved = serde_json::to_value(&profile).unwrap();
        for (key, value) in saved.as_object().unwrap() {
            assert_eq!(&row[key], value, "{key}");
        }
        let line = text_line(&row);
        assert_eq!(
            line,
            "p  https://tenant.example/oauth/token  client_id=cid  audience=https://api.example  \
             scopes=read write  resources=https://r1.example https://r2.example  \
             params=organization=org_1  auth=post  secret=saved"
        );
        let empty = text_line(&super::row("e", &Profile::default(), false));
        assert!(empty.ends_with("resources=-  params=-  auth=basic  secret=none"), "{empty}");
    }
}
