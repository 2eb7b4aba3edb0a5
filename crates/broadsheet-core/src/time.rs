//! Time: instants with the site's local offset, and the site's time zone.
//!
//! A [`Timestamp`] is an instant together with the offset the site's clock had at that instant.
//! Date archives, permalinks and "Posted on" use the local calendar: a post at 02:26 UTC on
//! 19 January on a site at UTC-8 belongs to 18 January.

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Why a time or time zone could not be parsed or placed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TimeError {
    /// Not an RFC 3339 timestamp with an offset.
    #[error(
        "{value:?} is not an RFC 3339 timestamp with an offset (like 2013-05-30T10:00:00+06:00): {reason}"
    )]
    Timestamp {
        /// The text given.
        value: String,
        /// The parser's explanation.
        reason: String,
    },
    /// Not an IANA zone name or a fixed offset.
    #[error(
        "{0:?} is neither an IANA time zone (like Asia/Bishkek) nor an offset (like +06:00 or UTC)"
    )]
    TimeZone(String),
    /// A local time that the zone's clocks skipped (a daylight-saving gap).
    #[error("local time {0} does not exist in this time zone (the clocks skipped it)")]
    NonexistentLocalTime(NaiveDateTime),
}

/// An instant with the site's local offset at that instant.
///
/// Two timestamps are equal when both the instant and the offset are; they order by instant
/// first. Serialised as RFC 3339 with the offset (`2013-05-30T10:00:00+06:00`).
#[derive(Debug, Clone, Copy)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    /// Wraps a time with its offset.
    pub fn new(local: DateTime<FixedOffset>) -> Self {
        Self(local)
    }

    /// The instant `utc` as seen on a site in `zone`.
    pub fn from_utc(utc: DateTime<Utc>, zone: &SiteTimeZone) -> Self {
        Self(utc.with_timezone(&zone.offset_at(utc)))
    }

    /// A wall-clock time on a site in `zone`. An ambiguous time (the hour repeated when clocks go
    /// back) takes the earlier instant; a skipped time is an error.
    pub fn from_local(local: NaiveDateTime, zone: &SiteTimeZone) -> Result<Self, TimeError> {
        zone.offset_of_local(local)
            .map(|offset| Self(offset.from_local_datetime(&local).unwrap()))
            .ok_or(TimeError::NonexistentLocalTime(local))
    }

    /// A wall-clock time and the UTC time of the same instant (WordPress's `post_date` and
    /// `post_date_gmt`); the offset is their difference.
    pub fn from_local_and_utc(local: NaiveDateTime, utc: NaiveDateTime) -> Option<Self> {
        let seconds = i32::try_from((local - utc).num_seconds()).ok()?;
        let offset = FixedOffset::east_opt(seconds)?;
        Some(Self(offset.from_utc_datetime(&utc)))
    }

    /// Parses RFC 3339 (`2013-05-30T10:00:00+06:00`).
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimeError> {
        DateTime::parse_from_rfc3339(text)
            .map(Self)
            .map_err(|error| TimeError::Timestamp {
                value: text.to_owned(),
                reason: error.to_string(),
            })
    }

    /// RFC 3339 with the local offset.
    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339()
    }

    /// The instant in UTC.
    pub fn utc(&self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }

    /// The local time with its offset.
    pub fn local(&self) -> DateTime<FixedOffset> {
        self.0
    }

    /// The local wall-clock time.
    pub fn naive_local(&self) -> NaiveDateTime {
        self.0.naive_local()
    }

    /// The local calendar date (what "Posted on" shows and date archives group by).
    pub fn local_date(&self) -> NaiveDate {
        self.0.date_naive()
    }

    /// The offset from UTC in seconds (east positive).
    pub fn offset_seconds(&self) -> i32 {
        self.0.offset().local_minus_utc()
    }

    /// Whether both the local and the UTC calendar fall in the years 0000 to 9999, the only
    /// years RFC 3339 and RFC 2822 can write. Importers refuse (strict) or report (lenient)
    /// dates outside them, and writers leave out a date that is not writable instead of
    /// writing text no reader parses (or panicking, as chrono's RFC 2822 formatter does).
    pub fn is_writable(&self) -> bool {
        let years = 0..=9999;
        years.contains(&self.0.year()) && years.contains(&self.utc().year())
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 && self.offset_seconds() == other.offset_seconds()
    }
}

