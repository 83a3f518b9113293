//! `tok introspect`: RFC 7662 token introspection, the client authenticated as `tok fetch` does.

use crate::cli::IntrospectArgs;
use crate::cmd::fetch::{
    choose_auth, credential, flag_endpoint, named_profile, request_timeout, Endpoint, Settings,
};
use crate::cmd::output_error;
use crate::error::{Error, Kind, Result};
use crate::form;
use crate::http::{Http, Purpose};
use crate::oauth::Proof;
use crate::output::{self, Out};
use crate::secret::Secret;
use serde_json::{Map, Value};

pub fn run(args: IntrospectArgs) -> Result<()> {
    let token = crate::token_input::arg_or_stdin(args.token.as_deref())?;
    let token = crate::token_input::extract(&token).map(|t| t.into_owned()).unwrap_or(token);
    let profile = named_profile(&args.request)?;
    // --introspect-url alone is a complete endpoint: fetch's rules want a token endpoint.
    let mut client = args.request.client.clone();
    if let (Some(url), false, None) = (&args.introspect_url, flag_endpoint(&client), &profile) {
        client.token_url = Some(url.clone());
    }
    let settings = Settings::merge(&client, profile.as_ref().map(|(_, p)| p))?;
    let credential = credential(&settings, &args.request.secret, profile.as_ref().map(|(name, _)| *name))?;
    let http = Http::new(request_timeout(&args.request)?, args.request.allow_http)?.shared_budget();
    let (url, listed) = match (&args.introspect_url, &settings.endpoint) {
        (Some(url), _) => (http.check_url(url, Purpose::Credentials)?, None),
        (None, Endpoint::Issuer(issuer)) => {
            let metadata = crate::oidc::metadata_for(&http, issuer, true, Purpose::TokenDiscovery)?;
            let url = crate::oidc::endpoint(&metadata, "introspection_endpoint")?;
            let listed = metadata
                .get("introspection_endpoint_auth_methods_supported")
                .or(metadata.get("token_endpoint_auth_methods_supported"))
                .and_then(Value::as_array)
                .map(|m| m.iter().filter_map(Value::as_str).map(str::to_string).collect::<Vec<_>>());
            (http.check_url(&url, Purpose::Credentials)?, listed)
        }
        (None, _) => {
            return Err(Error::local("no introspection endpoint")
                .hint("pass --introspect-url URL, or --issuer URL whose discovery document lists one"))
        }
    };
    let auth = choose_auth(settings.auth, &credential, listed.as_deref())?;
    let aud = settings.assertion_aud.as_deref().unwrap_or(url.as_str());
    let proof = Proof::new(auth, &credential, &settings.grant.client_id, aud)?;
    let body = introspection_body(&token, &settings.grant.client_id, &proof);
    let response = http.post_form(&url, &body, proof.header())?;
    if !(200..300).contains(&response.status) {
        return Err(crate::oauth::error_response(response.status, &response.body));
    }
    let answer: Map<String, Value> = serde_json::from_slice(&response.body).map_err(|_| {
        Error::remote(format!(
            "{url} did not answer with a JSON object: {}",
            crate::oauth::snippet(&response.body)
        ))
    })?;
    // RFC 7662 §2.2: `active` is required and boolean; anything else is no answer.
    let active = match answer.get("active") {
        Some(Value::Bool(active)) => *active,
        _ => return Err(Error::remote(format!("{url} answered without a boolean \"active\""))),
    };
    let mut out = Out::new();
    out.line(&output::json(&Value::Object(answer), output::stdout_is_terminal()))
        .and_then(|_| out.flush())
        .map_err(output_error)?;
    if active {
        Ok(())
    } else {
        output::note("the token is not active");
        Err(Error::reported(Kind::Invalid))
    }
}

/// `token` and the client's proof (RFC 7662 §2.1), the same proof a token request carries.
fn introspection_body(token: &str, client_id: &str, proof: &Proof) -> Secret {
    let mut pairs: Vec<(&str, &str)> = vec![("token", token), ("token_type_hint", "access_token")];
    pairs.extend(proof.params(client_id));
    Secret::from_bytes(form::serialize(pairs).into_bytes())
}
