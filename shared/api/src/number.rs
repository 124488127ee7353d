//! Numbers that arrive as JSON numbers or, from form fields, as strings.

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrString {
    Number(u64),
    Text(String),
}

/// Deserialises an optional `u32` from a number or a decimal string.
pub fn optional_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let value = Option::<NumberOrString>::deserialize(deserializer)?;
    let number = match value {
        None => return Ok(None),
        Some(NumberOrString::Number(n)) => n,
        Some(NumberOrString::Text(text)) => text
            .trim()
            .parse::<u64>()
            .map_err(|_| serde::de::Error::custom("expected a whole number"))?,
    };
    u32::try_from(number)
        .map(Some)
        .map_err(|_| serde::de::Error::custom("number out of range"))
}
