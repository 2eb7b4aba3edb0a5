//! Ghost dates: every encoding Ghost exports have used, parsed into UTC instants.
//!
//! Ghost stores every date in UTC. Exports have written them as:
//! - ISO 8601 / RFC 3339 strings (`2019-01-02T11:56:15.000Z`), Ghost 1.x and later;
//! - epoch milliseconds as JSON numbers (`1388318310782`), the legacy "003" format;
//! - epoch milliseconds as strings (`"1388318310782"`);
//! - SQL-style strings without a zone (`2019-01-02 11:56:15`), from SQLite databases;
//! - RFC 2822 (`Sun, 29 Dec 2013 11:58:30 +0000`) and JavaScript's `Date.toString()`
//!   (`Sun Dec 29 2013 11:58:30 GMT+0000 (UTC)`), from hand-edited and migrated files.
//!
//! Strings without a zone are UTC, as Ghost writes them. Export writes one canonical form:
//! RFC 3339 in UTC with milliseconds (`2019-01-02T11:56:15.000Z`), or with as many fractional
//! digits as the instant needs when it is not a whole number of milliseconds.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde_json::Value;

/// Why a date could not be parsed: the raw value (as text) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateError {
    /// The raw value as text (a JSON string's contents, or other JSON as written).
    pub raw: String,
    /// What was wrong.
    pub reason: String,
}

/// Parses a Ghost date value. `Ok(None)` for `null` and the empty string (no date). An
/// instant outside the years 0000 to 9999 (UTC) is an error: no date format Broadsheet writes
/// (RFC 3339, RFC 2822) can carry it.
pub(crate) fn parse_value(value: &Value) -> Result<Option<DateTime<Utc>>, DateError> {
    let parsed = parse_any(value)?;
    match parsed {
        Some(instant) if !(0..=9999).contains(&instant.year()) => Err(DateError {
            raw: match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            },
            reason: format!(
                "the date falls in the year {}, outside the years 0000 to 9999 that dates are \
                 written in",
                instant.year()
            ),
        }),
        other => Ok(other),
    }
}

fn parse_any(value: &Value) -> Result<Option<DateTime<Utc>>, DateError> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => parse_text(text),
        Value::Number(number) => {
            let millis = number.as_i64().or_else(|| {
                number
                    .as_f64()
                    .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            });
            match millis.and_then(DateTime::from_timestamp_millis) {
                Some(instant) => Ok(Some(instant)),
                None => Err(DateError {
                    raw: number.to_string(),
                    reason: "a number must be whole epoch milliseconds within chrono's range"
                        .into(),
                }),
            }
        }
        other => Err(DateError {
            raw: other.to_string(),
            reason: "a date must be a string or a number of epoch milliseconds".into(),
        }),
    }
}

/// Parses a date written as text. `Ok(None)` for the empty string.
pub(crate) fn parse_text(text: &str) -> Result<Option<DateTime<Utc>>, DateError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let fail = |reason: &str| DateError {
        raw: text.to_owned(),
        reason: reason.to_owned(),
    };
    // Epoch milliseconds written as a string.
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_millis)
            .map(Some)
            .ok_or_else(|| fail("epoch milliseconds out of range"));
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(Some(instant.to_utc()));
    }
    // ISO 8601 with an offset but without the colon (`+0000`), or with a space for the `T`.
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(instant) = DateTime::parse_from_str(trimmed, format) {
            return Ok(Some(instant.to_utc()));
        }
    }
    // No zone: UTC, as Ghost stores it.
    for format in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(trimmed, format) {
            return Ok(Some(naive.and_utc()));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        return date
            .and_hms_opt(0, 0, 0)
            .map(|naive| Some(naive.and_utc()))
            .ok_or_else(|| fail("not a calendar date"));
    }
    if let Ok(instant) = DateTime::parse_from_rfc2822(trimmed) {
        return Ok(Some(instant.to_utc()));
    }
    // JavaScript's Date.prototype.toString(): `Sun Dec 29 2013 11:58:30 GMT+0000 (UTC)`.
    let without_zone_name = match trimmed.find(" (") {
        Some(at) if trimmed.ends_with(')') => &trimmed[..at],
        _ => trimmed,
    };
    if let Ok(instant) = DateTime::parse_from_str(without_zone_name, "%a %b %d %Y %H:%M:%S GMT%z") {
        return Ok(Some(instant.to_utc()));
    }
    Err(fail(
        "expected ISO 8601 / RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC), RFC 2822, or epoch milliseconds",
    ))
}

