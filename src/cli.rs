//! Every flag of every command, with its help and examples. Completions are generated from
//! these definitions, so this file is the single source of truth for the interface.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the token is invalid (verify, decode)
  2  usage or local error: bad flag, missing or unreadable key, bad input,
     nothing to read, a file of tok's it will not trust
  3  remote error: a server failed or refused (fetch, keys from a URL)

Files live under $TOK_HOME when set, else the platform data directory
(~/.local/share/tok on Linux). NO_COLOR turns colour off.";

/// `tok --version` and `tok version`.
pub const LONG_VERSION: &str = concat!(
    env!("TOK_BUILD_VERSION_LINE"),
    "\ntarget: ",
    env!("TOK_BUILD_TARGET"),
    "\ncrypto: aws-lc-rs ",
    env!("TOK_BUILD_AWS_LC_RS"),
    " (aws-lc-sys ",
    env!("TOK_BUILD_AWS_LC_SYS"),
    "), CPU jitter entropy ",
    env!("TOK_BUILD_JITTER"),
);

#[derive(Parser, Debug)]
#[command(
    name = "tok",
    version,
    // `--version` names what a bug report needs (commit, target, crypto backend); `-V` stays
    // one line. Baked in by build.rs: no work at run time.
    long_version = LONG_VERSION,
    about = "Make RSA keypairs, sign JWTs, fetch OAuth 2.0 client-credentials tokens, run a local \
             issuer, and verify tokens the way API gateways do",
    after_help = EXIT_CODES,
    long_about = "Make RSA keypairs, sign JWTs, fetch OAuth 2.0 client-credentials tokens (tok fetch), \
                  run a local issuer (tok serve), and verify tokens the way API gateways do.\n\nQuick start:\n  tok keygen\n  tok sign --sub room1 | tok verify",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Only the subcommand being run is built: building clap's whole tree (every flag and help
// text of every command) cost `tok verify` ~30 page faults, more than its own work.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    /// Create a keypair (RSA, EC or Ed25519) in the keyring (or in a directory)
    Keygen(KeygenArgs),
    /// List and show the keys in the keyring
    Keys(KeysArgs),
    /// Sign a JWT (one per subject)
    Sign(SignArgs),
    /// Verify a token's signature and claims the way an API gateway would
    Verify(VerifyArgs),
    /// Show a token's header and claims WITHOUT verifying it
    Decode(DecodeArgs),
    /// Get an OAuth 2.0 access token (client credentials), cached until it nears expiry
    Fetch(FetchArgs),
    /// Run a command with an access token in its environment (fetched, or from the cache)
    Exec(ExecArgs),
    /// Save, list and remove fetch profiles
    Profile(ProfileArgs),
    /// Manage the token cache
    Cache(CacheArgs),
    /// Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests
    Serve(ServeArgs),
    /// Print a JWK Set of public keys to host as /.well-known/jwks.json; convert JWK → PEM
    Jwks(JwksArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print tok's version, commit, target and crypto backend (for bug reports)
    Version(VersionArgs),
    /// Print where tok keeps keys, secrets, config and cache, and which TOK_* variables are set
    Paths(PathsArgs),
    /// Write completion scripts or man pages into a directory (scripts/generate.sh; packagers)
    #[command(hide = true)]
    Generate(GenerateArgs),
}

/// Create a keypair (RSA, EC or Ed25519) in the keyring (or in a directory)
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok keygen                       # the `default` key: RSA, 2048 bits
  tok keygen --name ws-prod --bits 3072
  tok keygen --name edge --type ec # EC P-256: tokens are ES256
  tok keygen --name ed --type ed25519
  tok keygen --out ./keys          # ./keys/private.pem (0600) and ./keys/public.pem
  tok keygen --name lambda --jwk   # also print the public key as a JWK

The private key is PKCS#8 PEM (mode 0600), the public key SPKI PEM (BEGIN PUBLIC KEY),
which Go's x509.ParsePKIXPublicKey, PHP openssl_*, PyJWT, Node and openssl accept. The kid is
the RFC 7638 thumbprint of the public key. The key's type decides what `tok sign` makes:
RS256 for RSA, ES256/ES384/ES512 for P-256/P-384/P-521, EdDSA for Ed25519.")]
pub struct KeygenArgs {
    /// Key type
    #[arg(long = "type", value_enum, default_value_t = KeyType::Rsa, value_name = "TYPE")]
    pub key_type: KeyType,

