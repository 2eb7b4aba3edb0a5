//! Building each table's record batch from a snapshot.

use crate::{Table, TableOptions};
use arrow_array::builder::{
    BooleanBuilder, Int64Builder, StringBuilder, TimestampMicrosecondBuilder, UInt32Builder,
    UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};
use broadsheet_core::{SiteData, Snapshot, Timestamp};
use std::sync::Arc;

const UTC: &str = "UTC";

fn utc() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into()))
}

fn local() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, None)
}

/// The columns of a table: (name, type, nullable); the private ones only when asked for.
fn columns(table: Table, options: &TableOptions) -> Vec<Field> {
    use DataType::{Boolean, Int64, UInt32, UInt64, Utf8};
    let f = |name: &str, data_type: DataType, nullable: bool| Field::new(name, data_type, nullable);
    let mut fields = match table {
        Table::Posts => vec![
            f("id", UInt64, false),
            f("source_id", Utf8, true),
            f("kind", Utf8, false),
            f("status", Utf8, false),
            f("title", Utf8, false),
            f("slug", Utf8, true),
            f("published", utc(), true),
            f("published_local", local(), true),
            f("modified", utc(), true),
            f("sticky", Boolean, false),
            f("password_protected", Boolean, false),
            f("parent", UInt64, true),
            f("menu_order", Int64, false),
            f("format", Utf8, true),
            f("featured_media", UInt64, true),
            f("comments_open", Boolean, false),
            f("primary_author", UInt64, true),
            f("excerpt", Utf8, true),
            f("content", Utf8, true),
        ],
        Table::Authors => vec![
            f("id", UInt64, false),
            f("source_id", Utf8, true),
            f("slug", Utf8, false),
            f("display_name", Utf8, false),
            f("first_name", Utf8, true),
            f("last_name", Utf8, true),
            f("url", Utf8, true),
            f("bio", Utf8, false),
            f("guest", Boolean, false),
        ],
        Table::Terms => vec![
            f("id", UInt64, false),
            f("source_id", Utf8, true),
            f("taxonomy", Utf8, false),
            f("name", Utf8, false),
            f("slug", Utf8, false),
            f("description", Utf8, false),
            f("parent", UInt64, true),
        ],
        Table::PostTerms => vec![
            f("post_id", UInt64, false),
            f("term_id", UInt64, false),
            f("taxonomy", Utf8, true),
            f("position", UInt32, false),
        ],
        Table::PostAuthors => vec![
            f("post_id", UInt64, false),
            f("author_id", UInt64, false),
            f("position", UInt32, false),
        ],
        Table::Comments => vec![
            f("id", UInt64, false),
            f("source_id", Utf8, true),
            f("post_id", UInt64, false),
            f("parent", UInt64, true),
            f("author_name", Utf8, false),
            f("author_url", Utf8, true),
            f("user_id", UInt64, true),
            f("date", utc(), true),
            f("date_local", local(), true),
            f("status", Utf8, false),
            f("kind", Utf8, false),
            f("content", Utf8, false),
        ],
        Table::Media => vec![
            f("id", UInt64, false),
            f("source_id", Utf8, true),
            f("url", Utf8, false),
            f("title", Utf8, false),
            f("alt_text", Utf8, false),
            f("caption", Utf8, false),
            f("mime_type", Utf8, true),
            f("width", UInt32, true),
            f("height", UInt32, true),
            f("attached_to", UInt64, true),
        ],
    };
    if options.private {
        match table {
            Table::Posts => fields.push(f("password", Utf8, true)),
            Table::Authors => {
                fields.push(f("login", Utf8, true));
                fields.push(f("email", Utf8, true));
            }
            Table::Comments => {
                fields.push(f("author_email", Utf8, true));
                fields.push(f("author_ip", Utf8, true));
            }
            _ => {}
        }
    }
    fields
}

