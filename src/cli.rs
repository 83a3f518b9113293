//! Every flag of every command, with its help and examples. Completions are generated from
//! these definitions, so this file is the single source of truth for the interface.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the token is invalid (verify, decode)
  2  usage or local error: bad flag, missing or unreadable key, bad input
  3  remote error: a server failed or refused

Files live under $TOK_HOME when set, else the platform data directory
(~/.local/share/tok on Linux). NO_COLOR turns colour off.";

#[derive(Parser, Debug)]
#[command(
    name = "tok",
    version,
    about = "Make RSA keypairs, sign JWTs, and verify tokens the way API gateways do",
    after_help = EXIT_CODES,
    long_about = "Make RSA keypairs, sign JWTs, and verify tokens the way API gateways do.\n\nQuick start:\n  tok keygen\n  tok sign --sub room1 | tok verify",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Keygen(KeygenArgs),
    Keys(KeysArgs),
    Sign(SignArgs),
    Verify(VerifyArgs),
    Decode(DecodeArgs),
    Completions(CompletionsArgs),
}

/// Create an RSA keypair in the keyring (or in a directory)
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok keygen                       # the `default` key, 2048 bits
  tok keygen --name ws-prod --bits 3072
  tok keygen --out ./keys          # ./keys/private.pem (0600) and ./keys/public.pem
  tok keygen --name lambda --jwk   # also print the public key as a JWK

The private key is PKCS#8 PEM (mode 0600), the public key SPKI PEM (BEGIN PUBLIC KEY),
which Go's x509.ParsePKIXPublicKey, PHP openssl_*, PyJWT and Node accept. The kid is the
RFC 7638 thumbprint of the public key.")]
pub struct KeygenArgs {
    /// Key size in bits: 2048, 3072 or 4096
    #[arg(long, default_value_t = 2048, value_name = "BITS")]
    pub bits: u32,

    /// Name of the key in the keyring
    #[arg(long, default_value = "default", conflicts_with = "out")]
    pub name: String,

    /// Write DIR/private.pem and DIR/public.pem instead of into the keyring
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Replace an existing key of that name (the old private key is lost)
    #[arg(long)]
    pub force: bool,

    /// Print the public key as a JWK on stdout (the summary then goes to stderr)
    #[arg(long)]
    pub jwk: bool,
}

/// List and show the keys in the keyring
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok keys list
  tok keys show                    # the default key: paths, kid, bits
  tok keys show ws-prod --jwk      # public JWK, e.g. for a JWKS or a Lambda env var
  tok keys show --key ./public.pem --pem")]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// List keys: name, kid, bits, created
    List {
        /// Print a JSON array
        #[arg(long)]
        json: bool,
    },
    /// Show one key (the keyring's `default` unless named)
    Show {
        /// Key name in the keyring
        #[arg(value_name = "NAME", conflicts_with = "key")]
        name: Option<String>,
        /// A key file (PEM private, public or certificate; or an RSA JWK) instead of a keyring name
        #[arg(long, value_name = "PATH")]
        key: Option<PathBuf>,
        /// Print the public key as a JWK
        #[arg(long, conflicts_with = "pem")]
        jwk: bool,
        /// Print the public key as SPKI PEM
        #[arg(long)]
        pem: bool,
    },
}

/// Where an HMAC secret comes from; never a plain command-line value.
#[derive(Args, Debug, Default)]
pub struct SecretArgs {
    /// Read the HMAC secret from a file (one trailing newline is ignored)
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,

    /// Read the HMAC secret from stdin
    #[arg(long, conflicts_with = "secret_file")]
    pub secret_stdin: bool,
}

/// Sign a JWT (one per subject)
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok sign --sub room1
  tok sign --sub room1 --ttl 15m --aud https://api.example.com --scope chat:write
  tok sign --sub room1 --url wss://abc.execute-api.ap-northeast-1.amazonaws.com/dev
  tok sign --sub 123 --claim role=admin --claim 'rooms:=[1,2]' --claims extra.json
  tok sign --subs-from rooms.txt > tokens.txt          # one token a line, same order
  TOK_SECRET=… tok sign --alg HS256 --claim foo=bar --insecure
  tok sign --key ./private.pem --alg PS256 --iss https://issuer.example --jti

Times (--exp, --nbf) are unix seconds, RFC 3339 (2026-11-21T10:00:00Z), `now`, or
relative (+15m, -1h). Durations (--ttl) are 90s, 15m, 1h, 7d or plain seconds.
--claim k=v is always a string; --claim k:=JSON is raw JSON (numbers, arrays, objects).
HMAC secrets come from --secret-file, --secret-stdin or the TOK_SECRET environment variable.")]
pub struct SignArgs {
    /// Subject (`sub`); repeat to sign one token per subject
    #[arg(long, value_name = "SUB")]
    pub sub: Vec<String>,

    /// Read subjects from FILE (or - for stdin), one a line; blank lines are skipped
    #[arg(long, value_name = "FILE")]
    pub subs_from: Option<PathBuf>,

    /// Lifetime: exp = now + TTL [default: 1h]
    #[arg(long, value_name = "DURATION", conflicts_with = "exp")]
    pub ttl: Option<String>,

    /// Absolute expiry (`exp`)
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub exp: Option<String>,

    /// Not before (`nbf`)
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub nbf: Option<String>,

    /// Issuer (`iss`)
    #[arg(long, value_name = "ISS")]
    pub iss: Option<String>,

    /// Audience (`aud`); repeat for several (then an array)
    #[arg(long, value_name = "AUD")]
    pub aud: Vec<String>,