    /// RSA key size in bits: 2048 (default), 3072 or 4096
    #[arg(long, value_name = "BITS")]
    pub bits: Option<u32>,

    /// EC curve (with --type ec): P-256 (default, ES256), P-384 (ES384) or P-521 (ES512)
    #[arg(long, value_enum, value_name = "CURVE")]
    pub curve: Option<CurveArg>,

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

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Rsa,
    Ec,
    Ed25519,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveArg {
    #[value(name = "P-256", alias = "p256", alias = "prime256v1", alias = "secp256r1")]
    P256,
    #[value(name = "P-384", alias = "p384", alias = "secp384r1")]
    P384,
    #[value(name = "P-521", alias = "p521", alias = "secp521r1")]
    P521,
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
        /// With --jwk: pin the key to one RSA algorithm (an `alg` member); without it the JWK
        /// has no `alg` and verifies every RSA algorithm the key signs with
        #[arg(long, value_name = "ALG", requires = "jwk")]
        alg: Option<String>,
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

impl SecretArgs {
    /// A secret was named on the command line (TOK_SECRET alone does not count: it may be set
    /// for other commands).
    pub fn given(&self) -> bool {
        self.secret_file.is_some() || self.secret_stdin
    }
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

    /// Lifetime: exp = now + TTL [default: 1h]; negative (-5m) for an already-expired token
    #[arg(long, value_name = "DURATION", conflicts_with = "exp", allow_hyphen_values = true)]
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
  tok verify --issuer https://cognito-idp.us-east-1.amazonaws.com/POOL --aud CLIENT_ID \"$TOKEN\"
  tok verify --jwks https://tenant.auth0.com/.well-known/jwks.json \"$TOKEN\"
  tok verify --each < tokens.txt > results.txt

The token is taken from TOKEN, or stdin when TOKEN is absent or `-`: bare, `Bearer …`,
`Authorization: Bearer …`, `Sec-WebSocket-Protocol: proto, eyJ…`, or a URL with ?token=…. --aud matches `aud`, or `client_id`
when the token has no `aud` (Cognito access tokens), as API Gateway does. Header URLs
(jku, x5u, jwk) are never fetched.")]
pub struct VerifyArgs {
    /// The token (default: stdin)
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// Key: a keyring name, or a PEM file (public, certificate or private) or RSA JWK
    /// [default: the keyring, chosen by kid; `default` for tokens without one]
    #[arg(long, value_name = "NAME|PATH", conflicts_with = "jwks")]
    pub key: Option<String>,

    /// A JWK Set (or one JWK) from a file or an https URL; the key is chosen by the token's kid
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,

    /// Find the JWK Set by OIDC discovery from this issuer, and require it in the token's iss
    #[arg(long, value_name = "URL", conflicts_with_all = ["key", "jwks"])]
    pub issuer: Option<String>,

    /// How long a JWK Set fetched from a URL is reused
    #[arg(long, value_name = "DURATION", default_value = "10m")]
    pub jwks_ttl: String,

    /// After a refetch that did not find a token's kid, make no other refetch for this long
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub jwks_cooldown: String,

    /// Allow plain http:// to a non-loopback key server
    #[arg(long)]
    pub allow_http: bool,

    /// Give up on a key server after this long
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub timeout: String,

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

    /// Skip a claim check, shown as skipped in --explain; repeatable (e.g. --ignore exp to check
    /// the signature of an expired token). The signature is always checked
    #[arg(
        long,
        value_name = "CHECK",
        value_parser = ["exp", "nbf", "iat", "iss", "aud", "scope", "sub"],
        conflicts_with_all = ["gateway", "policy"]
    )]
    pub ignore: Vec<String>,

    /// Clock skew allowed for exp, nbf and iat
    #[arg(long, value_name = "DURATION", default_value = "0s")]
    pub leeway: String,

    /// Accept an oct (HMAC) key from a JWK Set file that is shorter than its algorithm's hash
    /// (RFC 7518 §3.2), for legacy tokens; never an empty one
    #[arg(long)]
    pub insecure: bool,

    /// Check times as of TIME instead of now (unix seconds, RFC 3339, or +/-DURATION)
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,

    /// Print every check with ✓/✗ and the values (with --json: a "checks" array)
    #[arg(long, conflicts_with = "quiet")]
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

    /// Answer as an API Gateway HTTP API JWT authorizer would (needs --issuer and --aud):
    /// RSA only, no leeway, any one --scope; prints the status, header and claims it passes on
    #[arg(long, value_name = "KIND", value_parser = ["http-api"], requires_all = ["issuer", "aud"], conflicts_with_all = ["json", "explain", "each"])]
    pub gateway: Option<String>,

    /// Print the Lambda authorizer response for METHOD_ARN (an execute-api ARN): Allow (valid)
    /// with the claims as context, or Deny with the failed checks on stderr (--explain: every
    /// check on stderr)
    #[arg(long, value_name = "METHOD_ARN", conflicts_with_all = ["json", "each", "gateway"])]
    pub policy: Option<String>,

    /// The policy's Resource: `exact` (METHOD_ARN) or `wildcard` (API_ID/STAGE/*/*, every method
    /// and path of the stage). API Gateway caches a policy per token: an exact one answers 403
    /// when the same token calls another method or path while the cache lasts
    #[arg(long, value_name = "KIND", value_parser = ["exact", "wildcard"], default_value = "exact", requires = "policy")]
    pub policy_resource: String,
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

/// Which server and client: the settings a token request is made of (also saved by profiles).
#[derive(Args, Debug, Default, Clone)]
pub struct ClientArgs {
    /// The token endpoint URL
    #[arg(long, value_name = "URL", conflicts_with_all = ["issuer", "auth0", "cognito"])]
    pub token_url: Option<String>,

    /// Find the token endpoint by OIDC discovery from this issuer
    #[arg(long, value_name = "URL", conflicts_with_all = ["auth0", "cognito"])]
    pub issuer: Option<String>,

    /// Auth0 tenant domain (→ https://DOMAIN/oauth/token)
    #[arg(long, value_name = "DOMAIN", conflicts_with = "cognito")]
    pub auth0: Option<String>,

    /// Cognito user pool domain (→ https://DOMAIN/oauth2/token)
    #[arg(long, value_name = "DOMAIN")]
    pub cognito: Option<String>,

    /// The client (application) id
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// The API to get a token for, sent as `audience` (Auth0 needs it)
    #[arg(long, value_name = "AUD")]
    pub audience: Option<String>,

    /// Scope; repeatable, space-joined (Cognito: resource-server-id/scope)
    #[arg(long, value_name = "SCOPE")]
    pub scope: Vec<String>,

    /// Resource indicator (RFC 8707); repeatable
    #[arg(long, value_name = "URI")]
    pub resource: Vec<String>,

    /// Any other form parameter, e.g. organization=org_123; repeatable
    #[arg(long, value_name = "K=V")]
    pub param: Vec<String>,

    /// Client authentication: basic (Authorization header) or post (form body) [default: basic]
    #[arg(long, value_name = "METHOD", value_parser = ["basic", "post"])]
    pub auth: Option<String>,
}

/// Where a client secret comes from; never a plain command-line value.
#[derive(Args, Debug, Default, Clone)]
pub struct ClientSecretArgs {
    /// Read the client secret from a file (one trailing newline is ignored)
    #[arg(long, value_name = "PATH")]
    pub client_secret_file: Option<PathBuf>,

    /// Read the client secret from stdin
    #[arg(long, conflicts_with = "client_secret_file")]
    pub client_secret_stdin: bool,
}

/// Get an OAuth 2.0 access token (client credentials), cached until it nears expiry
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok fetch --client-credentials --auth0 tenant.auth0.com --client-id ID \\
      --audience https://api.example.com --client-secret-file ~/.secrets/m2m
  tok fetch --client-credentials --cognito my-pool.auth.ap-northeast-1.amazoncognito.com \\
      --client-id ID --scope orders/read --client-secret-stdin < secret.txt
  tok fetch --client-credentials --issuer https://idp.example.com --client-id ID --json
  tok fetch --client-credentials --profile prod --format header | curl -H @- https://api.example.com/
  eval \"$(tok fetch --client-credentials --profile prod --format env)\"   # export TOK_ACCESS_TOKEN=…
  tok exec --profile prod -- ./deploy.sh   # the token in $TOK_ACCESS_TOKEN, never in argv

The secret comes from --client-secret-file, --client-secret-stdin, TOK_CLIENT_SECRET, the
profile, or a no-echo prompt on a terminal. Tokens are cached (see `tok cache`) and reused
while more than --min-ttl is left. An access token that is not a JWT (opaque, or an encrypted
JWE) is said so on stderr when fetched. Errors from the server exit with status 3.")]
pub struct FetchArgs {
    /// Use the client-credentials grant (RFC 6749 §4.4)
    #[arg(long)]
    pub client_credentials: bool,

    #[command(flatten)]
    pub token: TokenArgs,

    /// What to print: token (bare), header (`Authorization: Bearer …`), json (the token response
    /// plus expires_at and cached), env (`export NAME='…'`), curl (`-H 'Authorization: Bearer …'`)
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["json", "header"])]
    pub format: Option<FetchFormat>,

