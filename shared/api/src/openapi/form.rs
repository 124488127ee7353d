//! The form-field variant of a request body: what
//! `application/x-www-form-urlencoded` can carry of the JSON schema. Every
//! field is a string there, so numbers travel as digits and lists as one
//! string separated by `,` or `;`; the JSON alternatives that are not
//! strings drop out.

use serde_json::{Map, Value};

/// The form variant of an object schema.
pub(super) fn form_body(json: &Value) -> Value {
    let mut form = json.clone();
    if let Some(properties) = form.get_mut("properties").and_then(Value::as_object_mut) {
        let kept: Map<String, Value> = properties
            .iter()
            .filter_map(|(name, schema)| as_string(schema).map(|schema| (name.clone(), schema)))
            .collect();
        *properties = kept;
    }
    form
}

/// What of `schema` a string can be, if anything.
fn as_string(schema: &Value) -> Option<Value> {
    let Value::Object(object) = schema else {
        return Some(schema.clone());
    };
    let mut object = object.clone();
    for keyword in ["anyOf", "oneOf"] {
        if let Some(Value::Array(alternatives)) = object.remove(keyword) {
            let strings: Vec<Value> = alternatives.iter().filter_map(as_string).collect();
            match strings.len() {
                0 => return None,
                1 if object.is_empty() => return strings.into_iter().next(),
                _ => {
                    object.insert(keyword.to_owned(), Value::Array(strings));
                }
            }
        }
    }
    match object.get("type") {
        None => Some(Value::Object(object)),
        Some(Value::String(kind)) if kind == "string" => Some(Value::Object(object)),
        Some(Value::Array(kinds)) if kinds.iter().any(|k| k == "string") => {
            object.insert("type".to_owned(), Value::from("string"));
            Some(Value::Object(object))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_lists_and_nulls_drop_out_leaving_the_string_forms() {
        let json = json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": { "anyOf": [
                    { "type": "integer" },
                    { "type": "string", "pattern": "^[0-9]+$" },
                ]},
                "ids": { "anyOf": [
                    { "type": "array" },
                    { "type": "string", "pattern": "a" },
                    { "type": "string", "pattern": "b" },
                ]},
                "note": { "type": ["string", "null"], "maxLength": 3 },
                "flag": { "type": "boolean" },
            }
        });
        assert_eq!(
            form_body(&json),
            json!({
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": { "type": "string", "pattern": "^[0-9]+$" },
                    "ids": { "anyOf": [
                        { "type": "string", "pattern": "a" },
                        { "type": "string", "pattern": "b" },
                    ]},
                    "note": { "type": "string", "maxLength": 3 },
                }
            })
        );
    }
}
