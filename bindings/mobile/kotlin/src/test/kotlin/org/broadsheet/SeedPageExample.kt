package org.broadsheet

import java.time.LocalDate
import java.time.format.DateTimeFormatter
import java.util.Locale

/**
 * The example of docs/mobile.md: the seed page's data, the "kyrgyzstan" tag archive with its
 * dates, authors, tags and comment counts, and its tag cloud. SeedPageExampleTest runs it.
 */
fun seedPage(path: String): String = buildString {
    Archive.open(path, OpenOptions()).use { archive ->
        val page = archive.query(Query(tag = "kyrgyzstan", perPage = 12uL))
        appendLine("Tag Archive | \"kyrgyzstan\" (${page.total} posts)")
        val posted = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
        for (post in page.posts) {
            val date = post.published?.let { LocalDate.of(it.year, it.month.toInt(), it.day.toInt()).format(posted) }
            appendLine("Tags: " + post.terms.filter { it.taxonomy == "post_tag" }.joinToString(", ") { it.name })
            appendLine(post.title)
            appendLine("Posted on $date by ${post.authors.joinToString(", ") { it.displayName }}")
            appendLine("Comments (${post.commentCount})")
        }
        val cloud = archive.tagCloud(Query(), CloudOptions())
        appendLine("Tag cloud: " + cloud.joinToString(" ") { "${it.name} (${it.cssFontSize})" })
    }
}