    /// The same as --format json
    #[arg(long, conflicts_with = "header")]
    pub json: bool,

    /// The same as --format header
    #[arg(long)]
    pub header: bool,

    /// With --format env: the variable to export [default: TOK_ACCESS_TOKEN]
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchFormat {
    Token,
    Header,
    Json,
    Env,
    Curl,
}

/// Which token to get and when a cached one is good enough: what `tok fetch` and `tok exec`
/// share.
#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(flatten)]
    pub client: ClientArgs,

    #[command(flatten)]
    pub secret: ClientSecretArgs,

    /// Start from a saved profile (flags override its values)
    #[arg(long, value_name = "NAME", env = "TOK_PROFILE")]
    pub profile: Option<String>,

    /// Give up on the server after this long
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub timeout: String,

    /// Allow plain http:// to a non-loopback host
    #[arg(long)]
    pub allow_http: bool,

    /// Neither read nor write the token cache
    #[arg(long, conflicts_with = "refresh")]
    pub no_cache: bool,

    /// Get a new token even if a cached one is still good
    #[arg(long)]
    pub refresh: bool,

    /// Reuse a cached token only while it has more than this left
    #[arg(long, value_name = "DURATION", default_value = "60s")]
    pub min_ttl: String,
}

/// Run a command with an access token in its environment (fetched, or from the cache)
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok exec --profile prod -- ./deploy.sh
  tok exec --profile prod -- sh -c 'curl -sS -H \"Authorization: Bearer $TOK_ACCESS_TOKEN\" https://api.example.com/'
  tok exec --auth0 tenant.auth0.com --client-id ID --audience https://api.example.com \\
      --client-secret-file ~/.secrets/m2m --env API_TOKEN --min-ttl 10m -- python job.py

