//! Every flag of every command, with its help and examples. Completions are generated from
//! these definitions, so this file is the single source of truth for the interface.

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the token is invalid (verify, decode) or not active (introspect)
  2  usage or local error: bad flag, missing or unreadable key, bad input,
     nothing to read, a file of tok's it will not trust
  3  remote error: a server failed or refused (fetch, introspect, keys from a URL)
  tok exec exits with its command's status.

Files live under $TOK_HOME when set; otherwise keys and secrets in the data
directory (~/.local/share/tok on Linux), config.toml in the config directory
(~/.config/tok), cached tokens and key sets in the cache directory
(~/.cache/tok). `tok paths` prints them. NO_COLOR turns colour off.";

/// Every `--alg` tok knows (jws::Alg::ALL), for completions.
pub const ALGS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519",
    "HS256", "HS384", "HS512",
];

/// The `--alg` a public key can be pinned to (no HMAC).
pub const KEY_ALGS: &[&str] =
    &["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

/// `--alg`: completions and `--help` know the names, while any string still reaches tok's own
/// parser (`cmd::parse_alg`): case-insensitive, with its own messages for `none`, a typo or an
/// algorithm the key cannot make.
#[derive(Clone, Debug)]
pub struct AlgNames(pub &'static [&'static str]);

impl clap::builder::TypedValueParser for AlgNames {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|name| clap::builder::PossibleValue::new(*name))))
    }
}

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
    about = "Make keypairs (RSA, EC, Ed25519) and HMAC secrets, sign JWTs, fetch OAuth 2.0 client-credentials tokens, run a local \
             issuer, and verify tokens the way API gateways do",
    after_help = EXIT_CODES,
    long_about = "Make keypairs (RSA, EC, Ed25519) and HMAC secrets, sign JWTs, fetch OAuth 2.0 client-credentials tokens (tok fetch), \
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
    /// Create a keypair (RSA, EC or Ed25519) in the keyring (or a directory), or an HMAC secret file
    Keygen(KeygenArgs),
    /// List, show, rename and remove the keys in the keyring
    Keys(KeysArgs),
    /// Sign a JWT (one per subject)
    Sign(SignArgs),
    /// Verify a token's signature and claims the way an API gateway would
    Verify(VerifyArgs),
    /// Show a token's header and claims WITHOUT verifying it
    Decode(DecodeArgs),
    /// Get an OAuth 2.0 access token (client credentials), cached until it nears expiry
    Fetch(FetchArgs),
    /// Ask the server whether a token is active (RFC 7662 introspection), e.g. an opaque one
    Introspect(IntrospectArgs),
    /// Run a command with an access token in its environment (fetched, or from the cache)
    Exec(ExecArgs),
    /// Save, list and remove fetch profiles
    Profile(ProfileArgs),
    /// Manage the token cache
    Cache(CacheArgs),
    /// Run a local OAuth 2.0 / OIDC issuer (client credentials) for development and tests
    Serve(ServeArgs),
    /// Run a local API Gateway (HTTP API JWT authorizer, routes, mapping) in front of your app
    Gateway(GatewayArgs),
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

/// Create a keypair (RSA, EC or Ed25519) in the keyring (or a directory), or an HMAC secret file
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok keygen                       # the `default` key: RSA, 2048 bits
  tok keygen --name ws-prod --bits 3072
  tok keygen --name edge --type ec # EC P-256: tokens are ES256
  tok keygen --name ed --type ed25519
  tok keygen --out ./keys          # ./keys/private.pem (0600) and ./keys/public.pem
  tok keygen --name lambda --jwk   # also print the public key as a JWK
  tok keygen --name ci --json      # {name, type, kid, private, public, jwk} for scripts
  tok keygen --type hmac --out hs256.secret           # 32 random bytes (0600) for HS256
  tok keygen --type hmac --alg HS512 --out hs512.secret

The private key is PKCS#8 PEM (mode 0600), the public key SPKI PEM (BEGIN PUBLIC KEY),
which Go's x509.ParsePKIXPublicKey, PHP openssl_*, PyJWT, Node and openssl accept. The kid is
the RFC 7638 thumbprint of the public key. The key's type decides what `tok sign` makes:
RS256 for RSA, ES256/ES384/ES512 for P-256/P-384/P-521, EdDSA for Ed25519.

