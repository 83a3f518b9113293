//! `tok jwks`: publish public keys as a JWK Set (with a discovery document for static hosting),
//! and turn a JWK back into the SPKI PEM that PEM-only verifiers want.

use crate::cli::JwksArgs;
use crate::cmd::output_error;
use crate::error::{io_error, Error, Result};
use crate::fsx;
use crate::http::Http;
use crate::keyring;
use crate::keys::{self, RsaPublic};
use crate::output::{self, Out};
use serde_json::json;
use std::time::Duration;

pub fn run(args: JwksArgs) -> Result<()> {
    if let Some(source) = &args.to_pem {
        return to_pem(source, args.kid.as_deref(), args.allow_http);
    }
    let alg = args.alg.as_deref().map(crate::cmd::parse_rsa_alg).transpose()?.map(|a| a.name());
    let keys = selected_keys(&args.key)?;
    let jwks = json!({"keys": keys.iter().map(|k| k.jwk(alg)).collect::<Vec<_>>()});
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
    output::note(&format!("wrote {} ({} key(s))", jwks_path.display(), keys.len()));
    if let (true, Some(issuer)) = (args.discovery, &args.issuer) {
        let base = issuer.strip_suffix('/').unwrap_or(issuer);
        let document = json!({
            "issuer": issuer,
            "jwks_uri": format!("{base}/.well-known/jwks.json"),
            "response_types_supported": ["token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [alg.unwrap_or("RS256")],
        });
        let path = well_known.join("openid-configuration");
        fsx::write_atomic(&path, output::json(&document, true).as_bytes(), fsx::PUBLIC, true)?;
        output::note(&format!("wrote {} for issuer {issuer}", path.display()));
    }
    Ok(())
}

/// `--key` choices, or every keyring key.
fn selected_keys(choices: &[String]) -> Result<Vec<RsaPublic>> {
    if choices.is_empty() {
        let all: Vec<RsaPublic> = keyring::public_keys()?.into_iter().map(|(_, k)| k).collect();
        if all.is_empty() {
            return Err(Error::local("the keyring is empty").hint("run `tok keygen`, or pass --key PATH"));
        }
        return Ok(all);
    }
    choices.iter().map(|c| Ok(keys::load_key_ref(Some(c), false)?.0.public().clone())).collect()
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
    let public = entry.rsa.as_ref().ok_or_else(|| {
        Error::local(format!("that key is kty {:?}; only RSA keys convert to PEM", entry.kty))
    })?;
    let der = public.spki_der().map_err(Error::local)?;
    let pem = crate::cmd::keygen::pem("PUBLIC KEY", &der)?;
    let mut out = Out::new();
    out.raw(pem.as_bytes()).and_then(|_| out.flush()).map_err(output_error)
}
