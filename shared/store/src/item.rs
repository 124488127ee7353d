//! Reading and writing item attributes.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::{de::DeserializeOwned, Serialize};

use crate::{
    keys::{DATA, PK, SK},
    StoreError,
};

pub(crate) type Item = HashMap<String, AttributeValue>;

pub(crate) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub(crate) fn n(value: u64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

pub(crate) fn key(pk: String, sk: impl Into<String>) -> Item {
    HashMap::from([(PK.to_owned(), s(pk)), (SK.to_owned(), s(sk))])
}

/// A key plus the value as JSON in `data`.
pub(crate) fn with_data<T: Serialize>(
    pk: String,
    sk: impl Into<String>,
    value: &T,
) -> Result<Item, StoreError> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Malformed(e.to_string()))?;
    let mut item = key(pk, sk);
    item.insert(DATA.to_owned(), s(json));
    Ok(item)
}

pub(crate) fn get_s<'a>(item: &'a Item, name: &str) -> Result<&'a str, StoreError> {
    match item.get(name) {
        Some(AttributeValue::S(value)) => Ok(value),
        _ => Err(StoreError::Malformed(format!(
            "attribute {name} is missing or not a string"
        ))),
    }
}

pub(crate) fn get_n(item: &Item, name: &str) -> Result<u64, StoreError> {
    match item.get(name) {
        Some(AttributeValue::N(value)) => value
            .parse()
            .map_err(|_| StoreError::Malformed(format!("attribute {name} is not a whole number"))),
        _ => Err(StoreError::Malformed(format!(
            "attribute {name} is missing or not a number"
        ))),
    }
}

pub(crate) fn get_n_or_zero(item: Option<&Item>, name: &str) -> Result<u64, StoreError> {
    match item {
        Some(item) if item.contains_key(name) => get_n(item, name),
        _ => Ok(0),
    }
}

pub(crate) fn data<T: DeserializeOwned>(item: &Item) -> Result<T, StoreError> {
    serde_json::from_str(get_s(item, DATA)?).map_err(|e| StoreError::Malformed(e.to_string()))
}