--type hmac writes a random secret (at least the hash size, RFC 7518 §3.2) as base64url text
to --out FILE, mode 0600, for `tok sign --secret-file FILE`; it is printed only with --stdout.")]
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

    /// Name of the key in the keyring [default: default]
    #[arg(long, conflicts_with = "out")]
    pub name: Option<String>,

    /// Write DIR/private.pem and DIR/public.pem instead of into the keyring; with --type hmac,
    /// the secret FILE
    #[arg(long, value_name = "DIR|FILE")]
    pub out: Option<PathBuf>,

    /// With --type hmac: the algorithm the secret is for, which sets its least length (32, 48 or
    /// 64 bytes) [default: HS256]
    #[arg(long, value_name = "ALG", value_parser = ["HS256", "HS384", "HS512"], ignore_case = true)]
    pub alg: Option<String>,

    /// With --type hmac: random bytes in the secret [default: the hash size of --alg]
    #[arg(long, value_name = "N")]
    pub bytes: Option<usize>,

    /// With --type hmac: print the secret on stdout instead of writing a file
    #[arg(long, conflicts_with_all = ["out", "name", "json", "jwk"])]
    pub stdout: bool,

    /// Replace an existing key of that name (the old private key is lost)
    #[arg(long)]
    pub force: bool,

    /// Print the public key as a JWK on stdout (the summary then goes to stderr)
    #[arg(long, conflicts_with = "json")]
    pub jwk: bool,

    /// Print one JSON object instead of the summary: name (or dir), type, kid, the private and
    /// public paths, and the public JWK
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// An RSA keypair (--bits): RS256, PS256…
    Rsa,
    /// An EC keypair (--curve): ES256, ES384, ES512
    Ec,
    /// An Ed25519 keypair: EdDSA
    Ed25519,
    /// An HMAC secret (HS256/384/512), written to --out FILE
    Hmac,
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

