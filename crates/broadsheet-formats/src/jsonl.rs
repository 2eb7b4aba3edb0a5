//! Broadsheet JSON Lines: the native JSON schema, one entity per line, streamed both ways.
//!
//! The first line is a header with the site's settings (everything but its entity lists); each
//! further line is one author, term, post, comment or media item, as the same object the native
//! JSON format holds in its lists, with a `"type"` field in front:
//!
//! ```text
//! {"format":"broadsheet-jsonl","version":1,"site":{"title":"WLP","time_zone":"America/New_York"}}
//! {"type":"author","id":1,"slug":"wlp","display_name":"WLP","guest":false}
//! {"type":"post","id":1,"kind":"post","status":"published","title":"Day of Action",...}
//! ```
//!
//! Big archives never need to be in memory at once: [`Writer`] writes entity by entity and
//! [`Reader`] yields them one at a time. Errors name the line, the column within it and the JSON
//! path within the line's object. Blank lines are skipped.
//!
//! ```
//! use broadsheet_core::{Author, AuthorId, Site, Slug};
//! use broadsheet_formats::jsonl::{self, Entity, Reader};
//!
//! let mut site = Site::new("WLP");
//! site.authors.push(Author::new(AuthorId(1), Slug::parse("wlp").unwrap(), "WLP"));
//! let text = jsonl::to_string(&site);
//! assert_eq!(text.lines().count(), 2);
//!
//! let mut reader = Reader::new(text.as_bytes()).unwrap();
//! assert_eq!(reader.settings().title, "WLP");
//! let Some(Ok(Entity::Author(author))) = reader.next() else { panic!("an author") };
//! assert_eq!(author.display_name, "WLP");
//! assert!(reader.next().is_none());
//! ```

use crate::json::{self, JsonError, Located, VERSION, parse, version};
use broadsheet_core::{Author, Comment, Media, Post, Site, SiteData, SiteSettings, Term};
use serde::{Deserialize, Deserializer, Serialize};
use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// The `format` value of a JSON Lines header.
pub const FORMAT: &str = json::JSONL_FORMAT;

/// One line after the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entity {
    /// `"type": "author"`.
    Author(Author),
    /// `"type": "term"`.
    Term(Term),
    /// `"type": "post"`.
    Post(Post),
    /// `"type": "comment"`.
    Comment(Comment),
    /// `"type": "media"`.
    Media(Media),
}

impl Entity {
    /// The line's `type` value.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Author(_) => Author::TYPE,
            Self::Term(_) => Term::TYPE,
            Self::Post(_) => Post::TYPE,
            Self::Comment(_) => Comment::TYPE,
            Self::Media(_) => Media::TYPE,
        }
    }

    /// Appends the entity to the matching list of a site.
    pub fn add_to(self, site: &mut Site) {
        match self {
            Self::Author(author) => site.authors.push(author),
            Self::Term(term) => site.terms.push(term),
            Self::Post(post) => site.posts.push(post),
            Self::Comment(comment) => site.comments.push(comment),
            Self::Media(media) => site.media.push(media),
        }
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for broadsheet_core::Author {}
    impl Sealed for broadsheet_core::Term {}
    impl Sealed for broadsheet_core::Post {}
    impl Sealed for broadsheet_core::Comment {}
    impl Sealed for broadsheet_core::Media {}
}

/// An entity type that has lines of its own: [`Author`], [`Term`], [`Post`], [`Comment`] and
/// [`Media`] (and no other: readers know only these five).
pub trait LineType: Serialize + sealed::Sealed {
    /// The line's `type` value.
    const TYPE: &'static str;
}

impl LineType for Author {
    const TYPE: &'static str = "author";
}
impl LineType for Term {
    const TYPE: &'static str = "term";
}
impl LineType for Post {
    const TYPE: &'static str = "post";
}
impl LineType for Comment {
    const TYPE: &'static str = "comment";
}
impl LineType for Media {
    const TYPE: &'static str = "media";
}