/// The schema of a table (its columns depend on [`TableOptions::private`]).
pub fn schema(table: Table, options: &TableOptions) -> SchemaRef {
    Arc::new(Schema::new(columns(table, options)))
}

fn micros(time: Option<Timestamp>) -> Option<i64> {
    time.map(|t| t.utc().timestamp_micros())
}

fn local_micros(time: Option<Timestamp>) -> Option<i64> {
    time.map(|t| t.naive_local().and_utc().timestamp_micros())
}

/// Column builders, appended to row by row in schema order.
struct Columns(Vec<Box<dyn arrow_array::builder::ArrayBuilder>>, usize);

impl Columns {
    fn new(schema: &Schema, rows: usize) -> Self {
        let builders = schema
            .fields()
            .iter()
            .map(|field| arrow_array::builder::make_builder(field.data_type(), rows))
            .collect();
        Self(builders, 0)
    }

    fn at<T: 'static>(&mut self) -> &mut T {
        let i = self.1;
        self.1 += 1;
        self.0[i]
            .as_any_mut()
            .downcast_mut::<T>()
            // The order of appends follows `columns`: a mismatch is a bug caught by every test.
            .expect("column builder of the schema's type")
    }

    fn text(&mut self, value: Option<&str>) {
        self.at::<StringBuilder>().append_option(value);
    }

    fn id(&mut self, value: Option<u64>) {
        self.at::<UInt64Builder>().append_option(value);
    }

    fn small(&mut self, value: Option<u32>) {
        self.at::<UInt32Builder>().append_option(value);
    }

    fn int(&mut self, value: i64) {
        self.at::<Int64Builder>().append_value(value);
    }

    fn flag(&mut self, value: bool) {
        self.at::<BooleanBuilder>().append_value(value);
    }

    fn time(&mut self, value: Option<i64>) {
        self.at::<TimestampMicrosecondBuilder>()
            .append_option(value);
    }

    fn end_row(&mut self) {
        self.1 = 0;
    }

    fn finish(self, schema: SchemaRef) -> Result<RecordBatch, ArrowError> {
        let arrays: Vec<ArrayRef> = self
            .0
            .into_iter()
            .zip(schema.fields())
            .map(|(mut builder, field)| {
                let array = builder.finish();
                // Timestamp builders do not know the field's time zone; give it to them.
                match field.data_type() {
                    DataType::Timestamp(_, Some(_)) => {
                        let array = array
                            .as_any()
                            .downcast_ref::<arrow_array::TimestampMicrosecondArray>()
                            .expect("timestamp column")
                            .clone()
                            .with_timezone(UTC);
                        Arc::new(array) as ArrayRef
                    }
                    _ => array,
                }
            })
            .collect();
        RecordBatch::try_new(schema, arrays)
    }
}