/// List, show, rename and remove the keys in the keyring
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok keys list
  tok keys show                    # the default key: paths, kid, bits
  tok keys show ws-prod --jwk      # public JWK, e.g. for a JWKS or a Lambda env var
  tok keys show --key ./public.pem --pem
  tok keys rename next default     # promote a rotated-in key (its kid does not change)
  tok keys remove old-key          # asks first on a terminal; --yes in scripts")]
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
        #[arg(add = ArgValueCompleter::new(crate::complete::key_names), value_name = "NAME", conflicts_with = "key")]
        name: Option<String>,
        /// A key file (PEM private, public or certificate; or a JWK) instead of a keyring name
        #[arg(long, value_name = "PATH")]
        key: Option<PathBuf>,
        /// Print the public key as a JWK
        #[arg(long, conflicts_with = "pem")]
        jwk: bool,
        /// With --jwk: pin the key to one algorithm it signs (an `alg` member); without it the
        /// JWK has no `alg` and verifies every algorithm the key allows
        #[arg(long, value_name = "ALG", value_parser = AlgNames(KEY_ALGS), hide_possible_values = true, requires = "jwk")]
        alg: Option<String>,
        /// Print the public key as SPKI PEM
        #[arg(long)]
        pem: bool,
    },
    /// Remove a key (both halves) from the keyring; asks first on a terminal
    Remove {
        /// Key name in the keyring
        #[arg(add = ArgValueCompleter::new(crate::complete::key_names), value_name = "NAME")]
        name: String,
        /// Do not ask (needed when stdin is not a terminal)
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Rename a keyring key (its kid does not change); an existing NEW is never replaced
    Rename {
        /// The key's current name
        #[arg(add = ArgValueCompleter::new(crate::complete::key_names), value_name = "OLD")]
        old: String,
        /// The new name
        #[arg(value_name = "NEW")]
        new: String,
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

    /// With --subs-from: threads signing tokens [default: one a core]. The first 32 subjects
    /// are signed on one thread; after that the subjects are shared out, and the tokens still
    /// come in input order, each as soon as no more input is waiting
    #[arg(long, value_name = "N", requires = "subs_from")]
    pub jobs: Option<usize>,

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

    /// Signing key: a keyring name or a PEM file (PKCS#8, PKCS#1 or SEC1) [default: default]
    #[arg(add = ArgValueCompleter::new(crate::complete::key_or_file), long, value_name = "NAME|PATH")]
    pub key: Option<String>,

    /// RS256…PS512, ES256/384/512, EdDSA or HS256/384/512 (any case) [default: the key's own:
    /// RS256 for RSA, ES256/384/512 by curve, EdDSA; or HS256 with a secret]
    #[arg(long, value_name = "ALG", value_parser = AlgNames(ALGS), hide_possible_values = true)]
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

    /// Key: a keyring name, or a PEM file (public, certificate or private) or a JWK
    /// [default: the keyring, chosen by kid; `default` for tokens without one]
    #[arg(add = ArgValueCompleter::new(crate::complete::key_or_file), long, value_name = "NAME|PATH", conflicts_with = "jwks")]
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
    #[arg(long, value_name = "ALG", value_parser = AlgNames(ALGS), hide_possible_values = true)]
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

    /// With --each: threads verifying tokens [default: one a core]. The first 32 lines are
    /// verified on one thread; after that the lines are shared out, and the answers still come
    /// in input order, each as soon as no more input is waiting
    #[arg(long, value_name = "N", requires = "each")]
    pub jobs: Option<usize>,

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

    /// Client authentication: basic (Authorization header), post (form body), private-key-jwt
    /// (an assertion signed with --key) or client-secret-jwt (an assertion signed HS256 with the
    /// secret) [default: basic; private-key-jwt with --key; with --issuer, what discovery lists]
    #[arg(long, value_name = "METHOD", value_parser = ["basic", "post", "private-key-jwt", "client-secret-jwt"])]
    pub auth: Option<String>,

    /// The private key (keyring name or PEM file) that signs private-key-jwt assertions; no
    /// secret is then sent or needed
    #[arg(add = ArgValueCompleter::new(crate::complete::key_or_file), long, value_name = "NAME|PATH")]
    pub key: Option<String>,

    /// Algorithm of the assertion [default: the key's own: RS256, ES256/384/512 or EdDSA]
    #[arg(long, value_name = "ALG", requires = "key")]
    pub alg: Option<String>,

    /// The assertion's `aud` [default: the token endpoint]; Auth0 wants its tenant URL with the
    /// trailing slash, e.g. https://tenant.auth0.com/
    #[arg(long, value_name = "URL")]
    pub assertion_aud: Option<String>,
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
    pub request: RequestArgs,

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

/// A request to the authorization server as a client: which server, which client, how long to
/// wait (fetch, exec and introspect).
#[derive(Args, Debug)]
pub struct RequestArgs {
    #[command(flatten)]
    pub client: ClientArgs,

    #[command(flatten)]
    pub secret: ClientSecretArgs,

    /// Start from a saved profile (flags override its values)
    #[arg(add = ArgValueCompleter::new(crate::complete::profile_names), long, value_name = "NAME", env = "TOK_PROFILE")]
    pub profile: Option<String>,

    /// Give up on the server after this long
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub timeout: String,

    /// Allow plain http:// to a non-loopback host
    #[arg(long)]
    pub allow_http: bool,
}

/// Ask an authorization server whether a token is active (RFC 7662)
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok introspect \"$TOKEN\" --issuer https://id.example.com --client-id ID --client-secret-file s
  tok introspect --profile prod < token.txt
  tok introspect \"$TOKEN\" --introspect-url https://id.example.com/oauth2/introspect --client-id ID

Prints the server's answer (active, scope, client_id, exp, …). Exit 0 when the token is
active, 1 when it is not, 3 when the server could not answer. The client authenticates as
`tok fetch` does (--auth, --key, profiles); the endpoint is --introspect-url or the
introspection_endpoint of the issuer's discovery document.")]
pub struct IntrospectArgs {
    /// The token (or `-`, or nothing, to read it from stdin)
    pub token: Option<String>,

    /// The introspection endpoint [default: from the issuer's discovery document]
    #[arg(long, value_name = "URL")]
    pub introspect_url: Option<String>,

    #[command(flatten)]
    pub request: RequestArgs,
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
        #[arg(add = ArgValueCompleter::new(crate::complete::profile_names))]
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
    #[arg(add = ArgValueCompleter::new(crate::complete::key_or_file), long, value_name = "NAME|PATH")]
    pub key: Option<String>,
}

/// Run a local API Gateway (HTTP API JWT authorizer, routes, mapping) in front of your app
#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  tok gateway --upstream http://127.0.0.1:3000 --issuer http://127.0.0.1:8080/ \\
      --aud https://api.example.com --route 'GET /rooms/{id} rooms/read rooms/write' \\
      --open-route 'GET /health' --map 'overwrite:header.x-user-id=$context.authorizer.claims.sub'
  tok gateway --upstream http://127.0.0.1:3000 --authorizer authorizer.json --routes routes.json
      # authorizer.json: `aws apigatewayv2 get-authorizer` output; routes.json: `get-routes`
  tok gateway --upstream http://127.0.0.1:3000 --cors-allow-origin http://localhost:5173 \\
      --cors-allow-method '*' --cors-allow-header authorization

Prints its URL first on stdout, then one line a request on stderr: method, path, status,
route and, on a refusal, the reason (never a token). Routes are chosen as API Gateway
chooses them: exact, then {param}, then greedy {proxy+}, then $default; no route → 404
{\"message\":\"Not Found\"}. A --route needs the JWT authorizer (401 {\"message\":\"Unauthorized\"}
with www-authenticate, 403 {\"message\":\"Forbidden\"} when none of its scopes is in the
token); an --open-route has none (AuthorizationType NONE). Without any route: $default,
behind the authorizer when there is one. The upstream gets the request as API Gateway
forwards it, Authorization included, with X-Forwarded-For/-Proto/-Port and X-Amzn-Trace-Id,
plus --map; no answer within --upstream-timeout → 503 {\"message\":\"Service Unavailable\"},
unreachable → 500 {\"message\":\"Internal Server Error\"}. With --cors or --cors-allow-origin,
preflights are answered 204 before routes and the authorizer, and the app's CORS headers are
replaced by the configured ones.")]
pub struct GatewayArgs {
    /// The app to forward accepted requests to (http://HOST:PORT)
    #[arg(long, value_name = "URL")]
    pub upstream: String,

    /// Address to listen on; port 0 picks a free one
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    pub listen: String,

    /// The JWT authorizer's issuer: keys by OIDC discovery (jwks_uri), cached and refetched
    /// on an unknown kid as `tok verify --issuer` does
    #[arg(long, value_name = "URL", conflicts_with = "authorizer", requires = "aud")]
    pub issuer: Option<String>,

    /// The JWT authorizer's audience; repeatable (aud, or client_id when the token has no aud)
    #[arg(long, value_name = "AUD", requires = "issuer")]
    pub aud: Vec<String>,

    /// Where the JWT authorizer finds the token: $request.header.NAME or
    /// $request.querystring.NAME (the value: the token, or `Bearer ` and the token)
    #[arg(
        long,
        value_name = "SOURCE",
        default_value = "$request.header.Authorization",
        conflicts_with = "authorizer"
    )]
    pub identity_source: String,

    /// The JWT authorizer from a file: what `aws apigatewayv2 get-authorizer` prints
    #[arg(long, value_name = "FILE")]
    pub authorizer: Option<PathBuf>,

    /// A route behind the JWT authorizer: a route key (`GET /rooms/{id}`, `ANY /{proxy+}`,
    /// `$default`) then its scopes, space-separated (any one suffices); repeatable
    #[arg(long, value_name = "'KEY [SCOPE…]'", conflicts_with = "routes")]
    pub route: Vec<String>,

    /// A route without authorization (AuthorizationType NONE); repeatable
    #[arg(long, value_name = "KEY", conflicts_with = "routes")]
    pub open_route: Vec<String>,

    /// The routes from a file: what `aws apigatewayv2 get-routes` prints
    #[arg(long, value_name = "FILE")]
    pub routes: Option<PathBuf>,

    /// Parameter mapping in AWS's syntax, applied in order; repeatable:
    /// `overwrite:header.x-user-id=$context.authorizer.claims.sub`, `append:querystring.a=…`,
    /// `remove:header.x-debug=''`, `overwrite:path=$request.path.id`
    #[arg(long, value_name = "ACTION:LOCATION=VALUE")]
    pub map: Vec<String>,

    /// Relay WebSocket upgrades: each is `$connect`, authorized by the JWT authorizer (when
    /// configured; e.g. --identity-source route.request.querystring.token) before any
    /// upgrade, then relayed message by message both ways until either side closes, with
    /// API Gateway's limits: a client frame over 32 KiB or message over 128 KiB closes with
    /// 1009; an upstream message over 128 KiB is dropped (logged), the connection stays
    #[arg(long)]
    pub websocket: bool,

    /// Close a WebSocket connection (1001 to both sides) after this long without a message
    /// either way (API Gateway: 10 minutes)
    #[arg(long, value_name = "DURATION", default_value = "10m", requires = "websocket")]
    pub ws_idle_timeout: String,

    /// Close a WebSocket connection (1001 to both sides) this long after it opened, busy or
    /// not (API Gateway: 2 hours)
    #[arg(long, value_name = "DURATION", default_value = "2h", requires = "websocket")]
    pub ws_max_duration: String,

    /// Lambda-authorizer mode (REST / WebSocket APIs): protected routes are authorized by the
    /// policy `tok verify --issuer … --aud … --policy METHOD_ARN` returns, METHOD_ARN being
    /// API_ARN/VERB/PATH (or API_ARN/$connect); API_ARN is
    /// arn:aws:execute-api:REGION:ACCOUNT_ID:API_ID/STAGE. Refusals: 403 as API Gateway words them
    #[arg(long, value_name = "API_ARN", requires = "issuer")]
    pub lambda_policy: Option<String>,

    /// The Lambda authorizer's policy Resource: `exact` (the method ARN) or `wildcard`
    /// (API_ID/STAGE/*/*)
    #[arg(long, value_name = "KIND", value_parser = ["exact", "wildcard"], default_value = "exact", requires = "lambda_policy")]
    pub policy_resource: String,

    /// API Gateway's cache of the Lambda authorizer's policy, keyed by the identity source
    /// value (REST default 300s; 0 = off): an exact policy then answers 403 on other methods
    #[arg(long, value_name = "DURATION", default_value = "300s", requires = "lambda_policy")]
    pub authorizer_ttl: String,

    /// The API's CORS configuration from a file: what `aws apigatewayv2 get-api` prints (its
    /// CorsConfiguration). Preflights are then answered before routes and the authorizer
    #[arg(long, value_name = "FILE")]
    pub cors: Option<PathBuf>,

    /// CORS: an allowed origin (`https://app.example.com`, `*`, `https://*`); repeatable
    #[arg(long, value_name = "ORIGIN", conflicts_with = "cors")]
    pub cors_allow_origin: Vec<String>,

    /// CORS: a method the preflight allows (`GET`, `*`); repeatable
    #[arg(long, value_name = "METHOD", requires = "cors_allow_origin")]
    pub cors_allow_method: Vec<String>,

    /// CORS: a request header the preflight allows (`authorization`, `*`); repeatable
    #[arg(long, value_name = "HEADER", requires = "cors_allow_origin")]
    pub cors_allow_header: Vec<String>,

    /// CORS: Access-Control-Allow-Credentials: true (not with origin `*`, as AWS refuses it)
    #[arg(long, requires = "cors_allow_origin")]
    pub cors_allow_credentials: bool,

    /// Answer 503 when the upstream has not answered within this (API Gateway: 30s)
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub upstream_timeout: String,

    /// How long the issuer's JWK Set is reused
    #[arg(long, value_name = "DURATION", default_value = "10m")]
    pub jwks_ttl: String,

    /// After a refetch that did not find a token's kid, make no other refetch for this long
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub jwks_cooldown: String,

    /// Allow plain http:// to a non-loopback issuer
    #[arg(long)]
    pub allow_http: bool,
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

kid is the RFC 7638 thumbprint; RSA n and e are minimal-octet base64url, EC x and y full
length, Ed25519 keys are kty OKP. There is no alg member unless --alg gives one (RFC 7517
§4.4): an RSA key without alg verifies RS256, RS384, RS512, PS256, PS384 and PS512 tokens
alike (an EC key's curve fixes its one algorithm anyway).")]
pub struct JwksArgs {
    /// A key to include: keyring name or PEM file; repeatable [default: every keyring key]
    #[arg(add = ArgValueCompleter::new(crate::complete::key_or_file), long, value_name = "NAME|PATH")]
    pub key: Vec<String>,

    /// Write DIR/.well-known/jwks.json instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Pin every key to one algorithm (an `alg` member) [default: no alg: any the key allows]
    #[arg(long, value_name = "ALG", value_parser = AlgNames(KEY_ALGS), hide_possible_values = true, conflicts_with = "to_pem")]
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

#[cfg(test)]
mod tests {
    #[test]
    fn alg_names_are_every_alg_tok_knows() {
        let mut known: Vec<&str> = crate::jws::Alg::ALL.iter().map(|a| a.name()).collect();
        let mut listed = super::ALGS.to_vec();
        known.sort_unstable();
        listed.sort_unstable();
        assert_eq!(known, listed);
        let public: Vec<&str> = listed.into_iter().filter(|n| !n.starts_with("HS")).collect();
        let mut key_algs = super::KEY_ALGS.to_vec();
        key_algs.sort_unstable();
        assert_eq!(key_algs, public);
    }
}