#[derive(Serialize)]
struct HeaderOut<'a> {
    format: &'static str,
    version: u64,
    site: &'a SiteSettings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderIn {
    #[serde(rename = "format", deserialize_with = "jsonl_format")]
    _format: (),
    #[serde(rename = "version", deserialize_with = "version")]
    _version: (),
    site: SiteSettings,
}

fn jsonl_format<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    json::check_format(deserializer, &json::NATIVE_JSONL, &json::NATIVE_JSON)
}

#[derive(Serialize)]
struct Tagged<'a, E> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    entity: &'a E,
}

#[derive(Deserialize)]
struct TypeProbe {
    #[serde(rename = "type")]
    kind: LineKind,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum LineKind {
    Author,
    Term,
    Post,
    Comment,
    Media,
}

/// Writes JSON Lines entity by entity.
///
/// ```
/// use broadsheet_core::{Post, PostId, SiteSettings, Slug};
/// use broadsheet_formats::jsonl::Writer;
///
/// let settings = SiteSettings::titled("WLP");
/// let mut writer = Writer::new(Vec::new(), &settings).unwrap();
/// writer.write(&Post::new(PostId(1), "Hello", Slug::parse("hello").unwrap())).unwrap();
/// let bytes = writer.finish().unwrap();
/// assert!(String::from_utf8(bytes).unwrap().lines().nth(1).unwrap().starts_with(r#"{"type":"post","id":1,"#));
/// ```
pub struct Writer<W: Write> {
    output: BufWriter<W>,
}

impl<W: Write> Writer<W> {
    /// Starts a document: writes the header line.
    pub fn new(output: W, settings: &SiteSettings) -> Result<Self, JsonError> {
        let mut writer = Self {
            output: BufWriter::new(output),
        };
        writer.line(&HeaderOut {
            format: FORMAT,
            version: VERSION,
            site: settings,
        })?;
        Ok(writer)
    }

    /// Writes one entity on its own line.
    pub fn write<E: LineType>(&mut self, entity: &E) -> Result<(), JsonError> {
        self.line(&Tagged {
            kind: E::TYPE,
            entity,
        })
    }

    /// Writes one entity of any type on its own line.
    pub fn write_entity(&mut self, entity: &Entity) -> Result<(), JsonError> {
        match entity {
            Entity::Author(author) => self.write(author),
            Entity::Term(term) => self.write(term),
            Entity::Post(post) => self.write(post),
            Entity::Comment(comment) => self.write(comment),
            Entity::Media(media) => self.write(media),
        }
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> Result<W, JsonError> {
        self.output
            .into_inner()
            .map_err(|error| JsonError::io(error.into_error()))
    }

    fn line(&mut self, value: &impl Serialize) -> Result<(), JsonError> {
        serde_json::to_writer(&mut self.output, value)
            .map_err(|error| JsonError::io(io::Error::from(error)))?;
        self.output.write_all(b"\n").map_err(JsonError::io)
    }
}

/// Writes a whole site: the header, then its authors, terms, media, posts and comments (so that
/// every line refers only to lines before it, when the site's references are sound).
pub fn write(site: &dyn SiteData, output: impl Write) -> Result<(), JsonError> {
    let mut writer = Writer::new(output, site.settings())?;
    site.authors().try_for_each(|e| writer.write(e))?;
    site.terms().try_for_each(|e| writer.write(e))?;
    site.media().try_for_each(|e| writer.write(e))?;
    site.posts().try_for_each(|e| writer.write(e))?;
    site.comments().try_for_each(|e| writer.write(e))?;
    writer.finish()?.flush().map_err(JsonError::io)
}

/// The site as JSON Lines (the text `formats::save` writes).
pub fn to_string(site: &dyn SiteData) -> String {
    let mut bytes = Vec::new();
    write(site, &mut bytes).expect("writing to a Vec cannot fail, and a Site always serialises");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// The UTF-8 byte-order mark, skipped at the start of a document.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a whole JSON Lines document into a site, stopping at the first error.
pub fn read(input: impl BufRead) -> Result<Site, JsonError> {
    Reader::new(input)?.into_site()
}

/// Reads a JSON Lines file. Errors name the file.
pub fn load(path: impl AsRef<Path>) -> Result<Site, JsonError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let file = fs::File::open(path).map_err(|source| JsonError::Io {
        path: Some(name.clone()),
        source,
    })?;
    let mut reader = Reader::new(BufReader::new(file)).map_err(|e| e.with_file(name.clone()))?;
    reader.file = Some(name);
    reader.into_site()
}

/// Reads JSON Lines one entity at a time.
///
/// [`Reader::new`] reads the header; iterating yields each further line's entity. A line that
/// does not parse (malformed JSON, text that is not UTF-8, a value that breaks the schema)
/// yields an error naming it, and iteration goes on with the next line; after an I/O error,
/// iteration ends.
pub struct Reader<R: BufRead> {
    input: R,
    settings: SiteSettings,
    line: u64,
    buffer: Vec<u8>,
    file: Option<String>,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// Reads the header line.
    pub fn new(input: R) -> Result<Self, JsonError> {
        let mut reader = Self {
            input,
            settings: SiteSettings::default(),
            line: 0,
            buffer: Vec::new(),
            file: None,
            done: false,
        };
        if !reader.next_line()? {
            return Err(JsonError::Invalid {
                location: broadsheet_core::Location {
                    line: Some(1),
                    ..Default::default()
                },
                message: format!(
                    "empty input: a Broadsheet JSON Lines document starts with a header line \
                     {{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"site\":{{...}}}}"
                ),
            });
        }
        let header = parse::<HeaderIn>(&reader.buffer, |_| false).map_err(|e| reader.error(e))?;
        reader.settings = header.site;
        Ok(reader)
    }

