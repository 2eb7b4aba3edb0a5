//! Where pages are written and how they link to each other.
//!
//! Every path is made of segments that [`safe_segment`] accepted: no `/` or `\`, never `.` or
//! `..`, no control characters and none of the characters Windows refuses in file names.
//! Percent-encoded slugs (WordPress keeps non-ASCII slugs as `%d0%ba...`) are decoded when
//! they decode to UTF-8, so the file system holds the readable name; links percent-encode
//! every segment again, so they resolve to that file whatever the slug held.

use std::fmt;
use std::path::{Path, PathBuf};

/// The longest segment kept, in bytes (file systems allow 255; room is left for suffixes).
const MAX_SEGMENT_BYTES: usize = 200;

/// A page's place under the output directory: directories, then a file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PagePath {
    dirs: Vec<String>,
    file: String,
}

impl PagePath {
    /// `<dirs>/index.html`. The segments must come from [`safe_segment`] or be literals made
    /// of safe characters.
    pub fn dir(dirs: Vec<String>) -> Self {
        Self {
            dirs,
            file: "index.html".to_owned(),
        }
    }

    /// The site's home, `index.html`.
    pub fn home() -> Self {
        Self::dir(Vec::new())
    }

    /// Page `page` of a paginated archive whose first page is `self`: `<dirs>/page/<n>/`.
    #[must_use]
    pub fn paged(&self, page: u64) -> Self {
        if page <= 1 {
            return self.clone();
        }
        let mut dirs = self.dirs.clone();
        dirs.push("page".to_owned());
        dirs.push(page.to_string());
        Self::dir(dirs)
    }

    /// Page `n` (2 and up) of a post split by `<!--nextpage-->`: `<dirs>/<n>/index.html`, as
    /// WordPress's `/slug/2/`; for a post whose path names a file (`archives/12.html`),
    /// `archives/12/<n>/index.html`.
    #[must_use]
    pub fn part(&self, n: usize) -> Self {
        let mut dirs = self.dirs.clone();
        if self.file != "index.html" {
            let stem = match self.file.rfind('.') {
                Some(dot) if dot > 0 => &self.file[..dot],
                _ => self.file.as_str(),
            };
            dirs.push(stem.to_owned());
        }
        dirs.push(n.to_string());
        Self::dir(dirs)
    }

    /// The same path with `suffix` added to its last segment (the file's stem when the path
    /// names a file of its own), to tell apart two pages that would share a path.
    #[must_use]
    pub fn with_suffix(&self, suffix: &str) -> Self {
        let mut path = self.clone();
        if path.file != "index.html" {
            let (stem, ext) = match path.file.rfind('.') {
                Some(dot) if dot > 0 => path.file.split_at(dot),
                _ => (path.file.as_str(), ""),
            };
            path.file = format!("{stem}{suffix}{ext}");
        } else if let Some(last) = path.dirs.last_mut() {
            last.push_str(suffix);
        } else {
            path.dirs.push(suffix.trim_start_matches('-').to_owned());
        }
        path
    }

    /// A file named `name` (made of safe characters) in this page's directory
    /// (`tag/osh/feed.xml` beside `tag/osh/index.html`).
    #[must_use]
    pub fn with_file(&self, name: &str) -> Self {
        Self {
            dirs: self.dirs.clone(),
            file: name.to_owned(),
        }
    }

    /// How many directories deep the page is.
    pub fn depth(&self) -> usize {
        self.dirs.len()
    }

    /// The file under `out`.
    pub fn to_path(&self, out: &Path) -> PathBuf {
        let mut path = out.to_path_buf();
        path.extend(&self.dirs);
        path.push(&self.file);
        path
    }

    /// A relative link from the page at `from` to this page (`../../tag/osh/index.html`).
    pub fn href_from(&self, from: &PagePath) -> String {
        let mut href = "../".repeat(from.depth());
        for dir in &self.dirs {
            href.push_str(&percent_encode(dir));
            href.push('/');
        }
        href.push_str(&percent_encode(&self.file));
        href
    }

    /// Reads a permalink path (`/2013/05/30/day-of-action/`, `/archives/12.html`) as a page
    /// path: a path ending in `/` (or in a segment without `.html`) is a directory with an
    /// `index.html`. `None` for plain links (`/?p=12`), for the site's root and for a path
    /// with a segment [`safe_segment`] refuses.
    pub fn from_permalink(path: &str) -> Option<PagePath> {
        if path.contains(['?', '#']) {
            return None;
        }
        let raw: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let mut segments = raw
            .iter()
            .map(|segment| safe_segment(segment))
            .collect::<Option<Vec<String>>>()?;
        let last = segments.last()?;
        let is_file = !path.ends_with('/')
            && (std::path::Path::new(last)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("html"))
                || std::path::Path::new(last)
                    .extension()
                    .is_some_and(|ext| ext.eq_ignore_ascii_case("htm")))
            && last.len() > 5;
        if is_file {
            let file = segments.pop()?;
            Some(PagePath {
                dirs: segments,
                file,
            })
        } else {
            Some(PagePath::dir(segments))
        }
    }
}

