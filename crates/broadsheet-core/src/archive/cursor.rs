//! Opaque keyset cursors: the sort key of the last post returned, and a hash of the query so
//! that a cursor from another query is refused.

use super::QueryError;
use super::order::{SortKey, Value};
use crate::ids::PostId;
use crate::query::Query;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::hash::{Hash, Hasher};

const VERSION: u8 = 1;

/// FNV-1a, stable across runs (cursors outlive a process).
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }
}

/// The hash of what a cursor depends on: filter, search, order and sticky placement.
pub(crate) fn query_hash(query: &Query) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    query.filter.hash(&mut hasher);
    query.search.hash(&mut hasher);
    query.order.hash(&mut hasher);
    query.sticky.hash(&mut hasher);
    hasher.finish()
}

/// Encodes a cursor.
pub(crate) fn encode(hash: u64, key: &SortKey) -> String {
    // Version, hash, group, tag, the longest fixed-size value (12 bytes) and the id.
    let mut bytes = Vec::with_capacity(1 + 8 + 1 + 1 + 12 + 8);
    bytes.push(VERSION);
    bytes.extend_from_slice(&hash.to_be_bytes());
    bytes.push(key.group);
    match &key.value {
        Value::Time(secs, nanos) => {
            bytes.push(b'T');
            bytes.extend_from_slice(&secs.to_be_bytes());
            bytes.extend_from_slice(&nanos.to_be_bytes());
        }
        Value::Text(text) => {
            bytes.push(b'S');
            bytes.extend_from_slice(text.as_bytes());
        }
        Value::Number(number) => {
            bytes.push(b'N');
            bytes.extend_from_slice(&number.to_be_bytes());
        }
    }
    bytes.extend_from_slice(&key.id.0.to_be_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes a cursor made for the query with this hash.
pub(crate) fn decode(cursor: &str, hash: u64) -> Result<SortKey, QueryError> {
    let malformed = |reason: &str| QueryError::MalformedCursor {
        cursor: cursor.to_owned(),
        reason: reason.to_owned(),
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| malformed("not base64url"))?;
    if bytes.len() < 1 + 8 + 2 + 8 {
        return Err(malformed("too short"));
    }
    if bytes[0] != VERSION {
        return Err(malformed("unknown version"));
    }
    let number = |slice: &[u8]| -> Result<u64, QueryError> {
        Ok(u64::from_be_bytes(
            slice.try_into().map_err(|_| malformed("truncated"))?,
        ))
    };
    if number(&bytes[1..9])? != hash {
        return Err(QueryError::CursorFromAnotherQuery(cursor.to_owned()));
    }
    let group = bytes[9];
    let (body, id) = bytes[11..].split_at(bytes.len() - 11 - 8);
    let id = PostId(number(id)?);
    let value = match bytes[10] {
        b'T' if body.len() == 12 => {
            let secs =
                i64::from_be_bytes(body[..8].try_into().map_err(|_| malformed("truncated"))?);
            let nanos =
                u32::from_be_bytes(body[8..].try_into().map_err(|_| malformed("truncated"))?);
            Value::Time(secs, nanos)
        }
        b'S' => Value::Text(
            String::from_utf8(body.to_vec()).map_err(|_| malformed("text is not UTF-8"))?,
        ),
        b'N' if body.len() == 8 => Value::Number(number(body)?),
        _ => return Err(malformed("unknown sort value")),
    };
    Ok(SortKey { group, value, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_other_queries() {
        let keys = [
            SortKey {
                group: 1,
                value: Value::Time(-5, 7),
                id: PostId(3),
            },
            SortKey {
                group: 0,
                value: Value::Text("çà et là".into()),
                id: PostId(u64::MAX),
            },
            SortKey {
                group: 0,
                value: Value::Number(42),
                id: PostId(0),
            },
        ];
        for key in keys {
            let cursor = encode(99, &key);
            assert!(
                cursor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            );
            assert_eq!(decode(&cursor, 99).unwrap(), key);
            assert!(matches!(
                decode(&cursor, 98),
                Err(QueryError::CursorFromAnotherQuery(_))
            ));
        }
        assert!(matches!(
            decode("!!", 99),
            Err(QueryError::MalformedCursor { .. })
        ));
        assert!(matches!(
            decode("AQ", 99),
            Err(QueryError::MalformedCursor { .. })
        ));
    }

    #[test]
    fn the_hash_ignores_pagination_only() {
        let a = Query::new().tag("x").page(1, 10);
        assert_eq!(query_hash(&a), query_hash(&a.clone().page(3, 5)));
        assert_ne!(query_hash(&a), query_hash(&Query::new().tag("y")));
    }
}
