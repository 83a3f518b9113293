mod common;

use common::Env;
use predicates::prelude::*;
use std::os::unix::fs::PermissionsExt;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn default_key_is_pkcs8_private_0600_and_spki_public() {
    let env = Env::new();
    let out = env.tok().arg("keygen").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let private = env.key_file("default", "private.pem");
    let public = env.key_file("default", "public.pem");
    assert!(stdout.contains(&private.display().to_string()), "says where it wrote: {stdout}");
    let private_pem = std::fs::read_to_string(&private).unwrap();
    let public_pem = std::fs::read_to_string(&public).unwrap();
    assert!(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    assert_eq!(mode(&private), 0o600);
    assert_eq!(mode(private.parent().unwrap()), 0o700);
    // No temp files left behind by the atomic write.
    let names: Vec<String> = std::fs::read_dir(private.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn kid_is_the_rfc7638_thumbprint_of_the_written_public_key() {
    let env = Env::new();
    let kid = env.keygen("default");
    // Recompute independently from the PEM with jsonwebtoken's RustCrypto-backed JWK code.
    let jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(
        &jsonwebtoken::EncodingKey::from_rsa_pem(
            &std::fs::read(env.key_file("default", "private.pem")).unwrap(),
        )
        .unwrap(),
        jsonwebtoken::Algorithm::RS256,
    )
    .unwrap();
    assert_eq!(jwk.thumbprint(jsonwebtoken::jwk::ThumbprintHash::SHA256), kid);
}

#[test]
fn refuses_to_overwrite_without_force() {
    let env = Env::new();
    let kid = env.keygen("default");
    let before = std::fs::read(env.key_file("default", "private.pem")).unwrap();
    env.tok()
        .arg("keygen")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists").and(predicate::str::contains("--force")));
    assert_eq!(std::fs::read(env.key_file("default", "private.pem")).unwrap(), before, "key must survive");
    env.tok().args(["keygen", "--force"]).assert().success();
    let after = std::fs::read(env.key_file("default", "private.pem")).unwrap();
    assert_ne!(after, before);
    assert_eq!(mode(&env.key_file("default", "private.pem")), 0o600);
    assert_ne!(env.keygen("other"), kid);
}

#[test]
fn out_dir_and_names() {
    let env = Env::new();
    env.tok().args(["keygen", "--out", "kp"]).assert().success();
    assert_eq!(mode(&env.path("kp/private.pem")), 0o600);
    assert!(env.path("kp/public.pem").is_file());
    env.tok()
        .args(["keygen", "--out", "kp"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    env.tok().args(["keygen", "--name", "ws-prod", "--bits", "3072"]).assert().success();
    env.tok()
        .args(["keys", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ws-prod").and(predicate::str::contains("3072")));
    env.tok()
        .args(["keygen", "--name", "../escape"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid key name"));
}

#[test]
fn refuses_small_and_odd_sizes() {
    let env = Env::new();
    env.tok()
        .args(["keygen", "--bits", "1024"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1024").and(predicate::str::contains("2048")));
    env.tok().args(["keygen", "--bits", "5000"]).assert().code(2);
    assert!(!env.key_file("default", "private.pem").exists());
}

#[test]
fn jwk_output_is_a_usable_public_jwk() {
    let env = Env::new();
    let out = env.tok().args(["keygen", "--jwk"]).output().unwrap();
    assert!(out.status.success());
    let jwk: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["e"], "AQAB");
    assert_eq!(jwk["use"], "sig");
    assert!(jwk.get("d").is_none(), "never the private exponent");
    assert!(String::from_utf8_lossy(&out.stderr).contains("kid"));
    // The JWK verifies what the key signs.
    env.write("jwks.json", serde_json::to_string(&serde_json::json!({"keys": [jwk]})).unwrap().as_bytes());
    let token = env.sign(&["--sub", "room1"]);
    env.tok().args(["verify", "--jwks", "jwks.json", &token]).assert().success();
}

#[test]
fn unwritable_keyring_is_a_clear_local_error() {
    let env = Env::new();
    std::fs::write(env.path("keys"), b"not a directory").unwrap();
    env.tok().arg("keygen").assert().code(2).stderr(predicate::str::starts_with("tok: error: cannot create"));
}

#[test]
fn racing_keygens_never_clobber_each_other() {
    // Four processes create the same key at once: exactly one wins, and the key on disk is
    // whole and is the winner's (its kid matches what the winner printed).
    let env = Env::new();
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.tok_std()
                .arg("keygen")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    let winners: Vec<_> = outputs.iter().filter(|o| o.status.success()).collect();
    assert_eq!(winners.len(), 1, "exactly one creates the key");
    let losers = outputs.iter().filter(|o| o.status.code() == Some(2)).count();
    assert_eq!(winners.len() + losers, 4);
    let shown = env.tok().args(["keys", "show"]).output().unwrap();
    let kid_on_disk = String::from_utf8(shown.stdout).unwrap();
    let kid_on_disk = kid_on_disk.lines().find_map(|l| l.strip_prefix("kid")).unwrap().trim().to_string();
    let winner_kids: Vec<String> = winners
        .iter()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("kid"))
                .unwrap()
                .trim()
                .to_string()
        })
        .collect();
    assert!(winner_kids.contains(&kid_on_disk));
    // The private key on disk signs tokens its public key verifies.
    let token = env.sign(&["--sub", "x"]);
    env.tok().args(["verify", &token]).assert().success();
}

#[test]
fn out_dir_is_owner_only_whatever_the_umask() {
    let env = Env::new();
    let out = env.sh("umask 000; exec \"$TOK\" keygen --out fresh/keys");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&env.path("fresh/keys")), 0o700);
    assert_eq!(mode(&env.path("fresh/keys/private.pem")), 0o600);
}

#[test]
fn a_symlinked_keyring_is_refused() {
    let env = Env::new();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), env.path("keys")).unwrap();
    env.tok().arg("keygen").assert().code(2).stderr(predicate::str::contains("keys is a symbolic link"));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0, "no key written through the link");
}

/// EC and Ed25519 keys: PKCS#8/SPKI PEM that openssl reads as the curve asked for, 0600, the
/// type in the summary and in `keys list`; flags of the other types refused.
#[test]
fn ec_and_ed25519_keys_openssl_reads() {
    let env = Env::new();
    for (name, args, summary, openssl_says) in [
        ("p256", &["--type", "ec"][..], "EC P-256", "prime256v1"),
        ("p384", &["--type", "ec", "--curve", "P-384"][..], "EC P-384", "secp384r1"),
        ("p521", &["--type", "ec", "--curve", "secp521r1"][..], "EC P-521", "secp521r1"),
        ("ed", &["--type", "ed25519"][..], "Ed25519", "ED25519"),
    ] {
        let out = env.tok().args(["keygen", "--name", name]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&format!("created key \"{name}\": {summary}\n"))
        );
        let private = env.key_file(name, "private.pem");
        assert_eq!(mode(&private), 0o600);
        assert!(std::fs::read_to_string(&private).unwrap().starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let Ok(text) = std::process::Command::new("openssl")
            .args(["pkey", "-noout", "-text", "-in"])
            .arg(&private)
            .output()
        else {
            eprintln!("openssl not installed: skipping its reading of the {name} key");
            continue;
        };
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains(openssl_says), "openssl reads {name} as: {text}");
    }
    let list = env.tok().args(["keys", "list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let types: Vec<String> =
        rows.as_array().unwrap().iter().map(|r| format!("{} {}", r["type"], r["curve"])).collect();
    assert_eq!(types, ["\"Ed25519\" null", "\"EC\" \"P-256\"", "\"EC\" \"P-384\"", "\"EC\" \"P-521\""]);
    env.tok()
        .args(["keygen", "--name", "x", "--type", "ec", "--bits", "4096"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--bits is for RSA keys"));
    env.tok()
        .args(["keygen", "--name", "x", "--curve", "P-384"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--curve is for EC keys"));
    env.tok().args(["keygen", "--name", "x", "--type", "ec", "--curve", "P-192"]).assert().code(2);
    assert!(!env.path("keys/x").exists(), "nothing written for a refused key");
}

#[test]
fn json_is_one_object_and_no_summary() {
    let env = Env::new();
    let out = env.tok().args(["keygen", "--name", "ci", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "one line when piped: {text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["name"], "ci");
    assert_eq!(v["type"], "RSA");
    assert_eq!(v["bits"], 2048);
    assert_eq!(v["private"], env.key_file("ci", "private.pem").display().to_string());
    assert_eq!(v["public"], env.key_file("ci", "public.pem").display().to_string());
    assert_eq!(v["jwk"]["kty"], "RSA");
    assert_eq!(v["jwk"]["kid"], v["kid"]);
    let listed = env.tok().args(["keys", "list", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(rows[0]["kid"], v["kid"]);
}

#[test]
fn json_with_out_dir_and_ec_keys() {
    let env = Env::new();
    let out = env
        .tok()
        .args(["keygen", "--type", "ec", "--curve", "P-384", "--out", "k", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dir"], "k");
    assert!(v.get("name").is_none());
    assert_eq!(v["type"], "EC");
    assert_eq!(v["curve"], "P-384");
    assert_eq!(v["jwk"]["crv"], "P-384");
    assert_eq!(v["private"], "k/private.pem");
    env.tok().args(["keygen", "--json", "--jwk"]).assert().code(2);
}

#[test]
fn hmac_secret_is_0600_hash_sized_and_signs() {
    let env = Env::new();
    let out = env.tok().args(["keygen", "--type", "hmac", "--out", "hs.secret"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let secret = std::fs::read_to_string(env.path("hs.secret")).unwrap();
    assert!(!stdout.contains(secret.trim()), "the secret is not printed: {stdout}");
    assert!(stdout.contains("32 random bytes"), "{stdout}");
    assert!(stdout.contains("tok sign --alg HS256 --secret-file hs.secret"), "{stdout}");
    assert_eq!(mode(&env.path("hs.secret")), 0o600);
    // 32 bytes as base64url text, one newline (which --secret-file ignores).
    assert_eq!(secret.len(), 44);
    assert!(secret.ends_with('\n'));
    assert_eq!(common::unb64(secret.trim()).len(), 32);
    let token = env.sign(&["--alg", "HS256", "--secret-file", "hs.secret", "--sub", "a"]);
    env.tok().args(["verify", "--alg", "HS256", "--secret-file", "hs.secret", &token]).assert().success();
    // Two runs, two different secrets.
    env.tok().args(["keygen", "--type", "hmac", "--out", "other.secret"]).assert().success();
    assert_ne!(std::fs::read_to_string(env.path("other.secret")).unwrap(), secret);
}

#[test]
fn hmac_length_follows_alg_and_bytes() {
    let env = Env::new();
    env.tok().args(["keygen", "--type", "hmac", "--alg", "hs512", "--out", "s512"]).assert().success();
    assert_eq!(common::unb64(std::fs::read_to_string(env.path("s512")).unwrap().trim()).len(), 64);
    let token = env.sign(&["--alg", "HS512", "--secret-file", "s512"]);
    env.tok().args(["verify", "--secret-file", "s512", &token]).assert().success();
    let out = env
        .tok()
        .args(["keygen", "--type", "hmac", "--bytes", "100", "--out", "s100", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!({"type": "hmac", "alg": "HS256", "bytes": 100, "file": "s100"}));
    assert_eq!(common::unb64(std::fs::read_to_string(env.path("s100")).unwrap().trim()).len(), 100);
    env.tok()
        .args(["keygen", "--type", "hmac", "--alg", "HS384", "--bytes", "32", "--out", "short"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing a 32-byte secret for HS384"))
        .stderr(predicate::str::contains("--bytes 48"));
    env.tok().args(["keygen", "--type", "hmac", "--bytes", "5000", "--out", "huge"]).assert().code(2);
    env.tok().args(["keygen", "--type", "hmac", "--alg", "RS256", "--out", "x"]).assert().code(2);
    assert!(!env.path("short").exists() && !env.path("huge").exists() && !env.path("x").exists());
}

#[test]
fn hmac_needs_out_and_never_overwrites_without_force() {
    let env = Env::new();
    env.tok()
        .args(["keygen", "--type", "hmac"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--type hmac needs --out FILE"));
    env.tok()
        .args(["keygen", "--type", "hmac", "--name", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out FILE"));
    env.tok().args(["keygen", "--type", "hmac", "--bits", "2048", "--out", "s"]).assert().code(2);
    env.write("s", b"keep me\n");
    env.tok()
        .args(["keygen", "--type", "hmac", "--out", "s"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(env.path("s")).unwrap(), "keep me\n");
    env.tok().args(["keygen", "--type", "hmac", "--out", "s", "--force"]).assert().success();
    assert_ne!(std::fs::read_to_string(env.path("s")).unwrap(), "keep me\n");
    assert_eq!(mode(&env.path("s")), 0o600);
    env.tok()
        .args(["keygen", "--type", "hmac", "--out", "no/such/dir/s"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    // HMAC-only flags on a keypair.
    env.tok()
        .args(["keygen", "--bytes", "32"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("add --type hmac"));
}

#[test]
fn hmac_stdout_only_when_asked() {
    let env = Env::new();
    let out = env.tok().args(["keygen", "--type", "hmac", "--stdout"]).output().unwrap();
    assert!(out.status.success());
    let secret = String::from_utf8(out.stdout).unwrap();
    assert_eq!(common::unb64(secret.trim()).len(), 32);
    env.tok().args(["keygen", "--type", "hmac", "--stdout", "--out", "s"]).assert().code(2);
}