    /// Scope; repeat for several (space-joined into `scope`)
    #[arg(long, value_name = "SCOPE")]
    pub scope: Vec<String>,

    /// JWT ID (`jti`); without a value, a random one per token
    #[arg(long, value_name = "ID", num_args = 0..=1, default_missing_value = "")]
    pub jti: Option<String>,

    /// Header `typ` (e.g. at+jwt)
    #[arg(long, value_name = "TYP", default_value = "JWT")]
    pub typ: String,

    /// Leave `kid` out of the header
    #[arg(long)]
    pub no_kid: bool,

    /// A claim: key=value (string) or key:=JSON (raw JSON); repeatable
    #[arg(long = "claim", value_name = "K=V|K:=JSON")]
    pub claims: Vec<String>,

    /// Merge claims from a JSON object in FILE (or - for stdin); flags win over it
    #[arg(long = "claims", value_name = "FILE")]
    pub claims_file: Option<PathBuf>,

    /// Signing key: a keyring name or a PEM file (PKCS#8 or PKCS#1) [default: default]
    #[arg(long, value_name = "NAME|PATH")]
    pub key: Option<String>,

    /// RS256, RS384, RS512, PS256, PS384, PS512, HS256, HS384 or HS512 [default: RS256, or HS256 with a secret]
    #[arg(long, value_name = "ALG")]
    pub alg: Option<String>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Allow an HMAC secret shorter than the hash (RFC 7518 §3.2), for legacy authorizers
    #[arg(long)]
    pub insecure: bool,

    /// Print URL with the token as its `token` query parameter (for WebSocket clients)
    #[arg(long, value_name = "URL", conflicts_with = "json")]
    pub url: Option<String>,

    /// Print {"token","header","claims"} instead of the bare token
    #[arg(long)]
    pub json: bool,
}

/// Verify a token's signature and claims the way an API gateway would
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok sign --sub room1 | tok verify
  tok verify \"$TOKEN\" --iss https://tenant.auth0.com/ --aud https://api.example.com
  tok verify --jwks jwks.json --aud 1example23456789 --scope orders/read --explain < token.txt
  tok verify 'Authorization: Bearer eyJ…'
  tok verify 'wss://abc.execute-api.us-east-1.amazonaws.com/dev?token=eyJ…'
  TOK_SECRET=my-secret tok verify --alg HS256 \"$TOKEN\"
  tok verify --each < tokens.txt > results.txt

The token is taken from TOKEN, or stdin when TOKEN is absent or `-`: bare, `Bearer …`,
`Authorization: Bearer …`, or a URL with ?token=…. --aud matches `aud`, or `client_id`
when the token has no `aud` (Cognito access tokens), as API Gateway does. Header URLs
(jku, x5u, jwk) are never fetched.")]
pub struct VerifyArgs {
    /// The token (default: stdin)
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// Key: a keyring name, or a PEM file (public, certificate or private) or RSA JWK [default: default]
    #[arg(long, value_name = "NAME|PATH", conflicts_with = "jwks")]
    pub key: Option<String>,

    /// A JWK Set or single JWK file; the key is selected by the token's kid
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<PathBuf>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// Allowed algorithm(s), narrowing what the key allows; repeatable
    #[arg(long, value_name = "ALG")]
    pub alg: Vec<String>,

    /// Expected issuer (exact string match)
    #[arg(long, value_name = "ISS")]
    pub iss: Option<String>,

    /// Accepted audience; repeatable (any one must match)
    #[arg(long, value_name = "AUD")]
    pub aud: Vec<String>,

    /// Required scope; repeatable (all must be present in `scope` or `scp`)
    #[arg(long, value_name = "SCOPE")]
    pub scope: Vec<String>,

    /// Expected subject
    #[arg(long, value_name = "SUB")]
    pub sub: Option<String>,

    /// A claim that must be present; repeatable (e.g. --require exp)
    #[arg(long, value_name = "CLAIM")]
    pub require: Vec<String>,

    /// Clock skew allowed for exp, nbf and iat
    #[arg(long, value_name = "DURATION", default_value = "0s")]
    pub leeway: String,

    /// Check times as of TIME instead of now (unix seconds, RFC 3339, or +/-DURATION)
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,

    /// Print every check with ✓/✗ and the values
    #[arg(long, conflicts_with_all = ["json", "quiet"])]
    pub explain: bool,

    /// Print {"valid":…,"header":…,"claims":…} (and "errors" when invalid)
    #[arg(long, conflicts_with = "quiet")]
    pub json: bool,

    /// Print nothing; the exit code tells
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Read tokens from stdin, one a line; write one result a line in the same order
    #[arg(long, conflicts_with_all = ["token", "explain"])]
    pub each: bool,
}

/// Show a token's header and claims WITHOUT verifying it
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok decode \"$TOKEN\"
  pbpaste | tok decode
  tok decode --json 'Authorization: Bearer eyJ…' | jq .claims.scope

Works for any alg, even ones tok cannot verify. iat, nbf and exp are also shown as
RFC 3339 and relative times. The signature is NOT checked: use `tok verify` for that.")]
pub struct DecodeArgs {
    /// The token (default: stdin)
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// Print {"header","claims","times","signature_verified":false}
    #[arg(long)]
    pub json: bool,
}

/// Print a shell completion script
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok completions bash > ~/.local/share/bash-completion/completions/tok
  tok completions zsh > \"${fpath[1]}/_tok\"
  tok completions fish > ~/.config/fish/completions/tok.fish")]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}