    /// The site's settings, from the header.
    pub fn settings(&self) -> &SiteSettings {
        &self.settings
    }

    /// The number of the line read last (1-based).
    pub fn line_number(&self) -> u64 {
        self.line
    }

    /// Reads every remaining line into a site with the header's settings, stopping at the first
    /// error.
    pub fn into_site(mut self) -> Result<Site, JsonError> {
        let mut site = Site {
            settings: std::mem::take(&mut self.settings),
            ..Site::default()
        };
        for entity in self {
            entity?.add_to(&mut site);
        }
        Ok(site)
    }

    /// Reads the next non-blank line into `buffer`, without its line ending. `false` at the end.
    fn next_line(&mut self) -> Result<bool, JsonError> {
        loop {
            self.buffer.clear();
            let read = self
                .input
                .read_until(b'\n', &mut self.buffer)
                .map_err(|source| JsonError::Io {
                    path: self.file.clone(),
                    source,
                })?;
            if read == 0 {
                return Ok(false);
            }
            self.line += 1;
            // A UTF-8 byte-order mark (files saved by some Windows editors) is not JSON.
            if self.line == 1 && self.buffer.starts_with(BOM) {
                self.buffer.drain(..BOM.len());
            }
            while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
                self.buffer.pop();
            }
            if !self.buffer.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }

    fn error(&self, located: Located) -> JsonError {
        // Each line is parsed alone, so its errors are on its line 1.
        located.into_error(self.file.clone(), self.line.saturating_sub(1))
    }

    fn entity(&self) -> Result<Entity, JsonError> {
        let line = &self.buffer;
        let probe = serde_path_to_error::deserialize::<_, TypeProbe>(
            &mut serde_json::Deserializer::from_slice(line),
        )
        .map_err(|e| self.error(Located::from_path_error(e)))?;
        let type_field = |path: &serde_ignored::Path<'_>| matches!(path, serde_ignored::Path::Map { parent: serde_ignored::Path::Root, key } if key == "type");
        let entity = match probe.kind {
            LineKind::Author => parse(line, type_field).map(Entity::Author),
            LineKind::Term => parse(line, type_field).map(Entity::Term),
            LineKind::Post => parse(line, type_field).map(Entity::Post),
            LineKind::Comment => parse(line, type_field).map(Entity::Comment),
            LineKind::Media => parse(line, type_field).map(Entity::Media),
        };
        entity.map_err(|e| self.error(e))
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Entity, JsonError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_line() {
            Ok(true) => Some(self.entity()),
            Ok(false) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                Some(Err(error))
            }
        }
    }
}
