package org.broadsheet

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import java.util.Base64

/**
 * Private data never reaches the anonymous viewer through the Kotlin bindings.
 *
 * `tests/private/markers.json` holds the marker `privmark` in every piece of private data (hidden
 * posts of every status, terms used only by them, a password, protected content and its
 * comments, pending, spam and trashed comments, e-mails; IPs are 203.0.113.x). Every public
 * result — query pages and cursors, counts, date archives, clouds, post views, comments,
 * threads, adjacent and related posts, feeds and stats — is printed whole (records are data
 * classes) and must hold no marker.
 */
class PrivateSurfacesTest {
    private val fixture = File(System.getProperty("broadsheet.root"), "tests/private/markers.json").path
    private val markers = listOf("privmark", "203.0.113.")

    private fun leaks(label: String, value: Any?, into: MutableList<String>) {
        val text = value.toString().lowercase()
        for (marker in markers) {
            val at = text.indexOf(marker)
            if (at >= 0) into += "$label: ...${text.substring(maxOf(0, at - 60), minOf(text.length, at + 80))}..."
        }
    }

    /** Runs a call that may refuse (a hidden post); its error message must not leak either. */
    private fun attempt(label: String, into: MutableList<String>, call: () -> Any?) {
        try {
            leaks(label, call(), into)
        } catch (error: BroadsheetException) {
            leaks("$label (error)", error.toString() + error.message, into)
        }
    }

    @Test
    fun theOwnerSeesTheMarkers() {
        Archive.open(fixture, OpenOptions()).use { archive ->
            val found = mutableListOf<String>()
            leaks("editor", archive.query(Query(status = "draft", perPage = 100uL, viewer = Viewer.Editor)), found)
            assertTrue(found.isNotEmpty(), "the fixture holds no marker the editor sees")
        }
    }

    @Test
    fun noPublicResultHoldsPrivateData() {
        Archive.open(fixture, OpenOptions()).use { archive ->
            val found = mutableListOf<String>()
            val queries = listOf(
                Query(perPage = 100uL),
                Query(search = "kyrgyzstan", perPage = 100uL),
                Query(search = "content words", perPage = 100uL),
                Query(filter = "title:~'title'", perPage = 100uL),
                Query(status = "draft"),
                Query(status = "private"),
                Query(status = "scheduled"),
                Query(status = "trash"),
                Query(status = "pending"),
                Query(status = "any", perPage = 100uL),
                Query(kind = "page"),
                Query(author = "bob"),
                Query(year = 2013, month = 1u),
                Query(year = 2099),
                Query(order = "title", perPage = 100uL),
                Query(order = "comment_count", perPage = 100uL),
                Query(stickyFirst = true),
            )
            for (query in queries) {
                attempt("query $query", found) { archive.query(query) }
                attempt("count $query", found) { archive.count(query) }
                for (granularity in DateGranularity.values()) {
                    attempt("dates $query", found) { archive.dateArchive(granularity, query) }
                }
                for (taxonomy in listOf("post_tag", "category")) {
                    attempt("cloud $query", found) { archive.tagCloud(query, CloudOptions(taxonomy = taxonomy, number = 0u)) }
                }
                for (format in FeedFormat.values()) {
                    attempt("feed $format $query", found) { archive.feed(format, query, true) }
                }
            }
            for (id in 1uL..10uL) {
                attempt("post view $id", found) { archive.postView(id, null) }
                attempt("comments $id", found) { archive.comments(id, null) }
                attempt("thread $id", found) { archive.commentThread(id, ThreadOptions()) }
                attempt("adjacent $id", found) { archive.adjacent(id, Query(), null) }
                attempt("adjacent by tag $id", found) { archive.adjacent(id, Query(), "post_tag") }
                attempt("related $id", found) { archive.related(id, Query(), 10u) }
            }
            for (order in listOf("-published", "title", "comment_count")) {
                var cursor: String? = null
                var seen = 0
                do {
                    val page = archive.query(Query(order = order, perPage = 1uL, cursor = cursor))
                    leaks("cursor page $order", page, found)
                    seen += page.posts.size
                    cursor = page.nextCursor
                    if (cursor != null) {
                        leaks("cursor $order", String(Base64.getUrlDecoder().decode(cursor)), found)
                    }
                    assertTrue(seen <= 4, "more pages than public posts")
                } while (cursor != null)
                assertEquals(4, seen, order)
            }
            attempt("stats", found) { archive.stats() }
            assertEquals(4uL, archive.count(Query()))
            assertEquals(2uL, archive.commentThread(1uL, ThreadOptions()).total)
            assertEquals(emptyList<String>(), found, found.joinToString("\n"))
        }
    }
}
