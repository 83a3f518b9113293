//! `tok keygen`: an RSA, EC or Ed25519 keypair, written atomically, private half 0600.

use crate::cli::{CurveArg, KeyType, KeygenArgs};
use crate::cmd::output_error;
use crate::error::{Error, Result};
use crate::fsx;
use crate::jws::{Curve, SigningKey};
use crate::keyring;
use crate::keys::PrivateKey;
use crate::output::{self, Out};
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair};
use base64::Engine;
use serde_json::json;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use zeroize::Zeroizing;

/// What to generate, checked before anything is written.
enum Spec {
    Rsa(KeySize, u32),
    Ec(Curve),
    Ed25519,
}

fn spec(args: &KeygenArgs) -> Result<Spec> {
    for (given, flag) in
        [(args.alg.is_some(), "--alg"), (args.bytes.is_some(), "--bytes"), (args.stdout, "--stdout")]
    {
        if given {
            return Err(Error::local(format!("{flag} is for HMAC secrets")).hint("add --type hmac"));
        }
    }
    if args.key_type != KeyType::Rsa && args.bits.is_some() {
        return Err(
            Error::local("--bits is for RSA keys").hint("use --curve for an EC key; Ed25519 has one size")
        );
    }
    if args.key_type != KeyType::Ec && args.curve.is_some() {
        return Err(Error::local("--curve is for EC keys").hint("add --type ec"));
    }
    Ok(match args.key_type {
        KeyType::Ed25519 => Spec::Ed25519,
        KeyType::Hmac => unreachable!("HMAC secrets are made by hmac()"),
        KeyType::Ec => Spec::Ec(match args.curve.unwrap_or(CurveArg::P256) {
            CurveArg::P256 => Curve::P256,
            CurveArg::P384 => Curve::P384,
            CurveArg::P521 => Curve::P521,
        }),
        KeyType::Rsa => match args.bits.unwrap_or(2048) {
            2048 => Spec::Rsa(KeySize::Rsa2048, 2048),
            3072 => Spec::Rsa(KeySize::Rsa3072, 3072),
            4096 => Spec::Rsa(KeySize::Rsa4096, 4096),
            n if n < 2048 => {
                return Err(Error::local(format!(
                    "refusing a {n}-bit RSA key: keys under 2048 bits are breakable (RFC 7518 §3.3)"
                ))
                .hint("use --bits 2048, 3072 or 4096"))
            }
            n => {
                return Err(
                    Error::local(format!("unsupported key size {n}")).hint("use --bits 2048, 3072 or 4096")
                )
            }
        },
    })
}

fn generate(spec: &Spec) -> Result<PrivateKey> {
    let key = match spec {
        Spec::Rsa(size, bits) => with_spinner(*bits, || RsaKeyPair::generate(*size)).map(SigningKey::Rsa),
        Spec::Ec(curve) => EcdsaKeyPair::generate(curve.signing()).map(|kp| SigningKey::Ec(*curve, kp)),
        Spec::Ed25519 => Ed25519KeyPair::generate().map(SigningKey::Ed25519),
    };
    let key = key.map_err(|_| Error::local("key generation failed in the crypto backend"))?;
    PrivateKey::new(key).map_err(Error::local)
}

pub fn run(args: KeygenArgs) -> Result<()> {
    if args.key_type == KeyType::Hmac {
        return hmac(&args);
    }
    let spec = spec(&args)?;
    let name = args.name.as_deref().unwrap_or(keyring::DEFAULT_KEY);
    let (dir, label) = match &args.out {
        Some(dir) => (dir.clone(), None),
        None => (keyring::key_dir(name)?, Some(name)),
    };
    let private_path = dir.join(keyring::PRIVATE_FILE);
    let public_path = dir.join(keyring::PUBLIC_FILE);
    // Refuse before spending seconds on a 4096-bit key that could not be written.
    if !args.force {
        for path in [&private_path, &public_path] {
            if path.exists() {
                return Err(fsx::already_exists(path));
            }
        }
    }

    let private = generate(&spec)?;
    let private_pem = Zeroizing::new(pem("PRIVATE KEY", &private.pkcs8_der().map_err(Error::local)?)?);
    let public = private.public;
    let public_pem = pem("PUBLIC KEY", &public.spki_der().map_err(Error::local)?)?;

    if label.is_some() {
        fsx::private_dir(&crate::paths::data_dir()?, &dir, true)?;
    } else {
        // --out DIR holds a private key too: created owner-only whatever the umask says.
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir).map_err(|e| crate::error::io_error("create directory", &dir, e))?;
    }
    // The private key first: if anything fails after it, the valuable half is already safe.
    fsx::write_atomic(&private_path, private_pem.as_bytes(), fsx::PRIVATE, args.force)?;
    fsx::write_atomic(&public_path, public_pem.as_bytes(), fsx::PUBLIC, args.force)?;

    let kid = public.thumbprint();
    let summary = summary(&private_path, &public_path, &kid, &public.kind(), label);
    let mut out = Out::new();
    let written = if args.json {
        let mut v = match label {
            Some(name) => json!({"name": name}),
            None => json!({"dir": dir.display().to_string()}),
        };
        let fields = v.as_object_mut().expect("an object");
        fields.extend(crate::cmd::keys::key_type(Some(&public)));
        fields.insert("kid".into(), json!(kid));
        fields.insert("private".into(), json!(private_path.display().to_string()));
        fields.insert("public".into(), json!(public_path.display().to_string()));
        fields.insert("jwk".into(), public.jwk(None));
        out.line(&output::json(&v, output::stdout_is_terminal()))
    } else if args.jwk {
        eprint!("{summary}");
        out.line(&output::json(&public.jwk(None), output::stdout_is_terminal()))
    } else {
        out.raw(summary.as_bytes())
    };
    written.and_then(|_| out.flush()).map_err(output_error)
}

