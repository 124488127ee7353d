//! Reading a call: body (JSON or form fields, bounded), credential, client.

use std::net::{IpAddr, SocketAddr};

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, request::Parts, HeaderMap},
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use twofold_api::{params, ResultCode, CLIENT_HEADER, CLIENT_WEB, MAX_BODY_BYTES};
use twofold_auth::event::ClientInfo;

use super::cookie::SessionCookie;
use crate::service::{Caller, Credential, ServiceError};

/// The client address, put in the request's extensions by the runtime
/// (Lambda: API Gateway's source IP; local: the TCP peer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// A call, read and checked.
#[derive(Debug)]
pub(crate) struct Call {
    /// The method's parameters.
    pub params: Params,
    /// Who calls.
    pub caller: Caller,
    /// The web app asked for cookie sessions.
    pub web: bool,
}

/// A call's parameters, before they are read as the method's request. Its
/// `Debug` names them, never their values (passwords, codes, tokens).
pub(crate) struct Params(Map<String, Value>);

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl Call {
    /// Reads the request. Fails on oversize or undecodable bodies, unknown
    /// content types, and cookie-authenticated calls without a CSRF proof.
    pub async fn read(
        parts: &Parts,
        body: Body,
        cookie: SessionCookie,
    ) -> Result<Call, ServiceError> {
        if from_another_site(&parts.headers) {
            return Err(ServiceError::refused_with(
                ResultCode::CsrfRejected,
                "Calls made by another site's pages are refused.",
            ));
        }
        refuse_query(parts)?;
        let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                ServiceError::input(
                    ResultCode::BodyTooLarge,
                    format!(
                        "The request body is larger than {} KiB.",
                        MAX_BODY_BYTES / 1024
                    ),
                )
            })?;
        let content_type = content_type(&parts.headers);
        let json = content_type.as_deref() == Some("application/json");
        let params = parameters(content_type.as_deref(), &bytes)?;
        let web = parts
            .headers
            .get(CLIENT_HEADER)
            .and_then(|v| v.to_str().ok())
            == Some(CLIENT_WEB);
        let credential = credential(&params, &parts.headers, cookie)?;
        // A browser attaches cookies to cross-site requests too; a cross-site
        // form cannot send JSON or a custom header without a CORS preflight,
        // which this API never grants.
        if matches!(credential, Some(Credential::Cookie(_)))
            && !json
            && !parts.headers.contains_key(CLIENT_HEADER)
        {
            return Err(ServiceError::refused(ResultCode::CsrfRejected));
        }
        let address = client_ip(parts);
        let client = ClientInfo::new(
            address.map(|ip| ip.to_string()),
            parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok()),
        );
        Ok(Call {
            params: Params(params),
            caller: Caller {
                credential,
                client,
                address,
                device: cookie.read_device(&parts.headers),
            },
            web,
        })
    }
}

impl Params {
    /// The parameters as the method's request type. Error texts name the
    /// parameter, never its value.
    pub fn read<T: DeserializeOwned>(self) -> Result<T, ServiceError> {
        serde_path_to_error::deserialize(Value::Object(self.0)).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner().to_string();
            if let Some(field) = inner
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                ServiceError::Input {
                    code: ResultCode::MissingParameter,
                    message: format!("The parameter `{field}` is required."),
                    parameter: Some(field.to_owned()),
                }
            } else {
                // The parameter's name without the position in a list.
                let name = path.split(['[', '.']).next().unwrap_or_default();
                let forms = params::forms(name)
                    .map(|forms| format!(": send {forms}"))
                    .unwrap_or_default();
                ServiceError::Input {
                    code: ResultCode::InvalidParameter,
                    message: format!("The parameter `{path}` has the wrong type or format{forms}."),
                    parameter: Some(path),
                }
            }
        })
    }
}

/// True for a call a browser made on behalf of another site's page: its
/// `Sec-Fetch-Site` says `cross-site` or `same-site` (a sibling subdomain),
/// or, from a browser too old to send that header, its `Origin` is not this
/// host. A cross-site form can still POST form fields with cookies and
/// without a custom header (that is what SignUp and SignIn take); the
/// browser's own word on where the request came from is what stops it.
/// Scripts send neither header and are not affected.
fn from_another_site(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site.trim(), "cross-site" | "same-site");
    }
    match (text("origin"), text("host")) {
        (None, _) => false,
        (Some(origin), host) => {
            let authority = origin
                .trim()
                .strip_prefix("https://")
                .or_else(|| origin.trim().strip_prefix("http://"));
            match (authority, host) {
                (Some(authority), Some(host)) => !authority.eq_ignore_ascii_case(host.trim()),
                // `Origin: null` (a sandboxed or opaque page), or no Host.
                _ => true,
            }
        }
    }
}

