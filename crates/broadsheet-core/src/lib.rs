//! Broadsheet's content model: posts, authors, terms (tags, categories and other taxonomies),
//! comments and media, with identifiers, local-time timestamps, slugs and validation; and what
//! a blog is built from it: an indexed [`Archive`] answering [`query`]s for a [`Viewer`], text
//! search ([`text`]), excerpts ([`excerpt`]), comment threads ([`thread`]), tag clouds
//! ([`cloud`]), permalinks ([`permalink`]) and filter strings ([`filter_string`]).
//!
//! This crate reads no files and knows no format; `broadsheet-formats` reads and writes them.
//!
//! ```
//! use broadsheet_core::{Author, AuthorId, Post, PostId, Site, Slug, Taxonomy, Term, TermId};
//!
//! let mut site = Site::new("Women's Learning Partnership");
//! site.authors.push(Author::new(AuthorId(1), Slug::parse("wlp").unwrap(), "WLP"));
//! site.terms.push(Term::new(TermId(1), Taxonomy::Tag, "Kyrgyzstan", Slug::parse("kyrgyzstan").unwrap()));
//! let mut post = Post::new(PostId(1), "Day of Action", Slug::parse("day-of-action").unwrap());
//! post.authors.push(AuthorId(1));
//! post.terms.push(TermId(1));
//! site.posts.push(post);
//! assert_eq!(site.term_by_slug(&Taxonomy::Tag, "kyrgyzstan").unwrap().name, "Kyrgyzstan");
//! ```

pub mod archive;
mod author;
pub mod cloud;
mod comment;
pub mod excerpt;
pub mod filter_string;
mod ids;
mod media;
mod meta;
mod names;
mod params;
pub mod permalink;
mod post;
pub mod query;
mod report;
pub mod select;
mod site;
mod site_data;
pub mod slug;
mod spelling;
mod suggest;
mod term;
pub mod text;
pub mod thread;
mod time;
mod validate;
mod values;
mod viewer;

pub use archive::{Archive, Page, PostSummary, QueryContext, QueryError, Snapshot};
pub use author::Author;
pub use comment::{Comment, CommentKind, CommentStatus, CommentView};
pub use filter_string::{FilterError, parse_filter};
pub use ids::{AuthorId, CommentId, MediaId, PostId, TermId};
pub use media::Media;
pub use meta::{INVALID_FIELD_PREFIX, Meta, MetaEntry};
pub use names::{MAX_SUGGESTIONS, UnknownName};
pub use params::{DEFAULT_PER_PAGE, ParamsError, ParamsOrQueryError, QueryParams};
pub use post::{Post, PostKind, PostStatus};
pub use query::{Query, Viewer};
pub use report::{
    BuildMode, CodeCount, Issue, IssueCode, Location, Report, ReportFilter, Severity,
};
pub use select::{Selection, Unselected};
pub use site::{Site, SiteSettings};
pub use site_data::{Entities, SiteData};
pub use slug::{SlugStyle, slugify, unique_slug};
pub use suggest::suggest;
pub use term::{Taxonomy, Term};
pub use time::{SiteTimeZone, TimeError, Timestamp};
pub use validate::{Built, InvalidSite, ValidationOptions, build, codes, validate};
pub use values::{Email, Slug, Url, ValueError};

#[cfg(feature = "testing")]
pub mod testing;
