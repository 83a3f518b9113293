//! `tok serve`: load clients and key, bind, print the base URL, serve.

use crate::cli::ServeArgs;
use crate::error::{io_error, Error, Result};
use crate::keyring;
use crate::serve::{self, Dialect, Issuer};
use crate::timefmt::parse_duration;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Value};
use std::io::Write;

pub fn run(args: ServeArgs) -> Result<()> {
    // The file holds every client secret: wiped once parsed.
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(&args.clients)
            .map_err(|e| io_error("read clients file", &args.clients, e))?,
    );
    let in_file = |e: String| Error::local(format!("{}: {e}", args.clients.display()));
    let mut clients = serve::parse_clients(&text).map_err(in_file)?;
    // A client's public_key path is relative to the clients file, as a config file's paths are.
    let clients_dir = args.clients.parent().unwrap_or(std::path::Path::new("."));
    for client in &mut clients {
        client.load_keys(clients_dir).map_err(in_file)?;
    }
    let ttl = parse_duration(&args.ttl).map_err(|e| Error::local(format!("--ttl: {e}")))?;
    let dialect = if args.dialect == "cognito" { Dialect::Cognito } else { Dialect::Auth0 };
    // The key decides: RS256 for RSA (what both dialects issue), ES256/384/512 by curve, EdDSA.
    let (signer, public) = keyring::signer(args.key.as_deref(), None, "tok serve")?;
    let alg = signer.alg();
    let kid = public.thumbprint();
    let own_keys = crate::checks::Keys::Single {
        key: public.verify_key().map_err(Error::local)?,
        thumbprint: Some(kid.clone()),
        label: "tok serve's key".into(),
    };
    let jwks = jwks(&public.jwk(Some(alg)));
    let mut header = serde_json::Map::new();
    header.insert("alg".into(), json!(alg.name()));
    if dialect == Dialect::Auth0 {
        header.insert("typ".into(), json!("JWT"));
    }
    header.insert("kid".into(), json!(kid));
    let header_b64 = B64.encode(Value::Object(header).to_string());

    let (listener, addr) = crate::server::bind(&args.addr)?;
    let base = format!("http://{addr}");
    let issuer = args.issuer.clone().unwrap_or_else(|| match dialect {
        // Auth0 issuers end in '/', Cognito's do not: reproduce the trap faithfully.
        Dialect::Auth0 => format!("{base}/"),
        Dialect::Cognito => base.clone(),
    });
    let summary = format!(
        "tok serve: issuer {issuer}, {} client{}, {:?} dialect, key {kid}",
        clients.len(),
        if clients.len() == 1 { "" } else { "s" },
        dialect
    );
    let replay = Default::default();
    let issuer = Issuer {
        base: base.clone(),
        issuer,
        dialect,
        ttl,
        signer,
        header_b64,
        jwks,
        clients,
        replay,
        own_keys,
    };
    // The base URL is printed once Ctrl-C is handled: whoever reads it may stop the server at once.
    serve::serve(listener, issuer, move || {
        let mut stdout = std::io::stdout();
        let _ = writeln!(stdout, "{base}");
        let _ = stdout.flush();
        eprintln!("{summary}");
    })
}

/// The signing key first, with the alg it signs with, then every other keyring key without an
/// alg (so rotated RSA keys still verify, whichever RSA algorithm signed with them).
fn jwks(signing: &Value) -> Value {
    let mut keys = vec![signing.clone()];
    for (_, public) in keyring::public_keys().unwrap_or_default() {
        let jwk = public.jwk(None);
        if jwk["kid"] != signing["kid"] {
            keys.push(jwk);
        }
    }
    json!({"keys": keys})
}
