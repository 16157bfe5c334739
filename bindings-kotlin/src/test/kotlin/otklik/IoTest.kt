package otklik

import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.junit.jupiter.api.io.TempDir

class IoTest {
    @TempDir
    lateinit var tmp: Path

    @Test
    fun `shared reader vectors give the same answers as in Rust and Python`() {
        val cases = TestData.readerCases()
        assertTrue(cases.size >= 20)
        for ((i, case) in cases.withIndex()) {
            val name = case["name"] as String
            val format = case["format"] as String
            val path = tmp.resolve("case$i.$format")
            Files.write(path, TestData.caseBytes(case["input"] as String))
            val read = { onError: OnError ->
                if (format == "jsonl") readJsonl(path.toString(), onError) else readCsv(path.toString(), onError)
            }
            val ok = (case["ok"] as Number).toInt()
            if (!case.containsKey("kind")) {
                assertEquals(ok, read(OnError.STOP).mentions.size, name)
                continue
            }
            val e = assertFailsWith(OtklikException.Input::class, name) { read(OnError.STOP) }
            assertEquals<String?>(case["kind"] as String, e.kind, "$name: ${e.detail}")
            assertEquals((case["line"] as Number).toLong(), e.line, "$name: ${e.detail}")
            case["field"]?.let { assertEquals<String?>(it as String, e.field, "$name: ${e.detail}") }
            case["column"]?.let { assertEquals<Long?>((it as Number).toLong(), e.column, "$name: ${e.detail}") }
            assertTrue(e.detail.startsWith("line ${e.line}"), e.detail)
        }
    }

    @Test
    fun `skip mode keeps bad records as data`() {
        val path = tmp.resolve("m.jsonl")
        Files.writeString(path, "{${TestData.BASE}}\nbroken\n{${TestData.BASE},\"rating\":9}\n")
        val result = readJsonl(path.toString(), OnError.SKIP)
        assertEquals(1, result.mentions.size)
        assertEquals(listOf(2L to "syntax", 3L to "invalid_value"), result.errors.map { it.line to it.kind })
        assertEquals("rating", result.errors[1].field)
    }

    @Test
    fun `missing files are Io exceptions`() {
        val e = assertFailsWith<OtklikException.Io> { readJsonl(tmp.resolve("none.jsonl").toString()) }
        assertTrue(e.detail.contains("none.jsonl"), e.detail)
    }

    @Test
    fun `example data round trips through JSON Lines and CSV`() {
        val mentions = readJsonl(TestData.workspace.resolve("examples/data/mentions.jsonl").toString()).mentions
        assertTrue(mentions.size >= 300)
        val jsonl = tmp.resolve("out.jsonl").toString()
        assertEquals(mentions.size.toULong(), writeJsonl(mentions, jsonl))
        assertEquals(mentions, readJsonl(jsonl).mentions)
        val csv = tmp.resolve("out.csv").toString()
        writeCsv(mentions, csv)
        assertEquals(mentions, readCsv(csv).mentions)
    }

    @Test
    fun `real tweets read with their labels kept`() {
        val tweets = readJsonl(TestData.shared("sentirueval2016-banks.jsonl").toString()).mentions
        assertEquals(3313, tweets.size)
        assertTrue(tweets.all { it.platform == Platform.X && it.extraJson.contains("\"labels\"") })
    }
}
