"""Names a query gives are checked against the archive, as the command checks them: an unknown
tag, category, author, kind, status or taxonomy raises ``UnknownNameError`` with the engine's
suggestions instead of answering an empty page."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import broadsheet
from broadsheet import Term

from conftest import EXAMPLE


@pytest.fixture
def with_content_tag() -> broadsheet.Archive:
    archive = broadsheet.load(EXAMPLE)
    archive.add_term(Term(id=500, taxonomy="post_tag", name="content", slug="content"))
    return archive


def test_an_unknown_tag_suggests_the_one_the_archive_holds(
    with_content_tag: broadsheet.Archive,
) -> None:
    with pytest.raises(broadsheet.UnknownNameError) as caught:
        with_content_tag.query(tag="Content")
    error = caught.value
    assert error.what == "tag"
    assert error.found == "Content"
    assert error.suggestions == ["content"]
    assert 'there is no tag "Content"; did you mean "content"?' in str(error)
    # It is a QueryError (and a BroadsheetError, a ValueError), as every query mistake is.
    assert isinstance(error, broadsheet.QueryError)
    assert isinstance(error, ValueError)
    # A known tag with no post still answers an empty page.
    assert with_content_tag.query(tag="content").total == 0


def test_every_query_call_checks_names_in_keywords_and_filters(
    archive: broadsheet.Archive,
) -> None:
    calls: list[Callable[[], object]] = [
        lambda: archive.query(tag="Kyrgyzstan"),
        lambda: archive.count(tags_any=["osh", "Kyrgyzstan"]),
        lambda: archive.dates(tag="Kyrgyzstan"),
        lambda: archive.query("tag:Kyrgyzstan"),
        lambda: archive.tag_cloud(filter="tag:Kyrgyzstan"),
        lambda: archive.feed(filter="tag:Kyrgyzstan"),
    ]
    for call in calls:
        with pytest.raises(broadsheet.UnknownNameError) as caught:
            call()
        assert caught.value.suggestions == ["kyrgyzstan"], caught.value

    with pytest.raises(broadsheet.UnknownNameError) as caught:
        archive.query(author="Saida Arifkhanova")
    assert caught.value.what == "author"
    assert caught.value.suggestions == ["saida-arifkhanova"]
    with pytest.raises(broadsheet.UnknownNameError) as caught:
        archive.query(status="drafts", viewer="editor")
    assert caught.value.suggestions[0] == "draft"
    with pytest.raises(broadsheet.UnknownNameError) as caught:
        archive.query(order="titel")
    assert caught.value.what == "order"
    assert caught.value.suggestions == ["title"]
    with pytest.raises(broadsheet.UnknownNameError) as caught:
        archive.query(category="blogs")
    assert caught.value.suggestions == ["blog"]
    # Nothing close: no suggestion, still the error.
    with pytest.raises(broadsheet.UnknownNameError) as caught:
        archive.query(tag="zzzzzzzz")
    assert caught.value.suggestions == []
    # Aliases and `any` are names the engine accepts.
    assert archive.count(kind="any", status="any") >= archive.count()
    assert archive.count("tag:kyrgyzstan") == 12
