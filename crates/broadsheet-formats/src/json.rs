//! Broadsheet's native JSON format: a whole site in one versioned document.
//!
//! ```json
//! {
//!   "format": "broadsheet",
//!   "version": 1,
//!   "site": { "title": "Women's Learning Partnership", "time_zone": "America/New_York",
//!             "authors": [], "terms": [], "posts": [], "comments": [], "media": [] }
//! }
//! ```
//!
//! The schema is documented field by field in `docs/formats/json.md`. Saving and loading are a
//! lossless round trip: `from_str(&to_string(&site))` gives back `site`, field for field.
//!
//! Reading is strict, because this is the format Broadsheet owns: malformed JSON, a value that
//! does not parse (a slug with a space, a timestamp without an offset), a missing field, an
//! unknown field anywhere (a misspelt field would otherwise be dropped silently) and a version
//! this library does not know are all errors, each with its line, column and JSON path.
//!
//! ```
//! use broadsheet_core::Site;
//! use broadsheet_formats::json;
//!
//! let site = Site::new("Women's Learning Partnership");
//! let text = json::to_string(&site);
//! assert_eq!(json::from_str(&text).unwrap(), site);
//!
//! let error = json::from_str(r#"{"format": "broadsheet", "version": 7, "site": {"title": ""}}"#)
//!     .unwrap_err();
//! assert_eq!(error.location().json_path.as_deref(), Some("version"));
//! assert!(error.to_string().contains("version 7"));
//! ```

use crate::import::{ImportError, SourceFormat};
use broadsheet_core::{Location, Site, SiteData};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use std::cell::Cell;
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::rc::Rc;
use thiserror::Error;

/// The `format` value of a native JSON document.
pub const FORMAT: &str = "broadsheet";

/// The `format` value of a native JSON Lines header (see `jsonl`).
pub const JSONL_FORMAT: &str = "broadsheet-jsonl";

/// The version of the schema this library writes, and the only one it reads.
pub const VERSION: u64 = 1;

/// Why a native JSON or JSON Lines document could not be read or written.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum JsonError {
    /// The input is not JSON, or does not follow the schema.
    #[error("{location}: {message}")]
    Invalid {
        /// Where: the file when known, line, column and JSON path.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// Reading or writing failed.
    #[error("{}{source}", .path.as_deref().map(|p| format!("{p}: ")).unwrap_or_default())]
    Io {
        /// The file, when known.
        path: Option<String>,
        /// The operating system's error.
        source: io::Error,
    },
}

impl JsonError {
    /// Where the error is (for I/O errors, only the file is known).
    pub fn location(&self) -> Location {
        match self {
            Self::Invalid { location, .. } => location.clone(),
            Self::Io { path, .. } => Location {
                file: path.clone(),
                ..Location::default()
            },
        }
    }

    /// Names the file the error is in, unless a file is already named.
    #[must_use]
    pub fn with_file(mut self, file: impl Into<String>) -> Self {
        let slot = match &mut self {
            Self::Invalid { location, .. } => &mut location.file,
            Self::Io { path, .. } => path,
        };
        if slot.is_none() {
            *slot = Some(file.into());
        }
        self
    }

    pub(crate) fn io(source: io::Error) -> Self {
        Self::Io { path: None, source }
    }
}

impl From<JsonError> for ImportError {
    fn from(error: JsonError) -> Self {
        match error {
            JsonError::Invalid { location, message } => ImportError::Syntax { location, message },
            JsonError::Io { path, source } => ImportError::Io {
                path: path.unwrap_or_default(),
                source,
            },
        }
    }
}

/// The [`SourceFormat`] of native JSON documents of [`VERSION`].
pub fn source_format() -> SourceFormat {
    SourceFormat {
        family: "broadsheet-json".into(),
        version: VERSION.to_string(),
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'static str,
    version: u64,
    site: SiteOut<'a>,
}

/// A site's serde form read through [`SiteData`]: the same fields, in the same order and with
/// the same omissions as `Site`'s derived `Serialize`, so a `Snapshot` saves without being
/// copied into a `Site` first.
pub(crate) struct SiteOut<'a>(pub(crate) &'a dyn SiteData);