/// The media type of the body, lower case, without its parameters.
fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
}

/// The body's parameters: a JSON object or form fields (every value a
/// string); none in an empty body, whatever its type.
fn parameters(
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<Map<String, Value>, ServiceError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let malformed = |words: &str| ServiceError::input(ResultCode::MalformedRequest, words);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| malformed("The request body is not valid UTF-8."))?;
    match content_type {
        Some("application/json") => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(malformed("The JSON body must be an object.")),
            Err(_) => Err(malformed("The request body is not valid JSON.")),
        },
        Some("application/x-www-form-urlencoded") => {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_str(text)
                .map_err(|_| malformed("The form fields could not be read."))?;
            Ok(pairs
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect())
        }
        _ => Err(ServiceError::refused(ResultCode::UnsupportedMediaType)),
    }
}

/// Parameters belong in the body: a URL with a query string ends up in
/// logs (the browser's, a proxy's, the access log), secrets and all, so it
/// is refused rather than ignored. Only the first name is told, never a
/// value.
fn refuse_query(parts: &Parts) -> Result<(), ServiceError> {
    let Some(query) = parts.uri.query().filter(|query| !query.is_empty()) else {
        return Ok(());
    };
    let name: String = query
        .split(['&', '='])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(40)
        .collect();
    Err(ServiceError::Input {
        code: ResultCode::InvalidParameter,
        message: "Send parameters in the request body (JSON or form fields), not in the URL: URLs end up in logs.".to_owned(),
        parameter: Some(name).filter(|name| !name.is_empty()),
    })
}

/// The credential on the call: the `session` parameter, the Bearer header
/// or the session cookie. A parameter and a header that name different
/// credentials are refused: which one the caller meant is anyone's guess.
/// A parameter or a header wins over the browser's cookie.
fn credential(
    params: &Map<String, Value>,
    headers: &HeaderMap,
    cookie: SessionCookie,
) -> Result<Option<Credential>, ServiceError> {
    let bearer = bearer(headers);
    match params.get(params::SESSION).filter(|value| !value.is_null()) {
        Some(Value::String(token)) => {
            if bearer.as_ref().is_some_and(|header| header != token) {
                return Err(ServiceError::invalid(
                    params::SESSION,
                    "send the credential once: the session parameter and the Authorization header name different ones",
                ));
            }
            Ok(Some(Credential::Parameter(token.clone())))
        }
        Some(_) => Err(ServiceError::invalid(params::SESSION, "must be a string")),
        None => Ok(bearer
            .map(Credential::Bearer)
            .or_else(|| cookie.read(headers).map(Credential::Cookie))),
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

fn client_ip(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ClientAddr>()
        .map(|addr| addr.0)
        .or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip())
        })
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    #[test]
    fn another_site_s_pages_are_told_apart_by_fetch_metadata_or_else_by_origin() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, value.parse().unwrap());
            }
            map
        };
        for refused in [
            &[("sec-fetch-site", "cross-site")][..],
            &[("sec-fetch-site", "same-site")],
            &[
                ("origin", "https://evil.example"),
                ("host", "twofold.example"),
            ],
            &[("origin", "null"), ("host", "twofold.example")],
            &[
                ("origin", "https://twofold.example.evil"),
                ("host", "twofold.example"),
            ],
        ] {
            assert!(from_another_site(&headers(refused)), "{refused:?}");
        }
        for taken in [
            &[][..],
            &[("sec-fetch-site", "same-origin")],
            &[("sec-fetch-site", "none")],
            &[
                ("origin", "https://twofold.example"),
                ("host", "twofold.example"),
            ],
            &[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080"),
            ],
            &[
                ("sec-fetch-site", "same-origin"),
                ("origin", "http://localhost:8081"),
                ("host", "127.0.0.1:8080"),
            ],
        ] {
            assert!(!from_another_site(&headers(taken)), "{taken:?}");
        }
    }

    #[tokio::test]
    async fn a_call_s_debug_output_names_parameters_but_never_their_values() {
        let request = Request::post("/")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, "Bearer tfs_sessiontokenvalue")
            .body(Body::from(
                r#"{"login":"ada","password":"hunter2 secret","code":"abcde-23456"}"#,
            ))
            .unwrap();
        let (parts, body) = request.into_parts();
        let call = Call::read(&parts, body, SessionCookie::new(false))
            .await
            .unwrap();
        let printed = format!("{call:?}");
        assert!(printed.contains("login"), "{printed}");
        assert!(printed.contains("password"), "{printed}");
        for secret in ["hunter2 secret", "abcde-23456", "tfs_sessiontokenvalue"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
    }
}
