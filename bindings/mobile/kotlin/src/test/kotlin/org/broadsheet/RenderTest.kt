package org.broadsheet

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

/** Rendering the public static site from Kotlin: the same pages as `broadsheet render`. */
class RenderTest {
    private fun tempDir(): File = Files.createTempDirectory("broadsheet-render").toFile()

    @Test
    fun renderPageGivesOneFileOfTheSite() {
        Data.openExample().use { archive ->
            val home = archive.renderPage("index.html", RenderOptions())
            assertNotNull(home)
            assertTrue(home!!.contains("<!DOCTYPE html>"))
            assertTrue(home.contains("action=\"search/index.html\""))
            val tag = archive.renderPage("tag/kyrgyzstan/index.html", RenderOptions(perPage = 5u))
            assertTrue(tag!!.contains("Tag Archive"))
            assertNull(archive.renderPage("no/such/page.html", RenderOptions()))
        }
    }

    @Test
    fun renderSiteWritesEveryFileWithTheModeAskedFor() {
        val out = File(tempDir(), "public")
        Data.openExample().use { archive ->
            val written = archive.renderSite(out.path, RenderOptions(mode = "640".toUInt(8)))
            val files = out.walkTopDown().filter { it.isFile }.toList()
            assertEquals(files.size.toULong(), written)
            assertTrue(files.size > 20)
            assertTrue(File(out, "search/index.json").isFile)
            for (file in files) {
                assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toPath())), file.path)
            }
            val only = File(tempDir(), "osh")
            archive.renderSite(only.path, RenderOptions(tags = listOf("osh")))
            assertTrue(File(only, "tag/osh/index.html").isFile)
            assertFalse(File(only, "tag/kyrgyzstan").exists())
        }
    }

    @Test
    fun badOptionsAndTemplatesAreErrorsAndWriteNothing() {
        val dir = tempDir()
        Data.openExample().use { archive ->
            val perPage = assertThrows<BroadsheetException.InvalidValue> {
                archive.renderSite(File(dir, "a").path, RenderOptions(perPage = 0u))
            }
            assertEquals("render.per_page", perPage.field)
            val tag = assertThrows<BroadsheetException.InvalidValue> {
                archive.renderPage("index.html", RenderOptions(tags = listOf("no-such-tag")))
            }
            assertTrue(tag.reason.contains("no-such-tag"))
            val templates = File(dir, "templates").apply { mkdirs() }
            File(templates, "post.html").writeText("{% for x in %}")
            val broken = assertThrows<BroadsheetException.InvalidValue> {
                archive.renderSite(File(dir, "c").path, RenderOptions(templates = templates.path))
            }
            assertTrue(broken.reason.contains("post.html"))
            assertFalse(File(dir, "c").exists())
            val blocker = File(dir, "file").apply { writeText("not a directory") }
            val io = assertThrows<BroadsheetException.Export> {
                archive.renderSite(File(blocker, "public").path, RenderOptions())
            }
            assertNotNull(io.path)
        }
    }

    @Test
    fun renderedFilesHoldNoPrivateData() {
        val fixture = File(System.getProperty("broadsheet.root"), "tests/private/markers.json").path
        val out = File(tempDir(), "public")
        Archive.open(fixture, OpenOptions()).use { archive ->
            archive.renderSite(out.path, RenderOptions())
        }
        val files = out.walkTopDown().filter { it.isFile }.toList()
        assertTrue(files.size > 6)
        for (file in files) {
            val text = file.readText().lowercase()
            for (marker in listOf("privmark", "203.0.113.")) {
                assertFalse(text.contains(marker), "${file.path}: $marker")
            }
        }
        val index = File(out, "search/index.json").readText()
        for (title in listOf("Public first", "Public second", "Public third")) {
            assertTrue(index.contains(title), title)
        }
        assertFalse(index.contains("Protected post"))
    }
}
