//! Ordered key/value metadata carried by posts, authors, terms, comments and media.

use serde::{Deserialize, Serialize};

/// Prefix of meta keys under which an importer keeps a raw value that failed to parse into its
/// typed field, e.g. `broadsheet:invalid:email` on an author whose e-mail was not an address.
///
/// Lenient imports keep such values here instead of dropping them; [`crate::validate`] reports
/// each one as an error, and exporters write it back where it came from.
pub const INVALID_FIELD_PREFIX: &str = "broadsheet:invalid:";

/// One metadata entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MetaEntry {
    /// The key, exactly as the source gave it (keys may repeat).
    pub key: String,
    /// The value, verbatim (PHP-serialised values are not decoded).
    pub value: String,
}

/// Ordered key/value pairs. Keys may repeat and order is kept, as in WordPress's meta tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Meta(pub Vec<MetaEntry>);

impl Meta {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an entry, keeping any earlier entry with the same key.
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.push(MetaEntry {
            key: key.into(),
            value: value.into(),
        });
    }

    /// The first value stored under `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|entry| entry.key == key)
            .map(|entry| entry.value.as_str())
    }

    /// Every value stored under `key`, in order.
    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |entry| entry.key == key)
            .map(|entry| entry.value.as_str())
    }

    /// Iterates over all entries in order.
    pub fn iter(&self) -> std::slice::Iter<'_, MetaEntry> {
        self.0.iter()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps a raw value that failed to parse into the typed field `field` (see
    /// [`INVALID_FIELD_PREFIX`]).
    pub fn push_invalid(&mut self, field: &str, raw: impl Into<String>) {
        self.push(format!("{INVALID_FIELD_PREFIX}{field}"), raw);
    }

    /// Entries that hold raw values of invalid typed fields, as `(field, raw value)`.
    pub fn invalid_fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().filter_map(|entry| {
            entry
                .key
                .strip_prefix(INVALID_FIELD_PREFIX)
                .map(|field| (field, entry.value.as_str()))
        })
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Meta {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Meta(
            iter.into_iter()
                .map(|(key, value)| MetaEntry {
                    key: key.into(),
                    value: value.into(),
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_repeated_keys() {
        let mut meta = Meta::new();
        meta.push("b", "1");
        meta.push("a", "2");
        meta.push("b", "3");
        assert_eq!(meta.get("b"), Some("1"));
        assert_eq!(meta.get_all("b").collect::<Vec<_>>(), ["1", "3"]);
        assert_eq!(
            meta.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            ["b", "a", "b"]
        );
    }

    #[test]
    fn invalid_fields_are_found_by_prefix() {
        let mut meta = Meta::new();
        meta.push("colour", "red");
        meta.push_invalid("email", "not an address");
        assert_eq!(
            meta.invalid_fields().collect::<Vec<_>>(),
            [("email", "not an address")]
        );
    }
}
