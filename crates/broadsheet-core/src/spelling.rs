//! How users spell the query model's values: `FromStr` and `Display` for [`Order`], [`Viewer`],
//! [`DateGranularity`] and [`CloudOrder`], and WordPress's status names. The command line, the
//! bindings and filter strings all parse through these, so `-published`, `author:3` or
//! `publish` mean the same everywhere.

use crate::archive::DateGranularity;
use crate::cloud::CloudOrder;
use crate::ids::AuthorId;
use crate::names::UnknownName;
use crate::post::PostStatus;
use crate::query::{Order, OrderKey, Viewer};
use std::fmt;
use std::str::FromStr;

const ORDER_NAMES: &str = "published, modified, title, slug, comment_count, relevance or random, \
     as `key`, `-key` (descending), `key:asc` or `key:desc`";

impl OrderKey {
    /// The key's name (`published`, `comment_count`, `random`...).
    pub fn name(self) -> &'static str {
        match self {
            OrderKey::Published => "published",
            OrderKey::Modified => "modified",
            OrderKey::Title => "title",
            OrderKey::Slug => "slug",
            OrderKey::CommentCount => "comment_count",
            OrderKey::Relevance => "relevance",
            OrderKey::Random { .. } => "random",
        }
    }

    /// The direction a key takes when none is given: descending for dates, comment counts and
    /// relevance (newest, most, best first), ascending for title, slug and random.
    pub fn default_descending(self) -> bool {
        !matches!(
            self,
            OrderKey::Title | OrderKey::Slug | OrderKey::Random { .. }
        )
    }
}

impl FromStr for Order {
    type Err = UnknownName;

    /// `published`, `-published` (descending), `title:asc`, `comment_count:desc`, `random`
    /// (seed 0) or `random:<seed>`. `date` and `comments` are accepted for `published` and
    /// `comment_count`. Without a direction a key takes
    /// [`OrderKey::default_descending`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || {
            let keys = [
                "published",
                "modified",
                "title",
                "slug",
                "comment_count",
                "relevance",
                "random",
            ];
            let name = text.trim().trim_start_matches('-');
            let name = name.split_once(':').map_or(name, |(name, _)| name);
            let mut error = UnknownName::new("order", text, ORDER_NAMES);
            error.suggestions = crate::suggest::suggest(name, keys.map(|key| (key, key)));
            error
        };
        let trimmed = text.trim();
        let (negated, rest) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let (name, suffix) = match rest.split_once(':') {
            Some((name, suffix)) => (name, Some(suffix)),
            None => (rest, None),
        };
        let mut key = match name {
            "published" | "date" => OrderKey::Published,
            "modified" => OrderKey::Modified,
            "title" => OrderKey::Title,
            "slug" => OrderKey::Slug,
            "comment_count" | "comments" => OrderKey::CommentCount,
            "relevance" => OrderKey::Relevance,
            "random" => OrderKey::Random { seed: 0 },
            _ => return Err(error()),
        };
        let descending = match suffix {
            None => negated || key.default_descending(),
            Some(_) if negated => return Err(error()),
            Some("asc") => false,
            Some("desc") => true,
            Some(seed) => match (&mut key, seed.parse::<u64>()) {
                (OrderKey::Random { seed: slot }, Ok(seed)) => {
                    *slot = seed;
                    false
                }
                _ => return Err(error()),
            },
        };
        Ok(Order { key, descending })
    }
}

impl fmt::Display for Order {
    /// The canonical spelling `FromStr` reads back: `-published`, `title`, `title:desc`,
    /// `random:7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.key {
            OrderKey::Random { seed } if !self.descending => write!(f, "random:{seed}"),
            key if self.descending == key.default_descending() => {
                if self.descending {
                    write!(f, "-{}", key.name())
                } else {
                    f.write_str(key.name())
                }
            }
            key => write!(
                f,
                "{}:{}",
                key.name(),
                if self.descending { "desc" } else { "asc" }
            ),
        }
    }
}

impl FromStr for Viewer {
    type Err = UnknownName;

    /// `anonymous` (also `public`), `editor`, or `author:<id>`. An author named by slug is
    /// resolved against an archive with [`crate::Snapshot::viewer`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        match text {
            "anonymous" | "public" => Ok(Viewer::Anonymous),
            "editor" => Ok(Viewer::Editor),
            _ => text
                .strip_prefix("author:")
                .and_then(|id| id.trim().parse::<u64>().ok())
                .map(|id| Viewer::Author { id: AuthorId(id) })
                .ok_or_else(|| {
                    UnknownName::new("viewer", text, "anonymous, editor or author:<id or slug>")
                        .suggesting(
                            ["anonymous", "editor", "public", "author"].map(|name| (name, name)),
                        )
                }),
        }
    }
}

