package org.broadsheet

/**
 * Not a test: a measurement of a tag page through JNA and the generated Kotlin, for
 * docs/benchmarks.md. Run it against a release build of the library:
 *
 *   cargo build --release -p broadsheet-mobile --lib
 *   java -Djna.library.path=target/release -cp <test classes, classes, kotlin-stdlib, jna> \
 *       org.broadsheet.QueryBenchmarkKt examples/data/wlp-kyrgyzstan.json
 */
fun main(args: Array<String>) {
    val path = args.firstOrNull() ?: "examples/data/wlp-kyrgyzstan.json"
    Archive.open(path, OpenOptions()).use { archive ->
        val query = Query(tag = "kyrgyzstan", perPage = 10uL)
        fun measure(name: String, iterations: Int, call: () -> Any) {
            repeat(iterations / 4) { call() } // warm-up (JIT)
            val rounds = (1..5).map {
                val start = System.nanoTime()
                repeat(iterations) { call() }
                (System.nanoTime() - start).toDouble() / iterations
            }.sorted()
            println("%-24s median %8.2f µs  (min %.2f, max %.2f) per call".format(name, rounds[2] / 1000, rounds[0] / 1000, rounds[4] / 1000))
        }
        measure("kotlin_tag_page_10", 20_000) { archive.query(query) }
        measure("kotlin_count", 50_000) { archive.count(query) }
        measure("kotlin_version", 200_000) { version() }
    }
}
