package org.broadsheet

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** A query's names are checked against the archive, as the command and Python check them. */
class NamesTest {
    @Test
    fun anUnknownTagSuggestsTheOneTheArchiveHolds() {
        Data.openExample().use { archive ->
            archive.insertTerm(Term(500uL, null, "post_tag", "content", "content", "", null, emptyList()))
            val error = assertThrows<BroadsheetException.UnknownName> { archive.query(Query(tag = "Content")) }
            assertEquals("tag", error.what)
            assertEquals("Content", error.found)
            assertEquals(listOf("content"), error.suggestions)
            assertTrue(error.reason.contains("did you mean \"content\""), error.reason)
            // A known tag without posts is an empty page, not an error.
            assertEquals(0uL, archive.count(Query(tag = "content")))
        }
    }

    @Test
    fun everyQueryCallChecksItsFieldsAndItsFilter() {
        Data.openExample().use { archive ->
            val calls: List<() -> Unit> = listOf(
                { archive.query(Query(tag = "Kyrgyzstan")) },
                { archive.count(Query(tagsAny = listOf("osh", "Kyrgyzstan"))) },
                { archive.dateArchive(DateGranularity.MONTH, Query(filter = "tag:Kyrgyzstan")) },
                { archive.tagCloud(Query(filter = "tag:Kyrgyzstan"), CloudOptions()) },
                { archive.queryFilter("tag:Kyrgyzstan") },
                { archive.feed(FeedFormat.RSS, Query(tag = "Kyrgyzstan"), false) },
                { archive.related(1uL, Query(tag = "Kyrgyzstan"), 3u) },
            )
            for (call in calls) {
                val error = assertThrows<BroadsheetException.UnknownName> { call() }
                assertEquals(listOf("kyrgyzstan"), error.suggestions, error.reason)
            }
            val author = assertThrows<BroadsheetException.UnknownName> {
                archive.query(Query(author = "Saida Arifkhanova"))
            }
            assertEquals("author", author.what)
            assertEquals(listOf("saida-arifkhanova"), author.suggestions)
            val order = assertThrows<BroadsheetException.UnknownName> { archive.query(Query(order = "titel")) }
            assertEquals("order", order.what)
            assertEquals(listOf("title"), order.suggestions)
            val far = assertThrows<BroadsheetException.UnknownName> { archive.query(Query(tag = "zzzzzzzz")) }
            assertTrue(far.suggestions.isEmpty(), far.suggestions.toString())
            // `any` and the taxonomy aliases are names the engine accepts.
            assertTrue(archive.count(Query(kind = "any", status = "any", viewer = Viewer.Editor)) >= 12uL)
            assertEquals(12uL, archive.count(Query(tag = "kyrgyzstan")))
        }
    }
}