impl Eq for Timestamp {}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.utc().hash(state);
        self.offset_seconds().hash(state);
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.utc()
            .cmp(&other.utc())
            .then(self.offset_seconds().cmp(&other.offset_seconds()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl FromStr for Timestamp {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_rfc3339(s)
    }
}

/// The serialised form of a timestamp whose offset has seconds, which RFC 3339 cannot write.
const SECONDS_OFFSET: &str = "%Y-%m-%dT%H:%M:%S%.f%::z";

/// Reads [`SECONDS_OFFSET`] (chrono formats `%::z` but does not parse its seconds).
fn parse_seconds_offset(text: &str) -> Option<Timestamp> {
    let split = text
        .len()
        .checked_sub(9)
        .filter(|&at| text.is_char_boundary(at))?;
    let (local, offset) = text.split_at(split);
    let sign = match offset.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let mut parts = offset[1..].split(':').map(|p| {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i32>().ok())
            .flatten()
    });
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    if m >= 60 || s >= 60 || parts.next().is_some() {
        return None;
    }
    let offset = FixedOffset::east_opt(sign * (h * 3600 + m * 60 + s))?;
    let local = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    offset.from_local_datetime(&local).single().map(Timestamp)
}

impl Serialize for Timestamp {
    /// RFC 3339, except that an offset with seconds (local mean time, as IANA zones give for
    /// dates before standard time: Asia/Bishkek was +04:58:24 until 1924) keeps them
    /// (`1912-02-28T21:15:23+04:58:24`): RFC 3339 would cut them and move the instant.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.offset().local_minus_utc() % 60 == 0 {
            serializer.serialize_str(&self.to_rfc3339())
        } else {
            serializer.collect_str(&self.0.format(SECONDS_OFFSET))
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// RFC 3339, or the form with offset seconds that [`Serialize`] writes.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse_rfc3339(&text)
            .or_else(|error| parse_seconds_offset(&text).ok_or(error))
            .map_err(serde::de::Error::custom)
    }
}

/// A site's time zone: an IANA zone (with its daylight-saving rules) or a fixed offset
/// (WordPress's `gmt_offset` setting).
///
/// Serialised as the zone name (`Asia/Bishkek`) or the offset (`+06:00`, `UTC`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SiteTimeZone {
    /// An IANA time zone.
    Iana(chrono_tz::Tz),
    /// A fixed offset from UTC.
    Fixed(FixedOffset),
}

impl Default for SiteTimeZone {
    fn default() -> Self {
        Self::utc()
    }
}

impl SiteTimeZone {
    /// UTC.
    pub fn utc() -> Self {
        Self::Fixed(FixedOffset::east_opt(0).unwrap())
    }

    /// Parses an IANA name (`Asia/Bishkek`), `UTC`/`Z`, or an offset `+06:00` / `-0800`.
    pub fn parse(text: &str) -> Result<Self, TimeError> {
        if text == "UTC" || text == "Z" {
            return Ok(Self::utc());
        }
        if let Ok(zone) = text.parse::<chrono_tz::Tz>() {
            return Ok(Self::Iana(zone));
        }
        parse_offset(text)
            .map(Self::Fixed)
            .ok_or_else(|| TimeError::TimeZone(text.to_owned()))
    }

    /// The zone's offset at an instant.
    pub fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        match self {
            Self::Iana(zone) => zone.offset_from_utc_datetime(&instant.naive_utc()).fix(),
            Self::Fixed(offset) => *offset,
        }
    }

    /// The offset a wall-clock time has in this zone: the earlier one when the time is
    /// ambiguous, `None` when it was skipped.
    pub fn offset_of_local(&self, local: NaiveDateTime) -> Option<FixedOffset> {
        match self {
            Self::Iana(zone) => match zone.offset_from_local_datetime(&local) {
                LocalResult::Single(offset) => Some(offset.fix()),
                LocalResult::Ambiguous(earlier, _) => Some(earlier.fix()),
                LocalResult::None => None,
            },
            Self::Fixed(offset) => Some(*offset),
        }
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    if minutes >= 60 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

impl fmt::Display for SiteTimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Iana(zone) => f.write_str(zone.name()),
            Self::Fixed(offset) if offset.local_minus_utc() == 0 => f.write_str("UTC"),
            Self::Fixed(offset) => write!(f, "{offset}"),
        }
    }
}

