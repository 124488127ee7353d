//! Schemas of the fields whose shape the types alone do not say: named by
//! the fields' `schema_with` attributes in the wire types, built from
//! [`crate::limits`] and [`crate::patterns`].

use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use crate::{limits::*, patterns, ResultCode};

/// `schema` or null: a field that may be absent or `null`.
fn or_null(schema: Value) -> Schema {
    json_schema!({ "anyOf": [schema, { "type": "null" }] })
}

/// A whole number from `min` (0 or 1) to `max`: a JSON number, or digits
/// (what a form field sends).
fn whole_number(min: u64, max: u64) -> Value {
    json!([
        { "type": "integer", "minimum": min, "maximum": max },
        { "type": "string", "pattern": patterns::whole_number(max, min == 1) },
    ])
}

/// A code from the app or a recovery code (Verify2FACode).
pub fn code(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "maxLength": MAX_CODE_CHARS,
        "pattern": patterns::second_factor_code(),
    })
}

/// UndoChange's code, absent or null when a key answers instead.
pub fn optional_code(generator: &mut SchemaGenerator) -> Schema {
    or_null(code(generator).to_value())
}

/// A code from the app (Enable2FA).
pub fn totp_code(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "maxLength": MAX_CODE_CHARS,
        "pattern": patterns::totp_code(),
    })
}

/// A step-up's code: blank (not sent), or a code from the app or a
/// recovery code.
pub fn step_up_code(_: &mut SchemaGenerator) -> Schema {
    or_null(json!({
        "type": "string",
        "anyOf": [
            { "pattern": patterns::blank() },
            { "maxLength": MAX_CODE_CHARS, "pattern": patterns::second_factor_code() },
        ]
    }))
}

/// A step-up's password: empty counts as not sent.
pub fn step_up_password(_: &mut SchemaGenerator) -> Schema {
    or_null(json!({ "type": "string", "maxLength": MAX_PASSWORD_CHARS }))
}

/// A token description.
pub fn description(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": patterns::description() })
}

/// A new token description, or none.
pub fn optional_description(generator: &mut SchemaGenerator) -> Schema {
    or_null(description(generator).to_value())
}

/// An `apiList`: an array of names, or one string of them.
pub fn method_list(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_API_LIST,
                "items": { "type": "string", "pattern": patterns::token_method_entry() },
            },
            { "type": "string", "pattern": patterns::token_method_list() },
        ]
    })
}

/// A new `apiList`, or none.
pub fn optional_method_list(generator: &mut SchemaGenerator) -> Schema {
    or_null(method_list(generator).to_value())
}

/// The method Authorize asks about.
pub fn method_name(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": patterns::method_name() })
}

/// A token's id.
pub fn token_id(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "anyOf": whole_number(0, u64::from(u32::MAX)) })
}

/// A security key's id.
pub fn key_id(generator: &mut SchemaGenerator) -> Schema {
    token_id(generator)
}

/// A security key's name.
pub fn key_name(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": patterns::key_name(),
    })
}

/// A ceremony's handle.
pub fn ceremony(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": patterns::ceremony() })
}

/// WebAuthn options, as the browser's `parse...OptionsFromJSON` reads
/// them.
pub fn key_options(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "object", "required": ["challenge"] })
}

/// A key's answer: the browser's `credential.toJSON()`, as an object or as
/// its text (a form field).
pub fn key_answer(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "object", "required": ["id", "rawId", "response", "type"] },
            { "type": "string", "maxLength": MAX_KEY_ANSWER_CHARS },
        ]
    })
}

/// CheckPassword's `ceremony`.
pub fn optional_ceremony(generator: &mut SchemaGenerator) -> Schema {
    or_null(ceremony(generator).to_value())
}

/// CheckPassword's `credential`.
pub fn optional_key_answer(generator: &mut SchemaGenerator) -> Schema {
    or_null(key_answer(generator).to_value())
}

/// Token ids: `*`, a string of ids, or an array of ids; at least one
/// unless `may_be_empty`.
fn token_selection(may_be_empty: bool) -> Value {
    json!([
        { "type": "string", "pattern": patterns::star() },
        { "type": "string", "pattern": patterns::token_id_list(may_be_empty) },
        {
            "type": "array",
            "minItems": usize::from(!may_be_empty),
            "items": { "anyOf": whole_number(0, u64::from(u32::MAX)) },
        },
    ])
}

/// DeleteTokens' `ids`.
pub fn token_ids(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "anyOf": token_selection(false) })
}