The token is taken from the cache while it has more than --min-ttl left, else fetched (the
same flags and profiles as `tok fetch --client-credentials`; the grant is implied). It is put
in the environment of CMD only: never in an argument, never printed. TOK_CLIENT_SECRET is
removed from CMD's environment. On Unix tok replaces itself with CMD (as exec(3) does), so CMD
has tok's process id, receives its signals directly, and its exit status is tok's; a CMD that
cannot be started exits 127 (not found) or 126 (not executable), as shells do. When tok fails
before starting CMD it exits 2 or 3 as usual.")]
pub struct ExecArgs {
    /// Accepted for symmetry with `tok fetch`; the client-credentials grant is implied
    #[arg(long, hide = true)]
    pub client_credentials: bool,

    #[command(flatten)]
    pub token: TokenArgs,

    /// The environment variable CMD finds the access token in
    #[arg(long, value_name = "NAME", default_value = "TOK_ACCESS_TOKEN")]
    pub env: String,

    /// The command to run and its arguments, after `--`
    #[arg(value_name = "CMD", last = true, required = true, num_args = 1..)]
    pub command: Vec<std::ffi::OsString>,
}

/// Save, list and remove fetch profiles
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok profile add prod --auth0 tenant.auth0.com --client-id ID --audience https://api.example.com
  tok profile add orders --cognito pool.auth.us-east-1.amazoncognito.com --client-id ID \\
      --scope orders/read --client-secret-stdin < secret.txt
  tok profile list
  tok fetch --client-credentials --profile prod
  tok profile remove prod")]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub command: ProfileCommand,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum ProfileCommand {
    /// Save a profile; the client secret is prompted without echo (or read with --client-secret-stdin)
    Add {
        /// Profile name
        name: String,
        #[command(flatten)]
        client: ClientArgs,
        #[command(flatten)]
        secret: ClientSecretArgs,
        /// Replace an existing profile of that name
        #[arg(long)]
        force: bool,
    },
    /// List profiles (never their secrets)
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove a profile and its saved secret
    Remove {
        /// Profile name
        name: String,
    },
}

/// Manage the token cache
#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  tok cache clear")]
pub struct CacheArgs {
    #[command(subcommand)]
    pub command: CacheCommand,
}

#[derive(Subcommand, Debug)]
pub enum CacheCommand {
    /// Remove every cached token
    Clear,
}

/// Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok serve --clients clients.toml                    # prints its base URL first
  tok serve --clients clients.toml --dialect cognito --addr 127.0.0.1:8080 --ttl 15m

clients.toml:
  [[client]]
  id = \"my-client\"
  secret = \"a long random secret\"
  scopes = [\"orders/read\"]
  audiences = [\"https://api.example.com\"]

Endpoints: /.well-known/openid-configuration, /.well-known/jwks.json, POST /oauth/token and
POST /oauth2/token. Tokens are signed with the keyring key (--key).")]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    pub addr: String,

    /// Issuer to put in tokens and metadata [default: the base URL]
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,

    /// The registered clients (TOML, [[client]] tables)
    #[arg(long, value_name = "FILE")]
    pub clients: PathBuf,

    /// Token shape: auth0 (iss with /, aud, azp, gty, sub=ID@clients) or cognito (client_id, token_use)
    #[arg(long, value_name = "DIALECT", default_value = "auth0", value_parser = ["auth0", "cognito"])]
    pub dialect: String,

    /// Token lifetime
    #[arg(long, value_name = "DURATION", default_value = "1h")]
    pub ttl: String,

    /// Signing key: a keyring name or a PEM file [default: default]
    #[arg(long, value_name = "NAME|PATH")]
    pub key: Option<String>,
}

/// Print a JWK Set of public keys to host as /.well-known/jwks.json; convert JWK → PEM
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok jwks                                  # every keyring key: kty, n, e, kid, use
  tok jwks --key default --key next         # only these keys (during a rotation)
  tok jwks --key ./public.pem               # a PEM file as a JWK Set
  tok jwks --out site --discovery --issuer https://keys.example.com
      # site/.well-known/jwks.json and site/.well-known/openid-configuration, ready for a
      # static host that an API Gateway JWT authorizer can use as its issuer
  tok jwks --to-pem https://tenant.auth0.com/.well-known/jwks.json --kid KID

kid is the RFC 7638 thumbprint, n and e minimal-octet base64url. There is no alg member
unless --alg gives one (RFC 7517 §4.4): a key without alg verifies RS256, RS384, RS512,
PS256, PS384 and PS512 tokens alike.")]
pub struct JwksArgs {
    /// A key to include: keyring name or PEM file; repeatable [default: every keyring key]
    #[arg(long, value_name = "NAME|PATH")]
    pub key: Vec<String>,

    /// Write DIR/.well-known/jwks.json instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Pin every key to one RSA algorithm (an `alg` member) [default: no alg, any RSA alg]
    #[arg(long, value_name = "ALG", conflicts_with = "to_pem")]
    pub alg: Option<String>,

    /// With --out: also write DIR/.well-known/openid-configuration for --issuer
    #[arg(long, requires_all = ["issuer", "out"])]
    pub discovery: bool,

    /// The issuer URL the discovery document names (where DIR will be hosted)
    #[arg(long, value_name = "URL", requires = "discovery")]
    pub issuer: Option<String>,

    /// Print the SPKI PEM of a key from a JWK Set file or URL
    #[arg(long, value_name = "FILE|URL", conflicts_with_all = ["key", "out", "discovery"])]
    pub to_pem: Option<String>,

    /// With --to-pem: which key (needed when the set holds several)
    #[arg(long, value_name = "KID", requires = "to_pem")]
    pub kid: Option<String>,

    /// Allow plain http:// to a non-loopback host for --to-pem URL
    #[arg(long)]
    pub allow_http: bool,
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

/// Print tok's version, commit, target and crypto backend (for bug reports)
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok version
  tok version --json")]
pub struct VersionArgs {
    /// One JSON object (commit is null when not built from a git checkout)
    #[arg(long)]
    pub json: bool,
}

/// Where tok keeps things
#[derive(Args, Debug)]
#[command(after_help = "\
TOK_HOME, when set, holds everything; otherwise the platform's data, config and cache
directories are used. Secret variables are reported as set or not, never by value.

Examples:
  tok paths
  TOK_HOME=/tmp/t tok paths --json")]
pub struct PathsArgs {
    /// One JSON object
    #[arg(long)]
    pub json: bool,
}

/// Write completion scripts or man pages into a directory
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok generate completions completions/
  tok generate man man/")]
pub struct GenerateArgs {
    /// What to write: completions (one script per shell) or man (tok.1 and one page per subcommand)
    #[arg(value_enum, value_name = "WHAT")]
    pub what: Generated,

    /// Directory to write into (created if missing; files of the same name are replaced)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Generated {
    Completions,
    Man,
}
