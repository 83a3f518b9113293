//! `tok paths [--json]`: where tok keeps things, so nobody has to read the source to find them.

use crate::cli::PathsArgs;
use crate::cmd::output_error;
use crate::error::Result;
use crate::output::{self, Out};
use crate::paths::{self, ENV_HOME};
use crate::secret::{ENV_CLIENT_SECRET, ENV_SECRET};
use serde_json::{json, Map, Value};

pub fn run(args: PathsArgs) -> Result<()> {
    let (data, config, cache) = (paths::data_dir()?, paths::config_dir()?, paths::cache_dir()?);
    let places = [
        ("keys", data.join("keys")),
        ("secrets", data.join("secrets")),
        ("config", config.join("config.toml")),
        ("token_cache", cache.join("tokens")),
        ("web_cache", cache.join("web")),
    ];
    let text = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
    // Secrets are only ever said to be set, never shown.
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let env = json!({
        ENV_HOME: text(ENV_HOME),
        "TOK_PROFILE": text("TOK_PROFILE"),
        ENV_SECRET: set(ENV_SECRET),
        ENV_CLIENT_SECRET: set(ENV_CLIENT_SECRET),
        "NO_COLOR": set("NO_COLOR"),
    });
    let mut out = Out::new();
    if args.json {
        let mut v: Map<String, Value> =
            places.iter().map(|(k, p)| (k.to_string(), json!(p.display().to_string()))).collect();
        v.insert("env".into(), env);
        out.line(&output::json(&Value::Object(v), output::stdout_is_terminal())).map_err(output_error)?;
    } else {
        for (name, path) in &places {
            out.line(&format!("{name:<17} {}", path.display())).map_err(output_error)?;
        }
        for (name, value) in env.as_object().into_iter().flatten() {
            let shown = match value {
                Value::Bool(true) => "set".to_string(),
                Value::String(text) => text.clone(),
                _ => "(not set)".to_string(),
            };
            out.line(&format!("{name:<17} {shown}")).map_err(output_error)?;
        }
    }
    out.flush().map_err(output_error)
}