/// `keepTokens`.
pub fn keep_tokens(_: &mut SchemaGenerator) -> Schema {
    or_null(json!({ "anyOf": token_selection(true) }))
}

/// SignOutSessions' `ids`.
pub fn session_ids(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "pattern": patterns::star() },
            { "type": "string", "pattern": patterns::session_id_list() },
            {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_SESSION_IDS,
                "items": { "type": "string", "pattern": patterns::session_id() },
            },
        ]
    })
}

/// GetEvents' `limit`.
pub fn page_limit(_: &mut SchemaGenerator) -> Schema {
    or_null(json!({ "anyOf": whole_number(1, u64::from(MAX_EVENTS_PER_PAGE)) }))
}

/// GetEvents' `after`.
pub fn event_cursor(_: &mut SchemaGenerator) -> Schema {
    or_null(json!({
        "type": "string",
        "maxLength": MAX_EVENT_CURSOR_CHARS,
        "pattern": patterns::event_cursor(),
    }))
}

/// GetEvents' `kinds`: an array of kinds, or one string of them.
pub fn event_kinds(_: &mut SchemaGenerator) -> Schema {
    or_null(json!({
        "anyOf": [
            {
                "type": "array",
                "minItems": 1,
                "items": { "type": "string", "pattern": patterns::event_kind_entry() },
            },
            { "type": "string", "pattern": patterns::event_kind_list() },
        ]
    }))
}

/// Confirm2FABackupCodes' `version`.
pub fn version(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "anyOf": whole_number(0, MAX_WHOLE_NUMBER) })
}

/// `expiresAt`: seconds since the epoch, or a date.
pub fn instant(_: &mut SchemaGenerator) -> Schema {
    or_null(json!({
        "anyOf": [
            { "type": "integer", "minimum": 0, "maximum": MAX_WHOLE_NUMBER },
            { "type": "string", "pattern": patterns::instant() },
        ]
    }))
}

/// A failure's `result`: one of the failure codes.
pub fn failure_code(_: &mut SchemaGenerator) -> Schema {
    let codes: Vec<u16> = ResultCode::ALL
        .iter()
        .filter(|&&code| code != ResultCode::Ok)
        .map(|code| code.code())
        .collect();
    json_schema!({ "type": "integer", "enum": codes })
}

/// EditToken changes something: at least one of description, apiList and
/// expiresAt, not null.
pub fn at_least_one_change(schema: &mut Schema) {
    use crate::params::{API_LIST, DESCRIPTION, EXPIRES_AT};
    let changes: Vec<Value> = [DESCRIPTION, API_LIST, EXPIRES_AT]
        .iter()
        .map(|&name| {
            json!({
                "required": [name],
                "properties": { name: { "not": { "type": "null" } } },
            })
        })
        .collect();
    schema.insert("anyOf".into(), Value::Array(changes));
}

/// CheckPassword: a key's `ceremony` and `credential` come together, or
/// neither does.
pub fn key_answer_pair(schema: &mut Schema) {
    use crate::params::{CEREMONY, CREDENTIAL};
    let not_null = json!({ "not": { "type": "null" } });
    let absent = json!({ "type": "null" });
    schema.insert(
        "anyOf".into(),
        json!([
            {
                "required": [CEREMONY, CREDENTIAL],
                "properties": { CEREMONY: not_null, CREDENTIAL: not_null },
            },
            { "properties": { CEREMONY: absent, CREDENTIAL: absent } },
        ]),
    );
}

/// UndoChange: a code, or a key's answer to a ceremony (both of the
/// pair), never both and never neither.
pub fn code_or_key_answer(schema: &mut Schema) {
    use crate::params::{CEREMONY, CODE, CREDENTIAL};
    let not_null = json!({ "not": { "type": "null" } });
    let absent = json!({ "type": "null" });
    schema.insert(
        "oneOf".into(),
        json!([
            {
                "required": [CODE],
                "properties": { CODE: not_null, CEREMONY: absent, CREDENTIAL: absent },
            },
            {
                "required": [CEREMONY, CREDENTIAL],
                "properties": { CODE: absent, CEREMONY: not_null, CREDENTIAL: not_null },
            },
        ]),
    );
}

/// An address for security notices.
pub fn email(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": patterns::email() })
}

/// An offset from UTC, absent or null when not known.
pub fn utc_offset(_: &mut SchemaGenerator) -> Schema {
    or_null(json!({ "type": "string", "pattern": patterns::utc_offset() }))
}

/// The link of a security notice.
pub fn not_me_link(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": patterns::not_me_link() })
}
