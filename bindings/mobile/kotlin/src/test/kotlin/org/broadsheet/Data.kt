package org.broadsheet

import java.io.File

/** Where the test data lies; scripts/test-mobile passes the directories as system properties. */
object Data {
    private val root = File(System.getProperty("broadsheet.root") ?: error("broadsheet.root is not set"))
    private val conformance = File(
        System.getenv("BROADSHEET_CONFORMANCE_DATA")
            ?: System.getProperty("broadsheet.conformance")
            ?: error("broadsheet.conformance is not set"),
    )

    val example: String get() = File(root, "examples/data/wlp-kyrgyzstan.json").path
    val defective: String get() = File(root, "examples/data/wlp-kyrgyzstan-defective.json").path

    /** A WordPress importer conformance file. */
    fun wxr(name: String): String = conformance("wxr/wordpress-importer/$name")

    /** A conformance file; the tests fail (never skip) when it is missing. */
    fun conformance(path: String): String {
        val file = File(conformance, path)
        check(file.isFile) { "conformance file $file is missing (set BROADSHEET_CONFORMANCE_DATA)" }
        return file.path
    }

    fun openExample(): Archive = Archive.open(example, OpenOptions())
}
