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

/// Deserialises an optional `u64` from a number or a decimal string.
pub fn optional_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    match Option::<NumberOrString>::deserialize(deserializer)? {
        None => Ok(None),
        Some(NumberOrString::Number(n)) => Ok(Some(n)),
        Some(NumberOrString::Text(text)) => text
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| serde::de::Error::custom("expected a whole number")),
    }
}

/// Deserialises a `u32` from a number or a decimal string.
pub fn u32_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let number = match NumberOrString::deserialize(deserializer)? {
        NumberOrString::Number(n) => n,
        NumberOrString::Text(text) => text
            .trim()
            .parse::<u64>()
            .map_err(|_| serde::de::Error::custom("expected a whole number"))?,
    };
    u32::try_from(number).map_err(|_| serde::de::Error::custom("number out of range"))
}

/// Deserialises a `u64` from a number or a decimal string.
pub fn u64_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    match NumberOrString::deserialize(deserializer)? {
        NumberOrString::Number(n) => Ok(n),
        NumberOrString::Text(text) => text
            .trim()
            .parse::<u64>()
            .map_err(|_| serde::de::Error::custom("expected a whole number")),
    }
}
