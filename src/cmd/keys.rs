//! `tok keys list|show`: what is in the keyring.

use crate::cli::{KeysArgs, KeysCommand};
use crate::error::{Error, Result};
use crate::keyring;
use crate::keys::{self, PemKey};
use crate::output::{self, Out};
use crate::timefmt;
use serde_json::{json, Value};
use std::path::PathBuf;

pub fn run(args: KeysArgs) -> Result<()> {
    match args.command {
        KeysCommand::List { json } => list(json),
        KeysCommand::Show { name, key, jwk, pem, alg } => show(name, key, jwk.then_some(alg), pem),
    }
}

fn created(path: &std::path::Path) -> Option<i64> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some(modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

fn list(as_json: bool) -> Result<()> {
    let mut rows = Vec::new();
    for entry in keyring::list()? {
        let public_path = entry.dir.join(keyring::PUBLIC_FILE);
        let (kid, bits) = match keys::load_key_file(&public_path) {
            Ok(key) => (Some(key.public().thumbprint()), Some(key.public().bits())),
            Err(_) => (None, None),
        };
        let created = created(&entry.dir.join(keyring::PRIVATE_FILE)).map(timefmt::format_rfc3339);
        rows.push(json!({"name": entry.name, "kid": kid, "bits": bits, "created": created,
                         "path": entry.dir.display().to_string()}));
    }
    let mut out = Out::new();
    let write = |out: &mut Out, line: &str| out.line(line).map_err(crate::cmd::output_error);
    if as_json {
        write(&mut out, &output::json(&Value::Array(rows), output::stdout_is_terminal()))?;
    } else if rows.is_empty() {
        output::note(&format!("the keyring is empty ({}); run `tok keygen`", keyring::keys_dir()?.display()));
    } else {
        write(&mut out, &format!("{:<16} {:<44} {:>5}  {}", "NAME", "KID", "BITS", "CREATED"))?;
        for row in &rows {
            let field = |k: &str| row[k].as_str().map(String::from).unwrap_or_else(|| "?".into());
            let bits = row["bits"].as_u64().map(|b| b.to_string()).unwrap_or_else(|| "?".into());
            write(
                &mut out,
                &format!("{:<16} {:<44} {:>5}  {}", field("name"), field("kid"), bits, field("created")),
            )?;
        }
    }
    out.flush().map_err(crate::cmd::output_error)
}

/// `jwk`: print the JWK, pinned to an algorithm when one is given.
fn show(name: Option<String>, key: Option<PathBuf>, jwk: Option<Option<String>>, pem: bool) -> Result<()> {
    let jwk_alg = match &jwk {
        Some(Some(alg)) => Some(crate::cmd::parse_rsa_alg(alg)?.name()),
        _ => None,
    };
    let (loaded, label, paths) = match key {
        Some(path) => (keys::load_key_file(&path)?, path.display().to_string(), Vec::new()),
        None => {
            let name = name.unwrap_or_else(|| keyring::DEFAULT_KEY.to_string());
            let public_path = keyring::named_key_file(&name, keyring::PUBLIC_FILE)?;
            let dir = keyring::key_dir(&name)?;
            let paths = vec![dir.join(keyring::PRIVATE_FILE), public_path.clone()];
            (keys::load_key_file(&public_path)?, name.clone(), paths)
        }
    };
    let public = loaded.public();
    let text = if jwk.is_some() {
        output::json(&public.jwk(jwk_alg), output::stdout_is_terminal()) + "\n"
    } else if pem {
        public_spki_pem(&loaded)?
    } else {
        let mut text = format!("key          {label}\n");
        for path in paths {
            text.push_str(&format!("file         {}\n", path.display()));
        }
        let private = if matches!(loaded, PemKey::Private(_)) { " (private key)" } else { "" };
        text.push_str(&format!("type         RSA {} bits{private}\n", public.bits()));
        text.push_str(&format!("kid          {}\n", public.thumbprint()));
        text
    };
    let mut out = Out::new();
    out.raw(text.as_bytes()).and_then(|_| out.flush()).map_err(crate::cmd::output_error)
}

fn public_spki_pem(key: &PemKey) -> Result<String> {
    let der = key.public().spki_der().map_err(Error::local)?;
    crate::cmd::keygen::pem("PUBLIC KEY", &der)
}
