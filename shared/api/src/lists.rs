//! Lists as the platform sends them: a JSON array, or one string separated
//! by `,` or `;` (form fields can only send strings); and `*` for all.
//! See [`crate::patterns`] for their exact shapes.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// The methods a token may call: a JSON array of names, or one string
/// separated by `,` or `;`. White space around each name is dropped, and in
/// the string form empty names too (`GetAccount;`). Names are checked by
/// the server (this API's methods that tokens may call, or the platform's
/// other methods written `segment.segment.MethodName`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodList(pub Vec<String>);

impl Serialize for MethodList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for MethodList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        names(
            deserializer,
            "an array of method names, or one string of names separated by , or ;",
        )
        .map(MethodList)
    }
}

/// The names of a list sent as a JSON array or as one separated string,
/// white space around each dropped; `expected` says what else was sent.
fn names<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &'static str,
) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        List(Vec<String>),
        Text(String),
    }
    Ok(
        match Shape::deserialize(deserializer).map_err(|_| de::Error::custom(expected))? {
            Shape::List(names) => names.iter().map(|name| name.trim().to_owned()).collect(),
            Shape::Text(text) => split_list(&text),
        },
    )
}

/// Which items a call names: some by id, or `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection<T> {
    /// `*`: for DeleteTokens every token, for SignOutSessions every session
    /// but the caller's.
    All,
    /// These ids.
    Only(Vec<T>),
}

/// An id a [`Selection`] holds: a token's (a whole number) or a session's
/// (text, whose shape the server checks).
pub trait SelectionItem: Sized {
    /// The item written as `text`, white space around it dropped.
    fn from_text(text: &str) -> Option<Self>;
    /// The item written as a JSON number, where numbers are items.
    fn from_number(number: u64) -> Option<Self>;
}

impl SelectionItem for u32 {
    fn from_text(text: &str) -> Option<Self> {
        crate::number::parse_digits(text, u64::from(u32::MAX)).and_then(|n| u32::try_from(n).ok())
    }

    fn from_number(number: u64) -> Option<Self> {
        u32::try_from(number).ok()
    }
}

impl SelectionItem for String {
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }

    fn from_number(_: u64) -> Option<Self> {
        None
    }
}

impl<T: fmt::Display> Serialize for Selection<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Selection::All => serializer.serialize_str("*"),
            Selection::Only(ids) => {
                let text: Vec<String> = ids.iter().map(ToString::to_string).collect();
                serializer.serialize_str(&text.join(";"))
            }
        }
    }
}

impl<'de, T: SelectionItem> Deserialize<'de> for Selection<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SelectionVisitor(std::marker::PhantomData))
    }
}

/// Reads a [`Selection`]: `*`, a string of ids separated by `,` or `;`, or
/// an array of ids.
struct SelectionVisitor<T>(std::marker::PhantomData<T>);

const SELECTION_FORMS: &str = "`*`, an array of ids, or one string of ids separated by , or ;";

impl<'de, T: SelectionItem> de::Visitor<'de> for SelectionVisitor<T> {
    type Value = Selection<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(SELECTION_FORMS)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.trim() == "*" {
            return Ok(Selection::All);
        }
        split_list(text)
            .iter()
            .map(|item| T::from_text(item).ok_or_else(|| E::custom("not an id")))
            .collect::<Result<Vec<T>, E>>()
            .map(Selection::Only)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        let mut ids = Vec::new();
        while let Some(Item(id)) = items.next_element::<Item<T>>()? {
            ids.push(id);
        }
        Ok(Selection::Only(ids))
    }
}

/// One id of an array: a number, or text.
struct Item<T>(T);

impl<'de, T: SelectionItem> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor<T>(std::marker::PhantomData<T>);
        impl<T: SelectionItem> de::Visitor<'_> for ItemVisitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id")
            }
            fn visit_u64<E: de::Error>(self, number: u64) -> Result<T, E> {
                T::from_number(number).ok_or_else(|| E::custom("not an id"))
            }
            fn visit_i64<E: de::Error>(self, number: i64) -> Result<T, E> {
                u64::try_from(number)
                    .ok()
                    .and_then(T::from_number)
                    .ok_or_else(|| E::custom("not an id"))
            }
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<T, E> {
                crate::number::whole(
                    de::value::F64Deserializer::<E>::new(number),
                    u64::from(u32::MAX),
                )
                .ok()
                .and_then(T::from_number)
                .ok_or_else(|| E::custom("not an id"))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
                T::from_text(text.trim()).ok_or_else(|| E::custom("not an id"))
            }
        }
        deserializer
            .deserialize_any(ItemVisitor(std::marker::PhantomData))
            .map(Item)
    }
}

/// Security-log event kinds, for GetEvents' filter: a JSON array of kind
/// names, or one string of them separated by `,` or `;`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindList(pub Vec<crate::events::EventKind>);

impl Serialize for KindList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for KindList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        names(
            deserializer,
            "an array of event kinds, or one string of them separated by , or ;",
        )?
        .iter()
        .map(|name| {
            crate::events::EventKind::named(name)
                .ok_or_else(|| de::Error::custom("not an event kind"))
        })
        .collect::<Result<Vec<_>, D::Error>>()
        .map(KindList)
    }
}

/// The items of a list sent as one string: split at `,` and `;`, white
/// space around each dropped, empty ones skipped (`1;4;`).
fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_list_reads_from_an_array_or_a_separated_string() {
        let from_array: MethodList =
            serde_json::from_value(serde_json::json!(["GetAccount", " env.control.Create "]))
                .unwrap();
        let from_text: MethodList =
            serde_json::from_value(serde_json::json!("GetAccount;env.control.Create,")).unwrap();
        assert_eq!(from_array, from_text);
        assert_eq!(from_array.0, ["GetAccount", "env.control.Create"]);
    }

    #[test]
    fn ids_read_from_an_array_a_separated_string_or_a_star() {
        let parse = |value| serde_json::from_value::<Selection<u32>>(value).unwrap();
        assert_eq!(parse(serde_json::json!("*")), Selection::All);
        assert_eq!(
            parse(serde_json::json!("1;4;6")),
            Selection::Only(vec![1, 4, 6])
        );
        assert_eq!(
            parse(serde_json::json!([1, "4"])),
            Selection::Only(vec![1, 4])
        );
        assert!(serde_json::from_value::<Selection<u32>>(serde_json::json!("1;x")).is_err());
    }
}