impl Serialize for SiteOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Seq<I>(std::cell::Cell<Option<I>>);
        impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.0.take() {
                    Some(items) => serializer.collect_seq(items),
                    None => serializer.collect_seq(std::iter::empty::<T>()),
                }
            }
        }
        fn seq<I>(items: I) -> Seq<I> {
            Seq(std::cell::Cell::new(Some(items)))
        }
        let site = self.0;
        let mut out = serializer.serialize_struct("Site", 11)?;
        out.serialize_field("title", site.title())?;
        if let Some(url) = site.url() {
            out.serialize_field("url", url)?;
        }
        if !site.description().is_empty() {
            out.serialize_field("description", site.description())?;
        }
        if let Some(language) = site.language() {
            out.serialize_field("language", language)?;
        }
        out.serialize_field("time_zone", site.time_zone())?;
        out.serialize_field("authors", &seq(site.authors()))?;
        out.serialize_field("terms", &seq(site.terms()))?;
        out.serialize_field("posts", &seq(site.posts()))?;
        out.serialize_field("comments", &seq(site.comments()))?;
        out.serialize_field("media", &seq(site.media()))?;
        if !site.site_meta().is_empty() {
            out.serialize_field("meta", site.site_meta())?;
        }
        out.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeIn {
    #[serde(rename = "format", deserialize_with = "json_format")]
    _format: (),
    #[serde(rename = "version", deserialize_with = "version")]
    _version: (),
    site: Site,
}

/// The envelope's header alone, to report a wrong format or version even when it comes after
/// the site (whose errors would otherwise be reported first).
#[derive(Deserialize)]
struct HeaderProbe {
    #[serde(default, rename = "format", deserialize_with = "optional_json_format")]
    _format: Option<()>,
    #[serde(default, rename = "version", deserialize_with = "optional_version")]
    _version: Option<()>,
}

/// One of the two native formats, as `format` fields name it and error messages describe it.
pub(crate) struct Native {
    /// The `format` value.
    pub format: &'static str,
    /// What holds that value ("a Broadsheet JSON document").
    pub holder: &'static str,
    /// The module that reads it.
    pub reader: &'static str,
}

/// Native JSON, for [`check_format`].
pub(crate) const NATIVE_JSON: Native = Native {
    format: FORMAT,
    holder: "a Broadsheet JSON document",
    reader: "json",
};

/// Native JSON Lines, for [`check_format`].
pub(crate) const NATIVE_JSONL: Native = Native {
    format: JSONL_FORMAT,
    holder: "a Broadsheet JSON Lines header",
    reader: "jsonl",
};

/// Reads a `format` field that must be `own`'s; the other native format's value is refused
/// with a hint to use its reader.
pub(crate) fn check_format<'de, D: Deserializer<'de>>(
    deserializer: D,
    own: &Native,
    other: &Native,
) -> Result<(), D::Error> {
    let found = String::deserialize(deserializer)?;
    if found == own.format {
        Ok(())
    } else if found == other.format {
        Err(serde::de::Error::custom(format!(
            "this is {} (format {found:?}): read it with {}, not {}",
            other.holder, other.reader, own.reader
        )))
    } else {
        Err(serde::de::Error::custom(format!(
            "format is {found:?}; {} has format {:?}",
            own.holder, own.format
        )))
    }
}

fn json_format<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    check_format(deserializer, &NATIVE_JSON, &NATIVE_JSONL)
}

fn optional_json_format<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<()>, D::Error> {
    json_format(deserializer).map(Some)
}

pub(crate) fn version<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    let found = u64::deserialize(deserializer)?;
    if found == VERSION {
        Ok(())
    } else {
        Err(serde::de::Error::custom(format!(
            "unsupported version {found} of the Broadsheet format: this library reads version {VERSION}{}",
            if found > VERSION {
                " (the file was written by a newer Broadsheet)"
            } else {
                ""
            }
        )))
    }
}