impl fmt::Display for Viewer {
    /// `anonymous`, `editor` or `author:<id>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Viewer::Anonymous => f.write_str("anonymous"),
            Viewer::Editor => f.write_str("editor"),
            Viewer::Author { id } => write!(f, "author:{}", id.0),
        }
    }
}

impl DateGranularity {
    /// `year`, `month` or `day`.
    pub fn name(self) -> &'static str {
        match self {
            DateGranularity::Year => "year",
            DateGranularity::Month => "month",
            DateGranularity::Day => "day",
        }
    }
}

impl FromStr for DateGranularity {
    type Err = UnknownName;

    /// `year`, `month` or `day` (WordPress's `yearly`, `monthly` and `daily` too).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "year" | "yearly" => Ok(DateGranularity::Year),
            "month" | "monthly" => Ok(DateGranularity::Month),
            "day" | "daily" => Ok(DateGranularity::Day),
            other => Err(
                UnknownName::new("date granularity", other, "year, month or day")
                    .suggesting(["year", "month", "day"].map(|name| (name, name))),
            ),
        }
    }
}

impl fmt::Display for DateGranularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CloudOrder {
    type Err = UnknownName;

    /// `name` or `count`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "name" => Ok(CloudOrder::Name),
            "count" => Ok(CloudOrder::Count),
            other => Err(UnknownName::new("cloud order", other, "name or count")
                .suggesting(["name", "count"].map(|name| (name, name)))),
        }
    }
}

impl fmt::Display for CloudOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CloudOrder::Name => "name",
            CloudOrder::Count => "count",
        })
    }
}

impl CloudOrder {
    /// The direction a cloud takes in this order when none is given: names A to Z, counts
    /// largest first (as `wp_tag_cloud` does).
    pub fn default_descending(self) -> bool {
        self == CloudOrder::Count
    }
}

impl PostStatus {
    /// A status as a user writes it: the model's names (`published`, `scheduled`...) plus
    /// WordPress's `publish` and `future`; any other name is kept as
    /// [`PostStatus::Other`]. Filter strings, the command and the bindings read statuses this
    /// way.
    pub fn from_user(name: &str) -> PostStatus {
        match name {
            "publish" => PostStatus::Published,
            "future" => PostStatus::Scheduled,
            other => PostStatus::from(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_read_and_print_back() {
        for (text, key, descending, printed) in [
            ("published", OrderKey::Published, true, "-published"),
            ("-published", OrderKey::Published, true, "-published"),
            ("published:asc", OrderKey::Published, false, "published:asc"),
            ("date", OrderKey::Published, true, "-published"),
            ("title", OrderKey::Title, false, "title"),
            ("-title", OrderKey::Title, true, "title:desc"),
            ("title:desc", OrderKey::Title, true, "title:desc"),
            ("comments", OrderKey::CommentCount, true, "-comment_count"),
            ("random", OrderKey::Random { seed: 0 }, false, "random:0"),
            (
                "random:42",
                OrderKey::Random { seed: 42 },
                false,
                "random:42",
            ),
        ] {
            let order: Order = text.parse().unwrap();
            assert_eq!(order, Order { key, descending }, "{text}");
            assert_eq!(order.to_string(), printed, "{text}");
            assert_eq!(printed.parse::<Order>().unwrap(), order, "{printed}");
        }
        for bad in ["", "titel", "title:up", "-title:asc", "slug:7", "random:x"] {
            let error = bad.parse::<Order>().unwrap_err();
            assert_eq!(error.found, bad);
            assert!(error.to_string().contains("expected published"), "{error}");
        }
    }

    #[test]
    fn viewers_read_and_print_back() {
        assert_eq!("anonymous".parse(), Ok(Viewer::Anonymous));
        assert_eq!("editor".parse(), Ok(Viewer::Editor));
        let author: Viewer = "author:3".parse().unwrap();
        assert_eq!(author, Viewer::Author { id: AuthorId(3) });
        assert_eq!(author.to_string(), "author:3");
        assert!("author:wlp".parse::<Viewer>().is_err());
        assert!(
            "root"
                .parse::<Viewer>()
                .unwrap_err()
                .to_string()
                .contains("editor")
        );
    }

    #[test]
    fn granularities_cloud_orders_and_statuses() {
        assert_eq!("monthly".parse(), Ok(DateGranularity::Month));
        assert_eq!(DateGranularity::Day.to_string(), "day");
        assert!("week".parse::<DateGranularity>().is_err());
        assert_eq!("count".parse(), Ok(CloudOrder::Count));
        assert_eq!(CloudOrder::Name.to_string(), "name");
        assert!(CloudOrder::Count.default_descending());
        assert_eq!(PostStatus::from_user("publish"), PostStatus::Published);
        assert_eq!(PostStatus::from_user("future"), PostStatus::Scheduled);
        assert_eq!(PostStatus::from_user("draft"), PostStatus::Draft);
        assert_eq!(
            PostStatus::from_user("inherit"),
            PostStatus::Other("inherit".into())
        );
    }
}
