//! WordPress dates: the `post_date` / `post_date_gmt` pairs, WordPress's zero date, and the
//! RSS `pubDate` derived from a post's GMT date.

use crate::wxr::keys;
use broadsheet_core::{Meta, SiteTimeZone, Timestamp};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// The WordPress date format (`2011-01-18 07:40:14`).
pub(crate) const WP_DATE: &str = "%Y-%m-%d %H:%M:%S";
/// WordPress's "no date".
pub(crate) const ZERO_DATE: &str = "0000-00-00 00:00:00";

/// How a WordPress date field reads.
pub(super) enum WpDate {
    /// Missing, empty or `0000-00-00 00:00:00`.
    Zero,
    /// A date.
    Date(NaiveDateTime),
    /// Not a date.
    Invalid,
}

pub(super) fn wp_date(raw: Option<&str>) -> WpDate {
    let Some(text) = raw.map(str::trim) else {
        return WpDate::Zero;
    };
    if text.is_empty() || text == ZERO_DATE {
        return WpDate::Zero;
    }
    if let Some(date) = fast_wp_date(text.as_bytes()) {
        return WpDate::Date(date);
    }
    match NaiveDateTime::parse_from_str(text, WP_DATE) {
        Ok(date) => WpDate::Date(date),
        Err(_) => WpDate::Invalid,
    }
}

/// `YYYY-MM-DD HH:MM:SS` without going through a format string (the common case).
pub(super) fn fast_wp_date(b: &[u8]) -> Option<NaiveDateTime> {
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)
}

/// Reads a local/GMT date pair. Values the model cannot hold go to `tail` under
/// `wxr:{field}` / `wxr:{field}_gmt` (a missing half) or the invalid prefix (unparseable text).
pub(super) fn date_pair(
    local_raw: Option<&str>,
    gmt_raw: Option<&str>,
    zone: &SiteTimeZone,
    field: &str,
    tail: &mut Meta,
) -> Result<Option<Timestamp>, String> {
    let local = wp_date(local_raw);
    let gmt = wp_date(gmt_raw);
    let invalid = |tail: &mut Meta, why: String| {
        if let Some(raw) = local_raw {
            tail.push_invalid(field, raw);
        }
        if let Some(raw) = gmt_raw {
            tail.push_invalid(&format!("{field}_gmt"), raw);
        }
        Err(why)
    };
    match (local, gmt) {
        (WpDate::Zero, WpDate::Zero) => Ok(None),
        (WpDate::Date(local), WpDate::Date(gmt)) => match Timestamp::from_local_and_utc(local, gmt)
        {
            Some(timestamp) => Ok(Some(timestamp)),
            None => invalid(
                tail,
                format!("{field} {local} and {field}_gmt {gmt} are more than a day apart"),
            ),
        },
        (WpDate::Date(local), WpDate::Zero) => match Timestamp::from_local(local, zone) {
            Ok(timestamp) => {
                tail.push(
                    format!("{}{field}_gmt", keys::PREFIX),
                    gmt_raw.unwrap_or(ZERO_DATE),
                );
                Ok(Some(timestamp))
            }
            Err(error) => invalid(tail, error.to_string()),
        },
        (WpDate::Zero, WpDate::Date(gmt)) => {
            tail.push(
                format!("{}{field}", keys::PREFIX),
                local_raw.unwrap_or(ZERO_DATE),
            );
            Ok(Some(Timestamp::from_utc(gmt.and_utc(), zone)))
        }
        _ => invalid(
            tail,
            format!(
                "{field} {:?} / {field}_gmt {:?} is not a date like 2011-01-18 07:40:14",
                local_raw.unwrap_or(""),
                gmt_raw.unwrap_or("")
            ),
        ),
    }
}

/// The RSS `pubDate` WordPress derives from a post's GMT date.
pub(crate) fn derived_pub_date(published: Option<&Timestamp>) -> Option<String> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    published.map(|t| {
        let utc = t.utc();
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
            DAYS[utc.weekday().num_days_from_monday() as usize],
            utc.day(),
            MONTHS[utc.month0() as usize],
            utc.year(),
            utc.hour(),
            utc.minute(),
            utc.second()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_dates() {
        assert!(matches!(wp_date(Some("0000-00-00 00:00:00")), WpDate::Zero));
        assert!(matches!(wp_date(None), WpDate::Zero));
        assert!(matches!(
            wp_date(Some("2013-02-30 10:00:00")),
            WpDate::Invalid
        ));
        match wp_date(Some(" 2013-01-18 18:26:05 ")) {
            WpDate::Date(date) => assert_eq!(date.to_string(), "2013-01-18 18:26:05"),
            _ => panic!("a date"),
        }
        // The fast path and chrono agree.
        let text = "1999-12-31 23:59:59";
        assert_eq!(
            fast_wp_date(text.as_bytes()),
            NaiveDateTime::parse_from_str(text, WP_DATE).ok()
        );
        let utc = NaiveDateTime::parse_from_str("2013-01-19 02:26:00", WP_DATE).unwrap();
        let local = NaiveDateTime::parse_from_str("2013-01-18 18:26:00", WP_DATE).unwrap();
        let stamp = Timestamp::from_local_and_utc(local, utc).unwrap();
        assert_eq!(
            derived_pub_date(Some(&stamp)).unwrap(),
            "Sat, 19 Jan 2013 02:26:00 +0000"
        );
    }
}