/// Builds one table of a snapshot as a single record batch.
pub fn table(
    snapshot: &Snapshot,
    table: Table,
    options: &TableOptions,
) -> Result<RecordBatch, ArrowError> {
    let schema = schema(table, options);
    let private = options.private;
    let mut c;
    match table {
        Table::Posts => {
            c = Columns::new(&schema, snapshot.post_count());
            for post in SiteData::posts(snapshot) {
                let protected = post.password.is_some();
                c.id(Some(post.id.0));
                c.text(post.source_id.as_deref());
                c.text(Some(post.kind.as_str()));
                c.text(Some(post.status.as_str()));
                c.text(Some(&post.title));
                c.text(post.slug.as_ref().map(broadsheet_core::Slug::as_str));
                c.time(micros(post.published));
                c.time(local_micros(post.published));
                c.time(micros(post.modified));
                c.flag(post.sticky);
                c.flag(protected);
                c.id(post.parent.map(|p| p.0));
                c.int(post.menu_order);
                c.text(post.format.as_deref());
                c.id(post.featured_media.map(|m| m.0));
                c.flag(post.comments_open);
                c.id(post.authors.first().map(|a| a.0));
                c.text(post.excerpt.as_deref());
                c.text((private || !protected).then_some(post.content.as_str()));
                if private {
                    c.text(post.password.as_deref());
                }
                c.end_row();
            }
        }
        Table::Authors => {
            c = Columns::new(&schema, 0);
            for author in SiteData::authors(snapshot) {
                c.id(Some(author.id.0));
                c.text(author.source_id.as_deref());
                c.text(Some(author.slug.as_str()));
                c.text(Some(&author.display_name));
                c.text(author.first_name.as_deref());
                c.text(author.last_name.as_deref());
                c.text(author.url.as_ref().map(broadsheet_core::Url::as_str));
                c.text(Some(&author.bio));
                c.flag(author.guest);
                if private {
                    c.text(author.login.as_deref());
                    c.text(author.email.as_ref().map(broadsheet_core::Email::as_str));
                }
                c.end_row();
            }
        }
        Table::Terms => {
            c = Columns::new(&schema, 0);
            for term in SiteData::terms(snapshot) {
                c.id(Some(term.id.0));
                c.text(term.source_id.as_deref());
                c.text(Some(term.taxonomy.as_str()));
                c.text(Some(&term.name));
                c.text(Some(term.slug.as_str()));
                c.text(Some(&term.description));
                c.id(term.parent.map(|p| p.0));
                c.end_row();
            }
        }
        Table::PostTerms => {
            c = Columns::new(&schema, snapshot.post_count() * 4);
            for post in SiteData::posts(snapshot) {
                for (position, term) in post.terms.iter().enumerate() {
                    c.id(Some(post.id.0));
                    c.id(Some(term.0));
                    // A dangling term reference (reported by validation) has no taxonomy.
                    c.text(snapshot.term(*term).map(|t| t.taxonomy.as_str()));
                    c.small(Some(u32::try_from(position).unwrap_or(u32::MAX)));
                    c.end_row();
                }
            }
        }
        Table::PostAuthors => {
            c = Columns::new(&schema, snapshot.post_count());
            for post in SiteData::posts(snapshot) {
                for (position, author) in post.authors.iter().enumerate() {
                    c.id(Some(post.id.0));
                    c.id(Some(author.0));
                    c.small(Some(u32::try_from(position).unwrap_or(u32::MAX)));
                    c.end_row();
                }
            }
        }
        Table::Comments => {
            c = Columns::new(&schema, 0);
            for comment in SiteData::comments(snapshot) {
                c.id(Some(comment.id.0));
                c.text(comment.source_id.as_deref());
                c.id(Some(comment.post.0));
                c.id(comment.parent.map(|p| p.0));
                c.text(Some(&comment.author_name));
                c.text(
                    comment
                        .author_url
                        .as_ref()
                        .map(broadsheet_core::Url::as_str),
                );
                c.id(comment.user.map(|u| u.0));
                c.time(micros(comment.date));
                c.time(local_micros(comment.date));
                c.text(Some(comment.status.as_str()));
                c.text(Some(comment.kind.as_str()));
                c.text(Some(&comment.content));
                if private {
                    c.text(
                        comment
                            .author_email
                            .as_ref()
                            .map(broadsheet_core::Email::as_str),
                    );
                    c.text(comment.author_ip.as_deref());
                }
                c.end_row();
            }
        }
        Table::Media => {
            c = Columns::new(&schema, 0);
            for media in SiteData::media(snapshot) {
                c.id(Some(media.id.0));
                c.text(media.source_id.as_deref());
                c.text(Some(media.url.as_str()));
                c.text(Some(&media.title));
                c.text(Some(&media.alt_text));
                c.text(Some(&media.caption));
                c.text(media.mime_type.as_deref());
                c.small(media.width);
                c.small(media.height);
                c.id(media.attached_to.map(|p| p.0));
                c.end_row();
            }
        }
    }
    c.finish(schema)
}
