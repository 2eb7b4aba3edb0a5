package org.broadsheet

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class SeedPageExampleTest {
    @Test
    fun theExampleFetchesTheSeedPage() {
        val text = seedPage(Data.example)
        println(text) // kept in the JUnit report; docs/mobile.md quotes it
        val lines = text.lines()
        assertEquals("Tag Archive | \"kyrgyzstan\" (12 posts)", lines[0])
        assertEquals(12, lines.count { it.startsWith("Posted on ") })
        assertEquals("Posted on 30 May 2013 by Gulbarchyn Jumabaevа", lines[3])
        assertTrue(lines.contains("Posted on 16 June 2010 by WLP"), text)
        assertEquals(listOf(1, 1, 1), lines.filter { it.startsWith("Comments (") }.map { it.removeSurrounding("Comments (", ")").toInt() }.filter { it > 0 })
        assertTrue(lines.last { it.isNotEmpty() }.startsWith("Tag cloud: "))
        assertTrue(text.contains("kyrgyzstan (22pt)"), text)
    }
}