impl fmt::Display for PagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for dir in &self.dirs {
            write!(f, "{dir}/")?;
        }
        f.write_str(&self.file)
    }
}

/// A slug (or any URL segment) made safe as one file-system name: percent-encoding decoded
/// when it decodes to UTF-8 (kept as it is otherwise); `/`, `\`, control characters and
/// `: * ? " < > |` replaced by `-`; leading dots, surrounding spaces and trailing dots
/// removed; cut to 200 bytes. `None` when nothing usable is left (`..`, `.`, an empty slug).
pub fn safe_segment(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw).unwrap_or_else(|| raw.to_owned());
    let replaced: String = decoded
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    let trimmed = replaced
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        return None;
    }
    let mut end = trimmed.len().min(MAX_SEGMENT_BYTES);
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    let cut = trimmed[..end].trim_end_matches(['.', ' ']);
    (!cut.is_empty()).then(|| cut.to_owned())
}

/// Decodes `%XX` sequences; `None` when there are none, when one is malformed, or when the
/// bytes are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly: `from_str_radix` alone would take a sign (`%+1`).
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// RFC 3986's unreserved characters: a link percent-encodes every other byte of a segment.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_never_climb_or_split() {
        assert_eq!(safe_segment(".."), None);
        assert_eq!(safe_segment("."), None);
        assert_eq!(safe_segment(""), None);
        assert_eq!(safe_segment("%2e%2e"), None);
        assert_eq!(safe_segment("a/b").as_deref(), Some("a-b"));
        assert_eq!(safe_segment("..\\..\\etc").as_deref(), Some("-..-etc"));
        assert_eq!(safe_segment("%2F..%2Fetc").as_deref(), Some("-..-etc"));
        assert_eq!(safe_segment(".hidden").as_deref(), Some("hidden"));
        assert_eq!(safe_segment("a\u{0}b:c").as_deref(), Some("a-b-c"));
        assert_eq!(safe_segment("kyrgyzstan").as_deref(), Some("kyrgyzstan"));
    }

    #[test]
    fn percent_encoded_slugs_decode_and_links_encode_them_again() {
        assert_eq!(
            safe_segment("%d0%ba%d1%8b%d1%80").as_deref(),
            Some("кыр"),
            "UTF-8 decodes"
        );
        // Not UTF-8, or malformed: kept as it is.
        assert_eq!(safe_segment("%ff%fe").as_deref(), Some("%ff%fe"));
        assert_eq!(safe_segment("100%").as_deref(), Some("100%"));
        assert_eq!(safe_segment("a%+1b").as_deref(), Some("a%+1b"));
        let page = PagePath::dir(vec!["tag".into(), "кыр".into()]);
        let from = PagePath::dir(vec!["2013".into(), "05".into()]);
        assert_eq!(
            page.href_from(&from),
            "../../tag/%D0%BA%D1%8B%D1%80/index.html"
        );
        let odd = PagePath::dir(vec!["tag".into(), "100%".into()]);
        assert_eq!(odd.href_from(&PagePath::home()), "tag/100%25/index.html");
    }

    #[test]
    fn long_segments_are_cut_on_a_character_boundary() {
        let long = "ж".repeat(150);
        let safe = safe_segment(&long).unwrap_or_default();
        assert!(safe.len() <= MAX_SEGMENT_BYTES);
        assert_eq!(safe.chars().count(), 100);
    }

    #[test]
    fn permalink_paths() {
        let path = PagePath::from_permalink("/2013/05/30/day-of-action/");
        assert_eq!(
            path.map(|p| p.to_string()).as_deref(),
            Some("2013/05/30/day-of-action/index.html")
        );
        let file = PagePath::from_permalink("/archives/12.html");
        assert_eq!(
            file.map(|p| p.to_string()).as_deref(),
            Some("archives/12.html")
        );
        assert_eq!(PagePath::from_permalink("/?p=12"), None);
        assert_eq!(PagePath::from_permalink("/"), None);
        assert_eq!(PagePath::from_permalink("/a/../b/"), None);
        let home = PagePath::home();
        assert_eq!(home.paged(1), home);
        assert_eq!(home.paged(3).to_string(), "page/3/index.html");
        let post = PagePath::dir(vec!["2013".into(), "day-of-action".into()]);
        assert_eq!(post.part(2).to_string(), "2013/day-of-action/2/index.html");
        let file = PagePath::from_permalink("/archives/12.html").expect("a path");
        assert_eq!(file.part(3).to_string(), "archives/12/3/index.html");
        assert_eq!(
            PagePath::dir(vec!["tag".into(), "osh".into()])
                .with_suffix("-7")
                .to_string(),
            "tag/osh-7/index.html"
        );
    }
}
