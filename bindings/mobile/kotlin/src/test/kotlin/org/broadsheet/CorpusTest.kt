package org.broadsheet

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.TestFactory
import java.io.File

/**
 * The shared query corpus (tests/corpus/queries.json): the questions the Rust tests check
 * against the engine and a naive oracle, asked again through the Kotlin bindings, which must
 * give the same answers. One JUnit test per case.
 */
class CorpusTest {
    private val root = File(System.getProperty("broadsheet.root"))
    private val corpus = JsonParser.parseString(File(root, "tests/corpus/queries.json").readText()).asJsonObject
    private val archives = HashMap<String, Archive>()

    private fun archive(dataset: String): Archive = archives.getOrPut(dataset) {
        Archive.open(File(root, corpus["datasets"].asJsonObject[dataset].asString).path, OpenOptions())
    }

    private fun JsonObject.str(key: String): String? = get(key)?.takeUnless { it.isJsonNull }?.asString
    private fun JsonObject.strings(key: String): List<String> = get(key)?.takeUnless { it.isJsonNull }?.asJsonArray?.map { it.asString } ?: emptyList()
    private fun JsonObject.ulong(key: String): ULong? = get(key)?.takeUnless { it.isJsonNull }?.asLong?.toULong()
    private fun JsonObject.int(key: String): Int? = get(key)?.takeUnless { it.isJsonNull }?.asInt

    /** The corpus's parameters (the engine's QueryParams) as the Kotlin query record. */
    private fun query(params: JsonObject, viewer: String): Query {
        val known = setOf(
            "filter", "tag", "tags_any", "tags_all", "exclude_tags", "category", "author", "year", "month", "day",
            "search", "kind", "status", "order", "sticky_first", "page", "per_page", "cursor",
        )
        val unknown = params.keySet() - known
        check(unknown.isEmpty()) { "the corpus uses parameters this test does not know: $unknown" }
        return Query(
            filter = params.str("filter"), tag = params.str("tag"), tagsAny = params.strings("tags_any"),
            tagsAll = params.strings("tags_all"), excludeTags = params.strings("exclude_tags"),
            category = params.str("category"), author = params.str("author"), year = params.int("year"),
            month = params.int("month")?.toUInt(), day = params.int("day")?.toUInt(), search = params.str("search"),
            kind = params.str("kind"), status = params.str("status"), order = params.str("order"),
            stickyFirst = params["sticky_first"]?.asBoolean ?: false, page = params.ulong("page"),
            perPage = params.ulong("per_page"), cursor = params.str("cursor"),
            viewer = when (viewer) {
                "anonymous" -> Viewer.Anonymous
                "editor" -> Viewer.Editor
                else -> error("viewer $viewer is not one the corpus uses")
            },
        )
    }

    private fun ids(element: JsonElement): List<ULong> = element.asJsonArray.map { it.asLong.toULong() }

    @TestFactory
    fun everyCaseGivesTheAnswerTheRustTestsExpect(): List<DynamicTest> {
        val cases = corpus["cases"].asJsonArray.map { it.asJsonObject }
        assertTrue(cases.size >= 30, "the corpus has its cases (${cases.size})")
        return cases.map { case ->
            DynamicTest.dynamicTest(case["name"].asString) {
                val archive = archive(case["dataset"].asString)
                val query = query(case["params"].asJsonObject, case.str("viewer") ?: "anonymous")
                val expect = case["expect"].asJsonObject
                when (val kind = case["kind"].asString) {
                    "query" -> {
                        val page = archive.query(query)
                        assertEquals(ids(expect["ids"]), page.posts.map { it.id }, "ids")
                        assertEquals(expect["total"].asLong.toULong(), page.total, "total")
                        expect["total_pages"]?.let { assertEquals(it.asLong.toULong(), page.totalPages, "total pages") }
                        expect["walk"]?.let { walk ->
                            val walked = mutableListOf<List<ULong>>()
                            var next = archive.query(query.copy(page = null, cursor = null))
                            walked += next.posts.map { it.id }
                            while (next.nextCursor != null) {
                                next = archive.query(query.copy(page = null, cursor = next.nextCursor))
                                walked += next.posts.map { it.id }
                                check(walked.size < 10_000) { "the walk ends" }
                            }
                            val expected = walk.asJsonArray.map { ids(it) }
                            // A walk may end with an empty page when the last full page gives a cursor.
                            assertEquals(expected, walked.filterIndexed { i, p -> p.isNotEmpty() || i < expected.size }, "walk")
                        }
                    }
                    "dates" -> {
                        val granularity = when (case["by"].asString) {
                            "year" -> DateGranularity.YEAR
                            "month" -> DateGranularity.MONTH
                            else -> DateGranularity.DAY
                        }
                        val buckets = archive.dateArchive(granularity, query)
                        val rows = buckets.map { listOf(it.year.toLong(), (it.month ?: 0u).toLong(), (it.day ?: 0u).toLong(), it.count.toLong()) }
                        val expected = expect["dates"].asJsonArray.map { row -> row.asJsonArray.map { it.asLong } }
                        assertEquals(expected, rows)
                    }
                    "cloud" -> {
                        val byCount = case["order"].asString == "count"
                        val options = CloudOptions(number = case["number"].asInt.toUInt(), byCount = byCount, descending = byCount)
                        val cloud = archive.tagCloud(query, options)
                        val expected = expect["cloud"].asJsonArray.map { row -> row.asJsonArray.let { it[0].asString to it[1].asLong.toULong() } }
                        assertEquals(expected, cloud.map { it.slug to it.count })
                    }
                    else -> error("case kind $kind is not one this test knows")
                }
            }
        }
    }
}
