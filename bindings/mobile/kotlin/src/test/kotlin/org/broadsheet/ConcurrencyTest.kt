package org.broadsheet

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

class ConcurrencyTest {
    /**
     * Eight threads query while one inserts posts, one at a time, in id order. Every answer
     * must be one whole version of the archive: the twelve posts plus a prefix of the inserted
     * ones, a total equal to the posts listed, and totals that never go back.
     */
    @Test
    fun eightReadersWhileOneEdits() {
        Data.openExample().use { archive ->
            val template = archive.post(1uL)!!
            val inserts = 150
            val stop = AtomicBoolean(false)
            val failures = ConcurrentLinkedQueue<Throwable>()
            val answers = AtomicInteger()
            val started = CountDownLatch(8)
            val readers = (1..8).map { reader ->
                java.lang.Thread {
                    try {
                        var lastTotal = 0uL
                        started.countDown()
                        while (!stop.get()) {
                            val query = Query(tag = "kyrgyzstan", perPage = 500uL)
                            val page = archive.query(query)
                            val ids = page.posts.map { it.id }
                            assertEquals(page.total, ids.size.toULong(), "reader $reader: total = posts listed")
                            assertTrue(ids.containsAll((1uL..12uL).toList()), "reader $reader: the twelve posts")
                            val inserted = ids.filter { it >= 1000uL }.sorted()
                            assertEquals((0 until inserted.size).map { 1000uL + it.toULong() }, inserted, "reader $reader: a prefix of the inserts")
                            assertTrue(page.total >= lastTotal, "reader $reader: totals never go back")
                            lastTotal = page.total
                            val cloud = archive.tagCloud(Query(), CloudOptions(number = 1u, byCount = true))
                            assertTrue(cloud.single().count >= 12uL)
                            answers.incrementAndGet()
                        }
                    } catch (t: Throwable) {
                        failures.add(t)
                    }
                }.also { it.start() }
            }
            started.await()
            for (i in 0 until inserts) {
                archive.insertPost(template.copy(id = 1000uL + i.toULong(), slug = "copy-$i", title = "Copy $i"))
            }
            stop.set(true)
            readers.forEach { it.join() }
            failures.firstOrNull()?.let { throw it }
            assertTrue(answers.get() >= 8, "the readers answered (${answers.get()})")
            assertEquals(12uL + inserts.toULong(), archive.count(Query(tag = "kyrgyzstan")))
        }
    }
}
