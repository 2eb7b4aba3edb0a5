"""The owner's model classes: keyword constructors that validate, repr, eq, pickling; edits."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

import pytest

import broadsheet
from broadsheet import Author, Comment, Media, Post, Term


def test_post_constructor_defaults_and_fields() -> None:
    when = datetime(2013, 5, 30, 21, 30, tzinfo=timezone(timedelta(hours=-4)))
    post = Post(id=100, title="Hello", slug="hello", authors=[1], terms=[2], published=when)
    assert post.id == 100
    assert post.kind == "post" and post.status == "published"
    assert post.slug == "hello"
    assert post.authors == [1] and post.terms == [2]
    assert post.published == when
    assert post.published is not None and post.published.utcoffset() == timedelta(hours=-4)
    assert post.comments_open is True
    assert post.password is None
    assert repr(post) == "Post(id=100, kind='post', status='published', slug='hello', title='Hello')"


def test_constructors_validate() -> None:
    with pytest.raises(broadsheet.BroadsheetError, match="slug"):
        Post(id=1, title="x", slug="Not A Slug")
    with pytest.raises(broadsheet.BroadsheetError, match="missing required"):
        Post(title="no id")
    with pytest.raises(broadsheet.BroadsheetError, match="unknown field"):
        Post(id=1, title="x", colour="red")
    with pytest.raises(broadsheet.BroadsheetError, match="email"):
        Author(id=1, slug="a", display_name="A", email="not-an-email")
    with pytest.raises(broadsheet.BroadsheetError, match="url"):
        Media(id=1, url="not a url")
    with pytest.raises(broadsheet.BroadsheetError, match="naive"):
        Post(id=1, title="x", published=datetime(2013, 1, 1))
    with pytest.raises(TypeError):
        Post(id=1, title=object())


def test_other_classes() -> None:
    author = Author(id=7, slug="guest-writer", display_name="Guest Writer", guest=True, email="g@example.org")
    assert author.guest and author.email == "g@example.org"
    term = Term(id=9, taxonomy="category", name="News", slug="news")
    assert term.taxonomy == "category" and term.parent is None
    comment = Comment(id=3, post=1, author_name="A", content="Hi", author_ip="192.0.2.1")
    assert comment.status == "approved" and comment.kind == "comment"
    assert comment.author_ip == "192.0.2.1"
    media = Media(id=4, url="https://example.org/a.jpg", width=640)
    assert media.width == 640 and media.height is None


@pytest.mark.parametrize(
    "item",
    [
        Post(id=1, title="T", slug="t", meta=[{"key": "k", "value": "v"}]),
        Author(id=1, slug="a", display_name="A"),
        Term(id=1, taxonomy="post_tag", name="T", slug="t"),
        Comment(id=1, post=1, author_name="A", content="c"),
        Media(id=1, url="https://example.org/x.png"),
    ],
)
def test_eq_pickle_and_json_round_trip(item: Post | Author | Term | Comment | Media) -> None:
    assert pickle.loads(pickle.dumps(item)) == item
    assert type(item).from_json(item.to_json()) == item
    assert item.to_dict()["id"] == 1
    assert item != object()
    with pytest.raises(TypeError):
        hash(item)


def test_replace() -> None:
    post = Post(id=1, title="T", slug="t")
    changed = post.replace(title="U", sticky=True)
    assert changed.title == "U" and changed.sticky and post.title == "T"
    assert changed != post
    cleared = post.replace(slug=None)
    assert cleared.slug is None


def test_edits(archive: broadsheet.Archive) -> None:
    before = archive.count(tag="kyrgyzstan")
    post = Post(
        id=100,
        title="A new post",
        slug="a-new-post",
        authors=[1],
        terms=[t.id for t in archive.terms("post_tag") if t.slug == "kyrgyzstan"],
        published=datetime(2014, 1, 1, 12, tzinfo=timezone(timedelta(hours=-5))),
    )
    archive.add_post(post)
    assert archive.count(tag="kyrgyzstan") == before + 1
    assert archive.query(tag="kyrgyzstan", per_page=1)[0].id == 100
    with pytest.raises(broadsheet.EditError):
        archive.add_post(post)
    archive.update_post(post.replace(title="Renamed"))
    renamed = archive.post(100)
    assert renamed is not None and renamed.title == "Renamed"
    assert archive.remove_post(100) == post.replace(title="Renamed")
    assert archive.count(tag="kyrgyzstan") == before
    with pytest.raises(broadsheet.EditError):
        archive.remove_post(100)
    with pytest.raises(broadsheet.EditError):
        archive.update_post(post)


def test_entity_edits(archive: broadsheet.Archive) -> None:
    archive.add_author(Author(id=50, slug="new", display_name="New"))
    assert any(a.slug == "new" for a in archive.authors())
    archive.update_author(Author(id=50, slug="new", display_name="Newer"))
    assert archive.remove_author(50).display_name == "Newer"
    archive.add_term(Term(id=500, taxonomy="post_tag", name="Fresh", slug="fresh"))
    archive.update_term(Term(id=500, taxonomy="post_tag", name="Fresher", slug="fresh"))
    assert archive.remove_term(500).name == "Fresher"
    later = datetime(2011, 1, 1, tzinfo=timezone.utc)
    comment = Comment(id=40, post=1, author_name="Z", content="Yes", date=later)
    archive.add_comment(comment)
    assert [c.id for c in archive.comments(1)] == [1, 40]
    archive.update_comment(comment.replace(status="spam"))
    assert [c.id for c in archive.comments(1)] == [1]
    assert archive.remove_comment(40).status == "spam"
    media = Media(id=9, url="https://example.org/p.jpg")
    archive.add_media(media)
    with pytest.raises(broadsheet.EditError):
        archive.add_media(media)
    archive.update_media(media.replace(title="Photo"))
    assert [m.title for m in archive.media() if m.id == 9] == ["Photo"]
    assert archive.remove_media(9).title == "Photo"
    with pytest.raises(broadsheet.EditError):
        archive.update_media(media)
    with pytest.raises(broadsheet.EditError):
        archive.remove_media(9)


def test_slugify(data_vectors: list[tuple[str, str]] | None = None) -> None:
    assert broadsheet.slugify("Day of Action!") == "day-of-action"
    assert broadsheet.slugify("Жумабаева", style="ascii") == "zhumabaeva"
    with pytest.raises(broadsheet.BroadsheetError):
        broadsheet.slugify("x", style="klingon")  # type: ignore[arg-type]


def test_version() -> None:
    assert broadsheet.__version__.count(".") == 2