fn optional_version<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<()>, D::Error> {
    version(deserializer).map(Some)
}

/// Writes a site as pretty-printed native JSON, ending with a newline.
pub fn to_writer(site: &dyn SiteData, writer: impl Write) -> Result<(), JsonError> {
    let mut writer = BufWriter::new(writer);
    let envelope = EnvelopeOut {
        format: FORMAT,
        version: VERSION,
        site: SiteOut(site),
    };
    serde_json::to_writer_pretty(&mut writer, &envelope)
        .map_err(|error| JsonError::io(io::Error::from(error)))?;
    writer.write_all(b"\n").map_err(JsonError::io)?;
    writer.flush().map_err(JsonError::io)
}

/// The site as pretty-printed native JSON, ending with a newline (the text `formats::save` writes).
pub fn to_string(site: &dyn SiteData) -> String {
    let mut text = serde_json::to_string_pretty(&EnvelopeOut {
        format: FORMAT,
        version: VERSION,
        site: SiteOut(site),
    })
    .expect("a Site always serialises: it has no map with non-string keys");
    text.push('\n');
    text
}

/// Reads a native JSON document.
pub fn from_str(text: &str) -> Result<Site, JsonError> {
    from_slice(text.as_bytes())
}

/// Reads a native JSON document from bytes (UTF-8).
pub fn from_slice(bytes: &[u8]) -> Result<Site, JsonError> {
    // A UTF-8 byte-order mark (files saved by some Windows editors) is not JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match parse::<EnvelopeIn>(bytes, |_| false) {
        Ok(envelope) => Ok(envelope.site),
        Err(error) => {
            // A wrong format or version explains every other error: report it instead.
            let header_error = serde_path_to_error::deserialize::<_, HeaderProbe>(
                &mut serde_json::Deserializer::from_slice(bytes),
            )
            .err()
            .map(Located::from_path_error)
            .filter(|probe| matches!(probe.path.as_deref(), Some("format" | "version")));
            Err(header_error.unwrap_or(error).into_error(None, 0))
        }
    }
}

/// Reads a native JSON document from a reader (read to its end first).
pub fn from_reader(mut reader: impl Read) -> Result<Site, JsonError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(JsonError::io)?;
    from_slice(&bytes)
}

/// Reads a native JSON file. Errors name the file.
pub fn load(path: impl AsRef<Path>) -> Result<Site, JsonError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let bytes = fs::read(path).map_err(|source| JsonError::Io {
        path: Some(name.clone()),
        source,
    })?;
    from_slice(&bytes).map_err(|error| error.with_file(name))
}

/// An error found while parsing one JSON text, before it is placed in a file.
#[derive(Debug)]
pub(crate) struct Located {
    pub(crate) line: Option<u64>,
    pub(crate) column: Option<u64>,
    pub(crate) path: Option<String>,
    pub(crate) message: String,
}

impl Located {
    fn from_json_error(error: &serde_json::Error, path: Option<String>) -> Self {
        let (line, column) = (error.line(), error.column());
        let text = error.to_string();
        let suffix = format!(" at line {line} column {column}");
        let mut message = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
        if error.is_eof() {
            message.push_str(": the input ends too early (is the file truncated?)");
        }
        Self {
            line: (line > 0).then_some(line as u64),
            column: (line > 0).then_some(column as u64),
            path,
            message,
        }
    }

    pub(crate) fn from_path_error(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = error.path().to_string();
        let path = (path != ".").then_some(path);
        Self::from_json_error(error.inner(), path)
    }

    /// The error in a file, with `line_offset` added to its line (for JSON Lines, where each
    /// line is parsed alone).
    pub(crate) fn into_error(self, file: Option<String>, line_offset: u64) -> JsonError {
        JsonError::Invalid {
            location: Location {
                file,
                line: self.line.map(|line| line + line_offset),
                column: self.column,
                json_path: self.path,
            },
            message: self.message,
        }
    }
}