/// The canonical form export writes: RFC 3339 in UTC with milliseconds (more digits only when
/// the instant needs them).
pub(crate) fn format(instant: DateTime<Utc>) -> String {
    let precision = if instant.timestamp_subsec_nanos().is_multiple_of(1_000_000) {
        SecondsFormat::Millis
    } else {
        SecondsFormat::AutoSi
    };
    instant.to_rfc3339_opts(precision, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
            + chrono::Duration::milliseconds(i64::from(ms))
    }

    #[test]
    fn every_encoding_of_one_instant_agrees() {
        let expected = utc(2013, 12, 29, 11, 58, 30, 782);
        for value in [
            json!(1_388_318_310_782_i64),
            json!(1_388_318_310_782.0_f64),
            json!("1388318310782"),
            json!("2013-12-29T11:58:30.782Z"),
            json!("2013-12-29T11:58:30.782+00:00"),
            json!("2013-12-29T17:58:30.782+06:00"),
            json!("2013-12-29T11:58:30.782+0000"),
            json!("2013-12-29 11:58:30.782"),
            json!(" 2013-12-29T11:58:30.782 "),
        ] {
            assert_eq!(parse_value(&value), Ok(Some(expected)), "{value}");
        }
    }

    #[test]
    fn second_precision_shapes() {
        let expected = utc(2013, 12, 29, 11, 58, 30, 0);
        for text in [
            "Sun, 29 Dec 2013 11:58:30 +0000",
            "Sun, 29 Dec 2013 12:58:30 +0100",
            "Sun, 29 Dec 2013 11:58:30 GMT",
            "Sun Dec 29 2013 11:58:30 GMT+0000 (Coordinated Universal Time)",
            "Sun Dec 29 2013 06:58:30 GMT-0500",
            "2013-12-29 11:58:30",
            "2013-12-29 06:58:30-05:00",
        ] {
            assert_eq!(parse_text(text), Ok(Some(expected)), "{text}");
        }
        assert_eq!(
            parse_text("2013-12-29"),
            Ok(Some(utc(2013, 12, 29, 0, 0, 0, 0)))
        );
        assert_eq!(
            parse_text("2013-12-29 11:58"),
            Ok(Some(utc(2013, 12, 29, 11, 58, 0, 0)))
        );
    }

    #[test]
    fn empty_and_null_are_no_date() {
        assert_eq!(parse_value(&json!(null)), Ok(None));
        assert_eq!(parse_value(&json!("")), Ok(None));
        assert_eq!(parse_value(&json!("   ")), Ok(None));
    }

    #[test]
    fn invalid_dates_keep_their_raw_text() {
        for (value, raw) in [
            (json!("yesterday"), "yesterday"),
            (json!("2013-02-30T10:00:00Z"), "2013-02-30T10:00:00Z"),
            (json!("2013-13-01 10:00:00"), "2013-13-01 10:00:00"),
            (
                json!("Sun, 32 Dec 2013 11:58:30 +0000"),
                "Sun, 32 Dec 2013 11:58:30 +0000",
            ),
            (json!(true), "true"),
            (json!({"date": 1}), "{\"date\":1}"),
            (json!(1.5), "1.5"),
            (json!("99999999999999999999"), "99999999999999999999"),
            (json!(i64::MAX), "9223372036854775807"),
        ] {
            let error = parse_value(&value).expect_err(&value.to_string());
            assert_eq!(error.raw, raw);
            assert!(!error.reason.is_empty());
        }
    }

    #[test]
    fn negative_epoch_milliseconds_are_before_1970() {
        assert_eq!(
            parse_value(&json!(-1000)),
            Ok(Some(utc(1969, 12, 31, 23, 59, 59, 0)))
        );
    }

    #[test]
    fn canonical_form_round_trips() {
        let instant = utc(2019, 1, 2, 11, 56, 15, 0);
        assert_eq!(format(instant), "2019-01-02T11:56:15.000Z");
        assert_eq!(parse_text(&format(instant)), Ok(Some(instant)));
        let fine = instant + chrono::Duration::nanoseconds(1_500);
        assert_eq!(format(fine), "2019-01-02T11:56:15.000001500Z");
        assert_eq!(parse_text(&format(fine)), Ok(Some(fine)));
    }
}