fn summary(private: &Path, public: &Path, kid: &str, kind: &str, name: Option<&str>) -> String {
    let what = match name {
        Some(name) => format!("key {name:?}"),
        None => "keypair".to_string(),
    };
    format!(
        "created {what}: {kind}\nprivate key  {} (0600)\npublic key   {}\nkid          {kid}\n",
        private.display(),
        public.display()
    )
}

pub fn pem(label: &str, der: &[u8]) -> Result<String> {
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der)
        .map_err(|e| Error::local(format!("cannot encode PEM: {e}")))
}

/// A 4096-bit key takes seconds; say so on a terminal rather than look hung.
fn with_spinner<T>(bits: u32, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let done = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&done);
    let spinner = std::thread::spawn(move || {
        let frames = ['|', '/', '-', '\\'];
        let mut i = 0;
        std::thread::sleep(std::time::Duration::from_millis(150));
        while !flag.load(Ordering::Relaxed) {
            eprint!("\r{} generating an RSA {bits}-bit key…", frames[i % frames.len()]);
            i += 1;
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if i > 0 {
            eprint!("\r\x1b[2K");
        }
    });
    let result = work();
    done.store(true, Ordering::Relaxed);
    let _ = spinner.join();
    result
}

/// The most random bytes `--type hmac` makes: far past any hash size, short of silly.
const HMAC_MAX_BYTES: usize = 1024;

/// `--type hmac`: N random bytes as base64url text (the secret is that text, as tok and most
/// authorizers read a secret string), into --out FILE (0600, atomic) or, only when asked,
/// stdout. Its length is at least the hash size (RFC 7518 §3.2).
fn hmac(args: &KeygenArgs) -> Result<()> {
    let refuse = |flag: &str, hint: &str| {
        Err(Error::local(format!("{flag} is not for HMAC secrets")).hint(hint.to_string()))
    };
    if args.bits.is_some() {
        return refuse("--bits", "use --bytes N for the secret's length");
    }
    if args.curve.is_some() {
        return refuse("--curve", "drop --curve, or use --type ec");
    }
    if args.jwk {
        return refuse("--jwk", "a secret has no public JWK to print");
    }
    if args.name.is_some() {
        return refuse("--name", "the keyring holds keypairs; write the secret with --out FILE");
    }
    let alg = args.alg.as_deref().unwrap_or("HS256").to_ascii_uppercase();
    let alg = crate::cmd::parse_alg(&alg)?;
    let min = alg.hmac_min_len();
    let bytes = args.bytes.unwrap_or(min);
    if bytes < min {
        return Err(Error::local(format!(
            "refusing a {bytes}-byte secret for {}: RFC 7518 §3.2 wants at least {min} bytes (the hash size)",
            alg.name()
        ))
        .hint(format!("use --bytes {min} or more, or leave --bytes out")));
    }
    if bytes > HMAC_MAX_BYTES {
        return Err(Error::local(format!("--bytes {bytes} is more than tok makes ({HMAC_MAX_BYTES})"))
            .hint(format!("use --bytes between {min} and {HMAC_MAX_BYTES}")));
    }
    let path = match (&args.out, args.stdout) {
        (Some(path), _) => Some(path.as_path()),
        (None, true) => None,
        (None, false) => {
            return Err(Error::local("--type hmac needs --out FILE to write the secret to")
                .hint("tok sign and verify read it with --secret-file FILE; --stdout prints it instead"))
        }
    };
    if let Some(path) = path {
        if !args.force && std::fs::symlink_metadata(path).is_ok() {
            return Err(fsx::already_exists(path));
        }
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(Error::local(format!(
                "cannot write {}: directory {} does not exist",
                path.display(),
                parent.display()
            ))
            .hint("create the directory first, or choose another --out"));
        }
    }

    let mut random = Zeroizing::new(vec![0u8; bytes]);
    aws_lc_rs::rand::fill(&mut random)
        .map_err(|_| Error::local("the crypto backend's random generator failed"))?;
    let mut text = Zeroizing::new(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&*random));
    text.push('\n');
    let what = format!(
        "HMAC secret for {}: {bytes} random bytes as {} base64url characters",
        alg.name(),
        text.len() - 1
    );

    let mut out = Out::new();
    let Some(path) = path else {
        output::note(&format!("printing an {what}"));
        return out.raw(text.as_bytes()).and_then(|_| out.flush()).map_err(output_error);
    };
    fsx::write_atomic(path, text.as_bytes(), fsx::PRIVATE, args.force)?;
    let written = if args.json {
        let v =
            json!({"type": "hmac", "alg": alg.name(), "bytes": bytes, "file": path.display().to_string()});
        out.line(&output::json(&v, output::stdout_is_terminal()))
    } else {
        out.raw(
            format!(
                "created {what}\nsecret file  {} (0600)\nuse          tok sign --alg {} --secret-file {}\n",
                path.display(),
                alg.name(),
                path.display()
            )
            .as_bytes(),
        )
    };
    written.and_then(|_| out.flush()).map_err(output_error)
}
