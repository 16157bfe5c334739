package otklik

import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class RulesTest {
    private val rules = """
        [[tag]]
        id = "fraud"
        category = "type"
        query = '(просили OR назвати) NEAR/4 (код OR cvv)'
        needs_reply = true
        priority = "urgent"
        queue = "fraud"

        [[tag]]
        id = "card"
        category = "product"
        query = "~картка OR ~карта"
    """.trimIndent()

    @Test
    fun `shared tagging cases give the same tags as in Rust and Python`() {
        val doc = TestData.toml("tagging.toml")
        RuleSet.fromToml(doc["rules"] as String).use { rs ->
            var checked = 0
            for (case in TestData.tables(doc, "case")) {
                if (listOf("platform", "kind", "rating", "author_is_brand").any { case.containsKey(it) }) continue
                val text = case["text"] as String
                val t = rs.tag(text)
                assertEquals(case["tags"], t.tags, text)
                @Suppress("UNCHECKED_CAST")
                (case["spans"] as List<String>?)?.let { spans ->
                    assertEquals(spans, t.matches.filter { it.tag == t.tags[0] }.map { it.matched }, text)
                }
                checked++
            }
            assertTrue(checked >= 15)
        }
    }

    @Test
    fun `results carry priority, queue and UTF-16 spans`() {
        RuleSet.fromToml(rules).use { rs ->
            val text = "😡 Мені дзвонили, просили назвати КОД з смс, картку заблокували"
            val t = rs.tag(text)
            assertEquals(listOf("fraud", "card"), t.tags)
            assertEquals(listOf("type", "product"), t.categories)
            assertEquals(true, t.needsReply)
            assertEquals("urgent", t.priority)
            assertEquals("fraud", t.queue)
            for (m in t.matches) assertEquals(m.matched, text.substring(m.start.toInt(), m.end.toInt()))
            assertEquals(listOf("fraud", "card"), rs.tags().map { it.id })
            assertEquals(listOf(t), rs.tagMany(listOf(text)))
        }
    }

    @Test
    fun `rule errors carry line, column and tag`() {
        val e = assertFailsWith<OtklikException.Rule> {
            RuleSet.fromToml("[[tag]]\nid = \"complaint\"\ncategory = \"type\"\nquery = 'не працює OR \"списали гроші\"'\n")
        }
        assertEquals("query", e.kind)
        assertEquals(4L, e.line)
        assertEquals(13L, e.column)
        assertEquals("complaint", e.tag)
        assertTrue(e.detail.startsWith("line 4, column 13, tag `complaint`"), e.detail)
        assertFailsWith<OtklikException.Io> { RuleSet.fromFile("/nonexistent/rules.toml") }
    }

    @Test
    fun `one rule set tags from eight threads`() {
        RuleSet.fromFile(TestData.workspace.resolve("examples/rules/bank.toml").toString()).use { rs ->
            val texts = readJsonl(TestData.workspace.resolve("examples/data/mentions.jsonl").toString(), OnError.STOP)
                .mentions.map { it.text }
            val expected = rs.tagMany(texts).map { it.tags }
            val pool = Executors.newFixedThreadPool(8)
            val futures = (0 until 8).map { i ->
                pool.submit<List<List<String>>> {
                    if (i % 2 == 0) texts.map { rs.tag(it).tags } else rs.tagMany(texts).map { it.tags }
                }
            }
            for (f in futures) assertEquals(expected, f.get())
            pool.shutdown()
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
        }
    }

    @Test
    fun `normalize folds case, yo and look-alikes`() {
        assertEquals("сбербанк", normalize("СБЕРБAНК"))
        assertEquals("елка", normalize("Ёлка"))
    }
}
