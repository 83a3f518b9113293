//! `tok jwks`: publish public keys as a JWK Set (with a discovery document for static hosting),
//! and turn a JWK back into the SPKI PEM that PEM-only verifiers want.

use crate::cli::JwksArgs;
use crate::cmd::output_error;
use crate::error::{io_error, Error, Result};
use crate::fsx;
use crate::http::Http;
use crate::jws::Alg;
use crate::keyring;
use crate::keys::{self, PublicKey};
use crate::output::{self, Out};
use serde_json::{json, Value};
use std::time::Duration;

pub fn run(args: JwksArgs) -> Result<()> {
    if let Some(source) = &args.to_pem {
        return to_pem(source, args.kid.as_deref(), args.allow_http);
    }
    let alg = args.alg.as_deref().map(crate::cmd::parse_alg).transpose()?;
    let keys = selected_keys(&args.key)?;
    let jwks: Vec<Value> = keys
        .iter()
        .map(|k| Ok(k.jwk(alg.map(|a| crate::cmd::key_alg(a, k)).transpose()?)))
        .collect::<Result<_>>()?;
    let jwks = json!({ "keys": jwks });
    let Some(dir) = &args.out else {
        let mut out = Out::new();
        return out
            .line(&output::json(&jwks, output::stdout_is_terminal()))
            .and_then(|_| out.flush())
            .map_err(output_error);
    };
    let well_known = dir.join(".well-known");
    std::fs::create_dir_all(&well_known).map_err(|e| io_error("create directory", &well_known, e))?;
    let jwks_path = well_known.join("jwks.json");
    fsx::write_atomic(&jwks_path, output::json(&jwks, true).as_bytes(), fsx::PUBLIC, true)?;
    let count = if keys.len() == 1 { "1 key".to_string() } else { format!("{} keys", keys.len()) };
    output::note(&format!("wrote {} ({count})", jwks_path.display()));
    if let (true, Some(issuer)) = (args.discovery, &args.issuer) {
        let base = issuer.strip_suffix('/').unwrap_or(issuer);
        let document = json!({
            "issuer": issuer,
            "jwks_uri": format!("{base}/.well-known/jwks.json"),
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": signing_algs(alg, &keys),
        });
        let path = well_known.join("openid-configuration");
        fsx::write_atomic(&path, output::json(&document, true).as_bytes(), fsx::PUBLIC, true)?;
        output::note(&format!("wrote {} for issuer {issuer}", path.display()));
    }
    Ok(())
}

/// What the published keys sign with: `--alg`, or each key's own algorithm, once each.
fn signing_algs(alg: Option<Alg>, keys: &[PublicKey]) -> Vec<&'static str> {
    let mut algs: Vec<&'static str> = Vec::new();
    for name in keys.iter().map(|k| alg.unwrap_or(k.default_alg()).name()) {
        if !algs.contains(&name) {
            algs.push(name);
        }
    }
    algs
}

/// `--key` choices, or every keyring key.
fn selected_keys(choices: &[String]) -> Result<Vec<PublicKey>> {
    if choices.is_empty() {
        let all: Vec<PublicKey> = keyring::public_keys()?.into_iter().map(|(_, k)| k).collect();
        if all.is_empty() {
            return Err(Error::local("the keyring is empty").hint("run `tok keygen`, or pass --key PATH"));
        }
        return Ok(all);
    }
    choices.iter().map(|c| Ok(keyring::load(Some(c), false)?.0.public().clone())).collect()
}

fn to_pem(source: &str, kid: Option<&str>, allow_http: bool) -> Result<()> {
    let text = if source.starts_with("https://") || source.starts_with("http://") {
        let http = Http::new(Duration::from_secs(30), allow_http)?;
        String::from_utf8(crate::oidc::get(&http, source)?)
            .map_err(|_| Error::remote(format!("{source} is not UTF-8 text")))?
    } else {
        std::fs::read_to_string(source)
            .map_err(|e| io_error("read JWK Set", std::path::Path::new(source), e))?
    };
    let entries = keys::parse_jwks(&text).map_err(|e| Error::local(format!("{source}: {e}")))?;
    let kids = || entries.iter().filter_map(|e| e.kid.clone()).collect::<Vec<_>>().join(", ");
    let entry = match kid {
        Some(kid) => entries.iter().find(|e| e.kid.as_deref() == Some(kid)).ok_or_else(|| {
            Error::local(format!("no key with kid {kid:?} in {source} (it has: {})", kids()))
        })?,
        None if entries.len() == 1 => &entries[0],
        None => {
            return Err(Error::local(format!("{source} holds {} keys", entries.len()))
                .hint(format!("pick one with --kid: {}", kids())))
        }
    };
    let public = entry.public.as_ref().ok_or_else(|| {
        let why = entry
            .refused
            .clone()
            .unwrap_or_else(|| format!("kty {:?} has no public-key PEM form", entry.kty));
        Error::local(format!("that key cannot be converted: {why}"))
    })?;
    let der = public.spki_der().map_err(Error::local)?;
    let pem = crate::cmd::keygen::pem("PUBLIC KEY", &der)?;
    let mut out = Out::new();
    out.raw(pem.as_bytes()).and_then(|_| out.flush()).map_err(output_error)
}
