//! Whole numbers as they arrive: JSON numbers (`5`, or `5.0` from clients
//! whose numbers are all floating point) or, from form fields, decimal
//! strings (`"5"`, white space around them allowed). Negative, fractional
//! and too large values are refused; see [`crate::patterns::whole_number`].

use std::fmt;

use serde::{de, Deserializer};

use crate::limits::MAX_WHOLE_NUMBER;

/// Reads decimal digits, white space around them dropped: the value, when
/// the text is digits only and the value at most `max`.
pub fn parse_digits(text: &str, max: u64) -> Option<u64> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .bytes()
        .try_fold(0u64, |value, b| {
            value.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        })
        .filter(|&value| value <= max)
}

/// A JSON number as a whole number up to `max`: an unsigned integer, or a
/// float with no fraction.
fn from_float(value: f64, max: u64) -> Option<u64> {
    // Every whole number up to 2^53 is exact in an f64, and `max` is never
    // above that for floats: larger ones are not whole numbers anyone meant.
    let limit = max.min(MAX_WHOLE_NUMBER);
    let whole = value >= 0.0 && value.fract() == 0.0 && value <= limit as f64;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    whole.then_some(value as u64)
}

/// Reads a whole number up to `max` from a JSON number or a string.
struct WholeNumber {
    max: u64,
}

impl de::Visitor<'_> for WholeNumber {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a whole number from 0 to {}", self.max)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
        if value <= self.max {
            Ok(value)
        } else {
            Err(E::custom(format_args!("at most {}", self.max)))
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
        u64::try_from(value)
            .map_err(|_| E::custom("a whole number, not negative"))
            .and_then(|value| self.visit_u64(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<u64, E> {
        from_float(value, self.max)
            .ok_or_else(|| E::custom(format_args!("a whole number from 0 to {}", self.max)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<u64, E> {
        parse_digits(text, self.max).ok_or_else(|| {
            E::custom(format_args!(
                "decimal digits for a whole number from 0 to {}",
                self.max
            ))
        })
    }
}

/// Reads an optional whole number.
struct OptionalWholeNumber {
    max: u64,
}

impl<'de> de::Visitor<'de> for OptionalWholeNumber {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a whole number from 0 to {}, or null", self.max)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer
            .deserialize_any(WholeNumber { max: self.max })
            .map(Some)
    }
}

/// Deserialises a whole number up to `max` from a number or a string.
pub fn whole<'de, D: Deserializer<'de>>(deserializer: D, max: u64) -> Result<u64, D::Error> {
    deserializer.deserialize_any(WholeNumber { max })
}

fn optional_whole<'de, D: Deserializer<'de>>(
    deserializer: D,
    max: u64,
) -> Result<Option<u64>, D::Error> {
    deserializer.deserialize_option(OptionalWholeNumber { max })
}

/// Deserialises an optional `u32` from a number or a decimal string.
pub fn optional_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    match optional_whole(deserializer, u64::from(u32::MAX))? {
        None => Ok(None),
        Some(value) => u32::try_from(value)
            .map(Some)
            .map_err(|_| de::Error::custom("number out of range")),
    }
}

/// Deserialises an optional whole number up to 2^53 − 1 from a number or
/// a decimal string.
pub fn optional_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    optional_whole(deserializer, MAX_WHOLE_NUMBER)
}

/// Deserialises a `u32` from a number or a decimal string.
pub fn u32_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = whole(deserializer, u64::from(u32::MAX))?;
    u32::try_from(value).map_err(|_| de::Error::custom("number out of range"))
}

/// Deserialises a whole number up to 2^53 − 1 from a number or a decimal
/// string.
pub fn u64_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    whole(deserializer, MAX_WHOLE_NUMBER)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Numbers {
        #[serde(default, deserialize_with = "optional_u32")]
        small: Option<u32>,
        #[serde(default, deserialize_with = "optional_u64")]
        large: Option<u64>,
    }

    fn read(json: &str) -> Option<(Option<u32>, Option<u64>)> {
        serde_json::from_str::<Numbers>(json)
            .ok()
            .map(|n| (n.small, n.large))
    }

    #[test]
    fn whole_numbers_arrive_as_integers_whole_floats_or_digit_strings() {
        assert_eq!(read(r#"{"small": 5}"#), Some((Some(5), None)));
        assert_eq!(read(r#"{"small": 5.0}"#), Some((Some(5), None)));
        assert_eq!(read(r#"{"small": " 0005 "}"#), Some((Some(5), None)));
        assert_eq!(read(r#"{"small": null}"#), Some((None, None)));
        assert_eq!(
            read(r#"{"large": 9007199254740991}"#),
            Some((None, Some(MAX_WHOLE_NUMBER)))
        );
        assert_eq!(
            read(r#"{"small": 4294967295}"#),
            Some((Some(u32::MAX), None))
        );
    }

    #[test]
    fn negative_fractional_signed_empty_or_too_large_numbers_are_refused() {
        for json in [
            r#"{"small": -1}"#,
            r#"{"small": 1.5}"#,
            r#"{"small": "+5"}"#,
            r#"{"small": "-5"}"#,
            r#"{"small": ""}"#,
            r#"{"small": "5 5"}"#,
            r#"{"small": "٥"}"#,
            r#"{"small": 4294967296}"#,
            r#"{"small": "4294967296"}"#,
            r#"{"large": 9007199254740992}"#,
            r#"{"large": 1e300}"#,
            r#"{"small": true}"#,
        ] {
            assert_eq!(read(json), None, "{json}");
        }
    }
}