/// Parses one JSON text into `T`, refusing unknown fields (except where `allowed` says so) and
/// trailing characters, with the line, column and JSON path of any error.
pub(crate) fn parse<T: DeserializeOwned>(
    bytes: &[u8],
    allowed: fn(&serde_ignored::Path<'_>) -> bool,
) -> Result<T, Located> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut unknown: Option<String> = None;
    let mut note_unknown = |path: serde_ignored::Path<'_>| {
        if unknown.is_none() && !allowed(&path) {
            unknown = Some(path_text(&path));
        }
    };
    let result = serde_path_to_error::deserialize::<_, T>(serde_ignored::Deserializer::new(
        &mut deserializer,
        &mut note_unknown,
    ));
    let value = result.map_err(Located::from_path_error)?;
    deserializer
        .end()
        .map_err(|error| Located::from_json_error(&error, None))?;
    match unknown {
        None => Ok(value),
        Some(path) => {
            let (line, column) = match unknown_field_offset::<T>(bytes, allowed) {
                Some(offset) => {
                    let (line, column) = line_and_column(bytes, offset);
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            let field = path.rsplit('.').next().unwrap_or(&path).to_owned();
            Err(Located {
                line,
                column,
                message: format!(
                    "unknown field `{field}`: the schema has no such field (see docs/formats/json.md)"
                ),
                path: Some(path),
            })
        }
    }
}

/// Where the first unknown field is: parses again, counting the bytes read, and notes the count
/// when the field is skipped (just after its colon). Runs only on the error path.
fn unknown_field_offset<T: DeserializeOwned>(
    bytes: &[u8],
    allowed: fn(&serde_ignored::Path<'_>) -> bool,
) -> Option<usize> {
    struct Counting<'a> {
        bytes: &'a [u8],
        consumed: Rc<Cell<usize>>,
    }
    impl Read for Counting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let read = self.bytes.read(buf)?;
            self.consumed.set(self.consumed.get() + read);
            Ok(read)
        }
    }
    let consumed = Rc::new(Cell::new(0));
    let reader = Counting {
        bytes,
        consumed: Rc::clone(&consumed),
    };
    let mut offset = None;
    let _ = serde_ignored::deserialize::<_, _, T>(
        &mut serde_json::Deserializer::from_reader(reader),
        |path| {
            if offset.is_none() && !allowed(&path) {
                offset = Some(consumed.get());
            }
        },
    );
    offset
}

/// 1-based line and column (in bytes, as serde_json counts) of the byte before `offset`.
fn line_and_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let start_of_line = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    let line = 1 + before[..start_of_line]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count();
    (line as u64, (before.len() - start_of_line) as u64)
}

/// A serde_ignored path in the style of serde_path_to_error: `site.posts[3].excrept`.
fn path_text(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path as P;
    match path {
        P::Root => String::new(),
        P::Seq { parent, index } => format!("{}[{index}]", path_text(parent)),
        P::Map { parent, key } => {
            let parent = path_text(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            path_text(parent)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_like_serde_json() {
        let text = b"{\n  \"a\": 1,\n  \"b\": x\n}";
        let error = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        // serde_json reports the offending byte; ours is given the offset just past it.
        let offset = text.iter().position(|&b| b == b'x').unwrap() + 1;
        assert_eq!(
            line_and_column(text, offset),
            (error.line() as u64, error.column() as u64)
        );
    }

    #[test]
    fn unknown_field_path_and_position() {
        let text = "{\"format\": \"broadsheet\", \"version\": 1,\n \"site\": {\"title\": \"t\",\n   \"titel\": \"x\"}}";
        let error = from_str(text).unwrap_err();
        let location = error.location();
        assert_eq!(location.json_path.as_deref(), Some("site.titel"));
        assert_eq!((location.line, location.column), (Some(3), Some(11)));
        assert!(
            error.to_string().contains("unknown field `titel`"),
            "{error}"
        );
    }
}