impl FromStr for SiteTimeZone {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for SiteTimeZone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SiteTimeZone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_date_follows_the_site_offset() {
        // 02:26 UTC on 19 January on a site at UTC-8 belongs to 18 January.
        let zone = SiteTimeZone::parse("America/Los_Angeles").unwrap();
        let utc = Utc.with_ymd_and_hms(2013, 1, 19, 2, 26, 0).unwrap();
        let time = Timestamp::from_utc(utc, &zone);
        assert_eq!(
            time.local_date(),
            NaiveDate::from_ymd_opt(2013, 1, 18).unwrap()
        );
        assert_eq!(time.offset_seconds(), -8 * 3600);
        assert_eq!(time.utc(), utc);
    }

    #[test]
    fn wordpress_local_and_gmt_pair_survives() {
        let local = NaiveDate::from_ymd_opt(2013, 5, 30)
            .unwrap()
            .and_hms_opt(16, 5, 0)
            .unwrap();
        let gmt = NaiveDate::from_ymd_opt(2013, 5, 30)
            .unwrap()
            .and_hms_opt(10, 5, 0)
            .unwrap();
        let time = Timestamp::from_local_and_utc(local, gmt).unwrap();
        assert_eq!(time.naive_local(), local);
        assert_eq!(time.utc().naive_utc(), gmt);
        assert_eq!(time.to_rfc3339(), "2013-05-30T16:05:00+06:00");
    }

    #[test]
    fn offsets_with_seconds_survive_serde() {
        // Local mean time: Asia/Bishkek was +04:58:24 until 1924.
        let zone = SiteTimeZone::parse("Asia/Bishkek").unwrap();
        let instant = DateTime::from_timestamp_millis(-1_825_000_000_000).unwrap();
        let time = Timestamp::from_utc(instant, &zone);
        assert_eq!(time.0.offset().local_minus_utc(), 4 * 3600 + 58 * 60 + 24);
        let text = serde_json::to_string(&time).unwrap();
        assert!(text.ends_with("+04:58:24\""), "{text}");
        assert_eq!(serde_json::from_str::<Timestamp>(&text).unwrap(), time);
        // Whole-minute offsets stay RFC 3339.
        let time = Timestamp::parse_rfc3339("2013-05-30T16:05:00.5+06:00").unwrap();
        let text = serde_json::to_string(&time).unwrap();
        assert_eq!(text, "\"2013-05-30T16:05:00.500+06:00\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&text).unwrap(), time);
        assert!(serde_json::from_str::<Timestamp>("\"2013-05-30T16:05:00\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("\"2013-05-30T16:05:00+04:99:00\"").is_err());
    }

    #[test]
    fn equality_includes_the_offset() {
        let a = Timestamp::parse_rfc3339("2013-05-30T10:00:00+00:00").unwrap();
        let b = Timestamp::parse_rfc3339("2013-05-30T16:00:00+06:00").unwrap();
        assert_eq!(a.utc(), b.utc());
        assert_ne!(a, b);
        assert!(a < b);
    }

    #[test]
    fn daylight_saving_gap_is_an_error() {
        let zone = SiteTimeZone::parse("Europe/London").unwrap();
        let skipped = NaiveDate::from_ymd_opt(2024, 3, 31)
            .unwrap()
            .and_hms_opt(1, 30, 0)
            .unwrap();
        assert!(Timestamp::from_local(skipped, &zone).is_err());
    }

    #[test]
    fn zones_parse_and_print() {
        for text in ["Asia/Bishkek", "UTC", "+06:00", "-08:00"] {
            assert_eq!(SiteTimeZone::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(SiteTimeZone::parse("-0800").unwrap().to_string(), "-08:00");
        assert!(SiteTimeZone::parse("Mars/Olympus").is_err());
        assert!(SiteTimeZone::parse("+6").is_err());
    }
}
