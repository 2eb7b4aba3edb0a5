//! [`Format`]: the formats Broadsheet reads and writes, their names, file extensions and Cargo
//! features, and recognising one from a file's first bytes.

use std::path::Path;

/// The formats Broadsheet reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// WordPress eXtended RSS (WXR) 1.0 to 1.2.
    Wxr,
    /// A Ghost JSON export.
    Ghost,
    /// Broadsheet's native JSON.
    Json,
    /// Broadsheet's native JSON Lines.
    JsonLines,
    /// Broadsheet's durable archive file (`.broadsheet`): a SQLite database that an opened
    /// archive writes its edits back to (`docs/formats/store.md`). Not in [`Format::ALL`],
    /// which lists the formats written as one stream of bytes.
    Store,
}

impl Format {
    /// Every interchange format: the formats written as one stream of bytes (all but
    /// [`Format::Store`]).
    pub const ALL: [Format; 4] = [Format::Wxr, Format::Ghost, Format::Json, Format::JsonLines];

    /// The short name (`wxr`, `ghost`, `json`, `jsonl`, `store`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Wxr => "wxr",
            Format::Ghost => "ghost",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Store => "store",
        }
    }

    /// The format a file name asks for: `.xml`/`.wxr` WXR, `.ghost.json` Ghost, `.json` native
    /// JSON, `.jsonl`/`.ndjson` JSON Lines, `.broadsheet` the store. (A store with another
    /// name, `site.sqlite`, is still recognised by its content when it is opened.)
    pub fn from_extension(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".broadsheet") {
            Some(Format::Store)
        } else if name.ends_with(".ghost.json") {
            Some(Format::Ghost)
        } else if std::path::Path::new(&name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("xml"))
            || std::path::Path::new(&name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("wxr"))
        {
            Some(Format::Wxr)
        } else if std::path::Path::new(&name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("jsonl"))
            || name.ends_with(".ndjson")
        {
            Some(Format::JsonLines)
        } else if std::path::Path::new(&name)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        {
            Some(Format::Json)
        } else {
            None
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Format {
    /// The Cargo feature that reads and writes this format (`None` for native JSON, which is
    /// always built).
    pub fn feature(self) -> Option<&'static str> {
        match self {
            Format::Wxr => Some("wxr"),
            Format::Ghost => Some("ghost"),
            Format::JsonLines => Some("jsonl"),
            Format::Store => Some("store"),
            Format::Json => None,
        }
    }

    /// Whether this build reads and writes the format.
    pub fn is_enabled(self) -> bool {
        match self {
            Format::Wxr => cfg!(feature = "wxr"),
            Format::Ghost => cfg!(feature = "ghost"),
            Format::JsonLines => cfg!(feature = "jsonl"),
            Format::Store => cfg!(feature = "store"),
            Format::Json => true,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// The short names [`Format::name`] gives (`wxr`, `ghost`, `json`, `jsonl`), in any case;
    /// `xml`, `ndjson` and `broadsheet` are accepted as aliases of `wxr`, `jsonl` and `store`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "wxr" | "xml" => Ok(Format::Wxr),
            "ghost" => Ok(Format::Ghost),
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" => Ok(Format::JsonLines),
            "store" | "broadsheet" => Ok(Format::Store),
            other => Err(format!(
                "unknown format {other:?}: expected wxr, ghost, json, jsonl or store"
            )),
        }
    }
}
