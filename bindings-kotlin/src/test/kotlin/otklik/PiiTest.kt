package otklik

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class PiiTest {
    @Test
    fun `shared PII cases give the same findings as in Rust and Python`() {
        val doc = TestData.toml("pii.toml")
        val failures = mutableListOf<String>()
        for (case in TestData.tables(doc, "case")) {
            val text = case["text"] as String
            @Suppress("UNCHECKED_CAST")
            val r = redact(text, case["kinds"] as List<String>?, (case["allow"] as List<String>?).orEmpty())
            @Suppress("UNCHECKED_CAST")
            val want = (case["matches"] as List<Map<String, Any>>?).orEmpty().map { Triple(it["kind"], it["found"], it["masked"]) }
            val got = r.findings.map { Triple(it.kind, it.found, it.masked) }
            if (got != want) failures += "${case["name"]}: got $got, want $want"
            case["redacted"]?.let { if (r.text != it) failures += "${case["name"]}: redacted ${r.text}" }
            for (f in r.findings) {
                if (text.substring(f.start.toInt(), f.end.toInt()) != f.found) failures += "${case["name"]}: UTF-16 indices of ${f.found}"
            }
        }
        assertTrue(failures.isEmpty(), failures.joinToString("\n"))
    }

    @Test
    fun `unknown kinds are refused`() {
        assertFailsWith<OtklikException.InvalidArgument> { redact("x", listOf("ssn"), listOf()) }
        assertEquals("Карта **** **** **** 1111", redact("Карта 4111 1111 1111 1111", null, listOf()).text)
    }
}
