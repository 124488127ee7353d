//! The OpenAPI 3.1 description of the API, generated from the wire types:
//! each field's constraints come from its type and its `schemars`
//! attributes (which read [`crate::limits`] and [`crate::patterns`]), each
//! method's failures from [`crate::Method::failures`], and the words the types
//! cannot hold from [`operations`]. `twofold-openapi` writes it to
//! docs/openapi.json; the server serves that file at `/1.0/openapi.json`,
//! and a test keeps the two equal.

pub(crate) mod fields;
mod form;
mod operations;
mod responses;

use schemars::{generate::SchemaSettings, JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};

use crate::{
    method::visit_requests, ApiError, Request, ResultCode, CLIENT_HEADER, SESSION_COOKIE_INSECURE,
    SESSION_COOKIE_SECURE,
};

/// Where the description is served.
pub const PATH: &str = "/1.0/openapi.json";

/// Hands each method's request type to a visitor (see
/// [`crate::method::Request`]).
pub trait VisitRequest {
    /// Called once per method, in the order of [`crate::Method::ALL`].
    fn visit<R: Request + JsonSchema>(&mut self)
    where
        R::Response: JsonSchema;
}

/// Builds the paths: one POST operation per method.
struct Paths {
    requests: SchemaGenerator,
    responses: SchemaGenerator,
    paths: Map<String, Value>,
}

impl VisitRequest for Paths {
    fn visit<R: Request + JsonSchema>(&mut self)
    where
        R::Response: JsonSchema,
    {
        let method = R::METHOD;
        let body = self.requests.subschema_for::<R>().to_value();
        let success = json!({
            "allOf": [
                { "$ref": "#/components/schemas/Ok" },
                self.responses.subschema_for::<R::Response>().to_value(),
            ]
        });
        let has_fields = body
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|required| !required.is_empty());
        let operation = json!({
            "operationId": method.name(),
            "summary": method.summary(),
            "description": operations::description(method),
            "security": operations::security(method),
            "requestBody": {
                "required": has_fields,
                "content": {
                    "application/json": { "schema": body },
                    "application/x-www-form-urlencoded": { "schema": form::form_body(&body) },
                },
            },
            "responses": responses::responses(method, success, operations::links(method)),
        });
        self.paths
            .insert(method.path(), json!({ "post": operation }));
    }
}

/// The description, as docs/openapi.json holds it.
pub fn document() -> Value {
    let requests = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with(|settings| {
            settings.inline_subschemas = true;
            settings.meta_schema = None;
        })
        .into_generator();
    let responses = SchemaSettings::draft2020_12()
        .for_serialize()
        .with(|settings| {
            settings.definitions_path = "/components/schemas".into();
            settings.meta_schema = None;
        })
        .into_generator();
    let mut paths = Paths {
        requests,
        responses,
        paths: Map::new(),
    };
    visit_requests(&mut paths);
    let error = paths.responses.subschema_for::<ApiError>();
    debug_assert_eq!(
        error.get("$ref"),
        Some(&json!("#/components/schemas/Error"))
    );
    let mut schemas = paths.responses.take_definitions(true);
    schemas.insert(
        "Ok".to_owned(),
        json!({
            "type": "object",
            "required": ["result"],
            "properties": { "result": { "const": ResultCode::Ok.code() } },
        }),
    );
    let mut all_paths = paths.paths;
    all_paths.insert(PATH.to_owned(), description_path());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Twofold API",
            "version": "1.0",
            "description": INFO,
        },
        "servers": [{
            "url": "/",
            "description": "where this description is served from (twofold-local, or the deployed API)",
        }],
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "tfs_... (full) or tfp_... (pending) session token, or tft_... personal access token",
                },
                "cookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": SESSION_COOKIE_INSECURE,
                    "description": format!("browsers, whose calls send the {CLIENT_HEADER} header; {SESSION_COOKIE_SECURE} over HTTPS. A readable signed-in hint cookie comes and goes with it (it carries nothing), and an HttpOnly device cookie, set at each full sign-in, is read by the sign-in throttle. Calls made by another site's pages (Sec-Fetch-Site cross-site or same-site, or a foreign Origin) are refused with 205"),
                },
            },
            "schemas": schemas,
        },
        "security": [{ "bearer": [] }, { "cookie": [] }],
        "paths": all_paths,
    })
}

/// The description's own path.
fn description_path() -> Value {
    json!({
        "get": {
            "operationId": "GetDescription",
            "summary": "This description.",
            "description": "this description (OpenAPI 3.1), served by twofold-local and the authentication function; no credential needed",
            "security": [],
            "responses": {
                "200": {
                    "description": "the OpenAPI description",
                    "content": {
                        "application/json": {
                            "schema": { "type": "object", "required": ["openapi", "info", "paths"] }
                        }
                    }
                }
            }
        }
    })
}

/// What every call shares, in words.
const INFO: &str = "Two-factor authentication for a PaaS dashboard account. Every method is POST, with its parameters as a JSON object or as form fields (application/x-www-form-urlencoded: numbers as digits, lists as one string separated by `,` or `;`); parameters in the query string are refused (102), since URLs end up in logs. Answers are JSON objects with a numeric `result`: 0 beside the method's fields, or a failure code with `error` (words for people) and, where it applies, `parameter`, `attemptsLeft`, `retryAfter` (also the Retry-After header) and `method`; each operation lists its codes under the HTTP status they come with.\n\nThe credential travels as the Bearer header, as the browser's session cookie, or as a `session` parameter beside the others (for tools that cannot set headers). A call whose `session` parameter and Bearer header name different credentials is refused (102); a `session` parameter wins over a cookie, and a Bearer header over a cookie.\n\nSensitive methods need a step-up: `password` and, with 2FA on, `code` (a code from the app not already used, or an unused recovery code) sent on the call, or CheckPassword before it (a step-up lasts 15 minutes after its last use and 2 hours at most, by default; GetAccount's `elevatedUntil` says until when); a missing password is refused with 203 and a missing second factor with 209, naming it in `parameter`, before anything is checked. Lengths count characters; white space around logins, codes, ids and numbers is dropped.\n\nThis description is generated from the Rust wire types in shared/api (`cargo run -p twofold-api --features openapi --bin twofold-openapi`); docs/API.md is the prose reference.";

/// The description as the file holds it: pretty-printed JSON and a final
/// new line.
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}
